/**
 * Builds an exporter's sending queue from its `queue` config and wires it to the metrics
 * (tracecore_exporter_queue_size / _queue_capacity in records, _queue_bytes / _queue_capacity_bytes,
 * _queue_corrupt_total; all present at 0 from creation) and the logs.
 */
import { join } from 'node:path';
import type { CreateSettings } from '../../../component/types.ts';
import type { EventRecord } from '../../../model/record.ts';
import type { RateLimitedLog } from '../../../telemetry/logger.ts';
import type { Payload } from '../transport.ts';
import type { QueueConfig } from './queue-config.ts';
import { MemoryStore } from './memory-store.ts';
import { SendingQueue, type ExporterQueue, type QueueObserver } from './sending-queue.ts';
import { WalStore } from './wal-store.ts';

/** Before anything is held: the records estimate assumes this many bytes per record. */
const INITIAL_BYTES_PER_RECORD = 130;

export function createSendingQueue(config: QueueConfig, settings: CreateSettings, log: RateLimitedLog, encode: (records: EventRecord[]) => Promise<Payload>): ExporterQueue {
  const { id, metrics } = settings;
  const size = metrics.exporterQueueSize.labels(id);
  const capacity = metrics.exporterQueueCapacity.labels(id);
  const bytes = metrics.exporterQueueBytes.labels(id);
  const capacityBytes = metrics.exporterQueueCapacityBytes.labels(id);
  const corrupt = metrics.exporterQueueCorrupt.labels(id);
  const diskFull = metrics.exporterQueueDiskFull.labels(id);
  const maxRecords = config.storage === undefined ? config.size : undefined;
  let bytesPerRecord = INITIAL_BYTES_PER_RECORD;
  const observer: QueueObserver = {
    sizeChanged(heldRecords, heldBytes) {
      if (heldRecords > 0) bytesPerRecord = heldBytes / heldRecords;
      size.set(heldRecords);
      bytes.set(heldBytes);
      capacity.set(Math.min(maxRecords ?? Infinity, Math.max(1, Math.floor(config.max_bytes / bytesPerRecord))));
    },
    storageFull(error) {
      diskFull.inc();
      log.warn(
        `${id}:queue_disk_full`,
        { exporter: id, error: error.message, when_full: config.when_full },
        config.when_full === 'block' ? 'no space left for the persistent queue: it is full, new batches wait (the receiver pauses) until acknowledged batches free space' : 'no space left for the persistent queue: batch dropped (queue.when_full: drop)',
      );
    },
    corruptEntry(error) {
      corrupt.inc();
      log.warn(`${id}:queue_corrupt`, { exporter: id, error: error.message }, 'skipped a batch of the persistent queue that cannot be read back: its records are lost');
    },
  };
  capacityBytes.set(config.max_bytes);
  observer.sizeChanged(0, 0);
  corrupt.inc(0);
  diskFull.inc(0);
  if (config.storage === undefined) return new SendingQueue(new MemoryStore(config.max_bytes), { whenFull: config.when_full, observer, maxRecords });
  const store = new WalStore({
    dir: join(config.storage, queueDirName(id)),
    maxBytes: config.max_bytes,
    fsync: config.fsync,
    onCorrupt(region) {
      corrupt.inc();
      log.warn(`${id}:queue_corrupt`, { exporter: id, file: region.file, offset: region.offset, bytes: region.bytes, kind: region.kind }, region.kind === 'torn' ? 'skipped a torn tail of the persistent queue (a write cut short by a crash)' : 'skipped a corrupt region of the persistent queue: the records in it are lost');
    },
    upgrade: encode,
    onUnreadablePointer(file) {
      corrupt.inc();
      log.warn(`${id}:queue_ack_pointer`, { exporter: id, file }, 'the persistent queue\'s ack file cannot be read: every batch still on disk will be sent again (some records may arrive twice; none are lost)');
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
