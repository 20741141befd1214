/**
 * Groups records by their Resource object (identity, not value), then by Scope within each
 * Resource: a receiver shares one Resource across all its records and its Event records carry no
 * scope, so the usual batch is one group with one scope and takes the fast path. Findings carry
 * the findings Scope and are exported in their own ScopeLogs under the same Resource.
 */
import type { EventRecord, Resource, Scope } from '../model/record.ts';

export interface ScopeGroup {
  /** undefined: the receiver's scope (`tracecore/k8s_events`, k8s-events-v0). */
  readonly scope: Scope | undefined;
  readonly records: readonly EventRecord[];
}

export interface ResourceGroup {
  readonly resource: Resource;
  readonly scopes: readonly ScopeGroup[];
}

export function groupByResource(records: readonly EventRecord[]): ResourceGroup[] {
  if (records.length === 0) return [];
  const first = records[0].resource;
  let i = 0;
  while (i < records.length && records[i].resource === first && records[i].scope === undefined) i++;
  if (i === records.length) return [{ resource: first, scopes: [{ scope: undefined, records }] }];
  const groups = new Map<Resource, Map<string | undefined, { scope: Scope | undefined; records: EventRecord[] }>>();
  for (const record of records) {
    let scopes = groups.get(record.resource);
    if (scopes === undefined) {
      scopes = new Map();
      groups.set(record.resource, scopes);
    }
    // By name, not identity: records read back from a persistent queue carry copies of the Scope.
    const key = record.scope?.name;
    const group = scopes.get(key);
    if (group) group.records.push(record);
    else scopes.set(key, { scope: record.scope, records: [record] });
  }
  return Array.from(groups, ([resource, scopes]) => ({ resource, scopes: Array.from(scopes.values()) }));
}
