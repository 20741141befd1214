/**
 * The demo's event line on a terminal: one line per event that fits `width` columns, in aligned
 * columns (time when there is room, hint, reason, object, note), each cut with an ellipsis. Pipes
 * and files get the debug exporter's full line instead (formatRecordLine).
 */
import { BOLD, CYAN, DIM, objectName, RED, RESET, YELLOW } from '../../exporters/debug/format.ts';
import { ATTR_FINDING_STATE, findingAttribute, isFinding } from '../../model/finding.ts';
import type { EventRecord } from '../../model/record.ts';

const HINT = 18;
const REASON = 18;
const TIME = 8;
const GAP = '  ';
/** Below this many columns the time (the demo is live: it is now) gives its room to the note. */
const WIDE = 100;

/** `text` in exactly `width` columns: cut with '…' or padded. Counts code points. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length <= width) return text + ' '.repeat(width - chars.length);
  return chars.slice(0, width - 1).join('') + '…';
}

export function formatTerminalLine(record: EventRecord, width: number, color: boolean): string {
  const showTime = width >= WIDE;
  const fixed = (showTime ? TIME + GAP.length : 0) + HINT + GAP.length + REASON + GAP.length;
  const rest = Math.max(0, width - fixed - GAP.length);
  const count = record.count > 1 ? ` (x${record.count})` : '';
  const object = `${objectName(record)}${count}`;
  const objectWidth = Math.floor(rest * 0.45);
  const noteWidth = rest - objectWidth;
  const note = (record.note ?? '').replace(/\s*\n\s*/g, ' ⏎ ');
  const cells = {
    time: showTime ? fit(record.eventTime.slice(11, 19), TIME) : undefined,
    // A finding shows `FINDING <state>` where an event shows its hint: the line to read first.
    hint: fit(isFinding(record) ? `FINDING ${String(findingAttribute(record, ATTR_FINDING_STATE) ?? '')}` : (record.hint ?? '-'), HINT),
    reason: fit(record.reason ?? '-', REASON),
    object: fit(object, objectWidth),
    note: [...note].length <= noteWidth ? note : fit(note, noteWidth),
  };
  const paint = (code: string, text: string): string => (color ? `${code}${text}${RESET}` : text);
  const hintCode = record.hint || isFinding(record) ? `${BOLD}${RED}` : record.type === 'Warning' ? YELLOW : DIM;
  const parts = [cells.time === undefined ? undefined : paint(DIM, cells.time), paint(hintCode, cells.hint), cells.reason, paint(CYAN, cells.object), cells.note];
  return parts
    .filter((p) => p !== undefined)
    .join(GAP)
    .trimEnd();
}

/** Prose for a terminal: wrapped at spaces to `width` columns. */
export function wrapText(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => ([...l].length > width ? fit(l, width) : l)).join('\n');
}

/** A table for a terminal: each line cut to `width` columns with an ellipsis (the last column, in practice). */
export function cutLines(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => ([...line].length > width ? fit(line, width) : line))
    .join('\n');
}
