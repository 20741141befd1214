/**
 * The operations docs cannot drift from what they describe: FAILURE-MODES.md names tests that
 * exist, metrics the registry has and alerts alerts.yaml defines; RUNBOOK.md has a complete
 * section per alert, quotes log lines the code really writes, and links only to its own
 * headings; install.md shows the real RBAC golden file and resource numbers.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { githubSlug, loadAlertRules } from './alert-rules.ts';
import { FAILURE_MODES, INSTALL_DOC, KUSTOMIZE_BASE, REPO_ROOT, RUNBOOK } from './deploy-paths.ts';
import { closedLabelValues, registryMetrics, selectorProblems } from './metric-registry.ts';

const alerts = new Set(loadAlertRules().map((r) => r.alert));
const registry = registryMetrics();
const closed = closedLabelValues();
const runbook = readFileSync(RUNBOOK, 'utf8');
const failureModes = readFileSync(FAILURE_MODES, 'utf8');
const install = readFileSync(INSTALL_DOC, 'utf8');

interface Row { readonly mode: string; readonly metrics: string[]; readonly alerts: string[]; readonly tests: string[] }

const backticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

function inventory(): Row[] {
  const lines = failureModes.split('\n').filter((l) => l.startsWith('|'));
  assert.ok(lines.length > 2, 'FAILURE-MODES.md has no table');
  const header = lines[0].split('|').map((c) => c.trim());
  assert.deepEqual(header.slice(1, -1), ['Failure mode', 'What tracecore does', 'Metric that shows it', 'Alert', 'Tests that pin it']);
  return lines.slice(2).map((line) => {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    assert.equal(cells.length, 5, `row has ${cells.length} cells: ${line.slice(0, 80)}`);
    return { mode: cells[0], metrics: backticked(cells[2]), alerts: backticked(cells[3]), tests: backticked(cells[4]) };
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** `name{label="value",...}` into its parts. */
function parseSelector(text: string): { metric: string; matchers: Array<{ label: string; op: string; value: string }> } {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?$/.exec(text);
  assert.ok(m, `not a metric selector: ${text}`);
  const matchers = [...(m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)].map((x) => ({ label: x[1], op: x[2], value: x[3] }));
  return { metric: m[1], matchers };
}

describe('FAILURE-MODES.md', () => {
  const rows = inventory();

  it('has a row for each failure mode the install must survive', () => {
    const required: Array<[string, RegExp]> = [
      ['API unreachable', /API server unreachable/i],
      ['410 storm', /410/],
      ['stalled stream', /stalled/i],
      ['slow exporter', /slow exporter/i],
      ['exporter down', /exporter .*down/i],
      ['bad config', /bad config/i],
      ['credential expiry', /credential expiry/i],
      ['OOM risk', /OOM/],
      ['clock skew', /clock skew/i],
    ];
    for (const [name, pattern] of required) assert.ok(rows.some((r) => pattern.test(r.mode)), `no row for ${name}`);
  });

  it('names in every row a metric, an alert (or says none) and at least one test', () => {
    for (const r of rows) {
      assert.ok(r.metrics.length > 0, `${r.mode}: no metric`);
      assert.ok(r.tests.length > 0, `${r.mode}: no test`);
      assert.ok(r.alerts.length > 0, `${r.mode}: no alert named`);
    }
  });

  it('names only metrics the code registers, with labels and values it emits', () => {
    for (const r of rows) {
      for (const text of r.metrics) {
        const { metric, matchers } = parseSelector(text);
        assert.deepEqual(selectorProblems(registry, closed, metric, matchers), [], `${r.mode}: ${text}`);
      }
    }
  });

  it('names only alerts that alerts.yaml defines, and every alert appears in some row', () => {
    for (const r of rows) for (const a of r.alerts) assert.ok(alerts.has(a), `${r.mode}: no alert ${a} in alerts.yaml`);
    const named = new Set(rows.flatMap((r) => r.alerts));
    for (const a of alerts) assert.ok(named.has(a), `alert ${a} is in no failure-mode row`);
  });

  it('names only tests that exist: each file is there and contains the named test', () => {
    for (const r of rows) {
      for (const ref of r.tests) {
        const promtoolTest = /^(deploy\/prometheus\/tests\/(\w+)\.test\.yaml)$/.exec(ref);
        if (promtoolTest) {
          assert.ok(existsSync(join(REPO_ROOT, promtoolTest[1])), `${r.mode}: ${ref} does not exist`);
          assert.ok(r.alerts.includes(promtoolTest[2]), `${r.mode}: ${ref} tests an alert the row does not name`);
          continue;
        }
        const m = /^(\S+\.test\.ts): (.+)$/.exec(ref);
        assert.ok(m, `${r.mode}: "${ref}" is neither "file.test.ts: test name" nor a promtool test file`);
        const file = join(REPO_ROOT, m[1]);
        assert.ok(existsSync(file), `${r.mode}: ${m[1]} does not exist`);
        const text = readFileSync(file, 'utf8');
        assert.ok(text.includes(`'${m[2]}'`) || text.includes(`"${m[2]}"`) || text.includes(`\`${m[2]}\``), `${r.mode}: ${m[1]} has no test named "${m[2]}"`);
      }
    }
  });
});

describe('RUNBOOK.md', () => {
  const headings = [...runbook.matchAll(/^(#{2,3}) (.+)$/gm)].map((m) => ({ level: m[1].length, title: m[2].trim(), at: m.index }));
  const sectionOf = (title: string): string => {
    const i = headings.findIndex((h) => h.title === title);
    assert.ok(i >= 0, `no section "${title}"`);
    const next = headings.slice(i + 1).find((h) => h.level <= headings[i].level);
    return runbook.slice(headings[i].at, next?.at ?? runbook.length);
  };

  it('has for each alert a section: what it means, the first 15 minutes (commands, metrics, log lines), likely causes and fixes', () => {
    for (const alert of alerts) {
      const section = sectionOf(alert);
      for (const part of ['**Means.**', '**First 15 minutes.**', '**Metrics to read.**', '**Log lines to look for.**', '**Likely causes and fixes.**']) {
        assert.ok(section.includes(part), `${alert}: missing ${part}`);
      }
      assert.match(section, /`kubectl [^`]+`/, `${alert}: the first 15 minutes name no command to run`);
    }
  });

  it('has the symptom, disruption and token-rotation sections', () => {
    for (const title of ['Ambiguous credentials', 'Started but zero events', 'Disruptions and PodDisruptionBudgets', 'Service-account token rotation']) {
      assert.ok(sectionOf(title).length > 200, `section "${title}" is too short to help`);
    }
    const disruptions = sectionOf('Disruptions and PodDisruptionBudgets');
    for (const phrase of ['--disable-eviction', 'kubectl delete pod', 'Node loss']) assert.ok(disruptions.includes(phrase), `disruptions section does not cover ${phrase}`);
  });

  it('quotes only log lines the code writes', () => {
    const sources = sourceFiles(join(REPO_ROOT, 'src')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const blocks = [...runbook.matchAll(/\*\*Log lines to look for\.\*\*\n((?:- .*\n(?: {2}.*\n)*)+)/g)].map((m) => m[1]);
    assert.ok(blocks.length > 0);
    for (const block of blocks) {
      for (const bullet of block.split('\n').filter((l) => l.startsWith('- '))) {
        const quoted = /^- `([^`]+)`/.exec(bullet);
        assert.ok(quoted, `a log-line bullet must start with the quoted message: ${bullet}`);
        assert.ok(sources.includes(quoted[1]), `no source file in src/ writes "${quoted[1]}"`);
      }
    }
  });

  it('links only to headings it has', () => {
    const anchors = new Set(headings.map((h) => githubSlug(h.title)));
    for (const m of runbook.matchAll(/\]\(#([^)]+)\)/g)) assert.ok(anchors.has(m[1]), `broken link #${m[1]}`);
  });
});

describe('metric names in the docs', () => {
  for (const [name, text] of [['RUNBOOK.md', runbook], ['FAILURE-MODES.md', failureModes], ['install.md', install]] as const) {
    it(`${name} mentions only metrics the code registers`, () => {
      const mentioned = new Set([...text.matchAll(/\b((?:tracecore|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]));
      for (const metric of mentioned) assert.ok(registry.has(metric), `${name} mentions ${metric}, which the registry does not have`);
    });
  }
});

describe('install.md', () => {
  it('shows the effective RBAC exactly as the golden file pins it', () => {
    const golden = readFileSync(join(KUSTOMIZE_BASE, 'rbac-effective.golden.txt'), 'utf8');
    assert.ok(install.includes(`\`\`\`\n${golden}\`\`\``), 'install.md must quote deploy/kubernetes/rbac-effective.golden.txt verbatim in a code block');
  });

  it('states the resource requests and limits the Deployment sets', () => {
    const deployment = parse(readFileSync(join(KUSTOMIZE_BASE, 'deployment.yaml'), 'utf8')) as { spec: { template: { spec: { containers: Array<{ resources: { requests: Record<string, string>; limits: Record<string, string> } }> } } } };
    const { requests, limits } = deployment.spec.template.spec.containers[0].resources;
    for (const [what, value] of [['CPU request', requests.cpu], ['memory request', requests.memory], ['memory limit', limits.memory]]) {
      assert.ok(install.includes(`| ${what} | ${value} |`), `install.md's footprint table has no row "| ${what} | ${value} |"`);
    }
  });

  it('installs with kubectl apply -k', () => {
    assert.match(install, /kubectl apply -k deploy\/kubernetes/);
  });
});
