/** Reads what the `file` exporter wrote (OTLP/JSON, one request per line) and counts records by event.uid. */
import { readFile } from 'node:fs/promises';

interface OtlpJsonLine {
  resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<{ attributes: Array<{ key: string; value: { stringValue?: string } }> }> }> }>;
}

/** uid -> times exported, over every file given (a missing file counts as empty). */
export async function exportedUids(paths: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    });
    for (const line of text.split('\n')) {
      if (line === '') continue;
      let request: OtlpJsonLine;
      try {
        request = JSON.parse(line) as OtlpJsonLine;
      } catch {
        continue; // a line still being written
      }
      for (const rl of request.resourceLogs) {
        for (const sl of rl.scopeLogs) {
          for (const lr of sl.logRecords) {
            const uid = lr.attributes.find((a) => a.key === 'event.uid')?.value.stringValue ?? '';
            counts.set(uid, (counts.get(uid) ?? 0) + 1);
          }
        }
      }
    }
  }
  return counts;
}
