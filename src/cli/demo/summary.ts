/** The demo's closing table: events by hint and namespace. */
import { formatTable } from '../output.ts';
import type { CollectingPrinter } from './collecting-printer.ts';

export function formatSummary(printer: CollectingPrinter): string {
  const namespaces = [...printer.byNamespace.keys()].sort();
  const hints = [...printer.byHint.entries()].sort((a, b) => (a[0] === '(none)' ? 1 : b[0] === '(none)' ? -1 : b[1] - a[1] || a[0].localeCompare(b[0])));
  const rows = hints.map(([hint, total]) => [hint, ...namespaces.map((ns) => String(printer.byHintAndNamespace.get(`${hint}\u0000${ns}`) ?? '')), String(total)]);
  rows.push(['total', ...namespaces.map((ns) => String(printer.byNamespace.get(ns) ?? 0)), String(printer.received)]);
  return formatTable(['HINT', ...namespaces, 'TOTAL'], rows);
}
