/**
 * A small timing harness for the micro benchmarks (no dependency): warm-up rounds, then timed
 * rounds of many operations each, with process.hrtime.bigint; the result is nanoseconds per
 * operation as the median (and spread) of the rounds' means. GC pauses fall inside rounds, as
 * they do in the agent.
 */

export interface MicroResult {
  readonly name: string;
  /** What one operation is, e.g. "event", "batch of 1,000 records". */
  readonly unit: string;
  readonly medianNs: number;
  readonly p10Ns: number;
  readonly p90Ns: number;
  readonly rounds: number;
  readonly opsPerRound: number;
  /** Extra facts measured alongside (bytes, ratios). */
  readonly notes?: { readonly [name: string]: number | string };
}

export interface MicroCase {
  readonly name: string;
  readonly unit: string;
  /** Runs `ops` operations (the harness picks `ops`); returns anything, which is kept alive so the work is not optimised away. */
  readonly run: (ops: number) => unknown;
  /** Operations per round; default: as many as fit in about `roundMs`. */
  readonly opsPerRound?: number;
  readonly notes?: () => { readonly [name: string]: number | string };
}

export interface HarnessOptions {
  readonly rounds: number;
  readonly warmupRounds: number;
  /** Target duration of one round, used to size it. */
  readonly roundMs: number;
}

let sink: unknown;

export function measure(c: MicroCase, options: HarnessOptions): MicroResult {
  const ops = c.opsPerRound ?? calibrate(c, options.roundMs);
  for (let i = 0; i < options.warmupRounds; i++) sink = c.run(ops);
  const perOp: number[] = [];
  for (let i = 0; i < options.rounds; i++) {
    const start = process.hrtime.bigint();
    sink = c.run(ops);
    perOp.push(Number(process.hrtime.bigint() - start) / ops);
  }
  perOp.sort((a, b) => a - b);
  const at = (q: number): number => perOp[Math.min(perOp.length - 1, Math.floor(q * perOp.length))];
  return { name: c.name, unit: c.unit, medianNs: at(0.5), p10Ns: at(0.1), p90Ns: at(0.9), rounds: options.rounds, opsPerRound: ops, notes: c.notes?.() };
}

/** Operations that take about `roundMs` (after a short warm-up). */
function calibrate(c: MicroCase, roundMs: number): number {
  let ops = 1;
  for (;;) {
    const start = process.hrtime.bigint();
    sink = c.run(ops);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (ms >= roundMs / 4 || ops >= 1 << 24) return Math.max(1, Math.round((ops * roundMs) / Math.max(ms, 0.001)));
    ops *= 4;
  }
}

/** Keeps the last result reachable (for callers that want to be sure it is not dead code). */
export function lastSink(): unknown {
  return sink;
}
