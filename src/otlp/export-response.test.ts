import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExportLogsServiceResponse, RetryInfo, RpcStatus } from '../../test/support/otlp-decode.ts';
import { decodePartialSuccessJson, decodePartialSuccessProto, decodeRpcStatusJson, decodeRpcStatusProto, ProtoDecodeError } from './export-response.ts';

describe('export responses', () => {
  it('reads partial success from protobuf and JSON', () => {
    const bytes = ExportLogsServiceResponse.encode(ExportLogsServiceResponse.fromObject({ partialSuccess: { rejectedLogRecords: 7, errorMessage: 'attribute too long' } })).finish();
    assert.deepEqual(decodePartialSuccessProto(bytes), { rejected: 7, message: 'attribute too long' });
    assert.deepEqual(decodePartialSuccessJson('{"partialSuccess":{"rejectedLogRecords":"7","errorMessage":"attribute too long"}}'), { rejected: 7, message: 'attribute too long' });
  });

  it('an empty answer is full success', () => {
    assert.deepEqual(decodePartialSuccessProto(new Uint8Array(0)), { rejected: 0, message: '' });
    assert.deepEqual(decodePartialSuccessJson(''), { rejected: 0, message: '' });
    assert.deepEqual(decodePartialSuccessJson('{}'), { rejected: 0, message: '' });
  });

  it('reads a google.rpc.Status with its RetryInfo delay', () => {
    const retryInfo = RetryInfo.encode({ retryDelay: { seconds: 2, nanos: 500_000_000 } }).finish();
    const bytes = RpcStatus.encode({ code: 8, message: 'over quota', details: [{ typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value: retryInfo }] }).finish();
    assert.deepEqual(decodeRpcStatusProto(bytes), { code: 8, message: 'over quota', retryDelayMs: 2500 });
    assert.deepEqual(decodeRpcStatusJson('{"code":3,"message":"bad attribute"}'), { code: 3, message: 'bad attribute', retryDelayMs: undefined });
    assert.equal(decodeRpcStatusJson('"just text"'), undefined);
  });

  it('rejects malformed protobuf instead of guessing', () => {
    assert.throws(() => decodePartialSuccessProto(Uint8Array.of(0x0a, 0x05, 0x08)), ProtoDecodeError);
  });
});
