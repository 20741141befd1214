/**
 * Reads a saved event dump: `kubectl get events -A -o json` (core/v1 or events.k8s.io/v1 lists),
 * a JSON array, a single Event, or one JSON object per line (Events or watch events
 * `{"type":"ADDED","object":{…}}`). Every object is normalized to the events.k8s.io/v1 shape.
 */
import type { K8sEvent } from '../../receivers/k8s-events/event.ts';
import { normalizeEvent } from '../../receivers/k8s-events/normalize.ts';
import { isJsonObject as isObject } from '../../model/json-value.ts';
import { splitJsonDocuments } from './json-documents.ts';

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
  const addDocument = (value: unknown, where: string): void => {
    const items: unknown[] | undefined = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.items) ? value.items : undefined;
    if (items === undefined) objects.push({ value, where });
    else items.forEach((item, i) => objects.push({ value: item, where: `${where}, item ${i + 1}` }));
  };
  if (whole.ok) {
    addDocument(whole.value, 'the document');
  } else {
    const { documents, notJson } = splitJsonDocuments(trimmed);
    for (const [first, last] of notJson) skipped.push(first === last ? `line ${first}: not JSON` : `lines ${first}-${last}: not JSON (${last - first + 1} lines)`);
    for (const document of documents) {
      const parsed = tryParse(document.text);
      if (parsed.ok) addDocument(parsed.value, `line ${document.line}`);
      else skipped.push(`line ${document.line}: not JSON (${parsed.error})`);
    }
    if (objects.length === 0) throw new UnreadableDumpError(`not a JSON document, JSON lines nor concatenated JSON documents: ${whole.error}`);
  }
  const entries: DumpEntry[] = [];
  const otherKinds = new Map<string, number>();
  for (const { value, where } of objects) {
    let op: DumpEntry['op'] = 'upsert';
    let object = value;
    if (isObject(value) && typeof value.type === 'string' && isObject(value.object)) {
      if (value.type === 'BOOKMARK' || value.type === 'ERROR') continue;
      op = value.type === 'DELETED' ? 'delete' : 'upsert';
      object = value.object;
    }
    const kind = isObject(object) && typeof object.kind === 'string' ? object.kind : undefined;
    if (kind !== undefined && kind !== 'Event') {
      otherKinds.set(kind, (otherKinds.get(kind) ?? 0) + 1);
      continue;
    }
    const event = normalizeEvent(object);
    if (event === undefined) skipped.push(`${where}: not an Event with metadata.uid`);
    else entries.push({ op, event });
  }
  if (otherKinds.size > 0) skipped.push(`objects that are not Events: ${[...otherKinds].map(([kind, n]) => `${n} ${kind}`).join(', ')}`);
  return { entries, skipped };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
