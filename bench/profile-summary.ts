/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file (or
 * package), top first. Used by `bench/run.ts --profile` and by hand:
 *
 *   node bench/profile-summary.ts FILE.cpuprofile [--top 25] [--from-ms 600] [--to-ms 2000]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly byFunction: readonly SelfTime[];
  readonly byFile: readonly SelfTime[];
}

/** Self time of the profile; with `fromMs` / `toMs`, only samples taken in that window (ms after the profile started), e.g. after or during start-up. */
export function summariseProfile(path: string, top = 25, fromMs = 0, toMs = Infinity): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) byId.set(node.id, node);
  // Self time per node: each sample's delta goes to the node it hit.
  const selfUs = new Map<number, number>();
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromMs * 1000 || at > toMs * 1000) continue;
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    total += us;
    const file = shortFile(frame.url);
    const name = frame.url === '' ? `(${frame.functionName || 'native'})` : `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
    const group = frame.url === '' ? `(${frame.functionName || 'native'})` : groupOf(file);
    files.set(group, (files.get(group) ?? 0) + us);
  }
  const rank = (m: Map<string, number>): SelfTime[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, percent: (us / total) * 100 }));
  return { totalMs: total / 1000, byFunction: rank(fns), byFile: rank(files) };
}

/** A path relative to the project, or `pkg:name/...` for a dependency, or node's own `node:...`. */
function shortFile(url: string): string {
  let path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return `pkg:${path.slice(nm + '/node_modules/'.length)}`;
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (path.startsWith(root)) path = path.slice(root.length);
  return path;
}

/** Dependencies grouped by package, project files by file. */
function groupOf(file: string): string {
  if (!file.startsWith('pkg:')) return file;
  const parts = file.slice(4).split('/');
  return `pkg:${parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
}

export function formatSummary(summary: ProfileSummary, title: string): string {
  const lines = [`${title}: ${summary.totalMs.toFixed(0)} ms sampled`, '  self time by function:'];
  for (const f of summary.byFunction) lines.push(`    ${f.ms.toFixed(1).padStart(8)} ms ${f.percent.toFixed(1).padStart(5)}%  ${f.name}`);
  lines.push('  self time by file / package:');
  for (const f of summary.byFile) lines.push(`    ${f.ms.toFixed(1).padStart(8)} ms ${f.percent.toFixed(1).padStart(5)}%  ${f.name}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = process.argv[2];
  if (path === undefined) {
    process.stderr.write('usage: node bench/profile-summary.ts FILE.cpuprofile [--top N]\n');
    process.exitCode = 2;
  } else {
    const option = (name: string, fallback: number): number => {
      const at = process.argv.indexOf(name);
      return at > 0 ? Number(process.argv[at + 1]) : fallback;
    };
    const fromMs = option('--from-ms', 0);
    const toMs = option('--to-ms', Infinity);
    const window = fromMs > 0 || toMs < Infinity ? ` (${fromMs} ms to ${toMs} ms)` : '';
    process.stdout.write(`${formatSummary(summariseProfile(path, option('--top', 25), fromMs, toMs), `${path}${window}`)}\n`);
  }
}
