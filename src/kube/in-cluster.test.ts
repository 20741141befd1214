/**
 * The in-cluster service account: what it resolves to (compared with client-node's
 * loadFromCluster), and that its token is re-read when it rotates, never kept for the process's life.
 */
import { KubeConfig } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createKubeConnection, type KubeConnection } from './connection.ts';
import { CredentialsConfigError, CredentialsRuntimeError } from './credentials-errors.ts';
import { inClusterPresent, loadInClusterCredentials } from './in-cluster.ts';
import { fixture } from '../../test/support/test-servers.ts';

const ENV = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };

let root: string;
let dir: string;
const open: KubeConnection[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tracecore-incluster-'));
  dir = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'token'), 'token-one');
  copyFileSync(fixture('ca.pem'), join(dir, 'ca.crt'));
  writeFileSync(join(dir, 'namespace'), 'observability\n');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((connection) => connection.close()));
  rmSync(root, { recursive: true, force: true });
});

function connect(now?: () => number): KubeConnection {
  const connection = createKubeConnection(loadInClusterCredentials({ env: ENV, dir }), { now });
  open.push(connection);
  return connection;
}

/** Rewrites the token file in place, then sets its modification time to `mtime` (seconds). */
function rewrite(token: string, mtime: number): void {
  const path = join(dir, 'token');
  writeFileSync(path, token);
  utimesSync(path, mtime, mtime);
}

describe('in-cluster service account', () => {
  it('resolves server, CA, namespace and token as client-node loadFromCluster does', async () => {
    const saved = { ...process.env };
    let reference: RequestOptions;
    let server: string | undefined;
    try {
      Object.assign(process.env, ENV);
      const kc = new KubeConfig();
      kc.loadFromCluster(root);
      reference = {};
      await kc.applyToHTTPSOptions(reference);
      server = kc.getCurrentCluster()?.server;
    } finally {
      for (const key of Object.keys(ENV)) if (saved[key] === undefined) delete process.env[key];
    }
    const credentials = loadInClusterCredentials({ env: ENV, dir });
    assert.equal(credentials.server.href, new URL(server ?? '').href);
    assert.deepEqual(credentials.tls.ca, reference.ca);
    assert.equal(credentials.tls.insecureSkipTlsVerify, false);
    assert.equal(credentials.namespace, 'observability');
    const headers = await connect().headers();
    assert.equal(headers.authorization, (reference.headers as { Authorization: string }).Authorization);
    assert.equal(headers.authorization, 'Bearer token-one');
  });

  it('puts an IPv6 service host in brackets', () => {
    const credentials = loadInClusterCredentials({ env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, dir });
    assert.equal(credentials.server.host, '[fd00::1]');
  });

  it('is present only with KUBERNETES_SERVICE_HOST and the token file; explains what is missing', () => {
    assert.equal(inClusterPresent({ env: ENV, dir }), true);
    assert.equal(inClusterPresent({ env: {}, dir }), false);
    rmSync(join(dir, 'token'));
    assert.equal(inClusterPresent({ env: ENV, dir }), false);
    assert.throws(() => loadInClusterCredentials({ env: ENV, dir }), /not available: .*token does not exist/);
  });

  it('a missing CA or port is a config error', () => {
    assert.throws(() => loadInClusterCredentials({ env: { KUBERNETES_SERVICE_HOST: '10.96.0.1' }, dir }), /KUBERNETES_SERVICE_PORT is not set/);
    rmSync(join(dir, 'ca.crt'));
    assert.throws(
      () => loadInClusterCredentials({ env: ENV, dir }),
      (err: unknown) => err instanceof CredentialsConfigError && /ca\.crt: no such file/.test(err.message),
    );
  });
});

describe('service account token rotation', () => {
  it('reads the new token as soon as the file changes', async () => {
    const connection = connect();
    rewrite('token-one', 1_000_000);
    assert.equal((await connection.headers()).authorization, 'Bearer token-one');
    rewrite('token-two', 1_000_100);
    assert.equal((await connection.headers()).authorization, 'Bearer token-two');
  });

  it('after a 401 it reads the file again even when it looks unchanged', async () => {
    const connection = connect();
    rewrite('token-one', 1_000_000);
    assert.equal((await connection.headers()).authorization, 'Bearer token-one');
    rewrite('token-two', 1_000_000); // same size, same modification time
    assert.equal((await connection.headers()).authorization, 'Bearer token-one');
    connection.onUnauthorized();
    assert.equal((await connection.headers()).authorization, 'Bearer token-two');
  });

  it('reads it again after a minute at the latest', async () => {
    let now = 0;
    const connection = connect(() => now);
    rewrite('token-one', 1_000_000);
    assert.equal((await connection.headers()).authorization, 'Bearer token-one');
    rewrite('token-two', 1_000_000);
    now = 59_000;
    assert.equal((await connection.headers()).authorization, 'Bearer token-one');
    now = 61_000;
    assert.equal((await connection.headers()).authorization, 'Bearer token-two');
  });

  it('follows the kubelet swapping the ..data symlink, and trims the newline', async () => {
    // The kubelet's layout: token -> ..data/token, ..data -> ..<timestamp>/ swapped atomically.
    rmSync(join(dir, 'token'));
    mkdirSync(join(dir, '..2024_01'));
    writeFileSync(join(dir, '..2024_01', 'token'), 'projected-one\n');
    symlinkSync('..2024_01', join(dir, '..data'));
    symlinkSync('..data/token', join(dir, 'token'));
    const connection = connect();
    assert.equal((await connection.headers()).authorization, 'Bearer projected-one');
    mkdirSync(join(dir, '..2024_02'));
    writeFileSync(join(dir, '..2024_02', 'token'), 'projected-two\n');
    const stamp = statSync(join(dir, '..2024_01', 'token')).mtime;
    utimesSync(join(dir, '..2024_02', 'token'), stamp, stamp); // even with the same time stamp
    symlinkSync('..2024_02', join(dir, '..data_tmp'));
    renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
    assert.equal((await connection.headers()).authorization, 'Bearer projected-two');
  });

  it('a vanished token file is a run-time error naming the file, not the token', async () => {
    const connection = connect();
    assert.equal((await connection.headers()).authorization, 'Bearer token-one');
    rmSync(join(dir, 'token'));
    await assert.rejects(connection.headers(), (err: unknown) => {
      assert.ok(err instanceof CredentialsRuntimeError);
      assert.match(err.message, /cannot read token file .*token: no such file/);
      assert.ok(!err.message.includes('token-one'));
      return true;
    });
    writeFileSync(join(dir, 'token'), 'token-three');
    assert.equal((await connection.headers()).authorization, 'Bearer token-three');
  });

  it('describe() says where it connects, without the token', () => {
    const text = connect().describe();
    assert.match(text, /^in-cluster service account .*serviceaccount -> https:\/\/10\.96\.0\.1, bearer token from .*token$/);
    assert.ok(!text.includes('token-one'));
  });
});
