/**
 * Each exporter's queue fill, sent, failed and dropped counts, read from the exporter metrics
 * prom-client already keeps (nothing added to the send path), and a health word derived from how
 * those counts moved: `failing` when the latest change seen was a failed attempt rather than a
 * delivery, `dropping` when records were dropped in the last minute, else `ok`. Bounded: one small
 * entry per exporter id.
 */
import type { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../metrics.ts';
import type { ExporterView } from './snapshot-schema.ts';

/** How long a drop keeps an exporter `dropping`. */
export const DROPPING_FOR_MS = 60_000;
/** Exporters tracked at most (ids come from the config, so this is never reached in practice). */
const MAX_EXPORTERS = 64;

interface Seen {
  sent: number;
  failed: number;
  dropped: number;
  lastSentAt: number;
  lastFailedAt: number;
  lastDroppedAt: number;
}

export class ExporterStatusReader {
  private readonly metrics: Metrics;
  private readonly seen = new Map<string, Seen>();

  constructor(metrics: Metrics) {
    this.metrics = metrics;
  }

  async read(now = Date.now()): Promise<ExporterView[]> {
    const m = this.metrics;
    const [sent, failed, dropped, size, capacity] = await Promise.all([
      sumByExporter(m.exporterSent),
      sumByExporter(m.exporterSendFailed),
      sumByExporter(m.exporterDropped),
      sumByExporter(m.exporterQueueSize),
      sumByExporter(m.exporterQueueCapacity),
    ]);
    const ids = new Set([...sent.keys(), ...failed.keys(), ...size.keys(), ...capacity.keys(), ...dropped.keys()]);
    const views: ExporterView[] = [];
    for (const id of [...ids].sort().slice(0, MAX_EXPORTERS)) {
      const now_ = { sent: sent.get(id) ?? 0, failed: failed.get(id) ?? 0, dropped: dropped.get(id) ?? 0 };
      const s = this.track(id, now_, now);
      const health = now - s.lastDroppedAt < DROPPING_FOR_MS ? 'dropping' : s.lastFailedAt > s.lastSentAt ? 'failing' : 'ok';
      views.push({ id, health, queue: { size: size.get(id) ?? 0, capacity: capacity.get(id) ?? 0 }, ...now_ });
    }
    return views;
  }

  private track(id: string, counts: { sent: number; failed: number; dropped: number }, now: number): Seen {
    let s = this.seen.get(id);
    if (s === undefined) {
      if (this.seen.size >= MAX_EXPORTERS) this.seen.delete(this.seen.keys().next().value as string);
      s = { ...counts, lastSentAt: 0, lastFailedAt: counts.failed > 0 ? now : 0, lastDroppedAt: counts.dropped > 0 ? now : 0 };
      this.seen.set(id, s);
    }
    if (counts.sent > s.sent) s.lastSentAt = now;
    if (counts.failed > s.failed) s.lastFailedAt = now;
    if (counts.dropped > s.dropped) s.lastDroppedAt = now;
    s.sent = counts.sent;
    s.failed = counts.failed;
    s.dropped = counts.dropped;
    return s;
  }
}

/** Metric value per `exporter` label, summed over any other labels (e.g. drop reasons). */
async function sumByExporter(metric: Counter<string> | Gauge<string>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const { labels, value } of (await metric.get()).values) {
    const id = labels.exporter;
    if (typeof id !== 'string') continue;
    out.set(id, (out.get(id) ?? 0) + value);
  }
  return out;
}
