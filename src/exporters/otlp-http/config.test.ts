import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { otlpHttpConfigSchema } from './config.ts';
import { logsUrl } from './endpoint-url.ts';
import { otlpHttpExporterFactory } from './factory.ts';
import { classifyHttpResponse } from './http-response.ts';

const problems = (input: unknown) => {
  const result = otlpHttpConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('otlp_http config', () => {
  it('fills every default', () => {
    assert.deepEqual(otlpHttpConfigSchema.parse({ endpoint: 'http://collector:4318' }), {
      endpoint: 'http://collector:4318',
      encoding: 'proto',
      compression: 'gzip',
      headers: {},
      timeout: 10_000,
      tls: { insecure_skip_verify: false },
      retry: { initial_interval: 1000, max_interval: 30_000, multiplier: 1.5, jitter: 0.5, max_elapsed: 300_000 },
      queue: { max_bytes: 4 * 1024 * 1024, fsync: true, num_consumers: 1, when_full: 'block' },
    });
    assert.equal(otlpHttpConfigSchema.parse({ endpoint: 'http://c:4318', queue: { storage: '/var/q' } }).queue.max_bytes, 256 * 1024 * 1024, 'on disk: 256MiB');
  });

  it('compression: gzip, zstd or none, with a level that fits the algorithm', () => {
    assert.equal(otlpHttpConfigSchema.parse({ endpoint: 'http://c:4318', compression: 'zstd', compression_level: 3 }).compression_level, 3);
    assert.deepEqual(problems({ endpoint: 'http://c:4318', compression: 'gzip', compression_level: 12 }), ['compression_level: gzip levels are 1..9']);
    assert.deepEqual(problems({ endpoint: 'http://c:4318', compression: 'none', compression_level: 1 }), ['compression_level: compression_level needs compression: gzip or zstd']);
  });

  it('reads sizes with units', () => {
    assert.equal(otlpHttpConfigSchema.parse({ endpoint: 'http://c:4318', queue: { storage: '/var/q', max_bytes: '1GiB' } }).queue.max_bytes, 1024 ** 3);
  });

  it('reports mistakes with their path', () => {
    assert.deepEqual(problems({}), ['endpoint: is required: the URL of the OTLP/HTTP endpoint, e.g. http://collector:4318']);
    assert.deepEqual(problems({ endpoint: 'collector:4318' }), ['endpoint: must be an http:// or https:// URL, e.g. http://collector:4318']);
    assert.deepEqual(problems({ endpoint: 'http://c', encodng: 'json' }).length, 1, 'unknown keys are errors');
    assert.deepEqual(problems({ endpoint: 'http://c', tls: { ca_file: '/ca.pem' } }), ['tls: TLS settings need an https:// endpoint']);
    assert.deepEqual(problems({ endpoint: 'https://c', tls: { cert_file: '/c.pem' } }), ['tls.key_file: cert_file and key_file go together: set both for mutual TLS, or neither']);
    assert.equal(problems({ endpoint: 'https://c', headers: { 'Content-Type': 'text/plain' } }).length, 1);
    assert.equal(problems({ endpoint: 'https://c', queue: { max_bytes: '12 parsecs' } }).length, 1);
  });

  it('appends /v1/logs unless the path already ends with it', () => {
    assert.equal(logsUrl('http://collector:4318').href, 'http://collector:4318/v1/logs');
    assert.equal(logsUrl('https://gateway.example.com/otlp/').href, 'https://gateway.example.com/otlp/v1/logs');
    assert.equal(logsUrl('https://gateway.example.com/v1/logs').href, 'https://gateway.example.com/v1/logs');
  });
});

describe('OTLP/HTTP answers', () => {
  const json = { 'content-type': 'application/json' };
  it('classifies statuses the way the OTLP spec says', () => {
    assert.equal(classifyHttpResponse(200, json, Buffer.from('{}')).kind, 'success');
    for (const status of [429, 502, 503, 504]) assert.equal(classifyHttpResponse(status, json, Buffer.from('')).kind, 'retryable', String(status));
    for (const status of [400, 401, 403, 404, 500]) assert.equal(classifyHttpResponse(status, json, Buffer.from('')).kind, 'permanent', String(status));
    assert.equal(classifyHttpResponse(413, json, Buffer.from('')).kind, 'too_large');
  });

  it('keeps the endpoint message and the Retry-After', () => {
    assert.deepEqual(classifyHttpResponse(429, { ...json, 'retry-after': '3' }, Buffer.from('{"code":8,"message":"slow down"}')), { kind: 'retryable', code: 'http_429', message: 'slow down', retryAfterMs: 3000, answered: true });
    assert.deepEqual(classifyHttpResponse(400, { 'content-type': 'text/plain' }, Buffer.from('bad\n  request')), { kind: 'permanent', code: 'http_400', message: 'bad request' });
  });
});

describe('otlp_http environment checks', () => {
  it('names unreadable TLS files and unusable queue storage', () => {
    const config = otlpHttpConfigSchema.parse({ endpoint: 'https://c', tls: { ca_file: '/nonexistent/ca.pem' }, queue: { storage: '/proc/version/queue' } });
    const problems = otlpHttpExporterFactory.checkEnvironment?.(config, {}) ?? [];
    assert.deepEqual(
      problems.map((p) => p.path.join('.')),
      ['tls.ca_file', 'queue.storage'],
    );
    const fine = otlpHttpConfigSchema.parse({ endpoint: 'https://c', queue: { storage: `${process.env.TMPDIR ?? '/tmp'}/tracecore-not-created-yet/q` } });
    assert.deepEqual(otlpHttpExporterFactory.checkEnvironment?.(fine, {}), []);
  });
});
