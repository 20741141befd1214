/**
 * End-to-end acknowledgements: how a receiver learns that the records it handed on are delivered.
 *
 * Contract (every component keeps it):
 * - `consume(records, ack)` hands the records *and* the duty to settle `ack` exactly once.
 * - `ack.ack()`: every record was delivered (accepted by the endpoint), written durably to a
 *   persistent queue, filtered out on purpose, or rejected for good by the endpoint (a permanent
 *   error: sending it again cannot help; it is counted as dropped).
 * - `ack.nack()`: at least one record was dropped for lack of time or room (shutdown budget spent,
 *   retries exhausted, a full queue in drop mode). The receiver's position stays below it, so a
 *   restart sends it again while the API server still holds it.
 * - A processor that splits a batch settles the parent once all parts are settled (`joinAcks`);
 *   one that merges batches settles each source's ack when the merged batch is settled
 *   (`allAcks`). A processor that emits records of its own (findings) passes them with `NO_ACK`.
 * - Fan-out to several exporters acknowledges only when every exporter acknowledged.
 */
export interface Ack {
  ack(): void;
  nack(): void;
}

/** For records nobody waits on (findings, tests). */
export const NO_ACK: Ack = Object.freeze({ ack() {}, nack() {} });

/**
 * Splits one ack into `parts` acks: the parent is settled once every part is settled; it is acked
 * only if every part acked. Settling a part twice counts once.
 */
export function joinAcks(parent: Ack, parts: number): Ack[] {
  if (parts <= 0) {
    parent.ack();
    return [];
  }
  if (parts === 1) return [once(parent)];
  let pending = parts;
  let failed = false;
  const settle = (ok: boolean): void => {
    if (!ok) failed = true;
    pending--;
    if (pending === 0) {
      if (failed) parent.nack();
      else parent.ack();
    }
  };
  const out: Ack[] = [];
  for (let i = 0; i < parts; i++) out.push(once({ ack: () => settle(true), nack: () => settle(false) }));
  return out;
}

/** One ack that settles every ack in `sources` the same way (a merged batch). */
export function allAcks(sources: readonly Ack[]): Ack {
  if (sources.length === 1) return sources[0];
  const list = sources.slice();
  return once({
    ack: () => {
      for (const a of list) a.ack();
    },
    nack: () => {
      for (const a of list) a.nack();
    },
  });
}

/** Wraps an ack so that only its first settlement counts. */
export function once(inner: Ack): Ack {
  let done = false;
  return {
    ack() {
      if (done) return;
      done = true;
      inner.ack();
    },
    nack() {
      if (done) return;
      done = true;
      inner.nack();
    },
  };
}
