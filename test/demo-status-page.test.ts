/**
 * `tracecore demo` prints the status page's address first, and the page answers there while the
 * incident plays: a user can open it in a browser and watch.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusSnapshotSchema } from '../src/telemetry/status/snapshot-schema.ts';
import { startCli } from './support/cli.ts';

describe('demo and the status page', () => {
  it('prints the page address and serves the page and status.json while the incident plays', async () => {
    const { child, done } = startCli(['demo', '--speed', '3']);
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no status page address in 60 s; stdout so far:\n${out}`)), 60_000);
        child.stdout?.on('data', (chunk: string) => {
          out += chunk;
          const m = /Status page: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      const page = await fetch(url);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<title>tracecore status<\/title>/);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const s = statusSnapshotSchema.parse(await (await fetch(`${url}status.json`)).json());
        if (s.events.some((e) => e.hint !== null)) break;
        assert.ok(Date.now() < deadline, 'no hinted event on the page within 60 s');
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal((await done).code, 0);
    } finally {
      child.kill();
    }
  });
});
