/**
 * Real HTTPS requests through the connection's dispatcher to a loopback server with the fixture
 * CA: the CA, client certificate (files, inline, and rotated by an exec plugin), TLS server name,
 * insecure mode, basic auth, impersonation and proxy-url are all wired as the kubeconfig says.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { request } from 'undici';
import { apiUrl, createKubeConnection, openKubeConnection, type KubeConnection } from './connection.ts';
import { loadKubeconfig } from './kubeconfig.ts';
import { fixture, startConnectProxy, startEchoServer, type RunningServer, type Seen } from '../../test/support/test-servers.ts';

let server: RunningServer;
let tmp: string;
const open: KubeConnection[] = [];

before(async () => {
  server = await startEchoServer();
  tmp = mkdtempSync(join(tmpdir(), 'tracecore-connection-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((connection) => connection.close()));
});
after(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A fixture kubeconfig pointed at the test server, its relative file paths made absolute. */
function pointed(name: string, edit: (yaml: string) => string = (yaml) => yaml): string {
  const yaml = readFileSync(fixture(name), 'utf8')
    .replace(/server: "?https:\/\/[^\s"]+"?/g, `server: ${server.url}`)
    .replace(/(certificate-authority|client-certificate|client-key): (\S+\.pem)/g, (_all, key: string, file: string) => `${key}: ${fixture(file)}`);
  const path = join(mkdtempSync(join(tmp, 'kc-')), name);
  writeFileSync(path, edit(yaml));
  return path;
}

function connect(kubeconfig: string, context?: string): KubeConnection {
  const connection = createKubeConnection(loadKubeconfig(kubeconfig, context));
  open.push(connection);
  return connection;
}

async function get(connection: KubeConnection): Promise<Seen> {
  const response = await request(apiUrl(connection.server, '/apis/events.k8s.io/v1/events', new URLSearchParams({ limit: '1' })), {
    dispatcher: connection.dispatcher(),
    headers: await connection.headers(),
  });
  assert.equal(response.statusCode, 200);
  return (await response.body.json()) as Seen;
}

describe('TLS wiring', () => {
  it('CA file, client certificate files and tls-server-name', async () => {
    const seen = await get(connect(pointed('client-cert-files.yaml')));
    assert.deepEqual(seen, { path: '/apis/events.k8s.io/v1/events?limit=1', authorization: null, clientCN: 'alice', impersonateUser: null });
  });

  it('inline CA, client certificate and key', async () => {
    assert.equal((await get(connect(pointed('client-cert-data.yaml')))).clientCN, 'alice');
  });

  it('CA file and a bearer token', async () => {
    const seen = await get(connect(pointed('token-inline.yaml')));
    assert.equal(seen.authorization, 'Bearer inline-token-abc');
    assert.equal(seen.clientCN, null);
  });

  it('without the CA the server is not trusted', async () => {
    const connection = connect(pointed('token-inline.yaml', (yaml) => yaml.replace(/\n\s+certificate-authority: .*/, '')));
    await assert.rejects(get(connection), (err: unknown) => err instanceof Error && /certificate/i.test(`${err.message} ${String((err as { code?: string }).code)}`));
  });

  it('insecure-skip-tls-verify accepts it; basic auth and impersonation headers are sent', async () => {
    const seen = await get(connect(pointed('insecure.yaml')));
    assert.equal(seen.authorization, `Basic ${Buffer.from('admin:s3cret-pass').toString('base64')}`);
    assert.equal(seen.impersonateUser, 'system:serviceaccount:ops:viewer');
  });

  it('tls-server-name is the name checked against the server certificate', async () => {
    const connection = connect(pointed('client-cert-files.yaml', (yaml) => yaml.replace('tls-server-name: kubernetes.default.svc', 'tls-server-name: wrong.example.com')));
    await assert.rejects(get(connection), (err: unknown) => err instanceof Error && /wrong\.example\.com|ALTNAME/.test(`${err.message} ${String((err as { code?: string }).code)}`));
  });

  it('proxy-url: requests tunnel through the proxy', async () => {
    const proxy = await startConnectProxy();
    try {
      const connection = connect(pointed('token-inline.yaml', (yaml) => yaml.replace(/(\n\s+)(certificate-authority: .*)/, `$1$2$1proxy-url: ${proxy.url}`)));
      assert.equal((await get(connection)).authorization, 'Bearer inline-token-abc');
      assert.equal(proxy.tunnels(), 1);
      await connection.close();
    } finally {
      await proxy.close();
    }
  });
});

describe('exec plugin client certificates', () => {
  it('uses the certificate the plugin returns, and the new one after it rotates', async () => {
    const state = mkdtempSync(join(tmp, 'exec-'));
    const pairs = `${fixture('client.pem')}|${fixture('client-key.pem')},${fixture('client2.pem')}|${fixture('client2-key.pem')}`;
    const kubeconfig = join(state, 'config.yaml');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
clusters: [{ name: c, cluster: { server: ${JSON.stringify(server.url)}, certificate-authority: ${JSON.stringify(fixture('ca.pem'))} } }]
users:
  - name: u
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: ${JSON.stringify(process.execPath)}
        args: [${JSON.stringify(fixture('exec-plugin.mjs'))}]
        env:
          - { name: PLUGIN_STATE_DIR, value: ${JSON.stringify(state)} }
          - { name: PLUGIN_MODE, value: token-and-cert }
          - { name: PLUGIN_CERTS, value: ${JSON.stringify(pairs)} }
contexts: [{ name: c, context: { cluster: c, user: u } }]
current-context: c
`,
    );
    const connection = connect(kubeconfig);
    const dispatcher = connection.dispatcher();
    assert.deepEqual(await get(connection), { path: '/apis/events.k8s.io/v1/events?limit=1', authorization: 'Bearer exec-token-1', clientCN: 'alice', impersonateUser: null });
    assert.equal((await get(connection)).clientCN, 'alice');
    connection.onUnauthorized();
    assert.deepEqual(await get(connection), { path: '/apis/events.k8s.io/v1/events?limit=1', authorization: 'Bearer exec-token-2', clientCN: 'bob', impersonateUser: null });
    assert.equal(connection.dispatcher(), dispatcher, 'the receiver keeps one dispatcher object');
    assert.match(connection.describe(), /exec plugin .*node/);
  });
});

describe('openKubeConnection', () => {
  it('resolves, loads and connects; describe() names the source, not the secret', async () => {
    const connection = openKubeConnection({ auth: 'auto', kubeconfig: pointed('token-inline.yaml'), env: {}, homeDir: undefined, inClusterDir: join(tmp, 'none') });
    open.push(connection);
    assert.equal((await get(connection)).authorization, 'Bearer inline-token-abc');
    const text = connection.describe();
    assert.match(text, /^kubeconfig .*token-inline\.yaml \(context dev\) -> https:\/\/127\.0\.0\.1:\d+, bearer token$/);
    assert.ok(!text.includes('inline-token-abc'));
    assert.equal(connection.namespace, 'team-a');
    await connection.close();
    await connection.close();
  });
});
