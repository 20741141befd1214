/**
 * The status page in a real browser: Debian's chromium (installed by .ci/run), driven by
 * playwright-core, loads the page while the demo's incident plays against a real agent and checks
 * what a user would look for: the chart has points, the event list fills with hinted events, a
 * firing finding appears, and an exporter outage
 * shows. Screenshots are kept in test-artifacts/ (status-page.png, the first screen, is what
 * docs/status-page.png shows; status-page-full.png is the whole page).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { incidentScenario, playScenario } from '../src/sandbox/index.ts';
import { startStatusAgent, type StatusAgent } from './support/status-agent.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = new URL('../test-artifacts/', import.meta.url);
/** Generous: two shared cores, a browser and an agent. */
const WAIT_MS = 90_000;

let env: StatusAgent;
let profile: string;
let context: BrowserContext;
let page: Page;
const playback = new AbortController();
let playing: Promise<unknown> = Promise.resolve();

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  env = await startStatusAgent();
  profile = await mkdtemp(join(tmpdir(), 'tracecore-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 }, timeout: WAIT_MS });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(WAIT_MS);
});
after(async () => {
  playback.abort();
  await playing;
  await context?.close();
  await env?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/**
 * Polls until at least `n` elements match (the page's CSP forbids the string evaluation that
 * page.waitForFunction uses, so this asks through locators).
 */
async function untilCount(target: string | Locator, n: number): Promise<void> {
  const locator = typeof target === 'string' ? page.locator(target) : target;
  const deadline = Date.now() + WAIT_MS;
  while ((await locator.count()) < n) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} of ${String(target)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('status page in a browser', () => {
  it('shows the incident as it plays: chart, hinted events, findings, an exporter outage', async () => {
    await page.goto(`${env.base}/`);
    await page.waitForSelector('[data-receiver="k8s_events"][data-state="watching"]');
    playing = playScenario(env.sandbox.store, incidentScenario, { speed: 3, signal: playback.signal });

    await untilCount('#chart svg rect.point', 1);
    await untilCount('#event-rows tr[data-hint]:not([data-hint=""])', 10);
    const hints = await page.$$eval('#event-rows tr[data-hint] .hint', (cells) => cells.map((c) => c.textContent));
    assert.ok(hints.includes('pod_evicted') || hints.includes('oom_killed') || hints.includes('node_pressure'), `hints shown: ${hints.join(', ')}`);
    assert.ok((await page.$$('#legend span')).length > 0, 'the chart has a legend');

    await page.waitForSelector('#finding-list [data-finding="pod_eviction_storm"]');
    assert.match(await page.$eval('#problems', (p) => p.textContent), /finding/);

    // A note is text, never markup.
    env.sandbox.store.add({ metadata: { name: 'markup-1', namespace: 'shop' }, reason: 'BackOff', type: 'Warning', note: 'Back-off <img src=x onerror="document.title=1"> restarting', regarding: { kind: 'Pod', namespace: 'shop', name: 'orders-worker-5c8f7d9b4-k2m8p' } });
    await untilCount(page.locator('#event-rows td.note', { hasText: '<img src=x' }), 1);
    assert.equal(await page.$$eval('#event-rows img', (imgs) => imgs.length), 0);

    await env.endpoint.down();
    env.sandbox.store.add({ metadata: { name: 'outage-1', namespace: 'shop' }, reason: 'BackOff', type: 'Warning', note: 'Back-off restarting failed container', regarding: { kind: 'Pod', namespace: 'shop', name: 'orders-worker-5c8f7d9b4-k2m8p' } });
    await page.waitForSelector('tr[data-exporter="otlp_http"][data-health="failing"]');
    const failed = await page.$eval('tr[data-exporter="otlp_http"]', (tr) => tr.textContent);
    assert.match(failed, /failing/);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('status-page-full.png', ARTIFACTS).pathname, fullPage: true });
    await page.screenshot({ path: new URL('status-page.png', ARTIFACTS).pathname });

    await env.endpoint.up();
    await page.waitForSelector('tr[data-exporter="otlp_http"][data-health="ok"]');
  });
});
