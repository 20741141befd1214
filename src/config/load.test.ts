import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { Registry } from '../component/registry.ts';
import type { ExporterFactory, ReceiverFactory } from '../component/types.ts';
import { ConfigError, formatProblem } from './errors.ts';
import { loadConfigText } from './load.ts';
import { duration } from './schema-helpers.ts';

const unused = (): never => {
  throw new Error('not created in these tests');
};
const receiver: ReceiverFactory<{ size: number; every: number; mode: string }> = {
  kind: 'receiver',
  type: 'fake',
  stability: 'development',
  description: 'test receiver',
  configSchema: z.object({ size: z.number().int().min(1).max(10).default(5), every: duration({ default: '1s', minMs: 100 }), mode: z.enum(['a', 'b']).default('a') }).strict(),
  create: unused,
  checkEnvironment: (config) => (config.mode === 'b' ? [{ path: ['mode'], message: 'mode b needs FAKE_B' }] : []),
};
const exporter: ExporterFactory<{ path?: string }> = {
  kind: 'exporter',
  type: 'sink',
  stability: 'development',
  description: 'test exporter',
  configSchema: z.object({ path: z.string().optional() }).strict(),
  create: unused,
};
const registry = new Registry([receiver, exporter]);

function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    loadConfigText(text, registry, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map(formatProblem);
    throw err;
  }
  return [];
}

const GOOD = `receivers:
  fake: { size: 3 }
exporters:
  sink: {}
service:
  pipelines:
    logs: { receivers: [fake], exporters: [sink] }
`;

describe('config loading', () => {
  it('accepts a good config and fills defaults', () => {
    const loaded = loadConfigText(GOOD, registry, {});
    assert.deepEqual(loaded.receivers.get('fake')?.config, { size: 3, every: 1000, mode: 'a' });
    assert.equal(loaded.telemetry.metrics.address, '127.0.0.1:8888');
    assert.equal(loaded.telemetry.logs.level, 'info');
  });

  it('reports every problem at once, each with its path and line', () => {
    const problems = problemsOf(`receivers:
  fake:
    size: 11
    sise: 3
    every: 10ms
exporters:
  sink: { path: 7 }
service:
  pipelines:
    logs: { receivers: [fake], exporters: [sink, nope] }
`);
    assert.deepEqual(problems, [
      'receivers.fake.size (line 3): must be at most 10, got 11',
      'receivers.fake.sise (line 4): unknown key "sise" (did you mean "size"?); allowed: size, every, mode',
      'receivers.fake.every (line 5): 10ms is out of range: must be at least 100ms',
      'exporters.sink.path (line 7): must be a string, got 7',
      'service.pipelines.logs.exporters.1 (line 10): exporter "nope" is not defined under exporters:',
    ]);
  });

  it('still checks component sections when the top level is wrong', () => {
    const problems = problemsOf(`receivers:
  fake: { size: 0 }
exporters:
  sink: {}
servce: {}
`);
    assert.ok(problems.some((p) => p.startsWith('servce (line 5): unknown key')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('receivers.fake.size (line 2): must be at least 1')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('servce (line 5): unknown key "servce" (did you mean "service"?)')), 'the missing service is reported as the typo it is');
    assert.ok(!problems.some((p) => p.startsWith('service ')), 'and not again as "is required"');
  });

  it('names unknown component types and lists the available ones', () => {
    const problems = problemsOf(GOOD.replace('sink: {}', 'sink: {}\n  kafka: {}'));
    assert.deepEqual(problems, ['exporters.kafka (line 5): unknown exporter type "kafka"; available: sink']);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('receivers:\n  fake: { size: 3\nexporters: {}\n');
    assert.equal(problems.length > 0, true);
    assert.match(problems[0], /^\(config\) \(line \d\): YAML syntax/);
  });

  it('substitutes ${env:X} and ${env:X:-default}, typed when the whole value is a reference', () => {
    const loaded = loadConfigText(GOOD.replace('size: 3', 'size: "${env:SIZE}", mode: "${env:MODE:-a}"'), registry, { SIZE: '7' });
    assert.deepEqual(loaded.receivers.get('fake')?.config, { size: 7, every: 1000, mode: 'a' });
  });

  it('reports an unset variable without a default, and a malformed reference', () => {
    const problems = problemsOf(GOOD.replace('size: 3', 'size: "${env:NOPE}"').replace('sink: {}', 'sink: { path: "${NOPE}" }'));
    assert.deepEqual(problems, [
      'receivers.fake.size (line 2): environment variable NOPE is not set (give a default with ${env:NOPE:-value})',
      'exporters.sink.path (line 4): malformed reference in "${NOPE}": write ${env:NAME} or ${env:NAME:-default}',
    ]);
  });

  it('never lets a substituted value inject YAML structure', () => {
    const loaded = loadConfigText(GOOD.replace('sink: {}', 'sink: { path: "${env:P}" }'), registry, { P: 'x\nservice: {}' });
    assert.equal((loaded.exporters.get('sink')?.config as { path: string }).path, 'x\nservice: {}');
  });

  it('runs environment checks and points at the key', () => {
    const problems = problemsOf(GOOD.replace('size: 3', 'size: 3, mode: b'));
    assert.deepEqual(problems, ['receivers.fake.mode (line 2): mode b needs FAKE_B']);
  });

  it('ignores components no pipeline uses, and says so', () => {
    const loaded = loadConfigText(GOOD.replace('sink: {}', 'sink: {}\n  sink/spare: {}'), registry, {});
    assert.deepEqual(loaded.unused, ['exporters.sink/spare']);
    assert.equal(loaded.exporters.has('sink/spare'), false);
  });

  it('rejects a pipeline of another signal and an empty receiver list', () => {
    assert.deepEqual(problemsOf(GOOD.replace('logs: {', 'traces: {')), ['service.pipelines.traces (line 7): pipelines are named logs or logs/NAME (tracecore carries logs only)']);
    assert.deepEqual(problemsOf(GOOD.replace('receivers: [fake]', 'receivers: []')), ['service.pipelines.logs.receivers (line 7): needs at least 1 item(s)']);
  });
});

describe('one per process (a factory property, not a rule about one type)', () => {
  const solo: ReceiverFactory<object> = { ...receiver, type: 'solo', configSchema: z.object({}).strict(), checkEnvironment: undefined, onePerProcess: 'it owns the process-wide thing' };
  const soloRegistry = new Registry([solo, receiver, exporter]);
  const problems = (text: string): string[] => {
    try {
      loadConfigText(text, soloRegistry, {});
    } catch (err) {
      if (err instanceof ConfigError) return err.problems.map(formatProblem);
      throw err;
    }
    return [];
  };

  it('refuses a second component of a one-per-process type that a pipeline uses, saying why', () => {
    const text = 'receivers:\n  solo: {}\n  solo/b: {}\nexporters:\n  sink: {}\nservice:\n  pipelines:\n    logs: { receivers: [solo, solo/b], exporters: [sink] }\n';
    assert.deepEqual(problems(text), ['receivers (line 1): one solo receiver per process (it owns the process-wide thing); found solo, solo/b']);
  });

  it('allows one used and one defined but unused, and any number of other types', () => {
    const text = 'receivers:\n  solo: {}\n  solo/b: {}\n  fake: {}\n  fake/2: {}\nexporters:\n  sink: {}\nservice:\n  pipelines:\n    logs: { receivers: [solo, fake, fake/2], exporters: [sink] }\n';
    assert.deepEqual(problems(text), []);
  });
});
