/**
 * The receiver's event filters, compiled once from the config. The compiled function says which
 * filter dropped an event (the `filter` label of tracecore_receiver_filtered_records_total), or
 * undefined to keep it. Filters are tried cheapest first: namespace, min_event_type, reason.
 *
 *  - namespace: matches `regarding.namespace`. `include` (when not empty) keeps only those
 *    namespaces, `exclude` drops those. Events about cluster-scoped objects (no
 *    regarding.namespace: Nodes, PersistentVolumes, ...) are never dropped by a namespace filter.
 *  - min_event_type: `Warning` drops events of type `Normal`. Events of any other type, or with no
 *    type, are kept: only what is known to be routine is dropped.
 *  - reason: keeps events whose reason matches `reason_regex` (RE2, unanchored search); an event
 *    without a reason is tested as the empty string.
 *
 * With no filter configured the result is a function that keeps everything and reads nothing.
 */
import type { RE2JS } from 're2js';
import { compileReasonRegex, type K8sEventsConfig } from './config.ts';
import type { K8sEvent } from './event.ts';

export type FilterName = 'namespace' | 'reason' | 'min_event_type';

export type EventFilter = (event: K8sEvent) => FilterName | undefined;

export type FilterConfig = Pick<K8sEventsConfig, 'namespaces' | 'reason_regex' | 'min_event_type'>;

const keepAll: EventFilter = () => undefined;

export function compileFilters(config: FilterConfig): EventFilter {
  const include = config.namespaces.include.length > 0 ? new Set(config.namespaces.include) : undefined;
  const exclude = config.namespaces.exclude.length > 0 ? new Set(config.namespaces.exclude) : undefined;
  const warningsOnly = config.min_event_type === 'Warning';
  const reason: RE2JS | undefined = config.reason_regex === undefined ? undefined : compileReasonRegex(config.reason_regex);
  if (include === undefined && exclude === undefined && !warningsOnly && reason === undefined) return keepAll;
  const byNamespace = include !== undefined || exclude !== undefined;

  return function filter(event: K8sEvent): FilterName | undefined {
    if (byNamespace) {
      const regarding = event.regarding;
      const namespace = typeof regarding === 'object' && regarding !== null ? regarding.namespace : undefined;
      if (typeof namespace === 'string' && namespace !== '') {
        if (include !== undefined && !include.has(namespace)) return 'namespace';
        if (exclude !== undefined && exclude.has(namespace)) return 'namespace';
      }
    }
    if (warningsOnly && event.type === 'Normal') return 'min_event_type';
    if (reason !== undefined && !reason.test(typeof event.reason === 'string' ? event.reason : '')) return 'reason';
    return undefined;
  };
}
