/**
 * Leader election for the k8s_events receiver: builds the elector over the receiver's API client,
 * begins the receiver's list/watch each time this replica becomes the leader and ends it when it
 * stops leading, keeps tracecore_leader_is_leader / tracecore_leader_transitions_total, logs every
 * change, and gives the checkpoint store that lives in the Lease. The receiver's hook is a few
 * lines: start() with its client, stop() when it shuts down, release() after its last checkpoint.
 */
import type { CreateSettings } from '../component/types.ts';
import type { ApiClient } from '../receivers/k8s-events/api-client.ts';
import type { CheckpointStore } from '../receivers/k8s-events/checkpoint-store.ts';
import { RateLimitedLog, type Logger } from '../telemetry/logger.ts';
import type { StatusBoard } from '../telemetry/status/status-board.ts';
import type { LeaderElectionConfig } from './config.ts';
import { defaultLeaseNamespace, electionIdentity } from './identity.ts';
import { LeaderElector } from './leader-elector.ts';
import { LeaseCheckpointStore } from './lease-checkpoint-store.ts';
import { LeaseClient } from './lease-client.ts';

/** What leadership switches on and off: the receiver's list/watch (a term each time it leads). */
export interface Watching {
  beginWatching(): Promise<void>;
  endWatching(): Promise<void>;
}

export class ReceiverLeadership {
  readonly identity: string;
  readonly namespace: string;
  readonly checkpointStore: CheckpointStore;
  private readonly config: LeaderElectionConfig;
  private readonly log: Logger;
  private readonly errorsLog: RateLimitedLog;
  private readonly metrics;
  private elector: LeaderElector | undefined;
  private term: AbortSignal | undefined;
  private wakeWaiter: (() => void) | undefined;
  private readonly stopCampaign = new AbortController();
  private campaign: Promise<void> | undefined;
  private readonly status: StatusBoard | undefined;

  /** Throws when no namespace can be found (checkEnvironment reports that as a config problem first). */
  constructor(settings: CreateSettings, config: LeaderElectionConfig, env: NodeJS.ProcessEnv) {
    const namespace = config.lease_namespace ?? defaultLeaseNamespace(env);
    if (namespace === undefined) throw new Error(leaseNamespaceProblem);
    this.config = config;
    this.namespace = namespace;
    this.identity = electionIdentity(env);
    this.status = settings.status;
    this.status?.reportLeader({ role: 'follower' }); // until this replica holds the Lease
    this.log = settings.logger;
    this.errorsLog = new RateLimitedLog(settings.logger);
    const m = settings.metrics;
    this.metrics = { isLeader: m.leaderIsLeader.labels(settings.id), transitions: m.leaderTransitions.labels(settings.id), errors: m.receiverErrors.labels(settings.id, 'lease') };
    this.metrics.isLeader.set(0);
    this.metrics.transitions.inc(0);
    this.metrics.errors.inc(0);
    this.checkpointStore = new LeaseCheckpointStore(() => this.elector, `${namespace}/${config.lease_name}`, config.renew_deadline);
  }

  /**
   * Builds the elector over the receiver's API client (its credentials and rate budget) and
   * campaigns: `watching.beginWatching()` each time this replica becomes the leader,
   * `endWatching()` when it stops leading. Idempotent.
   */
  start(api: ApiClient, watching: Watching): void {
    if (this.campaign !== undefined) return;
    this.attach(api);
    const stop = this.stopCampaign.signal;
    this.campaign = this.whileLeading(stop, async (term) => {
      await watching.beginWatching();
      if (!term.aborted) await new Promise((resolve) => term.addEventListener('abort', resolve, { once: true }));
      if (!stop.aborted) await watching.endWatching();
    }).catch((err: unknown) => {
      // whileLeading only ends on stop; anything else is a bug we still must not crash on.
      this.log.error({ err }, 'leader election loop ended unexpectedly');
    });
  }

  /** Stops starting and ending terms (the receiver stops its own list/watch); keeps the Lease until release(). */
  async stop(): Promise<void> {
    this.stopCampaign.abort(new Error('receiver shutting down'));
    await this.campaign;
  }

  private attach(api: ApiClient): void {
    const client = new LeaseClient(api, this.namespace, this.config.lease_name);
    this.elector = new LeaderElector(client, {
      identity: this.identity,
      leaseDurationMs: this.config.lease_duration,
      renewDeadlineMs: this.config.renew_deadline,
      retryPeriodMs: this.config.retry_period,
      onStartedLeading: (term) => {
        this.metrics.isLeader.set(1);
        this.metrics.transitions.inc();
        this.status?.reportLeader({ role: 'leader', holder: this.identity });
        this.log.info({ lease: client.description, identity: this.identity }, 'became the leader: listing, watching and exporting');
        this.term = term;
        this.wakeWaiter?.();
      },
      onStoppedLeading: (reason) => {
        this.metrics.isLeader.set(0);
        this.status?.reportLeader({ role: 'follower' });
        this.log.warn({ lease: client.description, identity: this.identity, reason }, 'stopped leading: list/watch stopped, this replica is now a follower');
      },
      onNewLeader: (holder) => {
        this.status?.reportLeader({ role: holder === this.identity ? 'leader' : 'follower', holder });
        if (holder !== this.identity) this.log.info({ lease: client.description, leader: holder }, 'another replica leads: this one is a ready, idle follower');
      },
      onError: (action, err) => {
        this.metrics.errors.inc();
        this.errorsLog.warn(`lease:${action}`, { lease: client.description, action, err }, `leader election: cannot ${action} the Lease; retrying`);
      },
    });
    this.log.info({ lease: client.description, identity: this.identity, lease_duration_ms: this.config.lease_duration }, 'leader election on: waiting to acquire the Lease');
  }

  /** A follower: leader election runs and another replica (or nobody yet) holds the Lease. */
  isFollower(): boolean {
    return this.elector !== undefined && !this.elector.isLeader();
  }

  /**
   * Runs `work` each time this replica becomes the leader, with a signal that aborts when it stops
   * leading or `stop` aborts; waits for `work` to end before the next term. Resolves after `stop`
   * aborts and the last `work` ended. The Lease is kept (and renewed) until release().
   */
  private async whileLeading(stop: AbortSignal, work: (term: AbortSignal) => Promise<void>): Promise<void> {
    const elector = this.elector;
    if (elector === undefined) throw new Error('ReceiverLeadership.attach() must come first');
    elector.start();
    while (!stop.aborted) {
      const term = await this.nextTerm(stop);
      if (term === undefined) return;
      await work(AbortSignal.any([stop, term]));
      this.term = term.aborted ? undefined : term;
    }
  }

  /** Stops campaigning and hands the Lease over (empty holder): call after the last checkpoint. */
  async release(): Promise<void> {
    await this.stop();
    await this.elector?.release();
  }

  private nextTerm(stop: AbortSignal): Promise<AbortSignal | undefined> {
    if (this.term !== undefined && !this.term.aborted && this.elector?.isLeader()) return Promise.resolve(this.term);
    return new Promise((resolve) => {
      const done = (): void => {
        stop.removeEventListener('abort', done);
        this.wakeWaiter = undefined;
        resolve(stop.aborted ? undefined : this.term);
      };
      this.wakeWaiter = done;
      stop.addEventListener('abort', done, { once: true });
    });
  }
}

export const leaseNamespaceProblem =
  'leader election needs the Lease namespace: set lease_namespace, or POD_NAMESPACE from the downward API (deploy/kubernetes does), or run in a pod with a service account';
