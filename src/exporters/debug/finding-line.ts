/**
 * Readable one-line rendering of a finding (findings schema v0): time, FINDING, state, kind,
 * subject, count, the body. Highlighted on a terminal: a finding is the line a person should
 * read first. Shared by the debug exporter (and so `replay`) and the demo.
 */
import { ATTR_FINDING_STATE, findingAttribute } from '../../model/finding.ts';
import type { EventRecord } from '../../model/record.ts';

const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';
const INVERSE_RED = '\x1b[1;37;41m';
const INVERSE_GREEN = '\x1b[1;30;42m';

export function formatFindingLine(record: EventRecord, color: boolean): string {
  const time = record.eventTime.replace(/\.\d+Z$/, 'Z');
  const state = String(findingAttribute(record, ATTR_FINDING_STATE) ?? '');
  const label = `FINDING ${state}`.padEnd(17);
  const kind = (record.reason ?? '-').padEnd(24);
  const body = record.note ?? '';
  if (!color) return `${time}  ${label}  ${kind}  ${body}`;
  const tone = state === 'resolved' ? INVERSE_GREEN : INVERSE_RED;
  return `${BOLD}${time}${RESET}  ${tone} ${label} ${RESET}  ${BOLD}${kind}${RESET}  ${BOLD}${body}${RESET}`;
}
