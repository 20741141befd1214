/**
 * Builds an exporter's sending queue from its `queue` config and wires it to the metrics
 * (tracecore_exporter_queue_size / _queue_capacity / _queue_corrupt_total) and the logs.
 */
import { join } from 'node:path';
import type { CreateSettings } from '../../../component/types.ts';
import type { RateLimitedLog } from '../../../telemetry/logger.ts';
import type { QueueConfig } from './queue-config.ts';
import { MemoryStore } from './memory-store.ts';
import { SendingQueue, type ExporterQueue, type QueueObserver } from './sending-queue.ts';
import { WalStore } from './wal-store.ts';

export function createSendingQueue(config: QueueConfig, settings: CreateSettings, log: RateLimitedLog): ExporterQueue {
  const { id, metrics } = settings;
  const size = metrics.exporterQueueSize.labels(id);
  const capacity = metrics.exporterQueueCapacity.labels(id);
  const corrupt = metrics.exporterQueueCorrupt.labels(id);
  const observer: QueueObserver = {
    sizeChanged(heldRecords, capacityRecords) {
      size.set(heldRecords);
      capacity.set(capacityRecords);
    },
    corruptEntry(error) {
      corrupt.inc();
      log.warn(`${id}:queue_corrupt`, { exporter: id, error: error.message }, 'skipped a batch of the persistent queue that cannot be read back: its records are lost');
    },
  };
  if (config.storage === undefined) return new SendingQueue(new MemoryStore(config.size), { whenFull: config.when_full, observer });
  const store = new WalStore({
    dir: join(config.storage, queueDirName(id)),
    maxBytes: config.max_bytes,
    fsync: config.fsync,
    onCorrupt(region) {
      corrupt.inc();
      log.warn(`${id}:queue_corrupt`, { exporter: id, file: region.file, offset: region.offset, bytes: region.bytes, kind: region.kind }, region.kind === 'torn' ? 'skipped a torn tail of the persistent queue (a write cut short by a crash)' : 'skipped a corrupt region of the persistent queue: the records in it are lost');
    },
    onDiskError(error, consequence) {
      log.error(`${id}:queue_disk`, { exporter: id, error: (error as Error).message }, consequence);
    },
  });
  return new SendingQueue(store, { whenFull: config.when_full, observer });
}

/**
 * The exporter's own directory under queue.storage: its id with `/` as `.` (`otlp_http/prod` ->
 * `otlp_http.prod`; a type has no `.`, so two ids never share a directory).
 */
export function queueDirName(exporterId: string): string {
  return exporterId.replace('/', '.');
}
