/**
 * The `filter` processor's config: the receiver's event conditions (src/filter/conditions-config.ts)
 * plus which records pass at all (`records`) and conditions on findings (`finding_kinds`,
 * `finding_states`). Event conditions apply to event records only, finding conditions to findings
 * only, so `hints: { exclude: [none] }` keeps hinted events and still lets findings through.
 */
import { z } from 'zod';
import { eventConditionsShape, includeExclude } from '../../filter/conditions-config.ts';

const nonEmpty = z.string().min(1);

export const filterConfigSchema = z
  .object({
    ...eventConditionsShape,
    records: z.enum(['all', 'events', 'findings']).default('all').describe('which records pass: all, only events, or only findings (records of scope tracecore/findings)'),
    finding_kinds: includeExclude(nonEmpty, 'finding kinds').describe('filter findings by finding.kind'),
    finding_states: includeExclude(nonEmpty, 'finding states').describe('filter findings by finding.state (e.g. firing, resolved)'),
  })
  .strict();

export type FilterConfig = z.output<typeof filterConfigSchema>;
