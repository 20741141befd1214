/**
 * The "shipped" part of `npm run bench`: what runs in a cluster, i.e. the compiled JavaScript in
 * dist/ (built here first, as `npm start` and the image do) under the Deployment's NODE_OPTIONS.
 * Runs issue 12's scenarios: the watch flood, the big initial list (190,000 events) and the small
 * one (20,000) it is compared with, and idle. The hand-wired baseline runs in the same invocation
 * through the `baseline` part (bench/run.ts).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateEvents } from '../src/sandbox/index.ts';
import type { BenchArgs } from './args.ts';
import { runIdle, runScenario, shippedNodeFlags, type IdleResult, type RunMode, type ScenarioResult } from './e2e/run-scenario.ts';

const BUILD = fileURLToPath(new URL('../scripts/build.ts', import.meta.url));

export interface ShippedResults {
  readonly flags: readonly string[];
  readonly flood: ScenarioResult;
  readonly smallList: ScenarioResult;
  readonly bigList: ScenarioResult;
  readonly idle: IdleResult | undefined;
}

export async function runShipped(args: BenchArgs, say: (text: string) => void): Promise<ShippedResults> {
  execFileSync(process.execPath, [BUILD], { stdio: 'inherit' });
  const flags = shippedNodeFlags();
  say(`\nShipped: dist/ (compiled JavaScript) with the Deployment's NODE_OPTIONS: ${flags.join(' ')}`);
  const corpus = generateEvents(Math.max(args.events, args.bigList, args.smallList), 1);
  const run = async (mode: RunMode, events: number): Promise<ScenarioResult> => {
    process.stdout.write(`  running shipped-${mode} with ${events} events ...`);
    const runs: ScenarioResult[] = [];
    for (let i = 0; i < args.repeat; i++) {
      const timeoutMs = Math.max(120_000, events * 2);
      const r = await runScenario({ agent: 'shipped', mode, events, rate: args.rate, protocol: args.protocol, verify: args.verify, nodeFlags: args.agentFlags, compileCacheDir: undefined, timeoutMs, corpus });
      process.stdout.write(` ${r.peakRssMiB.toFixed(0)} MiB, ${r.cpuUsPerEvent.toFixed(1)} µs/event`);
      runs.push(r);
    }
    process.stdout.write('\n');
    return medianByPeak(runs);
  };
  const flood = await run('watch', args.events);
  const smallList = await run('list', args.smallList);
  const bigList = await run('list', args.bigList);
  let idle: IdleResult | undefined;
  if (args.parts.has('idle')) {
    idle = await runIdle({ agent: 'shipped', protocol: args.protocol, nodeFlags: args.agentFlags, compileCacheDir: undefined, timeoutMs: 60_000, seconds: args.idleSeconds, sampleEverySeconds: Math.max(2, Math.min(60, args.idleSeconds / 10)) });
  }
  return { flags, flood, smallList, bigList, idle };
}

/** The run with the median peak RSS, carrying every run's numbers. */
function medianByPeak(runs: readonly ScenarioResult[]): ScenarioResult {
  const median = [...runs].sort((a, b) => a.peakRssMiB - b.peakRssMiB)[Math.floor((runs.length - 1) / 2)];
  return { ...median, allCpuUsPerEvent: runs.map((r) => r.cpuUsPerEvent), allPeakRssMiB: runs.map((r) => r.peakRssMiB) };
}
