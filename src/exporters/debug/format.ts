/**
 * Readable one-line rendering of a record: time, type, hint, reason, object, note.
 * Shared by the debug exporter and the demo.
 */
import { isFinding } from '../../model/finding.ts';
import type { EventRecord } from '../../model/record.ts';
import { formatFindingLine } from './finding-line.ts';

/** Terminal colours (SGR codes) of the debug exporter's and the demo's lines. */
export const RESET = '\x1b[0m';
export const DIM = '\x1b[2m';
export const YELLOW = '\x1b[33m';
export const RED = '\x1b[31m';
export const CYAN = '\x1b[36m';
export const BOLD = '\x1b[1m';

export function objectName(record: EventRecord): string {
  const r = record.regarding;
  if (r.kind === undefined && r.name === undefined) return '(no object)';
  const ns = r.namespace ? `${r.namespace}/` : '';
  return `${r.kind ?? '?'} ${ns}${r.name ?? '?'}`;
}

export function formatRecordLine(record: EventRecord, color: boolean): string {
  if (isFinding(record)) return formatFindingLine(record, color);
  const time = record.eventTime.replace(/\.\d+Z$/, 'Z');
  const type = (record.type ?? '-').padEnd(7);
  const hint = (record.hint ?? '-').padEnd(22);
  const reason = (record.reason ?? '-').padEnd(24);
  const note = oneLine(record.note ?? '');
  const count = record.count > 1 ? ` (x${record.count})` : '';
  if (!color) return `${time}  ${type}  ${hint}  ${reason}  ${objectName(record)}${count}  ${note}`;
  const typeColor = record.type === 'Warning' ? YELLOW : DIM;
  const hintColor = record.hint ? `${BOLD}${RED}` : DIM;
  return `${DIM}${time}${RESET}  ${typeColor}${type}${RESET}  ${hintColor}${hint}${RESET}  ${reason}  ${CYAN}${objectName(record)}${RESET}${count}  ${note}`;
}

export function formatAttributes(record: EventRecord): string {
  const lines = record.attributes.map((a) => `    ${a.key}: ${typeof a.value === 'string' ? JSON.stringify(a.value) : String(a.value)}`);
  if (record.droppedAttributesCount > 0) lines.push(`    (dropped attributes: ${record.droppedAttributesCount})`);
  return lines.join('\n');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
