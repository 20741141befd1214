/**
 * Reads deploy/prometheus/alerts.yaml and pulls out what the tests check: each alert, the
 * metric selectors its expression uses, and the labels it groups or matches on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROMETHEUS_DIR } from './deploy-paths.ts';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

export interface Selector {
  readonly metric: string;
  readonly matchers: ReadonlyArray<{ readonly label: string; readonly op: string; readonly value: string }>;
}

export const ALERTS_FILE = join(PROMETHEUS_DIR, 'alerts.yaml');
export const ALERT_TESTS_DIR = join(PROMETHEUS_DIR, 'tests');

export function loadAlertRules(): AlertRule[] {
  const doc = parse(readFileSync(ALERTS_FILE, 'utf8')) as { groups: Array<{ rules: Array<Partial<AlertRule> & { record?: string }> }> };
  return doc.groups.flatMap((g) => g.rules).filter((r): r is AlertRule => typeof r.alert === 'string');
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'atan2', 'inf', 'nan']);

/** Metric selectors in a PromQL expression (function and keyword names excluded). */
export function selectorsOf(expr: string): Selector[] {
  const withoutRanges = expr.replace(/\[[^\]]*\]/g, ' ').replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, (s) => ' '.repeat(s.length));
  const selectors: Selector[] = [];
  const pattern = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?(\s*\()?/g;
  // Identifiers inside strings are not metrics: mask their letters, keeping every offset, and
  // read matcher values back from the unmasked text at the same positions.
  const masked = withoutRanges.replace(/"(?:[^"\\]|\\.)*"/g, (s) => s.replace(/[a-zA-Z_]/g, '0'));
  for (let m = pattern.exec(masked); m !== null; m = pattern.exec(masked)) {
    const [whole, name, braces, call] = m;
    if (call !== undefined || KEYWORDS.has(name.toLowerCase())) continue;
    if (m.index > 0 && /[0-9.]/.test(masked[m.index - 1])) continue; // the unit of a duration or number, e.g. offset 5m
    const original = braces === undefined ? '' : withoutRanges.slice(m.index + whole.indexOf('{'), m.index + whole.indexOf('{') + braces.length);
    const matchers = [...original.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)].map((x) => ({ label: x[1], op: x[2], value: x[3] }));
    selectors.push({ metric: name, matchers });
  }
  return selectors;
}

/** Labels named in by(...), without(...), on(...), ignoring(...), group_left(...), group_right(...). */
export function groupingLabelsOf(expr: string): string[] {
  return [...expr.matchAll(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((s) => s.trim()).filter((s) => s !== ''));
}

/** Labels an annotation template reads through $labels.NAME. */
export function templateLabelsOf(annotations: Record<string, string>): string[] {
  return [...new Set(Object.values(annotations).flatMap((text) => [...text.matchAll(/\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)/g)].map((m) => m[1])))];
}

/** GitHub's heading anchor: lower case, punctuation other than - and _ removed, spaces to -. */
export function githubSlug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}
