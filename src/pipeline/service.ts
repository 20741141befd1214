/**
 * Builds the pipelines of a loaded config and runs their lifecycle.
 *
 * Build: exporters once per id (shared by the pipelines that name them), processors once per
 * pipeline (each pipeline has its own chain), receivers once per id with a fan-out to every
 * pipeline that names them. Start: exporters, then processors, then receivers. Shutdown (idempotent):
 * phase 1 stops receivers within `receiverStopMs`; phase 2 drains processors then exporters
 * within `drainMs`, after which whatever is still held is dropped and counted by its owner.
 * Each phase ends at its budget plus SHUTDOWN_GRACE_MS whatever a component does (one stuck
 * behind a dead endpoint is logged and left behind), so a stop takes at most receiverStopMs +
 * drainMs + 2 x SHUTDOWN_GRACE_MS (13 s by default, inside the Deployment's 30 s grace period).
 */
import { StartupError } from '../component/startup-error.ts';
import type { Component, CreateSettings, Exporter, LogsConsumer, Processor, Receiver } from '../component/types.ts';
import type { LoadedConfig } from '../config/load.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { StatusBoard } from '../telemetry/status/status-board.ts';
import { fanout } from './fanout.ts';

export interface ServiceOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The environment components see (CreateSettings.env). */
  readonly env: NodeJS.ProcessEnv;
  readonly status?: StatusBoard;
  readonly receiverStopMs?: number;
  readonly drainMs?: number;
}

/** How long past its budget a component may take to settle what it holds (close files, nack). */
export const SHUTDOWN_GRACE_MS = 1000;

export class Service {
  private readonly receivers = new Map<string, Receiver>();
  private readonly processors: Array<{ id: string; component: Processor }> = [];
  private readonly exporters = new Map<string, Exporter>();
  private readonly logger: Logger;
  private readonly receiverStopMs: number;
  private readonly drainMs: number;
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(config: LoadedConfig, options: ServiceOptions) {
    this.logger = options.logger;
    this.receiverStopMs = options.receiverStopMs ?? 1000;
    this.drainMs = options.drainMs ?? 10_000;
    const settings = (id: string): CreateSettings => ({ id, logger: options.logger.child({ component: id }), metrics: options.metrics, env: options.env, status: options.status });

    for (const [id, c] of config.exporters) {
      if (c.factory.kind !== 'exporter') continue;
      options.metrics.zeroExporterSeries(id);
      this.exporters.set(id, c.factory.create(settings(id), c.config));
    }
    const entryPoints = new Map<string, LogsConsumer[]>();
    for (const [name, pipeline] of config.pipelines) {
      let next: LogsConsumer = fanout(pipeline.exporters.map((id) => this.exporters.get(id) as Exporter));
      for (const id of [...pipeline.processors].reverse()) {
        const c = config.processors.get(id);
        if (!c || c.factory.kind !== 'processor') continue;
        const processor = c.factory.create(settings(`${id}@${name}`), c.config, next);
        this.processors.unshift({ id: `${id}@${name}`, component: processor });
        next = processor;
      }
      for (const id of pipeline.receivers) {
        const list = entryPoints.get(id) ?? [];
        list.push(next);
        entryPoints.set(id, list);
      }
    }
    for (const [id, consumers] of entryPoints) {
      const c = config.receivers.get(id);
      if (!c || c.factory.kind !== 'receiver') continue;
      options.metrics.zeroReceiverSeries(id);
      this.receivers.set(id, c.factory.create(settings(id), c.config, fanout(consumers)));
    }
  }

  /**
   * Starts exporters, then processors, then receivers. A start failure stops what was started and
   * throws a StartupError naming the component (kind `environment` unless the component said `config`).
   */
  async start(): Promise<void> {
    const order: Array<[string, Component]> = [...this.exporters, ...this.processors.map((p): [string, Component] => [p.id, p.component]), ...this.receivers];
    const done: Component[] = [];
    for (const [id, component] of order) {
      try {
        await component.start();
        done.push(component);
      } catch (err) {
        const failure = new StartupError(err instanceof StartupError ? err.kind : 'environment', err instanceof Error ? err.message : String(err), { component: id, cause: err });
        this.logger.error({ component: id, error: failure.message }, 'component failed to start');
        await Promise.allSettled(done.reverse().map((c) => c.shutdown(AbortSignal.timeout(this.drainMs))));
        throw failure;
      }
    }
    this.started = true;
    this.logger.info({ receivers: [...this.receivers.keys()], exporters: [...this.exporters.keys()] }, 'pipelines started');
  }

  /** Ready once every pipeline has started and every receiver is ready (first list done). */
  isReady(): boolean {
    if (!this.started || this.stopping) return false;
    for (const r of this.receivers.values()) if (!r.isReady()) return false;
    return true;
  }

  /** Idempotent: later calls return the first call's promise. */
  shutdown(): Promise<void> {
    this.stopping ??= this.stop();
    return this.stopping;
  }

  private async stop(): Promise<void> {
    const receiverBudget = AbortSignal.timeout(this.receiverStopMs);
    await this.settleAll('receiver', [...this.receivers], receiverBudget);
    const drain = AbortSignal.timeout(this.drainMs);
    // Processors in pipeline order: each flushes into the next before that one is stopped.
    for (const { id, component } of this.processors) await this.settleAll('processor', [[id, component]], drain);
    await this.settleAll('exporter', [...this.exporters], drain);
    const afterDrain = await Promise.allSettled([...this.receivers.values()].map((r) => r.drained?.()));
    afterDrain.forEach((r) => {
      if (r.status === 'rejected') this.logger.error({ err: r.reason as unknown }, 'receiver failed to save its state after the drain');
    });
    this.logger.info('pipelines stopped');
  }

  /** The component's shutdown, or 'overran' once `budget` has aborted and the grace period passed. */
  private async withinBudget(stopping: Promise<void>, budget: AbortSignal): Promise<'stopped' | 'overran'> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const overran = new Promise<'overran'>((resolve) => {
      const arm = (): void => {
        timer = setTimeout(() => resolve('overran'), SHUTDOWN_GRACE_MS);
      };
      if (budget.aborted) arm();
      else {
        onAbort = arm;
        budget.addEventListener('abort', arm, { once: true });
      }
    });
    try {
      return await Promise.race([stopping.then(() => 'stopped' as const), overran]);
    } finally {
      clearTimeout(timer);
      if (onAbort) budget.removeEventListener('abort', onAbort);
    }
  }

  private async settleAll(kind: string, components: Array<[string, Component]>, budget: AbortSignal): Promise<void> {
    const results = await Promise.allSettled(components.map(([, c]) => this.withinBudget(c.shutdown(budget), budget)));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled' && r.value === 'overran') this.logger.error({ component: components[i][0] }, `${kind} did not stop within its shutdown budget: left behind`);
      if (r.status === 'rejected') this.logger.error({ component: components[i][0], err: r.reason as unknown }, `${kind} failed to shut down cleanly`);
    });
  }
}
