/**
 * Turns zod issues into config problems a user can act on: the YAML path, the line, and what is
 * wrong with what is allowed. Unknown keys are reported one by one, each at its own line, up to
 * MAX_UNKNOWN_KEYS per map (then one line says how many more): a file of 20,000 stray keys is
 * reported in linear time, and readably.
 */
import { z } from 'zod';
import { closestWord } from './closest-word.ts';
import type { ConfigProblem } from './errors.ts';
import type { ConfigPath, YamlSource } from './yaml-source.ts';

export function zodProblems(issues: readonly z.core.$ZodIssue[], prefix: ConfigPath, source: YamlSource, schema?: z.ZodType): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const misspelled = new Set<string>();
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, issue.path);
      for (const key of issue.keys.slice(0, MAX_UNKNOWN_KEYS)) {
        const keyPath = [...path, key];
        const meant = closestWord(key, known);
        if (meant !== undefined) misspelled.add([...path, meant].join('.'));
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
  return problems.filter((p) => !(misspelled.has(p.path) && p.message.startsWith('is required')));
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
  const close = closestWord(key, known);
  return `${close ? ` (did you mean "${close}"?)` : ''}; allowed: ${known.join(', ')}`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const received = (issue as { input?: unknown }).input;
      if (received === undefined) return `is required (${typeName(issue.expected)})`;
      if (!issue.message.startsWith('Invalid input')) return issue.message;
      return `must be ${article(typeName(issue.expected))}, got ${describeValue(received)}`;
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
      // A regex check with its own message says what to write; zod's default names the check.
      return issue.message.startsWith('Invalid') ? `is not in the expected form (${issue.format})` : issue.message;
    default:
      return issue.message;
  }
}

/** zod's type names as a YAML user calls them. */
function typeName(expected: string): string {
  return expected === 'record' || expected === 'object' ? 'map' : expected === 'array' ? 'list' : expected;
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
