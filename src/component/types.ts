/**
 * Component contracts, in the OpenTelemetry Collector's spirit: receivers -> processors -> exporters.
 *
 * Lifecycle: the pipeline calls `start()` on exporters first, then processors, then receivers, and
 * `shutdown()` in the reverse order. `shutdown()` is idempotent. A receiver stops reading within 1 s;
 * processors and exporters then flush what they hold, until the drain signal aborts (budget spent).
 *
 * Ownership: `consume(records)` hands the array to the callee; the caller must not touch it again.
 * The promise resolves once the callee has accepted the records (queued or delivered) and rejects
 * if it could not; a receiver counts a rejection as a `consumer` error and carries on.
 */
import type { z } from 'zod';
import type { EventRecord } from '../model/record.ts';
import type { Ack } from './ack.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { StatusBoard } from '../telemetry/status/status-board.ts';

export type ComponentKind = 'receiver' | 'processor' | 'exporter';
export type Stability = 'development' | 'alpha' | 'beta' | 'stable';

export interface LogsConsumer {
  /**
   * `ack` (see ./ack.ts) is settled exactly once when the records are delivered end to end (ack) or
   * dropped for lack of time or room (nack). Omitted by callers that do not track delivery.
   */
  consume(records: EventRecord[], ack?: Ack): Promise<void>;
}

export interface Component {
  start(): Promise<void>;
  /** Idempotent. `drain` aborts when the shutdown budget is spent: stop waiting and return. */
  shutdown(drain?: AbortSignal): Promise<void>;
}

export interface Receiver extends Component {
  /** True once the receiver delivers (for k8s_events: the first list has completed). */
  isReady(): boolean;
  /**
   * Called once at shutdown after processors and exporters drained (or their budget ran out):
   * persist what their acknowledgements settled (the k8s_events checkpoint).
   */
  drained?(): Promise<void>;
}

export type Processor = Component & LogsConsumer;
export type Exporter = Component & LogsConsumer;

/**
 * What every component gets at creation: its id (`type` or `type/name`), the process's telemetry and
 * environment. Factories read the environment from here, never from process.env, so a test or an
 * embedding program decides what they see.
 */
export interface CreateSettings {
  readonly id: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly env: NodeJS.ProcessEnv;
  /** The status page's board (src/telemetry/status): receivers report state and records, others what they show. Absent in bare tests. */
  readonly status?: StatusBoard;
}

interface FactoryBase<K extends ComponentKind, C> {
  readonly kind: K;
  readonly type: string;
  readonly stability: Stability;
  readonly description: string;
  /** The single source of the component's config types, defaults, bounds and validation messages. */
  readonly configSchema: z.ZodType<C>;
  /**
   * Optional checks of the config against this machine (files, environment variables), run by
   * `validate` and at start-up after the schema passed. Returns problems; never touches the network.
   */
  checkEnvironment?(config: C, env: NodeJS.ProcessEnv): EnvironmentProblem[];
  /**
   * Set when at most one component of this type may run in a process; says why (it ends the
   * loader's message). The config loader refuses a second one used by a pipeline.
   */
  readonly onePerProcess?: string;
}

export interface EnvironmentProblem {
  /** Path below the component's own key, e.g. ['kubeconfig']; [] for the component itself. */
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

/*
 * Every factory's create() and every component's constructor take the same order:
 * (settings, config, next) for receivers and processors, (settings, config) for exporters, then
 * anything the component needs beyond the contract. A start() that fails because of the config or
 * the machine throws a StartupError (./startup-error.ts).
 */
export interface ReceiverFactory<C = unknown> extends FactoryBase<'receiver', C> {
  create(settings: CreateSettings, config: C, next: LogsConsumer): Receiver;
}
export interface ProcessorFactory<C = unknown> extends FactoryBase<'processor', C> {
  create(settings: CreateSettings, config: C, next: LogsConsumer): Processor;
}
export interface ExporterFactory<C = unknown> extends FactoryBase<'exporter', C> {
  create(settings: CreateSettings, config: C): Exporter;
}

export type AnyFactory = ReceiverFactory | ProcessorFactory | ExporterFactory;
