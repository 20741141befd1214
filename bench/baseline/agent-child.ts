/**
 * NOT PART OF THE PRODUCT. The hand-wired baseline of the end-to-end bench (see README.md here):
 * client-node informer on events.k8s.io/v1 Events -> one OpenTelemetry SDK log record per event
 * -> BatchLogRecordProcessor -> OTLPLogExporter (protobuf, gzip via
 * OTEL_EXPORTER_OTLP_LOGS_COMPRESSION, set by the bench).
 *
 *   node bench/baseline/agent-child.ts KUBECONFIG OTLP_URL MAX_QUEUE   (started by bench/run.ts)
 *
 * Written the way a user would: no paging, the informer's object cache, a Date per timestamp, an
 * attributes object per record. It emits the same attribute keys as tracecore's first sixteen.
 */
import { EventsV1Api, KubeConfig, makeInformer, type EventsV1Event } from '@kubernetes/client-node';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { reportFailure, serveParent } from '../e2e/child-protocol.ts';

type AttributeMap = { [key: string]: string | number };

const HINTS: { [reason: string]: string } = {
  Evicted: 'pod_evicted',
  TaintManagerEviction: 'pod_evicted',
  Preempting: 'pod_evicted',
  SystemOOM: 'oom_killed',
  OOMKilling: 'oom_killed',
  OOMKilled: 'oom_killed',
  ErrImagePull: 'image_pull_failure',
  ImagePullBackOff: 'image_pull_failure',
  CrashLoopBackOff: 'backoff',
  FailedMount: 'mount_failure',
  FailedAttachVolume: 'volume_attach_failure',
  FailedScheduling: 'schedule_failure',
  FailedCreate: 'create_failure',
  NodeNotReady: 'node_unhealthy',
  Unhealthy: 'probe_failure',
};

function hint(reason: string | undefined, note: string | undefined): string | undefined {
  if (reason === undefined) return undefined;
  if (reason === 'Failed' && note !== undefined && (note.trimStart().startsWith('Failed to pull image') || note.includes('ErrImagePull'))) return 'image_pull_failure';
  if (reason === 'BackOff') return note?.trimStart().startsWith('Back-off pulling image') ? 'image_pull_failure' : 'backoff';
  return Object.hasOwn(HINTS, reason) ? HINTS[reason] : undefined;
}

/** List items come through client-node's serializer (Dates); watch objects are raw JSON (strings). */
function toDate(value: Date | string | null | undefined): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function eventTime(e: EventsV1Event): Date {
  return toDate(e.series?.lastObservedTime) ?? toDate(e.eventTime) ?? toDate(e.deprecatedLastTimestamp) ?? toDate(e.deprecatedFirstTimestamp) ?? toDate(e.metadata?.creationTimestamp) ?? new Date();
}

function attributesOf(e: EventsV1Event, time: Date): AttributeMap {
  const attributes: AttributeMap = {};
  const set = (key: string, value: string | number | undefined): void => {
    if (value !== undefined && value !== '') attributes[key] = value;
  };
  const note = e.note?.slice(0, 1024);
  set('event.uid', e.metadata?.uid);
  set('event.reason', e.reason);
  set('regarding.kind', e.regarding?.kind);
  set('regarding.namespace', e.regarding?.namespace);
  set('regarding.name', e.regarding?.name);
  set('regarding.uid', e.regarding?.uid);
  set('k8s.event.hint', hint(e.reason, e.note));
  set('event.time', time.toISOString());
  set('series.count', e.series?.count ?? e.deprecatedCount ?? 1);
  set('event.reporting_controller', e.reportingController ?? e.deprecatedSource?.component);
  set('event.action', e.action);
  set('event.type', e.type);
  set('note', note);
  set('event.name', e.metadata?.name);
  set('event.namespace', e.metadata?.namespace);
  set('event.reporting_instance', e.reportingInstance ?? e.deprecatedSource?.host);
  return attributes;
}

async function main(): Promise<void> {
  const [kubeconfigPath, otlpUrl, maxQueue] = process.argv.slice(2);
  if (kubeconfigPath === undefined || otlpUrl === undefined) throw new Error('usage: agent-child.ts KUBECONFIG OTLP_URL [MAX_QUEUE]');

  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'baseline', 'k8s.cluster.name': 'bench' }),
    processors: [
      new BatchLogRecordProcessor({
        exporter: new OTLPLogExporter({ url: `${otlpUrl}/v1/logs` }),
        maxQueueSize: Math.max(2048, Number(maxQueue ?? 0) + 1000),
        maxExportBatchSize: 1000,
        scheduledDelayMillis: 200,
      }),
    ],
  });
  const logger = provider.getLogger('baseline/k8s_events');

  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  // client-node refuses plain http unless TLS verification is off (bench --protocol http only).
  if (kc.getCurrentCluster()?.server.startsWith('http:')) kc.clusters = kc.clusters.map((c) => ({ ...c, skipTLSVerify: true }));
  const api = kc.makeApiClient(EventsV1Api);
  const informer = makeInformer<EventsV1Event>(kc, '/apis/events.k8s.io/v1/events', () => api.listEventForAllNamespaces());

  const emit = (e: EventsV1Event): void => {
    const time = eventTime(e);
    logger.emit({
      timestamp: time,
      observedTimestamp: new Date(),
      severityNumber: e.type === 'Warning' ? SeverityNumber.WARN : e.type === 'Normal' ? SeverityNumber.INFO : SeverityNumber.UNSPECIFIED,
      severityText: e.type,
      body: e.note,
      attributes: attributesOf(e, time),
    });
  };
  informer.on('add', emit);
  informer.on('update', emit);
  informer.on('error', (err: unknown) => {
    process.stderr.write(`baseline informer error: ${String(err)}\n`);
    setTimeout(() => void informer.start(), 1000);
  });

  serveParent(async () => {
    await informer.stop();
    await provider.shutdown();
  });
  await informer.start();
}

main().catch(reportFailure);
