/**
 * Every real Event object in test/fixtures/corpus/events (a copy of the project's real-event corpus, with INDEX.tsv naming each source) goes through normalizeEvent and the record
 * builder, under three configs. Expected values are computed here from the raw objects and the
 * spec's tables (a second, deliberately simple implementation), not from the code under test.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  ATTRIBUTE_KEYS,
  ATTR_EVENT_REASON,
  ATTR_EVENT_TIME,
  ATTR_EVENT_UID,
  ATTR_HINT,
  ATTR_NOTE,
  ATTR_REGARDING_KIND,
  ATTR_REGARDING_NAME,
  ATTR_REGARDING_NAMESPACE,
  ATTR_REGARDING_UID,
  ATTR_REPORTING_CONTROLLER,
  ATTR_REPORTING_INSTANCE,
  ATTR_SERIES_COUNT,
} from '../../model/attributes.ts';
import type { Hint } from '../../model/hint.ts';
import type { EventRecord } from '../../model/record.ts';
import { normalizeEvent } from './normalize.ts';
import { createRecordBuilder } from './record.ts';

const CORPUS = new URL('../../../test/fixtures/corpus/events/', import.meta.url);
const INDEX = new URL('../INDEX.tsv', CORPUS);

type Raw = { readonly [key: string]: unknown };

interface CorpusFile {
  readonly file: string;
  readonly raw: Raw;
  readonly indexReason: string;
  readonly indexType: string;
}

function loadCorpus(): CorpusFile[] {
  if (!existsSync(CORPUS) || !existsSync(INDEX)) {
    throw new Error(`the event corpus is missing: expected ${fileURLToPath(CORPUS)} and ${fileURLToPath(INDEX)} (the corpus ships with the repository)`);
  }
  const index = new Map<string, { reason: string; type: string }>();
  for (const line of readFileSync(INDEX, 'utf8').split('\n').slice(1)) {
    if (line === '') continue;
    const [file, , reason, type] = line.split('\t');
    index.set(file, { reason, type: type ?? '' });
  }
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort();
  return files.map((file) => {
    const entry = index.get(file);
    if (!entry) throw new Error(`${file} is not in INDEX.tsv`);
    return { file, raw: JSON.parse(readFileSync(new URL(file, CORPUS), 'utf8')) as Raw, indexReason: entry.reason, indexType: entry.type };
  });
}

const corpus = loadCorpus();
const byName = new Map(corpus.map((c) => [c.file, c]));

// ---- the second implementation: expected values straight from the raw object and the spec ----

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function obj(value: unknown): Raw {
  return typeof value === 'object' && value !== null ? (value as Raw) : {};
}

function rawRegarding(raw: Raw): Raw {
  return obj(raw.involvedObject ?? raw.regarding);
}

function rawNote(raw: Raw): string | undefined {
  return str(raw.message) ?? str(raw.note);
}

/** The regarding object's kind (`involvedObject` in core/v1, `regarding` in events.k8s.io). */
function rawKind(raw: Raw): string | undefined {
  return str(obj(raw.involvedObject).kind) ?? str(obj(raw.regarding).kind);
}

function expectedCount(raw: Raw): number {
  const candidates = [obj(raw.series).count, raw.count, raw.deprecatedCount];
  for (const c of candidates) if (typeof c === 'number' && c >= 1) return c;
  return 1;
}

function expectedHint(reason: string, note: string | undefined, kind: string | undefined): Hint | undefined {
  const text = note ?? '';
  const trimmed = text.trimStart();
  const is = (...reasons: string[]) => reasons.includes(reason);
  if (is('Evicted', 'TaintManagerEviction', 'Preempting', 'Preempted')) return 'pod_evicted';
  if (is('SystemOOM', 'OOMKilling', 'OOMKilled')) return 'oom_killed';
  if (is('ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InspectFailed')) return 'image_pull_failure';
  if (is('Failed') && (trimmed.startsWith('Failed to pull image') || text.includes('ErrImagePull') || text.includes('ImagePullBackOff') || text.includes('InvalidImageName'))) return 'image_pull_failure';
  if (is('BackOff') && trimmed.startsWith('Back-off pulling image')) return 'image_pull_failure';
  if (is('BackOff', 'CrashLoopBackOff')) return 'backoff';
  if (is('FailedMount', 'FailedMapVolume', 'FailedMountOnFilesystemMismatch')) return 'mount_failure';
  if (is('FailedAttachVolume')) return 'volume_attach_failure';
  if (is('FailedScheduling')) return 'schedule_failure';
  if (is('FailedCreate', 'FailedCreatePodSandBox', 'FailedCreatePodContainer')) return 'create_failure';
  if (is('ContainerStatusUnknown')) return 'container_status_unknown';
  if (is('NodeNotReady', 'KubeletSetupFailed', 'Rebooted')) return 'node_unhealthy';
  if (is('NodeHasDiskPressure', 'NodeHasInsufficientMemory', 'NodeHasInsufficientPID', 'EvictionThresholdMet')) return 'node_pressure';
  if (is('Unhealthy')) return 'probe_failure';
  if (is('FailedKillPod', 'ExceededGracePeriod')) return 'kill_failure';
  if (is('NetworkNotReady')) return 'network_not_ready';
  if (is('InvalidDiskCapacity')) return 'invalid_disk_capacity';
  if (is('DNSConfigForming')) return 'dns_config';
  if (is('BackoffLimitExceeded', 'DeadlineExceeded') && kind === 'Job') return 'job_failed';
  if (is('FailedPreStopHook', 'FailedPostStartHook')) return 'hook_failure';
  return undefined;
}

// ---- helpers on records ----

const V0_KEYS = new Set<string>(ATTRIBUTE_KEYS);
const OBSERVED = 1_750_000_000_000_000;
const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function attr(record: EventRecord, key: string): string | number | undefined {
  return record.attributes.find((a) => a.key === key)?.value;
}

function buildAll(maxAttributes: number, semconvCompat: boolean): Map<string, EventRecord> {
  const build = createRecordBuilder({ maxAttributes, noteMaxBytes: 1024, semconvCompat, resource: { attributes: [] } });
  const records = new Map<string, EventRecord>();
  for (const { file, raw } of corpus) {
    const event = normalizeEvent(raw);
    assert.ok(event, `${file}: normalizeEvent gave undefined`);
    records.set(file, build(event, OBSERVED));
  }
  return records;
}

const CONFIGS = [
  { maxAttributes: 16, semconvCompat: false },
  { maxAttributes: 9, semconvCompat: true },
  { maxAttributes: 64, semconvCompat: false },
];

describe('corpus: every real event becomes a valid record', () => {
  it(`has the whole corpus (${corpus.length} files)`, () => {
    assert.ok(corpus.length >= 467, `only ${corpus.length} corpus files`);
  });

  const uncapped = buildAll(64, false);

  for (const { maxAttributes, semconvCompat } of CONFIGS) {
    it(`max_attributes ${maxAttributes}, semconv_compat ${semconvCompat}`, () => {
      const records = buildAll(maxAttributes, semconvCompat);
      for (const { file, raw, indexReason, indexType } of corpus) {
        const r = records.get(file);
        assert.ok(r, file);
        const at = (what: string) => `${file}: ${what}`;
        const regarding = rawRegarding(raw);
        const metadata = obj(raw.metadata);

        // Fields agree with the raw object and with INDEX.tsv.
        assert.equal(r.uid, metadata.uid, at('uid'));
        assert.equal(r.reason, str(indexReason), at('reason vs INDEX.tsv'));
        assert.equal(r.type, str(indexType), at('type vs INDEX.tsv'));
        assert.equal(r.count, expectedCount(raw), at('count'));

        // The join keys, event time and count are there whenever the source has the data.
        const joinKeys: [string, unknown][] = [
          [ATTR_EVENT_UID, metadata.uid],
          [ATTR_EVENT_REASON, str(raw.reason)],
          [ATTR_REGARDING_KIND, str(regarding.kind)],
          [ATTR_REGARDING_NAMESPACE, str(regarding.namespace)],
          [ATTR_REGARDING_NAME, str(regarding.name)],
          [ATTR_REGARDING_UID, str(regarding.uid)],
          [ATTR_HINT, expectedHint(indexReason, rawNote(raw), rawKind(raw))],
          [ATTR_SERIES_COUNT, expectedCount(raw)],
        ];
        for (const [key, expected] of joinKeys) assert.equal(attr(r, key), expected, at(key));
        assert.equal(r.hint, expectedHint(indexReason, rawNote(raw), rawKind(raw)), at('hint'));
        assert.match(String(attr(r, ATTR_EVENT_TIME)), CANONICAL_TIME, at('event.time'));
        assert.equal(attr(r, ATTR_EVENT_TIME), r.eventTime, at('event.time attribute'));
        assert.equal(Math.floor(r.timeUnixMicros / 1000), Date.parse(r.eventTime), at('timeUnixMicros vs eventTime'));

        // v0 keys first, in precedence order, capped; semconv keys only after them.
        const v0 = r.attributes.filter((a) => V0_KEYS.has(a.key));
        assert.deepEqual(r.attributes.slice(0, v0.length), v0, at('v0 keys come first'));
        const positions = v0.map((a) => ATTRIBUTE_KEYS.indexOf(a.key as (typeof ATTRIBUTE_KEYS)[number]));
        assert.deepEqual(positions, [...positions].sort((a, b) => a - b), at('precedence order'));
        assert.ok(v0.length <= maxAttributes, at('cap'));
        const all = uncapped.get(file)?.attributes ?? [];
        assert.equal(v0.length + r.droppedAttributesCount, all.length, at('kept + dropped = present'));
        assert.deepEqual(v0, all.slice(0, v0.length), at('the cap keeps the first present keys'));
        if (!semconvCompat) assert.equal(r.attributes.length, v0.length, at('no extra keys'));
        else assert.ok(r.attributes.length > v0.length, at('semconv keys appended'));

        // No empty values; count an integer; body and note attribute agree.
        for (const a of r.attributes) {
          assert.notEqual(a.value, '', at(`${a.key} is empty`));
          if (typeof a.value === 'number') assert.ok(Number.isSafeInteger(a.value) && a.value >= 1, at(a.key));
        }
        const noteAttr = attr(r, ATTR_NOTE);
        if (noteAttr !== undefined) assert.equal(noteAttr, r.note, at('body === note'));
        if (rawNote(raw) !== undefined && maxAttributes >= 16) assert.notEqual(noteAttr, undefined, at('note kept under a cap of 16'));
        assert.ok(Buffer.byteLength(r.note ?? '') <= 1024, at('note bytes'));
      }
    });
  }

  it('finds hints in the corpus for the common trouble reasons', () => {
    const hints = new Map<string, number>();
    for (const r of uncapped.values()) if (r.hint) hints.set(r.hint, (hints.get(r.hint) ?? 0) + 1);
    for (const hint of ['image_pull_failure', 'backoff', 'schedule_failure', 'probe_failure', 'invalid_disk_capacity', 'create_failure', 'job_failed']) {
      assert.ok((hints.get(hint) ?? 0) > 0, `no ${hint} in the corpus records: ${JSON.stringify([...hints])}`);
    }
  });
});

describe('corpus: specific events', () => {
  const records = buildAll(16, false);
  const record = (file: string): EventRecord => {
    const r = records.get(file);
    assert.ok(r, `${file} missing from the corpus`);
    return r;
  };

  it('022.json: the 1722-byte Go stack trace note is cut at 1024 bytes on a character boundary', () => {
    const note = rawNote(byName.get('022.json')?.raw ?? {}) ?? '';
    assert.equal(Buffer.byteLength(note), 1722);
    const r = record('022.json');
    assert.equal(Buffer.byteLength(r.note ?? ''), 1024);
    assert.ok(note.startsWith(r.note ?? '-'));
    assert.equal(Buffer.from(r.note ?? '', 'utf8').toString('utf8'), r.note, 'valid UTF-8 round trip');
    assert.equal(attr(r, ATTR_NOTE), r.note);
    assert.equal(attr(r, ATTR_REPORTING_CONTROLLER), 'keda-operator', 'from source.component when reportingComponent is ""');
  });

  it('007.json: a repeat counted 19736 times', () => {
    const r = record('007.json');
    assert.equal(r.count, 19736);
    assert.equal(attr(r, ATTR_SERIES_COUNT), 19736);
    assert.equal(r.eventTime, '2022-07-05T01:47:09.000000Z', 'lastTimestamp when eventTime is null');
    assert.equal(attr(r, ATTR_REPORTING_INSTANCE), 'ip-172-16-8-171.us-west-1.compute.internal');
  });

  for (const file of ['006.json', '010.json', '071.json']) {
    it(`${file}: a Node event has no namespace and the node's name as uid`, () => {
      const r = record(file);
      assert.equal(r.regarding.kind, 'Node');
      assert.equal(r.regarding.namespace, undefined);
      assert.equal(attr(r, ATTR_REGARDING_NAMESPACE), undefined);
      assert.equal(r.regarding.uid, r.regarding.name);
    });
  }

  it('010.json: the 2015 event without a type has unspecified severity', () => {
    const r = record('010.json');
    assert.equal(r.type, undefined);
    assert.equal(r.severityNumber, 0);
    assert.equal(r.severityText, '');
  });

  it('068.json: series gives the count and the time, microseconds kept', () => {
    const r = record('068.json');
    assert.equal(r.count, 3);
    assert.equal(r.eventTime, '2023-07-11T04:40:44.264058Z');
    assert.equal(r.timeUnixMicros, Date.UTC(2023, 6, 11, 4, 40, 44) * 1000 + 264_058);
    assert.equal(r.hint, 'schedule_failure');
  });

  it('scheduler events keep eventTime with microseconds when first/last timestamps are null', () => {
    let seen = 0;
    for (const { file, raw } of corpus) {
      if (typeof raw.eventTime !== 'string' || raw.series) continue;
      seen++;
      assert.equal(record(file).eventTime, raw.eventTime, file);
    }
    assert.ok(seen >= 40, `only ${seen} events with eventTime`);
  });

  it('017.json: v1beta1 Failed "Error: ErrImagePull" is an image pull failure, counted and attributed from deprecated fields', () => {
    const r = record('017.json');
    assert.equal(r.hint, 'image_pull_failure');
    assert.equal(r.count, 365);
    assert.equal(r.reportingController, 'kubelet');
    assert.equal(r.reportingInstance, 'docker-for-desktop');
    assert.equal(r.action, undefined, 'action "" is absent');
    assert.equal(r.severityNumber, 13);
  });

  it('052.json: "Back-off pulling image" arrives as Normal and is an image pull failure', () => {
    const r = record('052.json');
    assert.equal(r.hint, 'image_pull_failure');
    assert.equal(r.severityNumber, 9);
  });

  it('101.json: BackOff restarting a container is backoff', () => {
    assert.equal(record('101.json').hint, 'backoff');
  });

  it('033.json: an empty involvedObject gives no regarding keys', () => {
    const r = record('033.json');
    assert.equal(r.hint, 'invalid_disk_capacity');
    assert.ok(!r.attributes.some((a) => a.key.startsWith('regarding.')));
  });

  it('001.json: an events.k8s.io/v1 object passes through normalizeEvent unchanged', () => {
    const raw = byName.get('001.json')?.raw;
    assert.equal(normalizeEvent(raw), raw);
    assert.equal(record('001.json').reportingController, 'default-scheduler');
  });
});
