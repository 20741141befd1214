/**
 * The part of the event conditions the API server can apply itself, as a `fieldSelector` for list
 * and watch (kubernetes-watch.md: exact `=`/`!=` terms on a fixed set of field labels, ANDed; no
 * sets, no regexes). Only terms that drop exactly what the in-process filter drops are pushed
 * down, so the records are the same either way; the receiver still applies every condition.
 *
 *  - min_event_type: Warning  -> `type!=Normal`
 *  - namespaces.exclude       -> `regarding.namespace!=X` per namespace (a cluster-scoped object's
 *                                empty namespace is never equal to X, so it is kept, as in process)
 *  - kinds.exclude            -> `regarding.kind!=X` per kind
 *  - kinds.include of one     -> `regarding.kind=X` (several would need a set: in process)
 *  - reason_regex `^Word$`    -> `reason=Word` (a plain word anchored at both ends)
 *
 * namespaces.include is not pushed down: `regarding.namespace=X` would also drop the events about
 * cluster-scoped objects that the in-process filter keeps.
 */
import type { EventConditions } from './conditions-config.ts';

type Pushable = Pick<EventConditions, 'min_event_type' | 'namespaces' | 'kinds' | 'reason_regex'>;

/** Characters a field selector value may carry unescaped (`,`, `=`, `!` and `\` would need escaping). */
const PLAIN_VALUE = /^[A-Za-z0-9._:/-]+$/;
const ANCHORED_WORD = /^\^([A-Za-z0-9]+)\$$/;

export function fieldSelectorFor(conditions: Pushable): string | undefined {
  const terms: string[] = [];
  const term = (label: string, op: '=' | '!=', value: string): void => {
    if (PLAIN_VALUE.test(value)) terms.push(`${label}${op}${value}`);
  };
  if (conditions.min_event_type === 'Warning') term('type', '!=', 'Normal');
  for (const namespace of conditions.namespaces.exclude) term('regarding.namespace', '!=', namespace);
  if (conditions.kinds.include.length === 1) term('regarding.kind', '=', conditions.kinds.include[0]);
  for (const kind of conditions.kinds.exclude) term('regarding.kind', '!=', kind);
  const word = conditions.reason_regex === undefined ? null : ANCHORED_WORD.exec(conditions.reason_regex);
  if (word !== null) term('reason', '=', word[1]);
  return terms.length === 0 ? undefined : terms.join(',');
}
