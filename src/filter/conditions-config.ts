/**
 * The event filter conditions, one schema for the `k8s_events` receiver and the `filter`
 * processor: what a user writes once means the same in both places. Every condition is optional;
 * an event is kept when it passes all configured ones (record-filter.ts says exactly how).
 */
import { z } from 'zod';
import { HINTS } from '../model/hint.ts';
import { re2Pattern } from './re2-pattern.ts';

/** Stands for "the event has no hint" in `hints.include` / `hints.exclude`. */
export const NO_HINT = 'none';

const nonEmpty = z.string().min(1);
const hintName = z.enum([...HINTS, NO_HINT]);

/** `{ include: [...], exclude: [...] }`: include (when not empty) keeps only those, exclude drops those. */
export function includeExclude<T extends z.ZodType<string>>(item: T, what: string) {
  return z
    .object({
      include: z.array(item).default([]).describe(`keep only these ${what} (empty: all)`),
      exclude: z.array(item).default([]).describe(`drop these ${what}`),
    })
    .strict()
    .prefault({});
}

export const eventConditionsShape = {
  namespaces: z
    .object({
      include: z.array(nonEmpty).default([]).describe('only events about objects in these namespaces (empty: all); events about cluster-scoped objects such as Nodes are always kept'),
      exclude: z.array(nonEmpty).default([]).describe('drop events about objects in these namespaces'),
    })
    .strict()
    .prefault({})
    .describe('filter by the namespace of the object an event is about (regarding.namespace)'),
  reason_regex: re2Pattern().optional().describe('keep only events whose reason matches this RE2 pattern (unanchored: use ^...$ for a whole-reason match)'),
  min_event_type: z.enum(['Normal', 'Warning']).default('Normal').describe('Warning drops Normal events; events of any other or no type are kept'),
  kinds: includeExclude(nonEmpty, 'kinds').describe('filter by the kind of the object an event is about (regarding.kind, e.g. Pod, Node)'),
  name_regex: re2Pattern().optional().describe('keep only events about objects whose name (regarding.name) matches this RE2 pattern'),
  note_regex: re2Pattern().optional().describe('keep only events whose note (as cut to note_max_bytes) matches this RE2 pattern'),
  min_count: z.number().int().min(1).max(1_000_000_000).default(1).describe('keep only events whose series count is at least this'),
  hints: includeExclude(hintName, 'hints').describe(`filter by hint (k8s.event.hint); \`${NO_HINT}\` stands for events without a hint`),
};

export const eventConditionsSchema = z.object(eventConditionsShape);

export type EventConditions = z.output<typeof eventConditionsSchema>;
