/**
 * Plays a scenario against an EventStore in real time, scaled by `speed` (10 = ten times faster,
 * Infinity = all at once). Times are measured from the start, so slow steps do not accumulate
 * drift. Stops early, without throwing, when `signal` aborts.
 */
import type { EventStore } from './event-store.ts';
import type { Scenario, ScenarioStep } from './scenario.ts';

export interface PlaybackOptions {
  /** Playback speed; default 1. */
  readonly speed?: number;
  readonly signal?: AbortSignal;
  /** Called after each step is applied. */
  readonly onStep?: (step: ScenarioStep, index: number) => void;
}

export interface PlaybackResult {
  /** Steps applied. */
  readonly played: number;
  readonly total: number;
  /** The signal stopped the playback before the end. */
  readonly aborted: boolean;
}

/** Resolves when every step has been applied or the signal aborted; rejects if a step fails (e.g. refers to a missing Event). */
export async function playScenario(store: EventStore, scenario: Scenario, options: PlaybackOptions = {}): Promise<PlaybackResult> {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
  const steps = [...scenario.steps].sort((a, b) => a.atMs - b.atMs);
  const started = performance.now();
  const signal = options.signal;
  for (let i = 0; i < steps.length; i++) {
    const delay = started + steps[i].atMs / speed - performance.now();
    if (delay >= 1 && !(await sleep(delay, signal))) return { played: i, total: steps.length, aborted: true };
    if (signal?.aborted) return { played: i, total: steps.length, aborted: true };
    applyStep(store, steps[i]);
    options.onStep?.(steps[i], i);
  }
  return { played: steps.length, total: steps.length, aborted: false };
}

export function applyStep(store: EventStore, step: ScenarioStep): void {
  switch (step.op) {
    case 'add':
      store.add(step.event);
      return;
    case 'recur':
      store.recur(step.ref);
      return;
    case 'modify':
      store.modify(step.ref, step.patch);
      return;
    case 'delete':
      store.delete(step.ref);
      return;
  }
}

/** Waits `ms`; resolves false (early) when the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (completed: boolean): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(completed);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
