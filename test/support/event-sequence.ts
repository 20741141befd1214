/**
 * Event sequences for the findings tests: real Event objects (from test/fixtures/corpus, or in the
 * exact shape kubelet and the scheduler write) re-timed and re-counted, turned into records by the
 * receiver's own normalizeEvent and record builder, so detectors see what they see in production.
 */
import { readFileSync } from 'node:fs';
import type { EventRecord, Resource } from '../../src/model/record.ts';
import { normalizeEvent } from '../../src/receivers/k8s-events/normalize.ts';
import { createRecordBuilder } from '../../src/receivers/k8s-events/record.ts';

export const RESOURCE: Resource = { attributes: [{ key: 'service.name', value: 'tracecore' }] };
const build = createRecordBuilder({ maxAttributes: 16, noteMaxBytes: 1024, semconvCompat: false, resource: RESOURCE });

/** 2026-01-01T00:00:00Z in µs: t(0). */
export const T0 = Date.UTC(2026, 0, 1) * 1000;
/** Event time `seconds` after T0, as an RFC 3339 string. */
export function at(seconds: number): string {
  return new Date(T0 / 1000 + seconds * 1000).toISOString();
}
export const MIN = 60;

type Json = { [key: string]: unknown };

/** A corpus event object (test/fixtures/corpus/events/NNN.json). */
export function corpusEvent(file: string): Json {
  return JSON.parse(readFileSync(new URL(`../fixtures/corpus/events/${file}`, import.meta.url), 'utf8')) as Json;
}

/** A record from an event object re-timed to `seconds` after T0 with `count` occurrences and a fresh uid unless given. */
export function recordOf(event: Json, seconds: number, overrides: { count?: number; uid?: string } = {}): EventRecord {
  const metadata = { ...(event.metadata as Json), uid: overrides.uid ?? (event.metadata as Json).uid, resourceVersion: String(seconds * 10 + (overrides.count ?? 1)) };
  const copy: Json = { ...event, metadata, lastTimestamp: at(seconds), firstTimestamp: at(seconds), eventTime: null, count: overrides.count ?? 1 };
  if (event.eventTime !== undefined && event.eventTime !== null) {
    copy.eventTime = at(seconds);
    copy.lastTimestamp = null;
    copy.firstTimestamp = null;
    copy.series = overrides.count !== undefined && overrides.count > 1 ? { count: overrides.count, lastObservedTime: at(seconds) } : undefined;
  }
  const normalized = normalizeEvent(copy);
  if (normalized === undefined) throw new Error('not an event');
  return build(normalized, T0 + seconds * 1_000_000);
}

/** kubelet's eviction of `pod` from `node`, as pkg/kubelet/eviction writes it (core/v1 shape). */
export function evictionEvent(node: string, namespace: string, pod: string, resource = 'memory'): Json {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${pod}.18${pod.length}f00d`, namespace, uid: `evict-${node}-${pod}` },
    involvedObject: { kind: 'Pod', namespace, name: pod, uid: `pod-${pod}`, apiVersion: 'v1' },
    reason: 'Evicted',
    message: `The node was low on resource: ${resource}. Threshold quantity: 100Mi, available: 87400Ki. Container app was using 1604220Ki, request is 512Mi, has larger consumption of ${resource}. `,
    source: { component: 'kubelet', host: node },
    type: 'Warning',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: node,
  };
}

/** A node-level event kubelet or the node controller writes about `node`. */
export function nodeEvent(node: string, reason: string, message: string, type = 'Normal', component = 'kubelet'): Json {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${node}.${reason}`, namespace: 'default', uid: `${node}-${reason}` },
    involvedObject: { kind: 'Node', name: node, uid: node },
    reason,
    message,
    source: { component, host: node },
    type,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: node,
  };
}
