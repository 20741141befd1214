/**
 * `tracecore replay FILE`: runs a saved event dump through the same receiver and pipeline as
 * `run`. The dump is played into a loopback sandbox API after the receiver's first list, so every
 * entry arrives as a watch event and goes through list/watch, normalize, filters, de-duplication,
 * record building, batching and the exporters exactly as live events do.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRegistry } from '../components.ts';
import { ConfigError, formatProblem } from '../config/errors.ts';
import { loadConfigText } from '../config/load.ts';
import { Agent } from '../pipeline/agent.ts';
import { SandboxApiServer, type EventObject } from '../sandbox/index.ts';
import { createLogger } from '../telemetry/logger.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import { EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.ts';
import type { CommandIO } from './output.ts';
import { waitUntil } from './wait-until.ts';
import { parseDump, UnreadableDumpError, type DumpEntry } from './replay/read-dump.ts';
import { defaultReplayConfig, pointAtSandbox } from './replay/replay-config.ts';

export async function replayCommand(file: string, options: { config?: string }, io: CommandIO): Promise<number> {
  let entries: DumpEntry[];
  try {
    const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
    const dump = parseDump(text);
    for (const reason of dump.skipped.slice(0, 20)) io.stderr.write(`replay: skipped ${reason}\n`);
    if (dump.skipped.length > 20) io.stderr.write(`replay: … and ${dump.skipped.length - 20} more skipped\n`);
    entries = dump.entries;
    if (entries.length === 0) {
      io.stderr.write(`replay: no events found in ${file === '-' ? 'stdin' : file}\n`);
      return EXIT_USAGE;
    }
  } catch (err) {
    const why = err instanceof UnreadableDumpError ? err.message : ((err as NodeJS.ErrnoException).code ?? String(err));
    io.stderr.write(`replay: cannot read ${file}: ${why}\n`);
    return EXIT_USAGE;
  }
  let userConfig: string | undefined;
  if (options.config) {
    try {
      userConfig = await readFile(options.config, 'utf8');
    } catch (err) {
      io.stderr.write(`replay: cannot read config file ${options.config}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
      return EXIT_USAGE;
    }
  }

  const sandbox = await SandboxApiServer.start({ protocol: 'http', token: 'replay' });
  const dir = await mkdtemp(join(tmpdir(), 'tracecore-replay-'));
  let agent: Agent | undefined;
  try {
    const kubeconfig = await sandbox.writeKubeconfig(dir);
    let config;
    try {
      let text = defaultReplayConfig(kubeconfig);
      if (userConfig !== undefined) {
        // Checked as the user wrote it first, so each problem names the user's own line (the
        // rewritten text below has other line numbers); its credentials are not this replay's.
        loadConfigText(userConfig, defaultRegistry(), io.env, { checkEnvironment: false });
        const pointed = pointAtSandbox(userConfig, kubeconfig);
        if (pointed.ignored.length > 0) io.stderr.write(`replay: ignoring ${pointed.ignored.join(', ')}: a replay writes no checkpoint and no persistent queue\n`);
        text = pointed.text;
      }
      config = loadConfigText(text, defaultRegistry(), io.env);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const p of err.problems) io.stderr.write(`${options.config}: ${formatProblem(p)}\n`);
      return EXIT_USAGE;
    }
    agent = new Agent(config, { logger: createLogger(config.telemetry.logs.level === 'info' ? 'warn' : config.telemetry.logs.level), serveTelemetry: false, env: io.env });
    await agent.start();
    const service = agent.service;
    await waitUntil('the replay pipeline to become ready', () => service.isReady(), 30_000);

    let expected = 0;
    for (const entry of entries) expected += apply(sandbox, entry);
    const metrics = agent.metrics;
    const allIn = await waitUntil('every replayed event', async () => (await handled(metrics)) >= expected, 60_000).then(
      () => true,
      () => false,
    );
    await agent.shutdown();
    const lost = await undelivered(metrics);
    if (!allIn || lost.total > 0) {
      const where = lost.byExporter.length > 0 ? ` (${lost.byExporter.join(', ')})` : '';
      io.stderr.write(`replay: FAILED: ${allIn ? `${lost.total} records were not delivered${where}` : `not every event reached the pipeline within 60 s${where}`}; see the log lines above\n`);
      return EXIT_RUNTIME;
    }
    io.stderr.write(`replay: ${expected} events replayed from ${file}\n`);
    return EXIT_OK;
  } finally {
    await agent?.shutdown();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Plays one dump entry into the sandbox; returns how many records it should produce. */
function apply(sandbox: SandboxApiServer, entry: DumpEntry): number {
  const event = entry.event as unknown as EventObject;
  const ref = event.metadata?.name ? { namespace: event.metadata.namespace ?? event.regarding?.namespace ?? 'default', name: event.metadata.name } : undefined;
  const existing = ref ? sandbox.store.get(ref) : undefined;
  if (entry.op === 'delete') {
    if (ref && existing) sandbox.store.delete(ref);
    return 0;
  }
  if (ref && existing) {
    sandbox.store.modify(ref, (draft) => Object.assign(draft, event, { metadata: { ...draft.metadata, ...event.metadata } }));
  } else {
    // An Event with no time of its own but metadata.creationTimestamp keeps that time: eventTime
    // null (as the API serves core/v1 Events) stops the sandbox stamping the replay's clock.
    sandbox.store.add({ eventTime: null, ...event, metadata: { ...event.metadata, resourceVersion: undefined } });
  }
  return 1;
}

/** Records dropped anywhere after the receiver took them: by exporters (any reason) or by the receiver's queue. */
async function undelivered(metrics: Metrics): Promise<{ total: number; byExporter: string[] }> {
  const dropped = (await metrics.exporterDropped.get()).values.filter((v) => v.value > 0);
  const receiverDrops = (await metrics.receiverErrors.get()).values.filter((v) => v.labels.kind === 'backpressure_drop' && v.value > 0);
  const byExporter = dropped.map((v) => `${String(v.labels.exporter)}: ${v.value} ${String(v.labels.reason)}`);
  const total = [...dropped, ...receiverDrops].reduce((a, v) => a + v.value, 0);
  return { total, byExporter };
}

/** Records the receiver has taken in or filtered out. */
async function handled(metrics: Metrics | undefined): Promise<number> {
  if (!metrics) return 0;
  const sum = async (metric: { get(): Promise<{ values: Array<{ value: number }> }> }): Promise<number> => (await metric.get()).values.reduce((a, v) => a + v.value, 0);
  return (await sum(metrics.receiverAccepted)) + (await sum(metrics.receiverFiltered));
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += (chunk as Buffer).toString('utf8');
  return text;
}
