/**
 * What a chat message says about one record, for every chat format: a finding (src/model/finding.ts:
 * finding.kind, finding.state) or an event (type, hint, reason), the object, the owner when
 * enrichment added it, and the note. Plain text; each format escapes it its own way.
 */
import { ATTR_OWNER_KIND, ATTR_OWNER_NAME } from '../../model/attributes.ts';
import { ATTR_FINDING_KIND, ATTR_FINDING_STATE, findingAttribute, isFinding } from '../../model/finding.ts';
import type { EventRecord } from '../../model/record.ts';

export interface RecordSummary {
  /** e.g. `Warning pod_evicted (Evicted)` or `finding crash_loop firing`. */
  readonly headline: string;
  /** e.g. `shop/Pod/web-5d-x (Deployment web)`. */
  readonly object: string;
  readonly note: string;
  readonly time: string;
  readonly warning: boolean;
}

const MAX_NOTE_CHARS = 500;

export function summarize(record: EventRecord): RecordSummary {
  const attr = (key: string): string | undefined => {
    const value = findingAttribute(record, key);
    return value === undefined ? undefined : String(value);
  };
  const finding = isFinding(record);
  const headline = finding
    ? ['finding', attr(ATTR_FINDING_KIND), attr(ATTR_FINDING_STATE)].filter(Boolean).join(' ')
    : [record.type ?? 'Event', record.hint, record.reason === undefined ? undefined : `(${record.reason})`].filter(Boolean).join(' ');
  const ref = record.regarding;
  const ownerKind = attr(ATTR_OWNER_KIND);
  const owner = ownerKind === undefined ? '' : ` (${ownerKind} ${attr(ATTR_OWNER_NAME) ?? ''})`;
  const object = [ref.namespace, ref.kind, ref.name].filter(Boolean).join('/') + owner;
  const note = record.note ?? '';
  return {
    headline,
    object,
    note: note.length > MAX_NOTE_CHARS ? `${note.slice(0, MAX_NOTE_CHARS)}…` : note,
    time: record.eventTime,
    warning: record.severityNumber >= 13 || finding,
  };
}

/** "3 Kubernetes events, 1 finding" */
export function countLine(records: readonly EventRecord[]): string {
  let findings = 0;
  for (const r of records) if (isFinding(r)) findings++;
  const events = records.length - findings;
  const parts: string[] = [];
  if (events > 0) parts.push(`${events} Kubernetes event${events === 1 ? '' : 's'}`);
  if (findings > 0) parts.push(`${findings} finding${findings === 1 ? '' : 's'}`);
  return parts.join(', ');
}
