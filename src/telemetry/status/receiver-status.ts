/**
 * What one receiver reports to the status page: its phase (listing, watching, standby as a
 * follower, stopped), whether it is degraded (with the last error) and whether backpressure has
 * paused it. The receiver calls these on transitions only, never per record.
 */
import type { z } from 'zod';
import type { receiverViewSchema } from './snapshot-schema.ts';

export type ReceiverView = z.infer<typeof receiverViewSchema>;
export type ReceiverPhase = ReceiverView['phase'];
export type ReceiverState = ReceiverView['state'];

/** Longest error message kept, in characters. */
export const ERROR_MESSAGE_MAX = 300;

export class ReceiverStatus {
  readonly id: string;
  private phase: ReceiverPhase = 'starting';
  private degraded = false;
  private paused = false;
  private lastError: { message: string; at: string } | null = null;

  constructor(id: string) {
    this.id = id;
  }

  setPhase(phase: ReceiverPhase): void {
    this.phase = phase;
  }

  /** A failed list or watch: degraded until `recovered()`. */
  failed(message: string): void {
    this.degraded = true;
    this.lastError = { message: copyCut(message, ERROR_MESSAGE_MAX), at: new Date().toISOString() };
  }

  recovered(): void {
    this.degraded = false;
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  view(): ReceiverView {
    const state: ReceiverState = this.paused ? 'paused' : this.degraded ? 'degraded' : this.phase;
    return { id: this.id, state, phase: this.phase, degraded: this.degraded, paused: this.paused, lastError: this.lastError };
  }
}

/** At most `max` characters, copied so the source string can be collected. */
export function copyCut(text: string, max: number): string {
  return text.length <= max ? text : Buffer.from(`${text.slice(0, max - 1)}…`).toString();
}
