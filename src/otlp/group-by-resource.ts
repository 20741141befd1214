/**
 * Groups records by their Resource object (identity, not value): a receiver shares one Resource
 * across all its records, so the usual batch is one group and takes the fast path.
 */
import type { EventRecord, Resource } from '../model/record.ts';

export interface ResourceGroup {
  readonly resource: Resource;
  readonly records: readonly EventRecord[];
}

export function groupByResource(records: readonly EventRecord[]): ResourceGroup[] {
  if (records.length === 0) return [];
  const first = records[0].resource;
  let i = 1;
  while (i < records.length && records[i].resource === first) i++;
  if (i === records.length) return [{ resource: first, records }];
  const groups = new Map<Resource, EventRecord[]>();
  for (const record of records) {
    const group = groups.get(record.resource);
    if (group) group.push(record);
    else groups.set(record.resource, [record]);
  }
  return Array.from(groups, ([resource, grouped]) => ({ resource, records: grouped }));
}
