/**
 * `fieldSelector` on list and watch, as the API server applies it to events.k8s.io/v1 Events
 * (kubernetes-watch.md; Kubernetes' Event field label conversion): terms `label=value`,
 * `label==value` or `label!=value`, separated by commas and ANDed; a missing field is the empty
 * string; any other label answers 400 `field label not supported: X`.
 */
import { kubeStatus, type KubeStatus } from './k8s-status.ts';

type Fields = { readonly [label: string]: string };

const LABELS: { readonly [label: string]: (event: EventFields) => unknown } = {
  'metadata.name': (e) => e.metadata?.name,
  'metadata.namespace': (e) => e.metadata?.namespace,
  reason: (e) => e.reason,
  type: (e) => e.type,
  reportingController: (e) => e.reportingController,
  deprecatedSource: (e) => e.deprecatedSource?.component,
  'regarding.kind': (e) => e.regarding?.kind,
  'regarding.namespace': (e) => e.regarding?.namespace,
  'regarding.name': (e) => e.regarding?.name,
  'regarding.uid': (e) => e.regarding?.uid,
  'regarding.apiVersion': (e) => e.regarding?.apiVersion,
  'regarding.resourceVersion': (e) => e.regarding?.resourceVersion,
  'regarding.fieldPath': (e) => e.regarding?.fieldPath,
};

interface EventFields {
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown };
  readonly reason?: unknown;
  readonly type?: unknown;
  readonly reportingController?: unknown;
  readonly deprecatedSource?: { readonly component?: unknown } | null;
  readonly regarding?: { readonly [field: string]: unknown } | null;
}

interface Term {
  readonly label: string;
  readonly equal: boolean;
  readonly value: string;
}

/** Matches a stored Event (its JSON); parsed fields are cached per JSON string. */
export type FieldMatcher = (json: string) => boolean;

export function parseFieldSelector(text: string | null): { readonly matches: FieldMatcher | undefined } | { readonly error: KubeStatus } {
  if (text === null || text.trim() === '') return { matches: undefined };
  const terms: Term[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (m === null) return { error: kubeStatus(400, `invalid field selector: "${part}": expected label=value or label!=value`) };
    const label = m[1];
    if (!Object.hasOwn(LABELS, label)) return { error: kubeStatus(400, `field label not supported: ${label}`) };
    terms.push({ label, equal: m[2] !== '!=', value: m[3] });
  }
  const cache = new Map<string, Fields>();
  return {
    matches: (json) => {
      let fields = cache.get(json);
      if (fields === undefined) {
        fields = fieldsOf(JSON.parse(json) as EventFields, terms);
        if (cache.size >= 10_000) cache.clear();
        cache.set(json, fields);
      }
      for (const t of terms) if ((fields[t.label] === t.value) !== t.equal) return false;
      return true;
    },
  };
}

function fieldsOf(event: EventFields, terms: readonly Term[]): Fields {
  const out: { [label: string]: string } = {};
  for (const t of terms) {
    const v = LABELS[t.label](event);
    out[t.label] = typeof v === 'string' ? v : '';
  }
  return out;
}
