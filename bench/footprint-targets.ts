/**
 * Issue 12's target table (footprint), checked against the shipped part's numbers and the
 * baseline's watch flood of the same invocation. Benchmarks, never test assertions.
 */
import type { ScenarioResult } from './e2e/run-scenario.ts';
import { fixed, type TargetCheck } from './report.ts';
import type { ShippedResults } from './shipped.ts';

export function footprintTargets(shipped: ShippedResults, baselineFlood: ScenarioResult | undefined): TargetCheck[] {
  const { flood, smallList, bigList, idle } = shipped;
  const checks: TargetCheck[] = [];
  const runs = (r: ScenarioResult): string => (r.allPeakRssMiB !== undefined && r.allPeakRssMiB.length > 1 ? ` (runs ${r.allPeakRssMiB.map((x) => fixed(x, 0)).join(', ')})` : '');
  if (idle) checks.push({ target: 'idle RSS <= 80 MiB', measured: `${fixed(idle.rssEndMiB, 1)} MiB`, met: idle.rssEndMiB <= 80 });
  else checks.push({ target: 'idle RSS <= 80 MiB', measured: `not run (add the idle part); RSS at the flood's first request ${fixed(flood.startRssMiB, 1)} MiB`, met: false });
  checks.push({ target: `${flood.events}-event flood, peak RSS <= 110 MiB`, measured: `${fixed(flood.peakRssMiB, 0)} MiB${runs(flood)}`, met: flood.peakRssMiB <= 110 });
  const within = bigList.peakRssMiB <= smallList.peakRssMiB * 1.1;
  checks.push({ target: `${bigList.events}-event initial list, peak RSS <= 110 MiB and within 10% of a ${smallList.events}-event list's`, measured: `${fixed(bigList.peakRssMiB, 0)} MiB${runs(bigList)}; ${smallList.events}: ${fixed(smallList.peakRssMiB, 0)} MiB (${signed((bigList.peakRssMiB / smallList.peakRssMiB - 1) * 100)}%)`, met: bigList.peakRssMiB <= 110 && within });
  checks.push({ target: `${bigList.events}-event list to ready <= 5 s / all exported <= 10 s`, measured: `${fixed(bigList.readyMs / 1000, 1)} s / ${fixed(bigList.allExportedMs / 1000, 1)} s`, met: bigList.readyMs <= 5000 && bigList.allExportedMs <= 10_000 });
  const ratio = baselineFlood ? flood.cpuUsPerEvent / baselineFlood.cpuUsPerEvent : undefined;
  checks.push({
    target: 'CPU per event, flood, whole process <= 20 µs and <= 1/3 of the baseline',
    measured: `${fixed(flood.cpuUsPerEvent, 1)} µs; ${ratio === undefined ? 'baseline not run (add the baseline part)' : `${fixed(ratio, 2)} of the baseline's ${fixed(baselineFlood?.cpuUsPerEvent ?? 0, 1)} µs`}`,
    met: flood.cpuUsPerEvent <= 20 && ratio !== undefined && ratio <= 1 / 3,
  });
  checks.push({ target: 'CPU per event, steady state (flood after ready) <= 12 µs', measured: `${fixed(flood.afterReadyCpuUsPerEvent, 1)} µs`, met: flood.afterReadyCpuUsPerEvent <= 12 });
  checks.push({ target: 'start-up CPU to ready <= 200 ms', measured: `${fixed(flood.startupCpuMs, 0)} ms`, met: flood.startupCpuMs <= 200 });
  checks.push({ target: 'wire bytes per event <= 150 (default compression)', measured: `${fixed(flood.wireBytesPerEvent, 0)} B`, met: flood.wireBytesPerEvent <= 150 });
  const exact = [flood, smallList, bigList].every((r) => r.exact);
  checks.push({ target: 'every event delivered exactly once (shipped runs)', measured: [flood, smallList, bigList].map((r) => `${r.delivered}/${r.events}`).join(', '), met: exact });
  return checks;
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : ''}${fixed(n, 0)}`;
}
