/**
 * The shape of GET /status.json, version `tracecore.status/v0`: the single source for the
 * type the board builds, the test that checks a live answer, and docs/status-page.md.
 * Adding a field keeps v0; renaming or removing one makes v1.
 */
import { z } from 'zod';

export const STATUS_SCHEMA = 'tracecore.status/v0';

const isoTime = z.iso.datetime();

export const receiverViewSchema = z.strictObject({
  id: z.string(),
  state: z.enum(['starting', 'listing', 'watching', 'standby', 'stopped', 'degraded', 'paused']),
  phase: z.enum(['starting', 'listing', 'watching', 'standby', 'stopped']),
  degraded: z.boolean(),
  paused: z.boolean(),
  lastError: z.strictObject({ message: z.string(), at: isoTime }).nullable(),
});

export const exporterViewSchema = z.strictObject({
  id: z.string(),
  /** ok: sending or nothing to send; failing: the last change seen was a failed attempt; dropping: records dropped in the last minute. */
  health: z.enum(['ok', 'failing', 'dropping']),
  queue: z.strictObject({ size: z.number().int().nonnegative(), capacity: z.number().int().nonnegative() }),
  sent: z.number().nonnegative(),
  failed: z.number().nonnegative(),
  dropped: z.number().nonnegative(),
});

export const eventViewSchema = z.strictObject({
  time: isoTime,
  observedAt: isoTime,
  hint: z.string().nullable(),
  type: z.string().nullable(),
  reason: z.string().nullable(),
  object: z.strictObject({ kind: z.string().nullable(), namespace: z.string().nullable(), name: z.string().nullable() }),
  note: z.string(),
  count: z.number().int().positive(),
});

export const findingViewSchema = z.strictObject({
  kind: z.string(),
  subject: z.string(),
  since: isoTime,
  count: z.number().int().nonnegative(),
  summary: z.string(),
});

export const statusSnapshotSchema = z.strictObject({
  schema: z.literal(STATUS_SCHEMA),
  generatedAt: isoTime,
  version: z.string(),
  startedAt: isoTime,
  ready: z.boolean(),
  leader: z.strictObject({
    role: z.enum(['standalone', 'leader', 'follower']),
    holder: z.string().nullable(),
    since: isoTime,
  }),
  receivers: z.array(receiverViewSchema),
  exporters: z.array(exporterViewSchema),
  rate: z.strictObject({
    windowSeconds: z.number().int().positive(),
    bucketSeconds: z.number().int().positive(),
    end: z.number().int(),
    total: z.array(z.number().int().nonnegative()),
    byHint: z.array(z.strictObject({ hint: z.string(), counts: z.array(z.number().int().nonnegative()), total: z.number().int().positive() })),
  }),
  eventsSeen: z.number().int().nonnegative(),
  events: z.array(eventViewSchema).max(50),
  findings: z.array(findingViewSchema).max(50),
});

export type StatusSnapshot = z.infer<typeof statusSnapshotSchema>;
export type ExporterView = z.infer<typeof exporterViewSchema>;
export type EventView = z.infer<typeof eventViewSchema>;
export type FindingView = z.infer<typeof findingViewSchema>;
