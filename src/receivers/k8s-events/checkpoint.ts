/**
 * The receiver's checkpoint: which (uid, resourceVersion) pairs it has handed to the pipeline,
 * so a restarted tracecore sends no event twice. At start the set is loaded and the first list is
 * de-duplicated against it (the list still runs, so events that changed while tracecore was down
 * are delivered: no gap within the Event TTL).
 *
 * The text (encode/decode) is kept by a CheckpointStore: a file in `checkpoint_dir`
 * (FileCheckpointStore, written atomically: temp file, fsync, rename) or, with leader election, the
 * Lease. A missing checkpoint is a first start; a corrupt one is reported and ignored (the cost is
 * duplicates, never a crash).
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckpointStore } from './checkpoint-store.ts';

export const CHECKPOINT_FILE = 'k8s_events.checkpoint.json';
const FORMAT = 1;

interface CheckpointFile {
  format: number;
  /** [uid, resourceVersion] pairs, oldest first. */
  seen: Array<[string, string]>;
}

export function encodeCheckpoint(seen: Iterable<[string, string]>): string {
  const body: CheckpointFile = { format: FORMAT, seen: [...seen] };
  return JSON.stringify(body);
}

export function decodeCheckpoint(text: string): { seen: Array<[string, string]>; problem?: string } {
  try {
    const parsed = JSON.parse(text) as CheckpointFile;
    if (parsed.format !== FORMAT || !Array.isArray(parsed.seen)) return { seen: [], problem: `checkpoint format ${String(parsed.format)} is not ${FORMAT}: starting without it` };
    return { seen: parsed.seen.filter((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string') };
  } catch (err) {
    return { seen: [], problem: `checkpoint is corrupt (${(err as Error).message}): starting without it` };
  }
}

/** The checkpoint as a file in `checkpoint_dir` (single replica). */
export class FileCheckpointStore implements CheckpointStore {
  readonly description: string;
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    this.description = `file ${join(dir, CHECKPOINT_FILE)}`;
  }

  async load(): Promise<string | undefined> {
    try {
      return await readFile(join(this.dir, CHECKPOINT_FILE), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`cannot read the checkpoint: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
    }
  }

  async save(data: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = join(this.dir, CHECKPOINT_FILE);
    const temp = `${target}.${process.pid}.tmp`;
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
  }
}
