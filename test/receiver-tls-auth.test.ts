/**
 * The receiver over TLS with each kind of credential the sandbox accepts, through a real kubeconfig.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startHarness, testEvent, type Harness } from './support/receiver-harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('k8s_events receiver: TLS and credentials', () => {
  const cases = [
    { name: 'a bearer token inline', sandbox: {}, kubeconfig: { user: 'token' as const }, credential: 'token' },
    { name: 'a token file', sandbox: {}, kubeconfig: { user: 'token-file' as const }, credential: 'token' },
    { name: 'a client certificate (inline data)', sandbox: { token: null, clientCertAuth: true }, kubeconfig: { user: 'client-cert' as const }, credential: 'client-cert' },
    { name: 'a client certificate (files)', sandbox: { token: null, clientCertAuth: true }, kubeconfig: { user: 'client-cert' as const, files: true }, credential: 'client-cert' },
  ];
  for (const c of cases) {
    it(`lists and watches over HTTPS with ${c.name}`, async () => {
      h = await startHarness({ sandbox: c.sandbox, kubeconfig: c.kubeconfig, before: (s) => void s.store.add(testEvent(1)) });
      await h.waitForRecords(1);
      await h.waitUntil('the watch to be open', () => h!.sandbox.openWatches === 1);
      h.sandbox.store.add(testEvent(2));
      await h.waitForRecords(2);
      const credentials = new Set(h.sandbox.requests.entries.map((r) => r.credential));
      assert.deepEqual([...credentials], [c.credential]);
      assert.ok(h.sandbox.url.startsWith('https://'));
    });
  }

  it('re-reads a rotated token file after a 401 and recovers', async () => {
    h = await startHarness({ kubeconfig: { user: 'token-file' } });
    await h.waitUntil('ready', () => h!.receiver.isReady());
    const { writeFile } = await import('node:fs/promises');
    const { dirname, join } = await import('node:path');
    // The sandbox rotates its token; the kubelet would write the new one into the projected file.
    const tokenFile = join(dirname(h.config.kubeconfig as string), 'sandbox-token');
    h.sandbox.setToken('rotated-token');
    h.sandbox.cutStreams();
    await h.waitUntil('a 401', () => h!.sandbox.requests.entries.some((r) => r.credential === 'rejected'));
    await writeFile(tokenFile, 'rotated-token');
    h.sandbox.store.add(testEvent(7));
    await h.waitForRecords(1);
    const credentials = h.sandbox.requests.entries.map((r) => r.credential);
    assert.ok(credentials.includes('rejected'), 'the old token was refused first');
    assert.equal(credentials.at(-1), 'token', 'then the re-read token was accepted');
  });
});
