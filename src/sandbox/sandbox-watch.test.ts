import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventObject } from './event-types.ts';
import { SandboxApiServer } from './sandbox-server.ts';
import { WatchReader, getJson, listAll } from '../../test/support/sandbox-test-client.ts';
import { generateEvents } from './synthetic-events.ts';

function podEvent(name: string, namespace = 'watch'): EventObject {
  return { metadata: { name, namespace }, reason: 'Started', note: `Started container ${name}`, type: 'Normal', regarding: { kind: 'Pod', namespace, name } };
}

const ref = (name: string, namespace = 'watch') => ({ namespace, name });

describe('sandbox watch', () => {
  let sandbox: SandboxApiServer;
  before(async () => {
    sandbox = await SandboxApiServer.start({ protocol: 'http', token: null, bookmarkIntervalMs: 50 });
  });
  after(() => sandbox.close());

  it('replays exactly the changes after the RV, in order, then live ones', async () => {
    sandbox.store.add(podEvent('before'));
    const listed = await listAll(sandbox, 100, 'watch');
    sandbox.store.add(podEvent('a'));
    sandbox.store.recur(ref('before'));
    sandbox.store.delete(ref('a'));
    sandbox.store.add(podEvent('elsewhere', 'other-namespace'));
    const all = await WatchReader.open(sandbox, { resourceVersion: listed.resourceVersion });
    const scoped = await WatchReader.open(sandbox, { resourceVersion: listed.resourceVersion }, { namespace: 'watch' });
    try {
      const replay = await all.changes(4);
      assert.deepEqual(
        replay.map((l) => `${l.type} ${l.object?.metadata?.name}`),
        ['ADDED a', 'MODIFIED before', 'DELETED a', 'ADDED elsewhere'],
      );
      assert.equal(replay[0].object?.kind, 'Event', 'watch objects carry kind');
      assert.equal(replay[0].object?.apiVersion, 'events.k8s.io/v1');
      const rvs = replay.map((l) => Number(l.object?.metadata?.resourceVersion));
      assert.deepEqual(rvs, [rvs[0], rvs[0] + 1, rvs[0] + 2, rvs[0] + 3], 'DELETED carries the deletion RV');
      assert.equal(replay[1].object?.series?.count, 2);

      assert.deepEqual((await scoped.changes(3)).map((l) => l.type), ['ADDED', 'MODIFIED', 'DELETED']);
      sandbox.store.add(podEvent('live'));
      const [live] = await scoped.changes(1);
      assert.equal(live.object?.metadata?.name, 'live');
    } finally {
      await all.close();
      await scoped.close();
    }
  });

  it('sends bookmarks carrying only the resource version, and none unless asked', async () => {
    const plain = await WatchReader.open(sandbox, { resourceVersion: sandbox.store.resourceVersion, timeoutSeconds: '1' });
    const watch = await WatchReader.open(sandbox, { resourceVersion: sandbox.store.resourceVersion, allowWatchBookmarks: 'true' });
    try {
      sandbox.store.add(podEvent('bookmarked'));
      const lines = await watch.until((l) => l.type === 'BOOKMARK' && l.object?.metadata?.resourceVersion === sandbox.store.resourceVersion);
      const bookmark = lines[lines.length - 1];
      assert.deepEqual(bookmark.object, { kind: 'Event', apiVersion: 'events.k8s.io/v1', metadata: { resourceVersion: sandbox.store.resourceVersion } });
      const rest = await plain.rest();
      assert.deepEqual(rest.lines.map((l) => l.type), ['ADDED']);
    } finally {
      await watch.close();
      await plain.close();
    }
  });

  it('ends the stream cleanly after timeoutSeconds', async () => {
    const watch = await WatchReader.open(sandbox, { resourceVersion: sandbox.store.resourceVersion, timeoutSeconds: '1' });
    sandbox.store.add(podEvent('before-timeout'));
    const { lines, end } = await watch.rest();
    await watch.close();
    assert.equal(end, 'clean');
    assert.deepEqual(lines.map((l) => l.type), ['ADDED']);
    assert.equal(sandbox.openWatches, 0);
  });

  it('treats resourceVersion 0 or unset as "from now"', async () => {
    sandbox.store.add(podEvent('old-news'));
    const watch = await WatchReader.open(sandbox, { resourceVersion: '0' });
    try {
      sandbox.store.add(podEvent('news'));
      const [first] = await watch.changes(1);
      assert.equal(first.object?.metadata?.name, 'news');
    } finally {
      await watch.close();
    }
  });

  it('answers a compacted RV with an in-stream ERROR 410 Expired', async () => {
    const old = sandbox.store.resourceVersion;
    sandbox.store.add(podEvent('gone-1'));
    sandbox.store.compact();
    const watch = await WatchReader.open(sandbox, { resourceVersion: old });
    const { lines, end } = await watch.rest();
    await watch.close();
    assert.equal(watch.status, 200);
    assert.equal(end, 'clean');
    assert.equal(lines.length, 1);
    assert.equal(lines[0].type, 'ERROR');
    assert.equal(lines[0].object?.kind, 'Status');
    assert.equal(lines[0].object?.code, 410);
    assert.equal(lines[0].object?.reason, 'Expired');
    assert.match(lines[0].object?.message ?? '', /too old resource version/);
  });

  it('sends the initial state for sendInitialEvents, ending with an annotated bookmark', async () => {
    const isolated = await SandboxApiServer.start({ protocol: 'http', token: null });
    try {
      for (let i = 0; i < 600; i++) isolated.store.add(podEvent(`initial-${String(i).padStart(3, '0')}`));
      const watch = await WatchReader.open(isolated, { sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: 'true' });
      const lines = await watch.until((l) => l.type === 'BOOKMARK');
      const end = lines[lines.length - 1];
      assert.equal(lines.length, 601);
      assert.ok(lines.slice(0, 600).every((l) => l.type === 'ADDED'));
      assert.deepEqual(end.object?.metadata, { resourceVersion: isolated.store.resourceVersion, annotations: { 'k8s.io/initial-events-end': 'true' } });
      isolated.store.add(podEvent('after-initial'));
      const [next] = await watch.changes(1);
      assert.equal(next.object?.metadata?.name, 'after-initial');
      await watch.close();
      const refused = await getJson(isolated, '/apis/events.k8s.io/v1/events', { watch: 'true', sendInitialEvents: 'true' });
      assert.equal(refused.status, 422);
    } finally {
      await isolated.close();
    }
  });

  it('gives a watch that falls behind the history window an ERROR 410', async () => {
    const small = await SandboxApiServer.start({ protocol: 'http', token: null, historyLimit: 5 });
    try {
      const start = small.store.resourceVersion;
      for (let i = 0; i < 5; i++) small.store.add(podEvent(`w-${i}`));
      const watch = await WatchReader.open(small, { resourceVersion: start });
      assert.equal((await watch.changes(5)).length, 5);
      await watch.close();
      small.store.add(podEvent('w-5'));
      const late = await WatchReader.open(small, { resourceVersion: start });
      const { lines } = await late.rest();
      await late.close();
      assert.deepEqual(lines.map((l) => `${l.type} ${l.object?.code ?? ''}`), ['ERROR 410']);
    } finally {
      await small.close();
    }
  });
});

describe('sandbox watch, HTTP 410 mode and backpressure', () => {
  it('answers a compacted RV with HTTP 410 when configured so', async () => {
    const sandbox = await SandboxApiServer.start({ protocol: 'http', token: null, expiredWatch: 'http' });
    try {
      const old = sandbox.store.resourceVersion;
      sandbox.store.add(podEvent('x'));
      sandbox.store.compact();
      const answer = await getJson(sandbox, '/apis/events.k8s.io/v1/events', { watch: 'true', resourceVersion: old });
      assert.equal(answer.status, 410);
      assert.equal(answer.body.reason, 'Expired');
    } finally {
      await sandbox.close();
    }
  });

  it('stops writing to a client that stops reading (and can drop it as too slow)', async () => {
    const sandbox = await SandboxApiServer.start({ protocol: 'http', token: null, slowWatcherTimeoutMs: 200 });
    try {
      const watch = await WatchReader.open(sandbox, { resourceVersion: sandbox.store.resourceVersion });
      // The client reads nothing while ~20 MB of events are produced.
      const events = generateEvents(20_000, 3);
      for (const event of events) sandbox.store.add(event);
      await sandbox.requests.waitFor((r) => r.kind === 'watch');
      await waitUntil(() => sandbox.openWatches === 0);
      const { lines, end } = await watch.rest();
      await watch.close();
      assert.equal(end, 'clean');
      assert.ok(lines.length > 0, 'what was written before the client stalled arrives');
      assert.ok(lines.length < events.length, `the server held back what the client could not take (got ${lines.length})`);
      const rvs = lines.map((l) => Number(l.object?.metadata?.resourceVersion));
      assert.ok(rvs.every((rv, i) => i === 0 || rv === rvs[i - 1] + 1), 'no gap in what was sent');
    } finally {
      await sandbox.close();
    }
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
