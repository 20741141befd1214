/**
 * Every metric name tracecore exposes, with its labels, read from the code's own registry
 * (src/telemetry/metrics.ts, with prom-client's default process metrics as the agent enables
 * them), plus Prometheus' `up`. Alerts and docs may name only these.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Histogram } from 'prom-client';
import { Metrics } from '../../src/telemetry/metrics.ts';
import { REPO_ROOT } from './deploy-paths.ts';

export interface RegistryMetric {
  readonly labels: readonly string[];
  readonly histogram: boolean;
}

/** Labels Prometheus adds to every scraped series. */
export const TARGET_LABELS: readonly string[] = ['job', 'instance'];

export function registryMetrics(): Map<string, RegistryMetric> {
  const registry = new Metrics({ defaultMetrics: true }).registry;
  const out = new Map<string, RegistryMetric>();
  for (const metric of registry.getMetricsAsArray()) {
    const labels = (metric as unknown as { labelNames?: string[] }).labelNames ?? [];
    const histogram = metric instanceof Histogram;
    out.set(metric.name, { labels, histogram });
    if (histogram) {
      out.set(`${metric.name}_bucket`, { labels: [...labels, 'le'], histogram });
      out.set(`${metric.name}_sum`, { labels, histogram });
      out.set(`${metric.name}_count`, { labels, histogram });
    }
  }
  out.set('up', { labels: [], histogram: false });
  return out;
}

/** Allowed values of the closed label sets, read from the type unions in src/telemetry/metrics.ts. */
export function closedLabelValues(): Map<string, string[]> {
  const source = readFileSync(join(REPO_ROOT, 'src/telemetry/metrics.ts'), 'utf8');
  const union = (typeName: string): string[] => {
    const m = new RegExp(`export type ${typeName} = ([^;]+);`).exec(source);
    assert.ok(m, `src/telemetry/metrics.ts has no type ${typeName}`);
    return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]);
  };
  return new Map([
    ['kind', union('ReceiverErrorKind')],
    ['reason', union('ExporterDropReason')],
  ]);
}

/** Problems with one selector `name{label="value",...}`: unknown metric, unknown label, impossible value. */
export function selectorProblems(registry: ReadonlyMap<string, RegistryMetric>, closed: ReadonlyMap<string, string[]>, metric: string, matchers: ReadonlyArray<{ label: string; op: string; value: string }>): string[] {
  const known = registry.get(metric);
  if (known === undefined) return [`${metric} is not in src/telemetry/metrics.ts's registry (nor a default process metric, nor up)`];
  const problems: string[] = [];
  for (const { label, op, value } of matchers) {
    if (!TARGET_LABELS.includes(label) && !known.labels.includes(label)) {
      problems.push(`${metric} has no label ${label} (it has: ${known.labels.join(', ') || 'none'})`);
      continue;
    }
    const allowed = closed.get(label);
    if (allowed && op === '=' && known.labels.includes(label) && !allowed.includes(value)) problems.push(`${metric}{${label}="${value}"}: the code emits only ${allowed.join(', ')}`);
  }
  return problems;
}
