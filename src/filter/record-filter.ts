/**
 * Compiles event conditions (conditions-config.ts) into one function over records: it names the
 * condition that dropped a record (the `filter` label of the filtered-records metrics), or
 * returns undefined to keep it. Conditions are tried cheapest first.
 *
 *  - namespace: on regarding.namespace; events about cluster-scoped objects (no namespace) are
 *    never dropped by it.
 *  - min_event_type: `Warning` drops type `Normal`; any other or no type is kept.
 *  - kind: regarding.kind; an event with no kind is dropped by a non-empty include only.
 *  - count: series count below min_count.
 *  - hint: `none` matches records without a hint.
 *  - reason, name, note: RE2 unanchored search; an absent value is tested as ''.
 *
 * With nothing configured the result keeps everything and reads nothing.
 */
import type { RE2JS } from 're2js';
import type { EventRecord } from '../model/record.ts';
import { NO_HINT, type EventConditions } from './conditions-config.ts';
import { compileRe2 } from './re2-pattern.ts';

export const FILTER_NAMES = ['namespace', 'min_event_type', 'kind', 'count', 'hint', 'reason', 'name', 'note'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

export type RecordFilter = (record: EventRecord) => FilterName | undefined;

type Check = (record: EventRecord) => boolean;

const keepAll: RecordFilter = () => undefined;

export function compileRecordFilter(conditions: EventConditions): RecordFilter {
  const checks: Array<{ name: FilterName; keep: Check }> = [];
  const add = (name: FilterName, keep: Check | undefined): void => {
    if (keep !== undefined) checks.push({ name, keep });
  };
  add('namespace', namespaceCheck(conditions.namespaces));
  if (conditions.min_event_type === 'Warning') add('min_event_type', (r) => r.type !== 'Normal');
  add('kind', setCheck(conditions.kinds, (r) => r.regarding.kind));
  if (conditions.min_count > 1) add('count', (r) => r.count >= conditions.min_count);
  add('hint', setCheck(conditions.hints, (r) => r.hint ?? NO_HINT));
  add('reason', regexCheck(conditions.reason_regex, (r) => r.reason));
  add('name', regexCheck(conditions.name_regex, (r) => r.regarding.name));
  add('note', regexCheck(conditions.note_regex, (r) => r.note));
  if (checks.length === 0) return keepAll;

  return function filter(record: EventRecord): FilterName | undefined {
    for (const check of checks) if (!check.keep(record)) return check.name;
    return undefined;
  };
}

function namespaceCheck(namespaces: EventConditions['namespaces']): Check | undefined {
  const keep = setCheck(namespaces, (r) => r.regarding.namespace);
  if (keep === undefined) return undefined;
  return (r) => r.regarding.namespace === undefined || r.regarding.namespace === '' || keep(r);
}

function setCheck(lists: { include: readonly string[]; exclude: readonly string[] }, value: (r: EventRecord) => string | undefined): Check | undefined {
  const include = lists.include.length > 0 ? new Set(lists.include) : undefined;
  const exclude = lists.exclude.length > 0 ? new Set(lists.exclude) : undefined;
  if (include === undefined && exclude === undefined) return undefined;
  return (r) => {
    const v = value(r);
    if (include !== undefined && (v === undefined || !include.has(v))) return false;
    return exclude === undefined || v === undefined || !exclude.has(v);
  };
}

function regexCheck(pattern: string | undefined, value: (r: EventRecord) => string | undefined): Check | undefined {
  if (pattern === undefined) return undefined;
  const re: RE2JS = compileRe2(pattern);
  return (r) => re.test(value(r) ?? '');
}
