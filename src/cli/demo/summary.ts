/** The demo's closing table: events by hint and namespace; then the findings, one line each. */
import { ATTR_FINDING_KIND, ATTR_FINDING_STATE, findingAttribute } from '../../model/finding.ts';
import type { EventRecord } from '../../model/record.ts';
import { formatTable } from '../output.ts';
import type { CollectingPrinter } from './collecting-printer.ts';

export function formatSummary(printer: CollectingPrinter): string {
  const namespaces = [...printer.byNamespace.keys()].sort();
  const hints = [...printer.byHint.entries()].sort((a, b) => (a[0] === '(none)' ? 1 : b[0] === '(none)' ? -1 : b[1] - a[1] || a[0].localeCompare(b[0])));
  const rows = hints.map(([hint, total]) => [hint, ...namespaces.map((ns) => String(printer.byHintAndNamespace.get(`${hint}\u0000${ns}`) ?? '')), String(total)]);
  rows.push(['total', ...namespaces.map((ns) => String(printer.byNamespace.get(ns) ?? 0)), String(printer.received)]);
  return formatTable(['HINT', ...namespaces, 'TOTAL'], rows);
}

/** Each finding once, in the state it ended in (its last record), oldest first. */
export function formatFindingsSummary(findings: readonly EventRecord[]): string {
  if (findings.length === 0) return 'No findings.\n';
  const last = new Map<string, EventRecord>();
  for (const f of findings) {
    last.delete(f.uid);
    last.set(f.uid, f);
  }
  const rows = [...last.values()].map((f) => [String(findingAttribute(f, ATTR_FINDING_KIND)), String(findingAttribute(f, ATTR_FINDING_STATE)), f.note ?? '']);
  return `${last.size} finding${last.size === 1 ? '' : 's'}:\n\n${formatTable(['FINDING', 'STATE', 'WHAT'], rows)}`;
}
