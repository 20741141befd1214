import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AckedRanges } from './acked-ranges.ts';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-format.ts';
import { MAX_ACKED_RANGES, Position, type PositionState } from './position.ts';
import { compareRv, isOrderedRv } from './resource-version.ts';

function tracker(state?: PositionState) {
  const events = { moved: 0, gaveUp: 0 };
  const position = new Position({ onMoved: () => void events.moved++, onGaveUp: (n) => void (events.gaveUp += n) }, state);
  return { position, events };
}

describe('resourceVersion order', () => {
  it('orders decimal integers of any length and refuses what is not one', () => {
    assert.ok(compareRv('9', '10') < 0);
    assert.ok(compareRv('123456789012345678901234', '123456789012345678901233') > 0);
    assert.equal(compareRv('42', '42'), 0);
    for (const bad of ['', '0', '007', 'abc', '1.5', '-3', 'MTIz']) assert.equal(isOrderedRv(bad), false, bad);
  });
});

describe('AckedRanges', () => {
  it('extends the watermark on in-order acks and keeps a hole open until it is filled', () => {
    const r = new AckedRanges(10);
    r.add('0', '10');
    assert.equal(r.watermark, '10');
    r.add('20', '30'); // (10, 20] not yet acknowledged
    assert.equal(r.watermark, '10');
    assert.deepEqual(r.list(), [['20', '30']]);
    assert.ok(r.covers('25') && !r.covers('15') && r.covers('7'));
    r.add('10', '20');
    assert.equal(r.watermark, '30');
    assert.equal(r.size, 0);
  });

  it('merges out-of-order ranges and gives up the lowest hole past its bound', () => {
    const r = new AckedRanges(2);
    r.add('50', '60');
    r.add('30', '40');
    r.add('40', '50');
    assert.deepEqual(r.list(), [['30', '60']]);
    r.add('70', '80');
    assert.equal(r.add('90', '95'), 1, 'third range: the hole (0, 30] is given up');
    assert.equal(r.watermark, '60');
    assert.deepEqual(r.list(), [['70', '80'], ['90', '95']]);
  });
});

describe('Position', () => {
  it('moves the watermark over a fully acknowledged list and the watch after it', () => {
    const { position } = tracker();
    position.beginList('100');
    const a = position.listItem('default/a', '90');
    const b = position.listItem('default/b', '95');
    position.endList('100');
    const w = position.watchItem('105');
    position.settle(a, b, true);
    assert.equal(position.resumeFrom(), '100');
    position.settle(w, w, true);
    assert.equal(position.resumeFrom(), '105');
    assert.equal(position.inFlight, 0);
    assert.deepEqual(position.snapshot().acked, []);
  });

  it('keeps a nacked watch record below the watermark, and what is acknowledged after it as a range', () => {
    const { position } = tracker();
    position.beginList('100');
    position.endList('100');
    const seqs = ['101', '102', '103', '104'].map((rv) => position.watchItem(rv));
    position.settle(seqs[0], seqs[0], true);
    position.settle(seqs[1], seqs[1], false);
    position.settle(seqs[2], seqs[3], true);
    assert.equal(position.resumeFrom(), '101');
    assert.deepEqual(position.snapshot().acked, [['102', '104']]);
    assert.equal(position.delivered('default/x', '100'), true);
    // After a restart, only the nacked one is sent again.
    const { position: restarted } = tracker(position.snapshot());
    assert.deepEqual(['101', '102', '103', '104'].map((rv) => restarted.delivered('default/x', rv)), [true, false, true, true]);
  });

  it('does not move past a record still in flight, whatever is acknowledged after it', () => {
    const { position } = tracker();
    position.beginList('10');
    position.endList('10');
    const first = position.watchItem('11');
    const second = position.watchItem('12');
    position.settle(second, second, true);
    assert.equal(position.resumeFrom(), '10');
    position.settle(first, first, true);
    assert.equal(position.resumeFrom(), '12');
  });

  it('remembers how far an interrupted list was acknowledged, in key order', () => {
    const { position } = tracker();
    position.beginList('500');
    const a = position.listItem('default/a', '300');
    const b = position.listItem('default/b', '450');
    const c = position.listItem('default/c', '200');
    position.settle(a, b, true);
    position.settle(c, c, false);
    const snap = position.snapshot();
    assert.deepEqual(snap.list, { rv: '500', through: 'default/c', except: [['default/c', '200']] });
    assert.equal(snap.watermark, '0');
    const { position: restarted } = tracker(snap);
    assert.equal(restarted.resumeFrom(), undefined, 'no watermark yet: list again');
    assert.equal(restarted.delivered('default/a', '300'), true);
    assert.equal(restarted.delivered('default/b', '450'), true);
    assert.equal(restarted.delivered('default/b', '510'), false, 'changed since: send the new version');
    assert.equal(restarted.delivered('default/c', '200'), false, 'nacked: send again');
  });

  it('a list restarted over the same snapshot keeps what the failed pass acknowledged', () => {
    const { position } = tracker();
    position.beginList('500');
    const a = position.listItem('default/a', '300');
    const c = position.listItem('default/c', '450');
    position.settle(a, c, true);
    // The list fails (e.g. a looping continue token) and starts again at the same snapshot: the
    // items already delivered are skipped as they come, and must not pull the memo back.
    position.beginList('500');
    assert.equal(position.delivered('default/a', '300'), true);
    position.listItem('default/a', '300', true);
    assert.equal(position.delivered('default/c', '450'), true, 'the memo still reaches default/c');
    position.listItem('default/c', '450', true);
    assert.deepEqual(position.snapshot().list, { rv: '500', through: 'default/c' });
  });

  it('drops the list memo of a list seen out of key order', () => {
    const { position } = tracker();
    position.beginList('500');
    const b = position.listItem('default/b', '300');
    position.settle(b, b, true);
    assert.deepEqual(position.snapshot().list, { rv: '500', through: 'default/b' });
    const a = position.listItem('default/a', '301');
    assert.equal(position.snapshot().list, undefined);
    position.settle(a, a, true);
    assert.equal(position.snapshot().list, undefined);
    assert.equal(tracker(position.snapshot()).position.delivered('default/a', '301'), false);
  });

  it('settles bookmarks and deletions with nothing in flight at once', () => {
    const { position, events } = tracker();
    position.watchFrom('10');
    position.watchSettled('20');
    assert.equal(position.resumeFrom(), undefined, 'no watermark before something anchors it at the bottom');
    position.beginList('30');
    position.endList('30');
    position.watchSettled('40');
    assert.equal(position.resumeFrom(), '40');
    assert.ok(events.moved >= 2);
  });

  it('stays the same size while 200,000 events pass in order', () => {
    const { position } = tracker();
    position.beginList('1000');
    position.endList('1000');
    let rv = 1000;
    let largest = 0;
    for (let i = 0; i < 200_000; i++) {
      rv += 1 + (i % 3);
      const seq = position.watchItem(String(rv));
      if (i % 500 === 499) position.settle(seq - 499, seq, true);
      largest = Math.max(largest, encodeCheckpoint({ mode: 'ordered', state: position.snapshot() }).length);
    }
    assert.equal(position.resumeFrom(), String(rv));
    assert.ok(largest < 200, `checkpoint stays under 200 bytes (largest ${largest})`);
    assert.equal(position.inFlight, 0);
  });

  it('keeps at most MAX_ACKED_RANGES ranges when every other record is nacked', () => {
    const { position, events } = tracker();
    position.beginList('10');
    position.endList('10');
    for (let i = 0; i < 2 * MAX_ACKED_RANGES + 20; i++) {
      const seq = position.watchItem(String(11 + i));
      position.settle(seq, seq, i % 2 === 1);
    }
    assert.ok(position.snapshot().acked.length <= MAX_ACKED_RANGES);
    assert.ok(events.gaveUp > 0);
  });
});

describe('checkpoint format', () => {
  it('round-trips and refuses what it did not write', () => {
    const state: PositionState = { watermark: '120', watermarkTime: Date.parse('2026-11-26T14:00:00.000Z'), acked: [['130', '140']], list: { rv: '100', through: 'ns/a' } };
    const back = decodeCheckpoint(encodeCheckpoint({ mode: 'ordered', state }));
    assert.deepEqual(back, { mode: 'ordered', state });
    assert.throws(() => decodeCheckpoint('{"format":1,"seen":[]}'), /format 1/);
    assert.throws(() => decodeCheckpoint('{"format":2,"mode":"ordered","watermark":"x"}'), /watermark/);
    assert.throws(() => decodeCheckpoint('{"format":2,'), /not JSON/);
  });
});
