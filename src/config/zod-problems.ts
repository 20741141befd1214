/**
 * Turns zod issues into config problems a user can act on: the YAML path, the line, and what is
 * wrong with what is allowed. Unknown keys are reported one by one, each at its own line.
 */
import type { z } from 'zod';
import type { ConfigProblem } from './errors.ts';
import type { ConfigPath, YamlSource } from './yaml-source.ts';

export function zodProblems(issues: readonly z.core.$ZodIssue[], prefix: ConfigPath, source: YamlSource): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        problems.push({ path: keyPath.join('.'), line: source.lineOf(keyPath), message: `unknown key "${key}"${allowedKeys(issue)}` });
      }
      continue;
    }
    if (issue.code === 'invalid_key') {
      problems.push({ path: path.join('.'), line: source.lineOf(path), message: issue.issues.map((i) => i.message).join('; ') });
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the branch that got furthest (the most specific explanation).
      const best = issue.errors.reduce((a, b) => (deepest(b) > deepest(a) ? b : a));
      problems.push(...zodProblems(best, prefix, source));
      continue;
    }
    problems.push({ path: path.join('.'), line: source.lineOf(path), message: describeIssue(issue) });
  }
  return problems;
}

function deepest(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

function allowedKeys(issue: z.core.$ZodIssue): string {
  const known = (issue as { knownKeys?: string[] }).knownKeys;
  return known && known.length > 0 ? `; allowed: ${known.join(', ')}` : '';
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
