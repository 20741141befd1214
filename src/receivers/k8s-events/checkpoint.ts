/**
 * The file CheckpointStore (checkpoint-store.ts) for a single replica: `k8s_events.checkpoint.json`
 * in `checkpoint_dir`, written atomically (temp file, fsync, rename, fsync of the directory) and
 * read with a size cap, regular files only (a FIFO must not block the start).
 */
import { lstat, mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckpointStore } from './checkpoint-store.ts';

export const CHECKPOINT_FILE = 'k8s_events.checkpoint.json';
/** A checkpoint is a few KiB; anything over this is not one of ours. */
export const CHECKPOINT_MAX_BYTES = 1024 * 1024;

export class FileCheckpointStore implements CheckpointStore {
  readonly description: string;
  private readonly dir: string;
  private readonly path: string;

  constructor(dir: string) {
    this.dir = dir;
    this.path = join(dir, CHECKPOINT_FILE);
    this.description = `file ${this.path}`;
  }

  async load(): Promise<string | undefined> {
    let info;
    try {
      info = await lstat(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    if (!info.isFile()) throw new Error(`${this.path} is not a regular file`);
    if (info.size > CHECKPOINT_MAX_BYTES) throw new Error(`${this.path} is ${info.size} bytes, over the ${CHECKPOINT_MAX_BYTES}-byte cap of a checkpoint`);
    return readFile(this.path, 'utf8');
  }

  async save(data: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, this.path);
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
