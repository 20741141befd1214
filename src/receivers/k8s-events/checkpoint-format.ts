/**
 * The checkpoint's text (format 2): small JSON whose size does not grow with the cluster.
 *
 *   {"format":2,"mode":"ordered","watermark":"48213","watermarkTime":"2026-11-26T14:00:00.000Z",
 *    "acked":[["48220","48290"]],"list":{"rv":"48100","through":"default/pod-7.17f3"}}
 *
 * `mode: "exact"` is the fallback for an API server whose resourceVersions are not ordered
 * integers: the newest delivered (uid, resourceVersion) pairs, at most EXACT_PAIRS_SAVED.
 * Anything else (format 1 of older releases, garbage, wrong types) is refused with a reason.
 */
import type { Range } from './acked-ranges.ts';
import type { PositionState } from './position.ts';
import { isOrderedRv, RV_ZERO } from './resource-version.ts';

export const CHECKPOINT_FORMAT = 2;
/** Delivered pairs a fallback (exact-mode) checkpoint keeps, newest first: about 140 KiB. */
export const EXACT_PAIRS_SAVED = 2000;

export type Checkpoint = { readonly mode: 'ordered'; readonly state: PositionState } | { readonly mode: 'exact'; readonly pairs: ReadonlyArray<readonly [string, string]> };

export function encodeCheckpoint(checkpoint: Checkpoint): string {
  if (checkpoint.mode === 'exact') return JSON.stringify({ format: CHECKPOINT_FORMAT, mode: 'exact', pairs: checkpoint.pairs.slice(-EXACT_PAIRS_SAVED) });
  const s = checkpoint.state;
  return JSON.stringify({
    format: CHECKPOINT_FORMAT,
    mode: 'ordered',
    watermark: s.watermark,
    watermarkTime: s.watermarkTime > 0 ? new Date(s.watermarkTime).toISOString() : undefined,
    acked: s.acked,
    list: s.list,
  });
}

/** Decodes a checkpoint; throws an Error saying what is wrong with it. */
export function decodeCheckpoint(text: string): Checkpoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON (${(err as Error).message})`, { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null) throw new Error('not a JSON object');
  const c = parsed as { [key: string]: unknown };
  if (c.format !== CHECKPOINT_FORMAT) throw new Error(`format ${JSON.stringify(c.format)} is not ${CHECKPOINT_FORMAT} (written by another release)`);
  if (c.mode === 'exact') {
    if (!Array.isArray(c.pairs) || !c.pairs.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string')) throw new Error('pairs is not a list of [uid, resourceVersion]');
    return { mode: 'exact', pairs: c.pairs as Array<[string, string]> };
  }
  if (c.mode !== 'ordered') throw new Error(`unknown mode ${JSON.stringify(c.mode)}`);
  const watermark = c.watermark;
  if (typeof watermark !== 'string' || (watermark !== RV_ZERO && !isOrderedRv(watermark))) throw new Error('watermark is not a resourceVersion');
  const acked = c.acked ?? [];
  if (!Array.isArray(acked) || !acked.every((r) => Array.isArray(r) && r.length === 2 && r.every((v) => typeof v === 'string' && isOrderedRv(v)))) throw new Error('acked is not a list of [from, to] resourceVersions');
  let list: PositionState['list'];
  if (c.list !== undefined) {
    const l = c.list as { rv?: unknown; through?: unknown; except?: unknown };
    if (typeof l !== 'object' || l === null || typeof l.rv !== 'string' || !isOrderedRv(l.rv) || typeof l.through !== 'string') throw new Error('list is not { rv, through }');
    const except = l.except ?? [];
    if (!Array.isArray(except) || !except.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string')) throw new Error('list.except is not a list of [key, resourceVersion]');
    list = { rv: l.rv, through: l.through, ...(except.length > 0 ? { except: except as Array<[string, string]> } : {}) };
  }
  const time = typeof c.watermarkTime === 'string' ? Date.parse(c.watermarkTime) : 0;
  return { mode: 'ordered', state: { watermark, watermarkTime: Number.isFinite(time) ? time : 0, acked: acked as Range[], ...(list ? { list } : {}) } };
}
