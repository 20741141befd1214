/**
 * `tracecore demo` on a real terminal (issue 9, defect 7): every line fits the terminal's width
 * (process.stdout.columns), colours included, with the event columns aligned and long notes cut
 * with an ellipsis. The command runs in-process with a stdout that says it is an 80- or
 * 100-column TTY, as a terminal does.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { demoCommand } from '../src/cli/demo-command.ts';

class FakeTerminal extends Writable {
  readonly isTTY = true;
  readonly columns: number;
  text = '';
  constructor(columns: number) {
    super();
    this.columns = columns;
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

const ESC = String.fromCharCode(27);
const visible = (line: string): string => line.replaceAll(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');

for (const columns of [80, 100]) {
  describe(`demo at ${columns} columns`, () => {
    it('fits every line, aligns the event columns and cuts long notes with an ellipsis', async () => {
      const stdout = new FakeTerminal(columns);
      let stderr = '';
      const code = await demoCommand({ speed: 60 }, { stdout, stderr: new Writable({ write: (c: Buffer, _e, done) => ((stderr += c.toString()), done()) }), env: {} });
      assert.equal(code, 0, stderr);
      const lines = stdout.text.split('\n').map(visible);
      const tooWide = lines.filter((l) => [...l].length > columns);
      assert.deepEqual(tooWide, [], `lines wider than ${columns} columns`);
      assert.ok(stdout.text.includes(`${ESC}[`), 'a terminal gets colour');

      const events = lines.filter((l) => /\b(BackOff|Evicted|OOMKilling|FailedScheduling|Unhealthy|Pulled|Killing)\b/.test(l) && !l.includes('|'));
      assert.ok(events.length >= 10, `event lines: ${events.length}\n${stdout.text}`);
      const reasonAt = (l: string): number => l.search(/\b(BackOff|Evicted|OOMKilling|FailedScheduling|Unhealthy|Pulled|Killing)\b/);
      assert.equal(new Set(events.map(reasonAt)).size, 1, `the reason column starts at one offset:\n${events.join('\n')}`);
      assert.ok(events.some((l) => l.endsWith('…')), 'a long note is cut with an ellipsis');
      assert.equal(events.some((l) => /^\d{2}:\d{2}:\d{2} {2}/.test(l)), columns >= 100, 'the time shows from 100 columns');
    });
  });
}
