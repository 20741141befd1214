/**
 * The IPC messages between the bench (parent) and an agent child: the parent asks for samples of
 * the child's own CPU and memory (getrusage: every thread, microseconds) and finally asks it to
 * stop. Both agent children (ours and the baseline) load this module, so both are measured the
 * same way; it costs them one IPC listener and nothing per event.
 */

export interface SampleRequest {
  readonly kind: 'sample';
  readonly id: number;
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

export function takeSample(id: number): ChildSample {
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
  };
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
      send(takeSample(message.id));
      return;
    }
    const started = performance.now();
    stop().then(
      () => {
        send({ kind: 'stopped', shutdownMs: performance.now() - started });
        process.disconnect();
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
