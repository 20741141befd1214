/**
 * Every self-metric tracecore exposes, in one registry per process (one per test when tests
 * build several). Names and labels follow cli-and-config.md; test/docs-consistency checks that
 * every metric the alerts use exists here with the same labels.
 *
 * Components bind their label values once (`.labels(id)`) at creation so the hot path only
 * increments a child.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FilterName } from '../filter/record-filter.ts';
import { VERSION } from '../version.ts';
import { registerEventLoopLag } from './event-loop-lag.ts';

/** The largest timer interval Node accepts (2^31 - 1 ms). */
const PARKED_MONITOR_MS = 2 ** 31 - 1;

export type ReceiverErrorKind = 'watch' | 'list' | 'decode' | 'backpressure_drop' | 'consumer' | 'list_too_large' | 'list_deadline' | 'list_loop' | 'watch_short' | 'lease';
export type ExporterDropReason = 'permanent' | 'max_elapsed' | 'queue_full' | 'shutdown';
/** Values of tracecore_receiver_filtered_records_total{filter}: every FilterName of the record filter, and max_event_age (checked in test/metrics-at-zero.test.ts). */
export type ReceiverFilter = FilterName | 'max_event_age';

// The closed label sets as lists, complete by construction (a missing or extra key fails to compile).
export const RECEIVER_ERROR_KINDS = Object.keys({ watch: 0, list: 0, decode: 0, backpressure_drop: 0, consumer: 0, list_too_large: 0, list_deadline: 0, list_loop: 0, watch_short: 0, lease: 0 } satisfies { [K in ReceiverErrorKind]: 0 }) as ReceiverErrorKind[];
const EXPORTER_DROP_REASONS = Object.keys({ permanent: 0, max_elapsed: 0, queue_full: 0, shutdown: 0 } satisfies { [K in ExporterDropReason]: 0 }) as ExporterDropReason[];
export const RECEIVER_FILTERS = Object.keys({ namespace: 0, min_event_type: 0, kind: 0, count: 0, hint: 0, reason: 0, name: 0, note: 0, max_event_age: 0 } satisfies { [K in ReceiverFilter]: 0 }) as ReceiverFilter[];

export class Metrics {
  readonly registry: Registry;

  readonly receiverDegraded: Gauge<'receiver'>;
  readonly receiverErrors: Counter<'receiver' | 'kind'>;
  readonly receiverAccepted: Counter<'receiver'>;
  readonly receiverFiltered: Counter<'receiver' | 'filter'>;
  readonly receiverQueueSize: Gauge<'receiver'>;
  readonly receiverQueueCapacity: Gauge<'receiver'>;
  readonly receiverPausedSeconds: Counter<'receiver'>;
  readonly receiverLists: Counter<'receiver'>;
  readonly receiverWatches: Counter<'receiver'>;
  readonly receiverLastRecordTime: Gauge<'receiver'>;
  readonly eventsLag: Histogram<'receiver'>;
  readonly leaderIsLeader: Gauge<'receiver'>;
  readonly leaderTransitions: Counter<'receiver'>;
  readonly receiverCheckpointErrors: Counter<'receiver'>;
  readonly receiverGaps: Counter<'receiver'>;
  readonly receiverEnrichmentMisses: Counter<'receiver' | 'cause'>;
  readonly receiverEnrichmentLookups: Counter<'receiver' | 'result'>;
  readonly processorFiltered: Counter<'processor' | 'filter'>;
  readonly exporterThrottled: Counter<'exporter' | 'by'>;

  readonly exporterSent: Counter<'exporter'>;
  readonly exporterSendFailed: Counter<'exporter'>;
  readonly exporterRetried: Counter<'exporter'>;
  readonly exporterDropped: Counter<'exporter' | 'reason'>;
  readonly exporterSentBytes: Counter<'exporter'>;
  readonly exporterQueueSize: Gauge<'exporter'>;
  readonly exporterQueueCapacity: Gauge<'exporter'>;
  readonly exporterQueueCorrupt: Counter<'exporter'>;
  readonly exporterQueueBytes: Gauge<'exporter'>;
  readonly exporterQueueDiskFull: Counter<'exporter'>;
  readonly exporterQueueCapacityBytes: Gauge<'exporter'>;

  readonly buildInfo: Gauge<'version'>;

  // Events as metrics and findings (src/processors/findings).
  readonly k8sEvents: Counter<'hint' | 'reason' | 'type' | 'regarding_kind'>;
  /**
   * Called at each scrape before tracecore_k8s_events_total is read: the findings processor counts
   * events in plain numbers on its hot path and adds them to the counter here.
   */
  readonly k8sEventsCollectors: Array<() => void> = [];
  readonly findings: Counter<'kind' | 'state'>;
  readonly findingsFiring: Gauge<'kind'>;
  readonly processorThrottled: Counter<'processor'>;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [(this.registry = new Registry())];
    this.receiverDegraded = new Gauge({ name: 'tracecore_receiver_degraded', help: '1 from the first failed list or watch attempt until one succeeds again, else 0.', labelNames: ['receiver'], registers });
    this.receiverErrors = new Counter({ name: 'tracecore_receiver_errors_total', help: 'Receiver failures by kind: watch, list, decode, backpressure_drop, consumer, list_too_large, list_deadline, list_loop, watch_short, lease (leader election).', labelNames: ['receiver', 'kind'], registers });
    this.receiverAccepted = new Counter({ name: 'tracecore_receiver_accepted_records_total', help: 'Records the receiver accepted and handed to the pipeline.', labelNames: ['receiver'], registers });
    this.receiverFiltered = new Counter({ name: 'tracecore_receiver_filtered_records_total', help: 'Records dropped by a configured filter.', labelNames: ['receiver', 'filter'], registers });
    this.receiverQueueSize = new Gauge({ name: 'tracecore_receiver_queue_size', help: 'Records waiting in the receiver queue.', labelNames: ['receiver'], registers });
    this.receiverQueueCapacity = new Gauge({ name: 'tracecore_receiver_queue_capacity', help: 'Capacity of the receiver queue (channel_cap).', labelNames: ['receiver'], registers });
    this.receiverPausedSeconds = new Counter({ name: 'tracecore_receiver_paused_seconds_total', help: 'Time the watch stream was paused because the receiver queue was full (backpressure: pause).', labelNames: ['receiver'], registers });
    this.receiverLists = new Counter({ name: 'tracecore_receiver_lists_total', help: 'Completed full lists (initial list and relists).', labelNames: ['receiver'], registers });
    this.receiverWatches = new Counter({ name: 'tracecore_receiver_watches_total', help: 'Watch requests started.', labelNames: ['receiver'], registers });
    this.receiverLastRecordTime = new Gauge({ name: 'tracecore_receiver_last_record_timestamp_seconds', help: 'Unix time of the last record accepted.', labelNames: ['receiver'], registers });
    this.leaderIsLeader = new Gauge({ name: 'tracecore_leader_is_leader', help: '1 while this replica holds the leader-election Lease (lists, watches and exports), else 0.', labelNames: ['receiver'], registers });
    this.leaderTransitions = new Counter({ name: 'tracecore_leader_transitions_total', help: 'Times this replica became the leader (summed over replicas: leadership changes).', labelNames: ['receiver'], registers });
    this.receiverCheckpointErrors = new Counter({ name: 'tracecore_receiver_checkpoint_errors_total', help: 'Checkpoints that could not be saved, read or decoded (a restart may send events again).', labelNames: ['receiver'], registers });
    this.receiverGaps = new Counter({ name: 'tracecore_receiver_gaps_total', help: 'Possible gaps: the API server no longer held the history since the checkpoint (410 on resume).', labelNames: ['receiver'], registers });
    this.eventsLag = new Histogram({ name: 'tracecore_k8s_events_lag_seconds', help: 'Event time to receipt.', labelNames: ['receiver'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600], registers });
    this.receiverEnrichmentMisses = new Counter({ name: 'tracecore_receiver_enrichment_misses_total', help: 'Records sent without enrichment keys, by cause: pending (lookup not done yet), not_found, forbidden, error.', labelNames: ['receiver', 'cause'], registers });
    this.receiverEnrichmentLookups = new Counter({ name: 'tracecore_receiver_enrichment_lookups_total', help: 'Enrichment GETs of the objects events are about, by result: ok, not_found, forbidden, error.', labelNames: ['receiver', 'result'], registers });
    this.exporterThrottled = new Counter({ name: 'tracecore_exporter_throttled_total', help: 'Sends held back by a rate limit, by whose: rate_limit (the exporter\'s own per-destination limit: the batch waited in the queue) or endpoint (the endpoint answered 429).', labelNames: ['exporter', 'by'], registers });
    this.processorFiltered = new Counter({ name: 'tracecore_processor_filtered_records_total', help: 'Records a filter processor dropped, by the condition that dropped them.', labelNames: ['processor', 'filter'], registers });

    this.exporterSent = new Counter({ name: 'tracecore_exporter_sent_records_total', help: 'Records the endpoint acknowledged.', labelNames: ['exporter'], registers });
    this.exporterSendFailed = new Counter({ name: 'tracecore_exporter_send_failed_records_total', help: 'Records in failed send attempts (retried or dropped).', labelNames: ['exporter'], registers });
    this.exporterRetried = new Counter({ name: 'tracecore_exporter_retried_records_total', help: 'Records sent again after a retryable failure.', labelNames: ['exporter'], registers });
    this.exporterDropped = new Counter({ name: 'tracecore_exporter_dropped_records_total', help: 'Records given up on, by reason: permanent, max_elapsed, queue_full, shutdown.', labelNames: ['exporter', 'reason'], registers });
    this.exporterSentBytes = new Counter({ name: 'tracecore_exporter_sent_bytes_total', help: 'Bytes sent on the wire (after compression).', labelNames: ['exporter'], registers });
    this.exporterQueueSize = new Gauge({ name: 'tracecore_exporter_queue_size', help: 'Records waiting in the exporter sending queue.', labelNames: ['exporter'], registers });
    this.exporterQueueCapacity = new Gauge({ name: 'tracecore_exporter_queue_capacity', help: 'Capacity of the exporter sending queue in records: queue.size, else estimated from max_bytes and the bytes per record held.', labelNames: ['exporter'], registers });
    this.exporterQueueBytes = new Gauge({ name: 'tracecore_exporter_queue_bytes', help: 'Bytes of encoded, compressed batches held in the exporter sending queue (waiting or in flight; on disk with frame headers).', labelNames: ['exporter'], registers });
    this.exporterQueueDiskFull = new Counter({ name: 'tracecore_exporter_queue_disk_full_total', help: 'Batches the persistent queue could not write for lack of disk space (ENOSPC, EDQUOT): they wait (when_full: block) or are dropped (drop).', labelNames: ['exporter'], registers });
    this.exporterQueueCapacityBytes = new Gauge({ name: 'tracecore_exporter_queue_capacity_bytes', help: 'Capacity of the exporter sending queue in bytes (queue.max_bytes).', labelNames: ['exporter'], registers });
    this.exporterQueueCorrupt = new Counter({ name: 'tracecore_exporter_queue_corrupt_total', help: 'Torn or corrupt entries skipped in a persistent queue.', labelNames: ['exporter'], registers });

    this.k8sEvents = new Counter({ name: 'tracecore_k8s_events_total', help: 'Events seen by the findings processor, by hint (none: no hint), reason, type and regarding kind; reason and regarding_kind values past their caps count as "other".', labelNames: ['hint', 'reason', 'type', 'regarding_kind'], registers, collect: () => this.k8sEventsCollectors.forEach((collect) => collect()) });
    this.findings = new Counter({ name: 'tracecore_findings_total', help: 'Findings that started firing (state=firing) or resolved (state=resolved), by kind.', labelNames: ['kind', 'state'], registers });
    this.findingsFiring = new Gauge({ name: 'tracecore_findings_firing', help: 'Findings firing now, by kind.', labelNames: ['kind'], registers });
    this.processorThrottled = new Counter({ name: 'tracecore_processor_throttled_records_total', help: 'Records of recurring events held back by a processor\'s throttle (the detectors still saw them).', labelNames: ['processor'], registers });

    this.buildInfo = new Gauge({ name: 'tracecore_build_info', help: 'Always 1; the version label says which build runs.', labelNames: ['version'], registers });
    this.buildInfo.labels(VERSION).set(1);
    // prom-client's own event-loop monitor is parked (a timer once in ~24 days: its percentile gauges
    // are replaced); ./event-loop-lag.ts samples every 1 s, not prom-client's default 10 ms (idle
    // CPU 0.57% -> 0.02% of a core, docs/performance.md), and reports the true lag.
    if (options.defaultMetrics) {
      collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: PARKED_MONITOR_MS });
      registerEventLoopLag(this.registry);
    }
  }

  /**
   * Creates every series of a receiver at 0, for every known label value. A series born at its
   * first increment is invisible to increase()/rate() for that increment, so an alert on it would
   * miss a first burst (issue 9). The pipeline calls this for each receiver before creating it.
   */
  zeroReceiverSeries(receiver: string): void {
    for (const kind of RECEIVER_ERROR_KINDS) this.receiverErrors.labels(receiver, kind).inc(0);
    for (const filter of RECEIVER_FILTERS) this.receiverFiltered.labels(receiver, filter).inc(0);
    for (const counter of [this.receiverAccepted, this.receiverPausedSeconds, this.receiverLists, this.receiverWatches]) counter.labels(receiver).inc(0);
    // Gauges the receiver then sets; the last-record time stays absent until there is one (0 would read as 1970).
    for (const gauge of [this.receiverDegraded, this.receiverQueueSize, this.receiverQueueCapacity]) gauge.labels(receiver).set(0);
    this.eventsLag.zero({ receiver });
  }

  /** The same for an exporter: every counter and reason at 0, the queue gauges at 0 until its queue sets them. Call before creating it. */
  zeroExporterSeries(exporter: string): void {
    for (const reason of EXPORTER_DROP_REASONS) this.exporterDropped.labels(exporter, reason).inc(0);
    for (const counter of [this.exporterSent, this.exporterSendFailed, this.exporterRetried, this.exporterSentBytes, this.exporterQueueCorrupt]) counter.labels(exporter).inc(0);
    for (const gauge of [this.exporterQueueSize, this.exporterQueueCapacity]) gauge.labels(exporter).set(0);
  }
}

