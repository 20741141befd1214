/**
 * One running agent: telemetry server + pipelines, started in order and stopped once.
 * Shared by `run`, `demo` and `replay`, so all three exercise the same code path.
 */
import { StartupError } from '../component/startup-error.ts';
import type { LoadedConfig } from '../config/load.ts';
import type { Logger } from '../telemetry/logger.ts';
import { Metrics } from '../telemetry/metrics.ts';
import { startTelemetryServer, type TelemetryServer } from '../telemetry/server.ts';
import { StatusBoard } from '../telemetry/status/status-board.ts';
import { Service } from './service.ts';

export interface AgentOptions {
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** The environment components see: the command's, never read from process.env here. */
  readonly env: NodeJS.ProcessEnv;
  /** Serve /metrics, /healthz, /readyz and the status page (default true). */
  readonly serveTelemetry?: boolean;
}

export class Agent {
  readonly metrics: Metrics;
  /** What the status page (/ and /status.json on the telemetry address) shows. */
  readonly status: StatusBoard;
  readonly service: Service;
  private readonly config: LoadedConfig;
  private readonly logger: Logger;
  private readonly serveTelemetry: boolean;
  private telemetry: TelemetryServer | undefined;
  private stopping: Promise<void> | undefined;

  constructor(config: LoadedConfig, options: AgentOptions) {
    this.config = config;
    this.logger = options.logger;
    this.metrics = options.metrics ?? new Metrics({ defaultMetrics: true });
    this.serveTelemetry = options.serveTelemetry ?? true;
    this.status = new StatusBoard(this.metrics);
    this.service = new Service(config, { logger: options.logger, metrics: this.metrics, env: options.env, status: this.status });
  }

  /** The address the telemetry server bound, once started. */
  get telemetryAddress(): string | undefined {
    return this.telemetry?.address;
  }

  async start(): Promise<void> {
    for (const id of this.config.unused) this.logger.warn({ component: id }, 'component defined but used by no pipeline: ignored');
    if (this.serveTelemetry) {
      const address = this.config.telemetry.metrics.address;
      try {
        this.telemetry = await startTelemetryServer(address, this.metrics, () => this.service.isReady(), this.status);
      } catch (err) {
        throw new StartupError('environment', `cannot serve /metrics on ${address} (service.telemetry.metrics.address): ${listenFailure(err)}`, { cause: err });
      }
      this.logger.info({ address: this.telemetry.address }, 'serving /metrics, /healthz, /readyz and the status page (/, /status.json)');
    }
    try {
      await this.service.start();
    } catch (err) {
      await this.telemetry?.close();
      throw err;
    }
  }

  /** Idempotent. */
  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      await this.service.shutdown();
      await this.telemetry?.close();
    })();
    return this.stopping;
  }
}

/** Why a listen failed, in words a user can act on. */
function listenFailure(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return 'the port is in use by another process (another tracecore?): stop it or choose another port';
    case 'EACCES':
      return 'permission denied: ports below 1024 need privileges; choose a port above 1024';
    case 'EADDRNOTAVAIL':
      return 'this machine has no such address: use 0.0.0.0, 127.0.0.1 or one of its own addresses';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
