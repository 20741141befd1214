/**
 * A wrapper for credential material (tokens, passwords, private keys) so it cannot end up in a log
 * line, an error message or a JSON dump by accident: printing, inspecting or serialising it gives
 * `[redacted]`. Only `reveal()` hands out the value, at the one place that sends it.
 */
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

export class Secret<T extends string | Buffer = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  /** Same content (constant-time is not needed: both sides are ours). */
  equals(other: Secret<T> | undefined): boolean {
    if (other === undefined) return false;
    const a = this.#value;
    const b = other.#value;
    if (typeof a === 'string' || typeof b === 'string') return a === b;
    return a.equals(b);
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
