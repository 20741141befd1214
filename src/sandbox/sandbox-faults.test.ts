import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import type { EventObject } from './event-types.ts';
import { SandboxApiServer } from './sandbox-server.ts';
import { EVENTS, WatchReader, getJson, sandboxAgent } from '../../test/support/sandbox-test-client.ts';

function podEvent(name: string): EventObject {
  return { metadata: { name, namespace: 'faults' }, reason: 'BackOff', note: 'Back-off restarting failed container', type: 'Warning', regarding: { kind: 'Pod', namespace: 'faults', name } };
}

describe('sandbox fault injection', () => {
  let sandbox: SandboxApiServer;
  before(async () => {
    sandbox = await SandboxApiServer.start({ protocol: 'http', token: null, bookmarkIntervalMs: 20 });
  });
  after(() => sandbox.close());

  it('failNext answers 429 with Retry-After, then serves again; the request log shows it', async () => {
    sandbox.requests.clear();
    sandbox.failNext(2, { status: 429, retryAfterSeconds: 3 });
    for (let i = 0; i < 2; i++) {
      const throttled = await getJson(sandbox, EVENTS);
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers['retry-after'], '3');
      assert.equal(throttled.body.reason, 'TooManyRequests');
      assert.equal(throttled.body.details?.retryAfterSeconds, 3);
    }
    assert.equal((await getJson(sandbox, EVENTS)).status, 200);
    assert.deepEqual(sandbox.requests.entries.map((r) => `${r.kind} ${r.status}`), ['list 429', 'list 429', 'list 200']);
    assert.equal(sandbox.requests.lists, 3);
    assert.equal(sandbox.requests.watches, 0);
  });

  it('failNext can target watches only', async () => {
    sandbox.failNext(1, { status: 503, requests: 'watch' });
    assert.equal((await getJson(sandbox, EVENTS)).status, 200, 'a list is not hit');
    const failed = await getJson(sandbox, EVENTS, { watch: 'true', timeoutSeconds: '1' });
    assert.equal(failed.status, 503);
    assert.equal(failed.body.reason, 'ServiceUnavailable');
  });

  it('cutStreams breaks open watches abruptly; closeStreams ends them cleanly', async () => {
    const cut = await WatchReader.open(sandbox, { resourceVersion: sandbox.store.resourceVersion });
    await sandbox.requests.waitFor((r) => r.kind === 'watch' && r.status === 200);
    assert.equal(sandbox.cutStreams(), 1);
    assert.equal((await cut.rest()).end, 'broken');
    await cut.close();

    const closed = await WatchReader.open(sandbox, { resourceVersion: sandbox.store.resourceVersion });
    sandbox.store.add(podEvent('before-close'));
    await closed.changes(1);
    assert.equal(sandbox.closeStreams(), 1);
    assert.equal((await closed.rest()).end, 'clean');
    await closed.close();
  });

  it('a stalled stream sends nothing, not even bookmarks, until unstalled', async () => {
    const watch = await WatchReader.open(sandbox, { resourceVersion: sandbox.store.resourceVersion, allowWatchBookmarks: 'true' });
    try {
      await watch.until((l) => l.type === 'BOOKMARK');
      sandbox.stallStreams();
      await new Promise((resolve) => setTimeout(resolve, 30)); // let a bookmark already in flight arrive
      while (await watch.next(100).catch(() => undefined)); // drain it
      sandbox.store.add(podEvent('held-back'));
      await assert.rejects(watch.next(200), { name: 'TimeoutError' }, 'nothing arrives while stalled');
      sandbox.unstallStreams();
      const [held] = await watch.changes(1);
      assert.equal(held.object?.metadata?.name, 'held-back');
    } finally {
      await watch.close();
    }
  });

  it('injectMalformedLine writes a line between two events', async () => {
    const watch = await WatchReader.open(sandbox, { resourceVersion: sandbox.store.resourceVersion });
    try {
      sandbox.store.add(podEvent('one'));
      await watch.changes(1);
      assert.equal(sandbox.injectMalformedLine('{"type":"ADDED","object":{'), 1);
      sandbox.store.add(podEvent('two'));
      const [malformed, two] = await watch.changes(2);
      assert.equal(malformed.raw, '{"type":"ADDED","object":{');
      assert.equal(malformed.type, undefined);
      assert.equal(two.object?.metadata?.name, 'two');
    } finally {
      await watch.close();
    }
  });

  it('rejectConnections resets connections until turned off', async () => {
    const agent = sandboxAgent(sandbox);
    try {
      sandbox.rejectConnections();
      await assert.rejects(request(new URL(EVENTS, sandbox.url), { dispatcher: agent }));
      sandbox.rejectConnections(false);
      const answer = await request(new URL(EVENTS, sandbox.url), { dispatcher: agent });
      await answer.body.dump();
      assert.equal(answer.statusCode, 200);
    } finally {
      await agent.close();
    }
  });

  it('hangRequests holds requests unanswered, then answers them', async () => {
    sandbox.hangRequests();
    let answered = false;
    const pending = getJson(sandbox, EVENTS).then((a) => {
      answered = true;
      return a;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(answered, false);
    sandbox.hangRequests(false);
    assert.equal((await pending).status, 200);
  });
});
