/**
 * Hostile files and config: a FIFO where a config, kubeconfig, CA or token file belongs, files far
 * too large, a YAML alias bomb, a config of 20,000 stray keys. Each ends in a clear one-line
 * problem and exit 2 (never a hang, a crash or a stack trace), in time linear in the input.
 * The CLI runs as a child process with a deadline, so a regression that blocks shows up as a
 * failure here instead of hanging the test run.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultRegistry } from '../src/components.ts';
import { ConfigError } from '../src/config/errors.ts';
import { loadConfigText } from '../src/config/load.ts';
import { TokenFile } from '../src/kube/token-file.ts';
import { startCli, type CliResult } from './support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'tracecore-hostile-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

/** Runs the CLI; a run still going after `deadlineMs` is killed and fails the test. */
async function cli(args: string[], deadlineMs = 60_000): Promise<CliResult> {
  const { child, done } = startCli(args);
  const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
  const result = await done;
  clearTimeout(timer);
  assert.notEqual(result.signal, 'SIGKILL', `still running after ${deadlineMs} ms: blocked`);
  return result;
}

function assertOneLineExit2(r: CliResult, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at |unexpected failure/, 'no stack trace');
}

const pipeline = `exporters:
  debug: {}
service:
  pipelines:
    logs: { receivers: [k8s_events], exporters: [debug] }
`;

describe('hostile files and config', () => {
  it('a config path that is a FIFO: exit 2 at once, "not a regular file"', async () => {
    assertOneLineExit2(await cli(['validate', '--config', fifo('config.yaml')]), /cannot read config file .*config\.yaml: is a FIFO \(named pipe\), not a regular file/);
  });

  it('a kubeconfig that is a FIFO: validate and run exit 2 at once', async () => {
    const config = join(dir, 'fifo-kubeconfig.yaml');
    writeFileSync(config, `receivers:\n  k8s_events: { auth: kubeconfig, kubeconfig: ${fifo('kubeconfig')} }\n${pipeline}`);
    assertOneLineExit2(await cli(['validate', '--config', config]), /kubeconfig .*: cannot read: is a FIFO \(named pipe\), not a regular file/);
    assertOneLineExit2(await cli(['run', '--config', config]), /kubeconfig .*: cannot read: is a FIFO \(named pipe\), not a regular file/);
  });

  it('a kubeconfig whose certificate-authority is a FIFO: exit 2 at once', async () => {
    const kubeconfig = join(dir, 'ca-fifo-kubeconfig.yaml');
    writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\ncurrent-context: a\nclusters: [{ name: c, cluster: { server: "https://127.0.0.1:1", certificate-authority: ${fifo('ca.pem')} } }]\nusers: [{ name: u, user: { token: t } }]\ncontexts: [{ name: a, context: { cluster: c, user: u } }]\n`);
    const config = join(dir, 'ca-fifo.yaml');
    writeFileSync(config, `receivers:\n  k8s_events: { auth: kubeconfig, kubeconfig: ${kubeconfig} }\n${pipeline}`);
    assertOneLineExit2(await cli(['validate', '--config', config]), /ca\.pem: is a FIFO \(named pipe\), not a regular file/);
  });

  it('an exporter tls.ca_file that is a FIFO: validate exits 2 at once', async () => {
    const kubeconfig = new URL('./fixtures/kubeconfig-sandbox.yaml', import.meta.url).pathname;
    const config = join(dir, 'otlp-ca-fifo.yaml');
    writeFileSync(config, `receivers:\n  k8s_events: { auth: kubeconfig, kubeconfig: ${kubeconfig} }\nexporters:\n  otlp_http: { endpoint: "https://127.0.0.1:4318", tls: { ca_file: ${fifo('otlp-ca.pem')} } }\nservice:\n  pipelines:\n    logs: { receivers: [k8s_events], exporters: [otlp_http] }\n`);
    assertOneLineExit2(await cli(['validate', '--config', config]), /exporters\.otlp_http\.tls\.ca_file .*otlp-ca\.pem: is a FIFO \(named pipe\), not a regular file/);
  });

  it('a kubeconfig of 8 MiB is refused, not parsed', async () => {
    const kubeconfig = join(dir, 'huge-kubeconfig.yaml');
    writeFileSync(kubeconfig, `# ${'x'.repeat(8 * 1024 * 1024)}\n`);
    const config = join(dir, 'huge-kubeconfig-config.yaml');
    writeFileSync(config, `receivers:\n  k8s_events: { auth: kubeconfig, kubeconfig: ${kubeconfig} }\n${pipeline}`);
    assertOneLineExit2(await cli(['validate', '--config', config]), /cannot read: is larger than 4 MiB/);
  });

  it('a config file over 1 MiB is refused', async () => {
    const config = join(dir, 'huge.yaml');
    writeFileSync(config, `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    assertOneLineExit2(await cli(['validate', '--config', config]), /cannot read config file .*huge\.yaml: is larger than 1 MiB/);
  });

  it('a YAML alias bomb: exit 2 with one line, no stack trace', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const config = join(dir, 'bomb.yaml');
    writeFileSync(config, `${levels.join('\n')}\nreceivers: *h\n`);
    const r = await cli(['validate', '--config', config]);
    assertOneLineExit2(r, /YAML aliases expand too much/);
    assert.equal(r.stderr.trim().split('\n').length, 2, `the problem and the count: ${r.stderr}`);
  });

  it('20,000 unknown keys: 20 listed and one line for the rest, in time linear in the keys', () => {
    const registry = defaultRegistry();
    const configWith = (keys: number): string => {
      const lines = ['receivers:', '  k8s_events:', '    auth: kubeconfig'];
      for (let i = 0; i < keys; i++) lines.push(`    stray_key_${i}: ${i}`);
      return `${lines.join('\n')}\n${pipeline}`;
    };
    const timeOf = (text: string): { ms: number; problems: string[] } => {
      let best = Number.POSITIVE_INFINITY;
      let problems: string[] = [];
      for (let round = 0; round < 3; round++) {
        const started = performance.now();
        try {
          loadConfigText(text, registry, {}, { checkEnvironment: false });
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          problems = err.problems.map((p) => p.message);
        }
        best = Math.min(best, performance.now() - started);
      }
      return { ms: best, problems };
    };
    const small = timeOf(configWith(5000));
    const large = timeOf(configWith(20_000));
    assert.equal(large.problems.length, 21);
    assert.equal(large.problems.filter((m) => m.startsWith('unknown key "stray_key_')).length, 20);
    assert.ok(large.problems.includes('and 19980 more unknown keys (not listed)'), JSON.stringify(large.problems.slice(-2)));
    // Four times the keys: about four times the time when linear, sixteen when quadratic (it was 12.7 s).
    const ratio = large.ms / small.ms;
    assert.ok(ratio < 9, `20,000 keys took ${Math.round(large.ms)} ms, 5,000 took ${Math.round(small.ms)} ms: ratio ${ratio.toFixed(1)}`);
  });

  it('a token file that is a FIFO is refused at once, not waited on', async () => {
    const token = new TokenFile(fifo('token'));
    await assert.rejects(token.token(), /cannot read token file .*token: is a FIFO \(named pipe\), not a regular file/);
  });
});
