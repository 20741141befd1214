/**
 * Exec credential plugins: the ExecCredential is cached until it expires (minus a margin) or the
 * server answers 401, one run serves concurrent callers, and failures say what went wrong without
 * leaking arguments or output.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CredentialsRuntimeError } from './credentials-errors.ts';
import type { ExecPluginConfig } from './credentials.ts';
import { ExecCredentialPlugin, type ExecCredentialOptions } from './exec-credential.ts';
import { fixture } from '../../test/support/test-servers.ts';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'tracecore-exec-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

interface Harness {
  plugin: ExecCredentialPlugin;
  runs(): number;
  execInfo(): { apiVersion: string; kind: string; spec: { interactive: boolean; cluster?: { server: string } } };
}

function harness(env: { [name: string]: string }, options: ExecCredentialOptions = {}, config: Partial<ExecPluginConfig> = {}): Harness {
  const state = mkdtempSync(join(root, 'state-'));
  const plugin = new ExecCredentialPlugin(
    {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: process.execPath,
      args: [fixture('exec-plugin.mjs')],
      env: [{ name: 'PLUGIN_STATE_DIR', value: state }, ...Object.entries(env).map(([name, value]) => ({ name, value }))],
      provideClusterInfo: false,
      where: 'user "u" exec plugin in /test/kubeconfig',
      ...config,
    },
    options,
  );
  return {
    plugin,
    runs: () => Number(readFileSync(join(state, 'runs'), 'utf8')),
    execInfo: () => JSON.parse(readFileSync(join(state, 'exec-info.json'), 'utf8')),
  };
}

async function token(plugin: ExecCredentialPlugin): Promise<string | undefined> {
  return (await plugin.credential()).token?.reveal();
}

describe('exec plugin caching', () => {
  it('keeps a credential without expiry until the server refuses it', async () => {
    const { plugin, runs } = harness({});
    assert.equal(await token(plugin), 'exec-token-1');
    assert.equal(await token(plugin), 'exec-token-1');
    assert.equal(runs(), 1);
    plugin.invalidate();
    assert.equal(await token(plugin), 'exec-token-2');
    assert.equal(runs(), 2);
  });

  it('runs again shortly before the credential expires', async () => {
    const expiry = Date.parse('2030-01-01T00:00:00Z');
    let now = expiry - 10 * 60_000;
    const { plugin, runs } = harness({ PLUGIN_EXPIRES: '2030-01-01T00:00:00Z' }, { now: () => now, expiryMarginMs: 60_000 });
    const first = await plugin.credential();
    assert.equal(first.expiresAt, expiry);
    now = expiry - 61_000;
    assert.equal(await token(plugin), 'exec-token-1');
    now = expiry - 59_000;
    assert.equal(await token(plugin), 'exec-token-2');
    assert.equal(runs(), 2);
  });

  it('shares one run between concurrent callers', async () => {
    const { plugin, runs } = harness({});
    const tokens = await Promise.all([token(plugin), token(plugin), token(plugin)]);
    assert.deepEqual(tokens, ['exec-token-1', 'exec-token-1', 'exec-token-1']);
    assert.equal(runs(), 1);
  });

  it('does not cache a failure', async () => {
    const { plugin, runs } = harness({ PLUGIN_MODE: 'fail' });
    await assert.rejects(plugin.credential(), CredentialsRuntimeError);
    await assert.rejects(plugin.credential(), CredentialsRuntimeError);
    assert.equal(runs(), 2);
  });
});

describe('exec plugin protocol', () => {
  it('answers in the apiVersion the kubeconfig asks for, with KUBERNETES_EXEC_INFO', async () => {
    const { plugin, execInfo } = harness({}, { clusterInfo: { server: 'https://10.0.0.1:6443' } }, { apiVersion: 'client.authentication.k8s.io/v1beta1' });
    assert.equal(await token(plugin), 'exec-token-1');
    assert.deepEqual(execInfo(), { apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', spec: { interactive: false } });
  });

  it('passes the cluster when provideClusterInfo is set', async () => {
    const { plugin, execInfo } = harness({}, { clusterInfo: { server: 'https://10.0.0.1:6443', 'tls-server-name': 'api' } }, { provideClusterInfo: true });
    await plugin.credential();
    assert.deepEqual(execInfo().spec, { interactive: false, cluster: { server: 'https://10.0.0.1:6443', 'tls-server-name': 'api' } });
  });

  it('gives the plugin our environment with the kubeconfig env on top', async () => {
    const { plugin } = harness({ PLUGIN_MODE: 'token' }, { baseEnv: { ...process.env, PLUGIN_MODE: 'fail', PLUGIN_EXPIRES: '2031-05-01T00:00:00Z' } });
    const credential = await plugin.credential();
    assert.equal(credential.token?.reveal(), 'exec-token-1');
    assert.equal(credential.expiresAt, Date.parse('2031-05-01T00:00:00Z'));
  });

  it('returns client certificate and key', async () => {
    const { plugin } = harness({ PLUGIN_MODE: 'cert', PLUGIN_CERTS: `${fixture('client.pem')}|${fixture('client-key.pem')}` });
    const credential = await plugin.credential();
    assert.equal(credential.token, undefined);
    assert.deepEqual(credential.cert, readFileSync(fixture('client.pem')));
    assert.deepEqual(credential.key?.reveal(), readFileSync(fixture('client-key.pem')));
  });

  it('closes stdin: a plugin waiting for input gets its end instead of hanging', async () => {
    const answer = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'after-stdin' } });
    const { plugin } = harness({}, {}, { args: ['-e', `process.stdin.resume(); process.stdin.on('end', () => process.stdout.write(${JSON.stringify(answer)}))`] });
    assert.equal(await token(plugin), 'after-stdin');
  });
});

describe('exec plugin failures', () => {
  const SECRET = '--client-secret=HUNTER2';
  async function failure(env: { [name: string]: string }, config: Partial<ExecPluginConfig> = {}, options: ExecCredentialOptions = {}): Promise<string> {
    const { plugin } = harness(env, options, { args: [fixture('exec-plugin.mjs'), SECRET], ...config });
    const err = await plugin.credential().then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof CredentialsRuntimeError, String(err));
    assert.ok(!err.message.includes('HUNTER2'), `no argument in: ${err.message}`);
    assert.ok(err.message.includes('user "u" exec plugin in /test/kubeconfig'), err.message);
    return err.message;
  }

  it('a non-zero exit shows the exit code and a summary of stderr: length, hash, first line', async () => {
    assert.match(await failure({ PLUGIN_MODE: 'fail' }), /exited with code 3; stderr \(\d+ bytes, sha256 [0-9a-f]{12}\): error: you must be logged in to the server \(try: login --sso\)$/);
  });

  it('never shows stderr verbatim: tokens and secrets in it are redacted', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const script = `process.stderr.write(${JSON.stringify(`refresh failed: Authorization: Bearer ${jwt} refresh_token=r3fr3sh-s3cr3t\nsecond line ${jwt}\n`)}); process.exit(1)`;
    const message = await failure({}, { args: ['-e', script, '--', SECRET] });
    assert.ok(!message.includes(jwt) && !message.includes('r3fr3sh-s3cr3t') && !message.includes('second line'), message);
    assert.match(message, /exited with code 1; stderr \(\d+ bytes, sha256 [0-9a-f]{12}\): refresh failed: Authorization: Bearer \[redacted\] refresh_token=\[redacted\]$/);
  });

  it('a missing command shows the install hint', async () => {
    const message = await failure({}, { command: join(root, 'no-such-plugin'), installHint: 'Install it with: brew install no-such-plugin\n' });
    assert.match(message, /command not found; Install it with: brew install no-such-plugin$/);
  });

  it('output that is not an ExecCredential, or in another apiVersion', async () => {
    assert.match(await failure({ PLUGIN_MODE: 'garbage' }), /printed something that is not JSON/);
    assert.match(await failure({ PLUGIN_MODE: 'wrong-version' }), /answered apiVersion "client\.authentication\.k8s\.io\/v1alpha1", but the kubeconfig asks for client\.authentication\.k8s\.io\/v1/);
  });

  it('a plugin that does not answer is killed after the timeout', async () => {
    assert.match(await failure({}, { args: ['-e', 'setTimeout(() => {}, 60000)', '--', SECRET] }, { timeoutMs: 200 }), /no answer within 200 ms, killed/);
  });

  it('a plugin that forked a helper is killed with its whole process group at the timeout: no orphan', async () => {
    const pidFile = join(root, `helper-${process.pid}.pid`);
    // The plugin starts a helper that would outlive it (as a shell script's children do), then hangs.
    const script = `const { spawn } = require('node:child_process'); const h = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' }); require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(h.pid)); setTimeout(() => {}, 60000);`;
    assert.match(await failure({}, { args: ['-e', script, '--', SECRET] }, { timeoutMs: 1500 }), /no answer within 1500 ms, killed/);
    const helper = Number(readFileSync(pidFile, 'utf8'));
    const deadline = Date.now() + 10_000;
    while (running(helper) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(running(helper), false, `helper ${helper} outlived the plugin`);
  });
  
  it('a plugin that prints more than 1 MiB is killed, not buffered', async () => {
    assert.match(await failure({}, { args: ['-e', "const b = 'x'.repeat(65536); (function w() { process.stdout.write(b, w); })()", '--', SECRET] }, { timeoutMs: 20_000 }), /printed more than 1048576 bytes/);
  });
});

/** True while `pid` is a live process (a zombie, killed but not yet reaped, counts as gone). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false; // no /proc entry: the process is gone
  }
}
