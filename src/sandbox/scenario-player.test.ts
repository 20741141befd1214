import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventStore } from './event-store.ts';
import type { EventObject } from './event-types.ts';
import { SandboxApiServer } from './sandbox-server.ts';
import { scenarioDurationMs, type Scenario } from './scenario.ts';
import { playScenario } from './scenario-player.ts';
import { WatchReader } from '../../test/support/sandbox-test-client.ts';
import { incidentScenario } from './scenarios/incident.ts';
import { generateEvents } from './synthetic-events.ts';

const event = (name: string): EventObject => ({ metadata: { name, namespace: 'play' }, reason: 'Started', type: 'Normal', regarding: { kind: 'Pod', namespace: 'play', name } });

const tiny: Scenario = {
  name: 'tiny',
  description: 'three changes over 300 ms',
  steps: [
    { atMs: 300, op: 'delete', ref: { namespace: 'play', name: 'a' } },
    { atMs: 0, op: 'add', event: event('a') },
    { atMs: 150, op: 'recur', ref: { namespace: 'play', name: 'a' } },
  ],
};

describe('scenario playback', () => {
  it('plays steps in time order at the chosen speed, and a watch sees each change', async () => {
    const sandbox = await SandboxApiServer.start({ protocol: 'http', token: null });
    try {
      const watch = await WatchReader.open(sandbox, { resourceVersion: sandbox.store.resourceVersion });
      const played: string[] = [];
      const result = await playScenario(sandbox.store, tiny, { speed: 10, onStep: (step) => played.push(step.op) });
      assert.deepEqual(result, { played: 3, total: 3, aborted: false });
      assert.deepEqual(played, ['add', 'recur', 'delete']);
      assert.deepEqual((await watch.changes(3)).map((l) => l.type), ['ADDED', 'MODIFIED', 'DELETED']);
      await watch.close();
    } finally {
      await sandbox.close();
    }
  });

  it('stops early without throwing when aborted', async () => {
    const controller = new AbortController();
    const store = new EventStore();
    const playing = playScenario(store, tiny, { speed: 1, signal: controller.signal, onStep: () => controller.abort() });
    assert.deepEqual(await playing, { played: 1, total: 3, aborted: true });
    assert.equal(store.size, 1);
  });

  it('rejects a step that refers to a missing Event', async () => {
    const broken: Scenario = { name: 'broken', description: '', steps: [{ atMs: 0, op: 'recur', ref: { namespace: 'play', name: 'nope' } }] };
    await assert.rejects(playScenario(new EventStore(), broken, { speed: Infinity }), /no event play\/nope/);
  });
});

describe('the incident scenario', () => {
  it('tells the whole story in about a minute, with every step valid', async () => {
    const store = new EventStore();
    const result = await playScenario(store, incidentScenario, { speed: Infinity });
    assert.equal(result.played, incidentScenario.steps.length);
    assert.ok(incidentScenario.steps.length >= 40 && incidentScenario.steps.length <= 80);
    const duration = scenarioDurationMs(incidentScenario);
    assert.ok(duration >= 50_000 && duration <= 65_000, `${duration} ms`);
    const events = store.all();
    const reasons = new Set(events.map((e) => e.reason));
    for (const reason of ['NodeHasInsufficientMemory', 'EvictionThresholdMet', 'Evicted', 'OOMKilling', 'BackOff', 'Failed', 'FailedScheduling', 'Unhealthy', 'NodeHasSufficientMemory', 'Scheduled', 'Pulled', 'Started', 'ScalingReplicaSet']) {
      assert.ok(reasons.has(reason), `has ${reason}`);
    }
    for (const e of events) {
      assert.ok(e.reportingController, `${e.metadata.name} has a reportingController`);
      assert.ok(e.regarding?.uid && e.regarding.kind, `${e.metadata.name} has a regarding object`);
    }
    const pressure = events.filter((e) => e.reason === 'NodeHasInsufficientMemory' || e.reason === 'EvictionThresholdMet');
    assert.ok(pressure.every((e) => e.type === 'Normal'), 'kubelets report node pressure as Normal');
    assert.ok(events.some((e) => e.note?.startsWith('Failed to pull image')));
    assert.ok(events.some((e) => e.reason === 'BackOff' && e.note?.startsWith('Back-off pulling image')));
    assert.ok(events.some((e) => e.reason === 'BackOff' && e.note?.startsWith('Back-off restarting failed container') && (e.deprecatedCount ?? 0) > 1));
    assert.ok(events.some((e) => e.reason === 'FailedScheduling' && (e.series?.count ?? 0) > 1 && e.note?.startsWith('0/3 nodes are available')));
  });
});

describe('generateEvents', () => {
  it('is deterministic, about 900 bytes an event, with a real cluster reason mix', () => {
    assert.deepEqual(generateEvents(50, 9), generateEvents(50, 9));
    assert.notDeepEqual(generateEvents(50, 9), generateEvents(50, 10));
    const events = generateEvents(2000, 1);
    const store = new EventStore();
    for (const e of events) store.add(e);
    const sizes = store.page(store.currentRv, undefined, undefined, 0).items.map((v) => Buffer.byteLength(v.json));
    const average = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    assert.ok(average > 750 && average < 1100, `average ${average} bytes`);
    const normal = events.filter((e) => e.type === 'Normal').length / events.length;
    assert.ok(normal > 0.8 && normal < 0.95, `${normal} Normal`);
    const common = events.filter((e) => ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started'].includes(e.reason ?? '')).length / events.length;
    assert.ok(common > 0.6, `${common} are the five common reasons`);
  });
});
