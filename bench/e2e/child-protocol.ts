/**
 * The IPC messages between the bench (parent) and an agent child: the parent asks for samples of
 * the child's own CPU and memory (getrusage: every thread, microseconds) and finally asks it to
 * stop. Both agent children (ours and the baseline) load this module, so both are measured the
 * same way; it costs them one IPC listener and nothing per event.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';

export interface SampleRequest {
  readonly kind: 'sample';
  readonly id: number;
  /** Also write a V8 heap snapshot to this path (before sampling). */
  readonly heapSnapshotPath?: string;
  /** Include CPU by thread (reads /proc: about a millisecond, so idle samples leave it out). */
  readonly threads?: boolean;
}

export interface StopRequest {
  readonly kind: 'stop';
}

export type ParentMessage = SampleRequest | StopRequest;

/** The child's own counters at the moment it answered. */
export interface ChildSample {
  readonly kind: 'sample';
  readonly id: number;
  /** user + system CPU since the process started, microseconds. */
  readonly cpuUserUs: number;
  readonly cpuSystemUs: number;
  /** Resident set now, bytes. */
  readonly rssBytes: number;
  /** Peak resident set since start (getrusage maxrss), bytes. */
  readonly maxRssBytes: number;
  /** V8 heap in use now, bytes. */
  readonly heapUsedBytes: number;
  /** Milliseconds since the process started (performance.timeOrigin). */
  readonly uptimeMs: number;
  /** CPU milliseconds by thread name (Linux /proc, 10 ms ticks; empty elsewhere): main thread vs GC, compiler, libuv pool. */
  readonly threadsCpuMs: { readonly [thread: string]: number };
}

export interface ChildStopped {
  readonly kind: 'stopped';
  readonly shutdownMs: number;
}

export interface ChildFailed {
  readonly kind: 'failed';
  readonly message: string;
}

export type ChildMessage = ChildSample | ChildStopped | ChildFailed;

export function takeSample(id: number, threads: boolean): ChildSample {
  const cpu = process.cpuUsage();
  const usage = process.resourceUsage();
  return {
    kind: 'sample',
    id,
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    rssBytes: process.memoryUsage.rss(),
    maxRssBytes: usage.maxRSS * 1024,
    heapUsedBytes: process.memoryUsage().heapUsed,
    uptimeMs: performance.now(),
    threadsCpuMs: threads ? threadCpu() : {},
  };
}

/** CPU per thread name from /proc/self/task/<tid>/stat (utime + stime, clock ticks of 10 ms). */
function threadCpu(): { [thread: string]: number } {
  const byName: { [thread: string]: number } = {};
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return byName; // not Linux: no per-thread numbers
  }
  for (const task of tasks) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close).replace(/[0-9]+$/, '#');
    const fields = stat.slice(close + 2).split(' ');
    byName[name] = (byName[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10;
  }
  return byName;
}

/**
 * Child side: answers samples at once and, on `stop`, runs `stop()` and reports. The child must be
 * started with an IPC channel (child_process.fork or stdio 'ipc').
 */
export function serveParent(stop: () => Promise<void>): void {
  if (process.send === undefined) throw new Error('an agent child needs an IPC channel to the bench');
  const send = (message: ChildMessage): void => {
    process.send?.(message);
  };
  process.on('message', (message: ParentMessage) => {
    if (message.kind === 'sample') {
      if (message.heapSnapshotPath !== undefined) writeHeapSnapshot(message.heapSnapshotPath);
      send(takeSample(message.id, message.threads === true));
      return;
    }
    const started = performance.now();
    stop().then(
      () => {
        send({ kind: 'stopped', shutdownMs: performance.now() - started });
        process.disconnect();
        // A clean agent has no handle left and exits now; one that keeps some (the baseline's
        // client libraries do) is ended so its CPU profile gets written.
        setTimeout(() => process.exit(0), 2000).unref();
      },
      (err: unknown) => {
        send({ kind: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
        process.disconnect();
      },
    );
  });
}

/** Child side: reports a start-up failure and lets the process end. */
export function reportFailure(err: unknown): void {
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  if (process.send) process.send({ kind: 'failed', message } satisfies ChildFailed, () => process.disconnect());
  else process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}
