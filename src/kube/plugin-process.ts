/**
 * Runs an exec credential plugin as a child process, bounded: no shell, stdin closed (it cannot
 * prompt), stdout capped, stderr only summarized (stderr-summary.ts), and a deadline. The plugin
 * runs in its own process group (`detached`: setsid), so at the deadline, or when it prints too
 * much, the whole group gets SIGKILL: a plugin that forked helpers (a shell script, a CLI that
 * spawns a browser or a cache daemon) leaves no orphan behind.
 */
import { spawn } from 'node:child_process';
import { StderrSummary } from './stderr-summary.ts';

export interface PluginRun {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly maxStdoutBytes: number;
}

export type PluginFailure =
  | { readonly reason: 'not_found' | 'not_executable' | 'too_much_output' | 'timeout'; readonly stderr: string }
  | { readonly reason: 'exit'; readonly code: number; readonly stderr: string }
  | { readonly reason: 'signal'; readonly signal: string; readonly stderr: string }
  | { readonly reason: 'spawn'; readonly code: string; readonly stderr: string };

export class PluginRunError extends Error {
  readonly failure: PluginFailure;

  constructor(failure: PluginFailure) {
    super(`plugin failed: ${failure.reason}`);
    this.name = 'PluginRunError';
    this.failure = failure;
  }
}

/** The plugin's stdout (UTF-8) when it exits 0; else PluginRunError. */
export function runPlugin(run: PluginRun): Promise<string> {
  return new Promise((resolve, reject) => {
    const stderr = new StderrSummary();
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let killedFor: 'timeout' | 'too_much_output' | undefined;
    let settled = false;
    const child = spawn(run.command, [...run.args], { env: run.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true, windowsHide: true });
    const killGroup = (why: 'timeout' | 'too_much_output'): void => {
      killedFor ??= why;
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone already (ESRCH): make sure the child is too
      }
    };
    const timer = setTimeout(() => killGroup('timeout'), run.timeoutMs);
    const finish = (result: { stdout: string } | { failure: PluginFailure }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('stdout' in result) resolve(result.stdout);
      else reject(new PluginRunError(result.failure));
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > run.maxStdoutBytes) return killGroup('too_much_output');
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
    child.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'unknown error';
      const reason = code === 'ENOENT' ? 'not_found' : code === 'EACCES' ? 'not_executable' : undefined;
      finish({ failure: reason === undefined ? { reason: 'spawn', code, stderr: stderr.describe() } : { reason, stderr: stderr.describe() } });
    });
    child.on('close', (code, signal) => {
      if (killedFor !== undefined) return finish({ failure: { reason: killedFor, stderr: stderr.describe() } });
      if (code === 0) return finish({ stdout: Buffer.concat(stdout).toString('utf8') });
      if (code !== null) return finish({ failure: { reason: 'exit', code, stderr: stderr.describe() } });
      finish({ failure: { reason: 'signal', signal: signal ?? 'unknown', stderr: stderr.describe() } });
    });
    // The plugin cannot prompt: tracecore has no terminal. A plugin that reads stdin sees its end.
    child.stdin.on('error', () => undefined); // a plugin that exits without reading stdin: EPIPE is expected
    child.stdin.end();
  });
}
