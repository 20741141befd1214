/**
 * Summarises a V8 heap snapshot (from `bench/run.ts --heap-snapshot` or node's
 * writeHeapSnapshot): bytes and counts by constructor / node type, largest first, so a
 * memory-growth question ("what holds 200 MB?") gets a first answer without DevTools.
 *
 *   node bench/heap-summary.ts FILE.heapsnapshot [--top 30]
 */
import { readFileSync } from 'node:fs';

interface HeapSnapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: readonly string[]; readonly node_types: readonly [readonly string[], ...unknown[]] } };
  readonly nodes: readonly number[];
  readonly strings: readonly string[];
}

export interface HeapGroup {
  readonly name: string;
  readonly count: number;
  readonly bytes: number;
}

export function summariseHeap(path: string, top = 30): { totalBytes: number; groups: HeapGroup[] } {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as HeapSnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, { count: number; bytes: number }>();
  let total = 0;
  const nodes = snapshot.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    const size = nodes[i + sizeAt];
    total += size;
    let key: string;
    if (type === 'object' || type === 'closure' || type === 'native') key = `${type}:${snapshot.strings[nodes[i + nameAt]]}`;
    else if (type === 'string' || type === 'concatenated string' || type === 'sliced string') key = `(${type})`;
    else key = `(${type}) ${type === 'hidden' || type === 'code' || type === 'array' ? snapshot.strings[nodes[i + nameAt]].slice(0, 40) : ''}`.trim();
    const g = groups.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += size;
    groups.set(key, g);
  }
  const sorted = [...groups]
    .map(([name, g]) => ({ name, count: g.count, bytes: g.bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
  return { totalBytes: total, groups: sorted };
}

export function formatSummary(summary: { totalBytes: number; groups: HeapGroup[] }, title: string): string {
  const lines = [`${title}: ${(summary.totalBytes / 1048576).toFixed(1)} MiB in live objects`];
  for (const g of summary.groups) lines.push(`  ${(g.bytes / 1048576).toFixed(2).padStart(9)} MiB ${String(g.count).padStart(9)}  ${g.name}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = process.argv[2];
  if (path === undefined) {
    process.stderr.write('usage: node bench/heap-summary.ts FILE.heapsnapshot [--top N]\n');
    process.exitCode = 2;
  } else {
    const topAt = process.argv.indexOf('--top');
    process.stdout.write(`${formatSummary(summariseHeap(path, topAt > 0 ? Number(process.argv[topAt + 1]) : 30), path)}\n`);
  }
}
