/**
 * `tracecore demo`: the embedded default. A sandbox Kubernetes API on loopback (HTTPS, its own CA,
 * a bearer token, a generated kubeconfig) plays the incident scenario; the real pipeline
 * (k8s_events -> findings -> batch -> printer) watches it and prints each event as it arrives,
 * and each finding, highlighted, as it fires; a summary table and the list of findings close. The
 * status page is served on 127.0.0.1 at a free port, printed at the start. Ends by itself and exits 0.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from '../component/registry.ts';
import { FACTORIES } from '../components.ts';
import { loadConfigText } from '../config/load.ts';
import { Agent } from '../pipeline/agent.ts';
import { incidentScenario, playScenario, SandboxApiServer, scenarioDurationMs } from '../sandbox/index.ts';
import { createLogger } from '../telemetry/logger.ts';
import { CollectingPrinter } from './demo/collecting-printer.ts';
import { formatFindingsSummary, formatSummary } from './demo/summary.ts';
import { cutLines, wrapText } from './demo/terminal-line.ts';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import type { CommandIO } from './output.ts';
import { waitUntil } from './wait-until.ts';

export async function demoCommand(options: { speed: number }, io: CommandIO): Promise<number> {
  if (!(options.speed > 0) || !Number.isFinite(options.speed)) {
    io.stderr.write(`--speed must be a positive number such as 1 (about a minute) or 10 (about six seconds), got ${String(options.speed)}\n`);
    return EXIT_USAGE;
  }
  const color = io.stdout.isTTY === true && io.env.NO_COLOR === undefined;
  // On a terminal every line fits its width (process.stdout.columns); a pipe gets full lines.
  const width = io.stdout.isTTY === true && (io.stdout.columns ?? 0) > 0 ? io.stdout.columns : undefined;
  const prose = (text: string): string => (width === undefined ? text : wrapText(text, width));
  const table = (text: string): string => (width === undefined ? text : cutLines(text, width));
  const printer = new CollectingPrinter(io.stdout, color, width);
  const sandbox = await SandboxApiServer.start({ protocol: 'https' });
  const dir = await mkdtemp(join(tmpdir(), 'tracecore-demo-'));
  let agent: Agent | undefined;
  try {
    const kubeconfig = await sandbox.writeKubeconfig(dir);
    const config = loadConfigText(
      `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: ${JSON.stringify(kubeconfig)}, cluster_name: demo }
processors:
  findings: {}
  batch: { send_batch_size: 100, timeout: 100ms }
exporters:
  demo_printer: {}
service:
  pipelines:
    logs: { receivers: [k8s_events], processors: [findings, batch], exporters: [demo_printer] }
  telemetry: { logs: { level: warn }, metrics: { address: "127.0.0.1:0" } }
`,
      new Registry([...FACTORIES, printer.factory()]),
      io.env,
    );
    agent = new Agent(config, { logger: createLogger('warn'), env: io.env });
    await agent.start();
    const service = agent.service;
    await waitUntil('the demo pipeline to become ready', () => service.isReady(), 10_000);

    const seconds = Math.round(scenarioDurationMs(incidentScenario) / options.speed / 1000);
    io.stdout.write(`${prose(`tracecore demo: ${incidentScenario.description}`)}\n`);
    io.stdout.write(`${prose(`Sandbox API ${sandbox.url} (HTTPS, bearer token); watching events.k8s.io/v1 Events; about ${seconds} s at speed ${options.speed}.`)}\n`);
    io.stdout.write(`${prose(`Status page: http://${agent.telemetryAddress ?? '?'}/ (open it in a browser to watch the incident live)`)}\n\n`);
    const expected = incidentScenario.steps.filter((s) => s.op !== 'delete').length;
    await playScenario(sandbox.store, incidentScenario, { speed: options.speed });
    const complete = await printer.waitFor(expected, 10_000);
    await agent.shutdown();
    io.stdout.write(`\n${printer.received} events, each delivered once${complete ? '' : ` (expected ${expected})`}:\n\n`);
    io.stdout.write(table(formatSummary(printer)));
    io.stdout.write('\n' + table(formatFindingsSummary(printer.findings)));
    return EXIT_OK;
  } finally {
    await agent?.shutdown();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}
