/**
 * deploy/prometheus/alerts.yaml: promtool accepts it, every alert has promtool unit tests that
 * pass (one that fires it, one that keeps it quiet), every metric and label an alert uses exists
 * in the code's metric registry, and every runbook_url points at a section of docs/RUNBOOK.md.
 *
 * promtool comes from Debian's `prometheus` package (apt-get install -y prometheus).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ALERT_TESTS_DIR, ALERTS_FILE, githubSlug, groupingLabelsOf, loadAlertRules, selectorsOf, templateLabelsOf } from './alert-rules.ts';
import { KUSTOMIZE_BASE, PROMETHEUS_DIR, RUNBOOK } from './deploy-paths.ts';
import { findTool } from './external-tool.ts';
import { TARGET_LABELS, closedLabelValues, registryMetrics, selectorProblems } from './metric-registry.ts';

const promtool = findTool('promtool', ['--version'], 'apt-get install -y prometheus');
const rules = loadAlertRules();
const testFileOf = (alert: string): string => join(ALERT_TESTS_DIR, `${alert}.test.yaml`);

/** Runs promtool's unit tests of one alert; its exit status is the verdict. */
function runAlertTests(alert: string): { ok: boolean; output: string } {
  const run = spawnSync(promtool.command ?? 'promtool', ['test', 'rules', join('tests', `${alert}.test.yaml`)], { cwd: PROMETHEUS_DIR, encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

describe('alerts.yaml under promtool', { skip: promtool.skip }, () => {
  it('passes promtool check rules', () => {
    const run = spawnSync(promtool.command ?? 'promtool', ['check', 'rules', ALERTS_FILE], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.match(run.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
  });

  for (const { alert } of rules) {
    it(`${alert}: its promtool unit tests pass`, () => {
      assert.ok(existsSync(testFileOf(alert)), `write deploy/prometheus/tests/${alert}.test.yaml`);
      const { ok, output } = runAlertTests(alert);
      assert.ok(ok, output);
      assert.match(output, /SUCCESS/);
    });
  }
});

describe('alert unit tests', () => {
  for (const { alert } of rules) {
    it(`${alert}: has tests that fire it and that keep it quiet`, () => {
      assert.ok(existsSync(testFileOf(alert)), `write deploy/prometheus/tests/${alert}.test.yaml`);
      const doc = parse(readFileSync(testFileOf(alert), 'utf8')) as { rule_files: string[]; tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }> }> };
      assert.deepEqual(doc.rule_files, ['../alerts.yaml']);
      const cases = doc.tests.flatMap((t) => t.alert_rule_test ?? []);
      assert.ok(cases.every((c) => c.alertname === alert), 'each file tests only its own alert');
      assert.ok(cases.some((c) => (c.exp_alerts ?? []).length > 0), 'no case where the alert fires');
      assert.ok(cases.some((c) => (c.exp_alerts ?? []).length === 0), 'no case where the alert stays quiet');
    });
  }

  it('has no test file for an alert that no longer exists', () => {
    const names = new Set(rules.map((r) => `${r.alert}.test.yaml`));
    for (const f of readdirSync(ALERT_TESTS_DIR)) assert.ok(names.has(f), `tests/${f} tests no alert in alerts.yaml`);
  });
});

describe('metrics the alerts use', () => {
  const registry = registryMetrics();
  const closed = closedLabelValues();

  for (const rule of rules) {
    it(`${rule.alert}: every metric exists in the registry, with the labels it matches, groups and prints`, () => {
      const selectors = selectorsOf(rule.expr);
      assert.ok(selectors.length > 0, 'no metric found in the expression');
      const available = new Set(TARGET_LABELS);
      for (const { metric, matchers } of selectors) {
        assert.deepEqual(selectorProblems(registry, closed, metric, matchers), []);
        for (const label of registry.get(metric)?.labels ?? []) available.add(label);
      }
      for (const label of groupingLabelsOf(rule.expr)) assert.ok(available.has(label), `groups or matches on ${label}, which none of its metrics has`);
      for (const label of templateLabelsOf(rule.annotations)) assert.ok(available.has(label), `annotations print $labels.${label}, which the alert does not carry`);
    });
  }
});

describe('alert metadata', () => {
  const runbook = readFileSync(RUNBOOK, 'utf8');
  const anchors = new Set([...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((m) => githubSlug(m[1])));

  it('every alert has a severity (critical pages, warning tickets), a summary and a description', () => {
    for (const r of rules) {
      assert.ok(['critical', 'warning'].includes(r.labels?.severity), `${r.alert}: severity`);
      assert.ok(r.annotations?.summary && r.annotations?.description, `${r.alert}: summary and description`);
    }
  });

  it('alert names are unique', () => {
    assert.equal(new Set(rules.map((r) => r.alert)).size, rules.length);
  });

  it("every runbook_url points at that alert's own section of docs/RUNBOOK.md", () => {
    const bases = new Set<string>();
    for (const r of rules) {
      const url = r.annotations?.runbook_url ?? '';
      const m = /^(.*)docs\/RUNBOOK\.md#(.+)$/.exec(url);
      assert.ok(m, `${r.alert}: runbook_url ${url} does not point into docs/RUNBOOK.md`);
      bases.add(m[1]);
      assert.equal(m[2], githubSlug(r.alert), `${r.alert}: anchor should be the alert's own section`);
      assert.ok(anchors.has(m[2]), `${r.alert}: docs/RUNBOOK.md has no heading "## ${r.alert}"`);
    }
    assert.equal(bases.size, 1, 'all runbook URLs share one base');
  });

  it("TracecoreMemoryNearLimit uses the Deployment's memory limit", () => {
    const rule = rules.find((r) => r.alert === 'TracecoreMemoryNearLimit');
    assert.ok(rule);
    const m = /> 0\.\d+ \* (\d+) \* 1024 \* 1024/.exec(rule.expr);
    assert.ok(m, 'expected a threshold written as FRACTION * MiB * 1024 * 1024');
    const deployment = readFileSync(join(KUSTOMIZE_BASE, 'deployment.yaml'), 'utf8');
    const limit = /limits:\s*\n\s*memory:\s*(\d+)Mi/.exec(deployment);
    assert.ok(limit, 'deployment.yaml has no memory limit in Mi');
    assert.equal(m[1], limit[1], 'alerts.yaml and deployment.yaml disagree on the memory limit');
    assert.match(rule.annotations.description, new RegExp(`${limit[1]}Mi limit`));
  });
});
