/**
 * Tables and target checks for `npm run bench`. The targets are the issue's, checked against the
 * numbers of this run; they are benchmarks, never test assertions.
 */
import type { MicroResult } from './micro/harness.ts';
import type { IdleResult, ScenarioResult } from './e2e/run-scenario.ts';

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[], alignLeft = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

export function microTable(results: readonly MicroResult[]): string {
  return table(
    ['micro benchmark', 'per', 'median', 'p10 .. p90', 'notes'],
    results.map((r) => [r.name, r.unit, formatNs(r.medianNs), `${formatNs(r.p10Ns)} .. ${formatNs(r.p90Ns)}`, r.notes ? Object.entries(r.notes).map(([k, v]) => `${k} ${v}`).join(', ') : '']),
  );
}

export function e2eTable(results: readonly ScenarioResult[]): string {
  return table(
    ['agent', 'mode', 'events/s', 'CPU µs/event', 'CPU to ready ms', 'ready ms', 'peak RSS MiB', 'growth MiB/1k', 'wire B/event', 'delivered'],
    results.map((r) => [
      r.agent,
      r.mode,
      fixed(r.eventsPerSecond, 0),
      r.allCpuUsPerEvent !== undefined && r.allCpuUsPerEvent.length > 1 ? `${fixed(r.cpuUsPerEvent, 1)} (${fixed(Math.min(...r.allCpuUsPerEvent), 1)}..${fixed(Math.max(...r.allCpuUsPerEvent), 1)})` : fixed(r.cpuUsPerEvent, 1),
      fixed(r.startupCpuMs, 0),
      fixed(r.readyMs, 0),
      fixed(r.peakRssMiB, 0),
      fixed(r.growthMiBPer1000, 2),
      fixed(r.wireBytesPerEvent, 0),
      `${r.delivered}${r.exact ? ' exact' : ' NOT EXACT'}`,
    ]),
    2,
  );
}

/** Where each agent's CPU went, by thread (Linux): JS main thread vs V8 helpers (GC, compiler) vs libuv pool (gzip). */
export function threadsTable(results: readonly ScenarioResult[]): string {
  const names = [...new Set(results.flatMap((r) => Object.keys(r.threadsCpuMs)))].filter((n) => results.some((r) => (r.threadsCpuMs[n] ?? 0) > 0));
  return table(['agent', 'mode', ...names.map((n) => `${n} ms`)], results.map((r) => [r.agent, r.mode, ...names.map((n) => String(r.threadsCpuMs[n] ?? 0))]), 2);
}

export function idleTable(results: readonly IdleResult[]): string {
  return table(
    ['agent', 'seconds', 'CPU % of a core', 'ready ms', 'RSS start MiB', 'RSS end MiB', 'RSS min..max MiB'],
    results.map((r) => [r.agent, fixed(r.seconds, 0), fixed(r.cpuPercentOfCore, 3), fixed(r.readyMs, 0), fixed(r.rssStartMiB, 1), fixed(r.rssEndMiB, 1), `${fixed(Math.min(...r.rssMiB), 1)}..${fixed(Math.max(...r.rssMiB), 1)}`]),
  );
}

export function ratios(results: readonly ScenarioResult[]): Array<{ mode: string; cpuRatio: number; rssRatio: number }> {
  const out: Array<{ mode: string; cpuRatio: number; rssRatio: number }> = [];
  for (const ours of results.filter((r) => r.agent === 'tracecore')) {
    const base = results.find((r) => r.agent === 'baseline' && r.mode === ours.mode);
    if (base) out.push({ mode: ours.mode, cpuRatio: ours.cpuUsPerEvent / base.cpuUsPerEvent, rssRatio: ours.peakRssMiB / base.peakRssMiB });
  }
  return out;
}

export function checkTargets(micro: readonly MicroResult[], e2e: readonly ScenarioResult[], idle: readonly IdleResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const convert = micro.find((m) => m.name.startsWith('event -> record'));
  if (convert) checks.push({ target: 'convert one Event to its record: median <= 1 µs', measured: formatNs(convert.medianNs), met: convert.medianNs <= 1000 });
  for (const r of e2e.filter((x) => x.agent === 'tracecore')) {
    const cpuLimit = r.mode === 'watch' ? 8 : 10;
    checks.push({ target: `${r.mode}: CPU <= ${cpuLimit} µs per event (whole process, start-up included)`, measured: `${fixed(r.cpuUsPerEvent, 1)} µs`, met: r.cpuUsPerEvent <= cpuLimit });
    const ratio = ratios(e2e).find((x) => x.mode === r.mode);
    if (ratio) checks.push({ target: `${r.mode}: CPU per event <= 1/4 of the baseline's`, measured: `${fixed(ratio.cpuRatio, 2)} of it (1/${fixed(1 / ratio.cpuRatio, 1)})`, met: ratio.cpuRatio <= 0.25 });
    checks.push({ target: `${r.mode}: peak RSS <= 100 MB`, measured: `${fixed((r.peakRssMiB * 1048576) / 1e6, 0)} MB`, met: r.peakRssMiB * 1048576 <= 100e6 });
    checks.push({ target: `${r.mode}: RSS growth <= 10 MiB per 1,000 events`, measured: `${fixed(r.growthMiBPer1000, 2)} MiB`, met: r.growthMiBPer1000 <= 10 });
    checks.push({ target: `${r.mode}: <= 150 bytes per event on the wire`, measured: `${fixed(r.wireBytesPerEvent, 0)} B`, met: r.wireBytesPerEvent <= 150 });
    checks.push({ target: `${r.mode}: every event delivered exactly once`, measured: `${r.delivered} of ${r.events}${r.verifyMessage ? ` (${r.verifyMessage})` : ''}`, met: r.exact });
    if (r.mode === 'watch') checks.push({ target: 'start-up to ready (first list done, local API) < 300 ms', measured: `${fixed(r.readyMs, 0)} ms`, met: r.readyMs < 300 });
  }
  for (const r of idle.filter((x) => x.agent === 'tracecore')) {
    checks.push({ target: 'idle: CPU < 0.1% of a core', measured: `${fixed(r.cpuPercentOfCore, 3)}% over ${fixed(r.seconds, 0)} s`, met: r.cpuPercentOfCore < 0.1 });
    const drift = r.rssEndMiB - r.rssStartMiB;
    checks.push({ target: 'idle: flat memory (RSS end - start <= 1 MiB)', measured: `${drift >= 0 ? '+' : ''}${fixed(drift, 1)} MiB over ${fixed(r.seconds, 0)} s`, met: drift <= 1 });
  }
  return checks;
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  return table(['', 'target', 'measured'], checks.map((c) => [c.met ? 'met' : 'MISSED', c.target, c.measured]), 2);
}

export function formatNs(ns: number): string {
  if (ns >= 1e6) return `${fixed(ns / 1e6, 2)} ms`;
  if (ns >= 1e3) return `${fixed(ns / 1e3, 2)} µs`;
  return `${fixed(ns, 0)} ns`;
}

export function fixed(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}
