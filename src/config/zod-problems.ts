/**
 * Turns zod issues into config problems a user can act on: the YAML path, the line, and what is
 * wrong with what is allowed. Unknown keys are reported one by one, each at its own line, up to
 * MAX_UNKNOWN_KEYS per map (then one line says how many more): a file of 20,000 stray keys is
 * reported in linear time, and readably.
 */
import { z } from 'zod';
import type { ConfigProblem } from './errors.ts';
import type { ConfigPath, YamlSource } from './yaml-source.ts';

export function zodProblems(issues: readonly z.core.$ZodIssue[], prefix: ConfigPath, source: YamlSource, schema?: z.ZodType): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, issue.path);
      for (const key of issue.keys.slice(0, MAX_UNKNOWN_KEYS)) {
        const keyPath = [...path, key];
        problems.push({ path: keyPath.join('.'), line: source.lineOf(keyPath), message: `unknown key "${key}"${allowedKeys(known, key)}` });
      }
      const more = issue.keys.length - MAX_UNKNOWN_KEYS;
      if (more > 0) problems.push({ path: path.join('.'), line: source.lineOf([...path, issue.keys[MAX_UNKNOWN_KEYS]]), message: `and ${more} more unknown keys (not listed)` });
      continue;
    }
    if (issue.code === 'invalid_key') {
      problems.push({ path: path.join('.'), line: source.lineOf(path), message: issue.issues.map((i) => i.message).join('; ') });
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the branch that got furthest (the most specific explanation).
      const best = issue.errors.reduce((a, b) => (deepest(b) > deepest(a) ? b : a));
      problems.push(...zodProblems(best, prefix, source, schema));
      continue;
    }
    problems.push({ path: path.join('.'), line: source.lineOf(path), message: describeIssue(issue) });
  }
  return problems;
}

function deepest(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

interface JsonNode {
  properties?: { [key: string]: JsonNode };
  additionalProperties?: JsonNode | boolean;
}

/** Unknown keys reported one by one in one map, at most. */
const MAX_UNKNOWN_KEYS = 20;

/** The keys allowed at `path`, read from the schema once per map with unknown keys. */
function knownKeys(schema: z.ZodType | undefined, path: readonly PropertyKey[]): string[] {
  if (!schema) return [];
  let node: JsonNode | undefined = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonNode;
  for (const segment of path) {
    const next: JsonNode | boolean | undefined = node?.properties?.[String(segment)] ?? node?.additionalProperties;
    node = typeof next === 'object' ? next : undefined;
  }
  return Object.keys(node?.properties ?? {});
}

/** "did you mean" and the keys allowed. */
function allowedKeys(known: readonly string[], key: string): string {
  if (known.length === 0) return '';
  const close = known.find((k) => editDistance(k, key) <= 2);
  return `${close ? ` (did you mean "${close}"?)` : ''}; allowed: ${known.join(', ')}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const received = (issue as { input?: unknown }).input;
      if (received === undefined) return `is required (${issue.expected})`;
      return `must be ${article(issue.expected)}, got ${describeValue(received)}`;
    }
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int') return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}, got ${describeValue((issue as { input?: unknown }).input)}`;
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return `must not be empty`;
      return issue.message;
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int') return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}, got ${describeValue((issue as { input?: unknown }).input)}`;
      return issue.message;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue((issue as { input?: unknown }).input)}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return JSON.stringify(value);
}
