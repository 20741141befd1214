/**
 * `npm run bench`: tracecore's performance against the issue's targets, and against the
 * hand-wired baseline (bench/baseline/, not part of the product) in the same run.
 *
 *   micro     the per-event steps in this process (bench/micro/)
 *   e2e       tracecore as a child process: sandbox API (here) -> k8s_events -> batch ->
 *             otlp_http (protobuf, gzip) -> counting endpoint (here); events in the initial list
 *             and on the watch stream
 *   baseline  the same runs with client-node's informer + the OpenTelemetry JS logs SDK
 *   shipped   issue 12's table: the compiled dist/ under the Deployment's NODE_OPTIONS (flood,
 *             190,000- and 20,000-event initial lists, idle), bench/shipped.ts
 *   idle      the agent watching an empty API: CPU and memory over time
 *
 * Prints tables and the target checks, and writes everything as JSON (bench/results/latest.json,
 * not committed; docs/performance.md keeps the numbers that matter). Options: bench/args.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateEvents } from '../src/sandbox/index.ts';
import { parseBenchArgs, USAGE, type BenchArgs } from './args.ts';
import { runIdle, runScenario, type AgentKind, type IdleResult, type ScenarioResult } from './e2e/run-scenario.ts';
import { formatSummary as formatHeap, summariseHeap } from './heap-summary.ts';
import { measure, type MicroResult } from './micro/harness.ts';
import { microCases } from './micro/cases.ts';
import { footprintTargets } from './footprint-targets.ts';
import { formatSummary as formatProfile, summariseProfile } from './profile-summary.ts';
import { runShipped, type ShippedResults } from './shipped.ts';
import { checkTargets, e2eTable, idleTable, microTable, ratios, targetsTable, threadsTable } from './report.ts';

const RESULTS_DIR = fileURLToPath(new URL('results/', import.meta.url));

async function main(): Promise<void> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const machine = { node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30) };
  const say = (text: string): void => void process.stdout.write(`${text}\n`);
  say(`tracecore bench: Node ${machine.node}, ${machine.platform}, ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB`);

  const micro: MicroResult[] = [];
  if (args.parts.has('micro')) {
    say(`\nMicro benchmarks (this process; median of ${args.rounds} rounds)`);
    for (const c of microCases()) micro.push(measure(c, { rounds: args.rounds, warmupRounds: 3, roundMs: 100 }));
    say(microTable(micro));
  }

  const agents: AgentKind[] = [];
  if (args.parts.has('e2e')) agents.push('tracecore');
  if (args.parts.has('baseline')) agents.push('baseline');
  const compileCacheDir = args.compileCache ? join(RESULTS_DIR, 'compile-cache') : undefined;
  const e2e: ScenarioResult[] = [];
  const diagnostics: string[] = [];
  if (agents.length > 0) {
    const corpus = generateEvents(args.events, 1);
    say(`\nEnd to end: ${args.events} events per run, sandbox API over ${args.protocol}, OTLP/HTTP protobuf + gzip to a loopback endpoint; watch mode ${args.rate > 0 ? `at ${args.rate} events/s` : 'as a flood'}`);
    say('  (CPU and memory: the agent process alone, start-up included; growth = (peak RSS - RSS at its first request) per 1,000 events;');
    say('   "CPU to ready" is the CPU spent until the watch opened: the start-up in watch mode, start-up plus the whole list in list mode)');
    if (args.profile || args.heapSnapshot) say('  (--profile / --heap-snapshot: the agents do extra work, so their CPU and memory are inflated: use these runs for where, not how much)');
    if (compileCacheDir !== undefined) {
      for (const agent of agents) await runScenario(scenarioOptions(args, agent, 'watch', Math.min(500, args.events), corpus, compileCacheDir, [], undefined));
    }
    for (const mode of args.modes) {
      for (const agent of agents) {
        const name = `${agent}-${mode}`;
        const flags = [...args.agentFlags, ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${RESULTS_DIR}`, `--cpu-prof-name=${name}.cpuprofile`] : [])];
        const snapshot = args.heapSnapshot ? join(RESULTS_DIR, `${name}-mid.heapsnapshot`) : undefined;
        process.stdout.write(`  running ${name} ...`);
        const runs: ScenarioResult[] = [];
        for (let i = 0; i < args.repeat; i++) {
          const result = await runScenario(scenarioOptions(args, agent, mode, args.events, corpus, compileCacheDir, flags, snapshot));
          process.stdout.write(` ${result.cpuUsPerEvent.toFixed(1)} µs/event`);
          runs.push(result);
        }
        process.stdout.write('\n');
        const median = [...runs].sort((a, b) => a.cpuUsPerEvent - b.cpuUsPerEvent)[Math.floor((runs.length - 1) / 2)];
        e2e.push({ ...median, allCpuUsPerEvent: runs.map((r) => r.cpuUsPerEvent), allPeakRssMiB: runs.map((r) => r.peakRssMiB) });
        if (args.profile) diagnostics.push(formatProfile(summariseProfile(join(RESULTS_DIR, `${name}.cpuprofile`), 20), `CPU profile of ${name} (main thread)`));
        if (snapshot !== undefined) diagnostics.push(formatHeap(summariseHeap(snapshot, 15), `Heap of ${name} mid-run`));
      }
    }
    say(e2eTable(e2e));
    for (const r of ratios(e2e)) say(`  tracecore / baseline, ${r.mode}: CPU per event ${r.cpuRatio.toFixed(2)} (baseline uses ${(1 / r.cpuRatio).toFixed(1)}x as much), peak RSS ${r.rssRatio.toFixed(2)}`);
    if (e2e.some((r) => Object.keys(r.threadsCpuMs).length > 0)) {
      say('\n  CPU by thread at the end of each run (10 ms ticks): JS main thread, V8 workers (GC, compiler), libuv pool (gzip)');
      say(threadsTable(e2e));
    }
  }

  const idle: IdleResult[] = [];
  if (args.parts.has('idle')) {
    say(`\nIdle: the agent watching an empty API for ${args.idleSeconds} s (bookmarks every 60 s, as a real API server sends them)`);
    idle.push(await runIdle({ agent: 'tracecore', protocol: args.protocol, nodeFlags: [], compileCacheDir, timeoutMs: 60_000, seconds: args.idleSeconds, sampleEverySeconds: Math.max(2, Math.min(60, args.idleSeconds / 10)) }));
    say(idleTable(idle));
  }

  let shipped: ShippedResults | undefined;
  if (args.parts.has('shipped')) {
    shipped = await runShipped(args, say);
    say(e2eTable([shipped.flood, shipped.smallList, shipped.bigList]));
    if (shipped.idle) say(idleTable([shipped.idle]));
  }

  for (const text of diagnostics) say(`\n${text}`);

  const footprint = shipped ? footprintTargets(shipped, e2e.find((r) => r.agent === 'baseline' && r.mode === 'watch')) : [];
  if (footprint.length > 0) {
    say('\nIssue 12 targets (footprint; shipped settings; benchmarks, not assertions)');
    say(targetsTable(footprint));
  }
  const targets = checkTargets(micro, e2e, idle);
  if (targets.length > 0) {
    say('\nTargets (the issue\'s; benchmarks, not assertions)');
    say(targetsTable(targets));
  }
  const jsonPath = args.json ?? join(RESULTS_DIR, 'latest.json');
  const json = { at: new Date().toISOString(), machine, args: { ...args, parts: [...args.parts] }, micro, e2e, ratios: ratios(e2e), idle, targets, shipped, footprint };
  writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  say(`\nJSON: ${jsonPath}`);
  if (e2e.some((r) => !r.exact) || (shipped && footprint.some((c) => c.target.startsWith('every event') && !c.met))) process.exitCode = 1;
}

function scenarioOptions(args: BenchArgs, agent: AgentKind, mode: 'list' | 'watch', events: number, corpus: ReturnType<typeof generateEvents>, compileCacheDir: string | undefined, nodeFlags: string[], heapSnapshotPath: string | undefined) {
  return { agent, mode, events, rate: args.rate, protocol: args.protocol, verify: args.verify, nodeFlags, compileCacheDir, timeoutMs: 120_000, corpus, heapSnapshotPath };
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
