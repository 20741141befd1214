/**
 * Where the receiver's checkpoint (its position: resume resourceVersion, acknowledged watermark and
 * ranges) is kept: a file in `checkpoint_dir` for a single replica, or the annotations of the
 * leader-election Lease with leader election on. The receiver owns the format (a small string);
 * a store only loads and saves it.
 */
export interface CheckpointStore {
  /** Where it is kept, for logs ("file /var/lib/tracecore/...", "lease tracecore/tracecore"). */
  readonly description: string;
  /** The saved checkpoint, or undefined when none was saved yet. Rejects when it cannot be read. */
  load(): Promise<string | undefined>;
  /** Saves atomically (all or nothing). Rejects when it could not be saved. */
  save(data: string): Promise<void>;
}
