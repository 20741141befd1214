/**
 * How the filter processor tells a finding from an event record: a finding carries the
 * `finding.kind` attribute (findings processor, scope `tracecore/findings`); `finding.state` says
 * whether it fires or resolved. Read from the attributes every exporter sends, so it works for
 * findings however they were produced.
 */
import type { EventRecord } from '../../model/record.ts';

export const ATTR_FINDING_KIND = 'finding.kind';
export const ATTR_FINDING_STATE = 'finding.state';

export interface FindingView {
  readonly kind: string;
  readonly state: string | undefined;
}

/** The finding's kind and state, or undefined for an event record. */
export function findingOf(record: EventRecord): FindingView | undefined {
  let kind: string | undefined;
  let state: string | undefined;
  for (const a of record.attributes) {
    if (a.key === ATTR_FINDING_KIND && typeof a.value === 'string') kind = a.value;
    else if (a.key === ATTR_FINDING_STATE && typeof a.value === 'string') state = a.value;
  }
  return kind === undefined ? undefined : { kind, state };
}
