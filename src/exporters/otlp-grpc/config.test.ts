import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { grpcTarget, otlpGrpcConfigSchema } from './config.ts';
import { classifyGrpcError } from './grpc-status.ts';

const problems = (input: unknown) => {
  const result = otlpGrpcConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('otlp_grpc config', () => {
  it('is TLS unless told otherwise; http:// means plain text', () => {
    assert.deepEqual(grpcTarget(otlpGrpcConfigSchema.parse({ endpoint: 'collector:4317' })), { target: 'collector:4317', insecure: false });
    assert.deepEqual(grpcTarget(otlpGrpcConfigSchema.parse({ endpoint: 'collector:4317', tls: { insecure: true } })), { target: 'collector:4317', insecure: true });
    assert.deepEqual(grpcTarget(otlpGrpcConfigSchema.parse({ endpoint: 'http://collector:4317' })), { target: 'collector:4317', insecure: true });
    assert.deepEqual(grpcTarget(otlpGrpcConfigSchema.parse({ endpoint: 'https://[::1]:4317' })), { target: '[::1]:4317', insecure: false });
  });

  it('reports contradictions', () => {
    assert.deepEqual(problems({ endpoint: 'collector' }), ['endpoint: must be host:port (e.g. collector:4317), optionally with http:// (plain text) or https:// (TLS) in front']);
    assert.deepEqual(problems({ endpoint: 'https://c:4317', tls: { insecure: true } }), ['tls.insecure: an https:// endpoint uses TLS: drop tls.insecure or use http://']);
    assert.deepEqual(problems({ endpoint: 'c:4317', tls: { insecure: true, ca_file: '/ca.pem' } }), ['tls: TLS files and insecure_skip_verify need TLS: the endpoint is plain text (tls.insecure or http://)']);
  });
});

describe('OTLP/gRPC answers', () => {
  it('classifies codes the way the OTLP spec says', () => {
    for (const code of [status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.ABORTED, status.CANCELLED]) assert.equal(classifyGrpcError(code, '', undefined).kind, 'retryable');
    for (const code of [status.INVALID_ARGUMENT, status.UNAUTHENTICATED, status.PERMISSION_DENIED, status.RESOURCE_EXHAUSTED]) assert.equal(classifyGrpcError(code, '', undefined).kind, 'permanent');
    assert.equal(classifyGrpcError(status.RESOURCE_EXHAUSTED, 'Received message larger than max (5000000 vs. 4194304)', undefined).kind, 'too_large');
  });
});
