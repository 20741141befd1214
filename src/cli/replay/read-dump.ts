/**
 * Reads a saved event dump: `kubectl get events -A -o json` (core/v1 or events.k8s.io/v1 lists),
 * a JSON array, a single Event, or one JSON object per line (Events or watch events
 * `{"type":"ADDED","object":{…}}`). Every object is normalized to the events.k8s.io/v1 shape.
 */
import type { K8sEvent } from '../../receivers/k8s-events/event.ts';
import { normalizeEvent } from '../../receivers/k8s-events/normalize.ts';
import { isJsonObject as isObject } from '../../model/json-value.ts';

export interface DumpEntry {
  readonly op: 'upsert' | 'delete';
  readonly event: K8sEvent;
}

export interface Dump {
  readonly entries: DumpEntry[];
  /** Human-readable reasons for what was skipped (bad lines, non-Event objects). */
  readonly skipped: string[];
}

export class UnreadableDumpError extends Error {}

export function parseDump(text: string): Dump {
  const trimmed = text.trim();
  if (trimmed === '') return { entries: [], skipped: [] };
  const whole = tryParse(trimmed);
  const skipped: string[] = [];
  const objects: Array<{ value: unknown; where: string }> = [];
  if (whole.ok) {
    const value = whole.value;
    const items = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.items) ? value.items : [value];
    items.forEach((item, i) => objects.push({ value: item, where: `item ${i + 1}` }));
  } else {
    let parsedAny = false;
    trimmed.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      const parsed = tryParse(line);
      if (parsed.ok) {
        parsedAny = true;
        objects.push({ value: parsed.value, where: `line ${i + 1}` });
      } else {
        skipped.push(`line ${i + 1}: not JSON (${parsed.error})`);
      }
    });
    if (!parsedAny) throw new UnreadableDumpError(`not a JSON document nor JSON lines: ${whole.error}`);
  }
  const entries: DumpEntry[] = [];
  for (const { value, where } of objects) {
    let op: DumpEntry['op'] = 'upsert';
    let object = value;
    if (isObject(value) && typeof value.type === 'string' && isObject(value.object)) {
      if (value.type === 'BOOKMARK' || value.type === 'ERROR') continue;
      op = value.type === 'DELETED' ? 'delete' : 'upsert';
      object = value.object;
    }
    const event = normalizeEvent(object);
    if (event === undefined) skipped.push(`${where}: not an Event with metadata.uid`);
    else entries.push({ op, event });
  }
  return { entries, skipped };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
