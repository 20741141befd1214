import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { k8sEventsConfigSchema } from './config.ts';

function problems(input: unknown): string[] {
  const result = k8sEventsConfigSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('k8s_events config', () => {
  it('has the documented defaults', () => {
    assert.deepEqual(k8sEventsConfigSchema.parse({}), {
      auth: 'auto',
      namespaces: { include: [], exclude: [] },
      min_event_type: 'Normal',
      max_attributes: 16,
      note_max_bytes: 1024,
      channel_cap: 1024,
      backpressure: 'pause',
      resync: 600_000,
      leader_election: { enabled: false, lease_name: 'tracecore', lease_duration: 15_000, renew_deadline: 10_000, retry_period: 2_000 },
      max_event_age: 0,
      api_qps: 5,
      api_burst: 10,
      semconv_compat: false,
      list_page_size: 500,
    });
  });

  it('leader_election: renew_deadline < lease_duration and retry_period < renew_deadline, each reported at its own key', () => {
    const result = k8sEventsConfigSchema.safeParse({ leader_election: { enabled: true, lease_duration: '5s', renew_deadline: '5s', retry_period: '6s', lease_name: 'Not_A_Name' } });
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues.map((i) => i.path.join('.')).sort(), ['leader_election.lease_name', 'leader_election.renew_deadline', 'leader_election.retry_period']);
    assert.equal(k8sEventsConfigSchema.safeParse({ leader_election: { enabled: true, lease_duration: '5s', renew_deadline: '4s', retry_period: '1s' } }).success, true);
  });

  it('accepts the example from cli-and-config.md', () => {
    const config = k8sEventsConfigSchema.parse({
      auth: 'auto',
      kubeconfig: '~/.kube/prod.yaml',
      context: 'prod',
      cluster_name: 'prod-eu',
      namespaces: { include: [], exclude: ['kube-system'] },
      reason_regex: '^(Evicted|OOM.*)$',
      min_event_type: 'Normal',
      max_attributes: 16,
      note_max_bytes: 1024,
      channel_cap: 1024,
      backpressure: 'pause',
      resync: '10m',
      semconv_compat: false,
    });
    assert.deepEqual(config.namespaces, { include: [], exclude: ['kube-system'] });
    assert.equal(config.reason_regex, '^(Evicted|OOM.*)$');
    assert.equal(config.resync, 600_000);
  });

  it('fills a partial namespaces block', () => {
    assert.deepEqual(k8sEventsConfigSchema.parse({ namespaces: { exclude: ['kube-system'] } }).namespaces, { include: [], exclude: ['kube-system'] });
  });

  it('rejects unknown keys, also inside namespaces', () => {
    assert.equal(problems({ max_atributes: 16 }).length, 1);
    assert.equal(problems({ namespaces: { includes: ['a'] } }).length, 1);
  });

  it('enforces the ranges and enums', () => {
    const bad: [string, unknown][] = [
      ['auth', 'token'],
      ['min_event_type', 'Error'],
      ['min_event_type', 'warning'],
      ['max_attributes', 8],
      ['max_attributes', 65],
      ['max_attributes', 16.5],
      ['note_max_bytes', 63],
      ['note_max_bytes', 4097],
      ['channel_cap', 0],
      ['channel_cap', 1_048_577],
      ['backpressure', 'block'],
      ['resync', '9m59s'],
      ['resync', 'often'],
      ['semconv_compat', 'yes'],
      ['kubeconfig', ''],
    ];
    for (const [key, value] of bad) assert.equal(problems({ [key]: value }).length, 1, `${key}: ${JSON.stringify(value)} should be refused`);
    for (const [key, value] of [['max_attributes', 9], ['max_attributes', 64], ['note_max_bytes', 64], ['note_max_bytes', 4096], ['channel_cap', 1], ['channel_cap', 1_048_576], ['resync', '1h']] as const) {
      assert.deepEqual(problems({ [key]: value }), [], `${key}: ${value} should be accepted`);
    }
  });

  describe('reason_regex is RE2, compiled at validation', () => {
    const refused: [string, RegExp][] = [
      ['(?=x)', /lookahead/],
      ['^(?!Normal)', /negative lookahead/],
      ['(?<=Failed)Mount', /lookbehind/],
      ['(?<!Node)Ready', /negative lookbehind/],
      ['(a)\\1', /backreference \(\\1\)/],
      ['(?<r>a)\\k<r>', /named backreference/],
      ['(?>a+)b', /atomic group/],
      ['[', /not a valid RE2 pattern: missing closing \]/],
      ['a{2,1}', /not a valid RE2 pattern/],
    ];
    for (const [pattern, message] of refused) {
      it(`refuses ${pattern} saying why`, () => {
        const found = problems({ reason_regex: pattern });
        assert.equal(found.length, 1, JSON.stringify(found));
        assert.match(found[0], /^reason_regex: /);
        assert.match(found[0], message);
        assert.ok(found[0].includes(pattern), 'the message quotes the pattern');
      });
    }

    it('mentions RE2 and linear time when refusing a lookaround or backreference', () => {
      assert.match(problems({ reason_regex: '(a)\\1' })[0], /RE2 syntax .*linear-time/);
    });

    for (const pattern of ['^(Evicted|OOM.*)$', 'Failed', '(?i)backoff', '^Node(Not)?Ready$', '(a+)+$', '\\d+', '(?P<name>x)', '\\(?=']) {
      it(`accepts ${pattern}`, () => {
        assert.deepEqual(problems({ reason_regex: pattern }), []);
      });
    }
  });

  it('describes every field (docs are generated from the schema)', () => {
    const shape = k8sEventsConfigSchema.shape;
    for (const [key, field] of Object.entries(shape)) assert.ok(field.description && field.description.length > 10, `${key} has no description`);
    for (const [key, field] of Object.entries(shape.namespaces.unwrap().shape)) assert.ok(field.description, `namespaces.${key} has no description`);
  });
});
