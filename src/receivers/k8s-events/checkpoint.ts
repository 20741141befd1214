/**
 * The receiver's checkpoint: which (uid, resourceVersion) pairs it has handed to the pipeline,
 * kept in `checkpoint_dir` so a restarted tracecore sends no event twice. At start the set is
 * loaded and the first list is de-duplicated against it (the list still runs, so events that
 * changed while tracecore was down are delivered: no gap within the Event TTL).
 *
 * Written atomically (temp file, fsync, rename) every `intervalMs` when it changed, and once more
 * at shutdown after the receiver's queue has been handed on. A missing file is a first start; a
 * corrupt one is reported and ignored (the cost is duplicates, never a crash).
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

export const CHECKPOINT_FILE = 'k8s_events.checkpoint.json';
const FORMAT = 1;

interface CheckpointFile {
  format: number;
  /** [uid, resourceVersion] pairs, oldest first. */
  seen: Array<[string, string]>;
}

export async function loadCheckpoint(dir: string): Promise<{ seen: Array<[string, string]>; problem?: string }> {
  let text: string;
  try {
    text = await readFile(join(dir, CHECKPOINT_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { seen: [] };
    return { seen: [], problem: `cannot read the checkpoint: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  try {
    const parsed = JSON.parse(text) as CheckpointFile;
    if (parsed.format !== FORMAT || !Array.isArray(parsed.seen)) return { seen: [], problem: `checkpoint format ${String(parsed.format)} is not ${FORMAT}: starting without it` };
    return { seen: parsed.seen.filter((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string') };
  } catch (err) {
    return { seen: [], problem: `checkpoint is corrupt (${(err as Error).message}): starting without it` };
  }
}

export async function saveCheckpoint(dir: string, seen: Iterable<[string, string]>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, CHECKPOINT_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  const body: CheckpointFile = { format: FORMAT, seen: [...seen] };
  const file = await open(temp, 'w', 0o600);
  try {
    await file.writeFile(JSON.stringify(body));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, target);
}
