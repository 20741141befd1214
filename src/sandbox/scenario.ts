/**
 * A scenario: changes to the sandbox's Events on a timeline, played by playScenario().
 * `atMs` is the time since the start at speed 1; steps run in `atMs` order.
 */
import type { EventPatch } from './event-store.ts';
import type { EventInput, EventRef } from './event-types.ts';

export type ScenarioStep =
  /** Create an Event (watch: ADDED). Give metadata.name and namespace when a later step refers to it. */
  | { readonly atMs: number; readonly op: 'add'; readonly event: EventInput }
  /** The Event happened again: series.count or deprecatedCount + 1 (watch: MODIFIED). */
  | { readonly atMs: number; readonly op: 'recur'; readonly ref: EventRef }
  /** Change fields of an Event (watch: MODIFIED). */
  | { readonly atMs: number; readonly op: 'modify'; readonly ref: EventRef; readonly patch: EventPatch }
  /** Remove an Event, as its TTL expiring does (watch: DELETED). */
  | { readonly atMs: number; readonly op: 'delete'; readonly ref: EventRef };

export interface Scenario {
  readonly name: string;
  /** One or two sentences: the story the scenario tells. */
  readonly description: string;
  readonly steps: readonly ScenarioStep[];
}

/** Length of a scenario at speed 1 (the last step's time). */
export function scenarioDurationMs(scenario: Scenario): number {
  return scenario.steps.reduce((max, step) => Math.max(max, step.atMs), 0);
}
