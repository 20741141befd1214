/**
 * Hostile mode: the sandbox API misbehaving the ways a broken API server, a proxy in the way or an
 * attacker could, to test that the agent stays bounded (memory, requests, time) and says what is
 * wrong. Turned on with `sandbox.hostile({...})`, off with `sandbox.hostile(undefined)` or
 * `clearFaults()`. Nothing here is stored: padding is made as the bytes are written.
 *
 *   listPageBytes       every list page carries this much padding (a page too large to hold)
 *   listBytesPerSecond  list bodies trickle out at this rate (a body that never finishes in time)
 *   repeatContinue      every list page ends with the same continue token (a loop)
 *   endlessPages        every list page has fresh items and a new continue token, forever
 *   watchesEndAtOnce    every watch answers 200 and ends at once with no event
 *   noteBytes           every Event's note, in lists and watches, is padded to this many bytes
 */
import type { ServerResponse } from 'node:http';
import { writePaced } from './paced-writer.ts';

export interface HostileMode {
  readonly listPageBytes?: number;
  readonly listBytesPerSecond?: number;
  readonly repeatContinue?: boolean;
  readonly endlessPages?: boolean;
  readonly watchesEndAtOnce?: boolean;
  readonly noteBytes?: number;
}

/** Continue tokens hostile lists hand out (the normal list code would answer them 400). */
const LOOP_TOKEN = 'tracecore-sandbox-loop';
const ENDLESS_PREFIX = 'tracecore-sandbox-endless-';

/** True for the continue tokens only hostile lists hand out. */
export function isHostileToken(token: string | null): boolean {
  return token !== null && (token === LOOP_TOKEN || token.startsWith(ENDLESS_PREFIX));
}

/** An Event's JSON (watch or list form) with its note padded to `noteBytes` bytes. */
export function padNote(json: string, noteBytes: number | undefined): string {
  if (noteBytes === undefined) return json;
  const at = json.indexOf('"note":"');
  if (at < 0) return json;
  const start = at + '"note":"'.length;
  return `${json.slice(0, start)}${'n'.repeat(noteBytes)}${json.slice(start)}`;
}

/**
 * Rewrites a normal list page (JSON text) the hostile way: notes padded, and the continue token
 * replaced by a repeating one or a fresh one with fresh uids on every page.
 */
export function hostileListBody(body: string, continueToken: string | null, mode: HostileMode): string {
  const list = JSON.parse(body) as { metadata: { continue?: string }; items: Array<{ metadata: { uid: string; name: string }; note?: string }> };
  if (mode.repeatContinue) list.metadata.continue = LOOP_TOKEN;
  if (mode.endlessPages) {
    const page = continueToken?.startsWith(ENDLESS_PREFIX) ? Number(continueToken.slice(ENDLESS_PREFIX.length)) + 1 : 1;
    list.metadata.continue = `${ENDLESS_PREFIX}${page}`;
    for (const item of list.items) {
      item.metadata.uid = `${item.metadata.uid}-page-${page}`;
      item.metadata.name = `${item.metadata.name}-page-${page}`;
    }
  }
  if (mode.noteBytes !== undefined) for (const item of list.items) item.note = 'n'.repeat(mode.noteBytes) + (item.note ?? '');
  return JSON.stringify(list);
}

/**
 * Writes a JSON body, with `listPageBytes` of padding inside its metadata (`"padding":"nnn..."`),
 * at most `listBytesPerSecond` (default: as fast as the client reads).
 */
export function writeHostileBody(res: ServerResponse, body: string, mode: HostileMode): void {
  const at = body.indexOf('"metadata":{') + '"metadata":{'.length;
  const padBytes = mode.listPageBytes ?? 0;
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
  writePaced(res, padBytes > 0 ? [body.slice(0, at), '"padding":"', padBytes, '",', body.slice(at)] : [body], mode.listBytesPerSecond);
}
