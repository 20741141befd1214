/**
 * What enrichment keeps of a looked-up object: its kind and name, the labels and annotations the
 * config asks for, and its managing owner (the ownerReference with `controller: true`). Only the
 * wanted keys are kept, each value copied, so a cache entry is small whatever the object's size.
 */
export interface OwnerRef {
  readonly kind: string;
  readonly name: string;
}

export interface WorkloadSummary {
  readonly kind: string;
  readonly name: string;
  readonly controller: OwnerRef | undefined;
  /** [key, value] of the wanted labels the object has. */
  readonly labels: ReadonlyArray<readonly [string, string]>;
  readonly annotations: ReadonlyArray<readonly [string, string]>;
}

export type MissReason = 'not_found' | 'forbidden' | 'error';

/** A cache entry: the summary, or why there is none. */
export type Lookup = { readonly found: WorkloadSummary } | { readonly missing: MissReason };

interface ObjectShape {
  readonly kind?: unknown;
  readonly metadata?: {
    readonly name?: unknown;
    readonly labels?: unknown;
    readonly annotations?: unknown;
    readonly ownerReferences?: unknown;
  };
}

export function summarize(object: unknown, kind: string, name: string, wanted: { labels: readonly string[]; annotations: readonly string[] }): WorkloadSummary {
  const o = (typeof object === 'object' && object !== null ? object : {}) as ObjectShape;
  const meta = o.metadata ?? {};
  return {
    kind,
    name,
    controller: controllerOf(meta.ownerReferences),
    labels: pick(meta.labels, wanted.labels),
    annotations: pick(meta.annotations, wanted.annotations),
  };
}

function controllerOf(refs: unknown): OwnerRef | undefined {
  if (!Array.isArray(refs)) return undefined;
  for (const ref of refs as unknown[]) {
    if (typeof ref !== 'object' || ref === null) continue;
    const r = ref as { kind?: unknown; name?: unknown; controller?: unknown };
    if (r.controller === true && typeof r.kind === 'string' && typeof r.name === 'string') return { kind: copy(r.kind), name: copy(r.name) };
  }
  return undefined;
}

function pick(map: unknown, keys: readonly string[]): Array<readonly [string, string]> {
  if (keys.length === 0 || typeof map !== 'object' || map === null) return [];
  const out: Array<readonly [string, string]> = [];
  for (const key of keys) {
    const value = (map as { [key: string]: unknown })[key];
    if (typeof value === 'string' && Object.hasOwn(map, key)) out.push([key, copy(value.slice(0, 1024))]);
  }
  return out;
}

/** A fresh copy, so a cache entry never pins the response it was cut from. */
function copy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
