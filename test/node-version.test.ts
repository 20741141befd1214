/**
 * Under a Node.js other than 24 the bin says which Node it needs and how to run it, and exits 2,
 * instead of ERR_UNKNOWN_FILE_EXTENSION. Runs a real older `node` found on PATH outside
 * node_modules (the system Node; v20 on the project's machines); skipped where there is none.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/tracecore.js', import.meta.url));

function olderNode(): { path: string; version: string } | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '' || dir.includes('node_modules')) continue;
    const path = join(dir, 'node');
    try {
      accessSync(path, constants.X_OK);
      const version = execFileSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 30_000 }).trim();
      if (Number(version.split('.')[0]) < 24) return { path, version };
    } catch {
      continue; // not there or not runnable: try the next PATH entry
    }
  }
  return undefined;
}

describe('Node.js below 24', () => {
  const old = olderNode();
  it('bin/tracecore.js prints what it needs and how to run it, and exits 2', { skip: old === undefined ? 'no Node.js below 24 on PATH' : false }, () => {
    assert.ok(old);
    const r = spawnSync(old.path, [BIN, 'demo'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, r.stderr);
    const major = old.version.split('.')[0];
    assert.equal(r.stderr, `tracecore needs Node.js 24 (found ${old.version}); run it with \`npx tracecore\` or \`npm start\`\n`);
    assert.match(r.stderr, new RegExp(`found ${major}\\.`));
    assert.equal(r.stdout, '');
  });
});
