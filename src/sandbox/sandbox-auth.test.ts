import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { parse } from 'yaml';
import { SandboxApiServer } from './sandbox-server.ts';
import { EVENTS, getJson } from '../../test/support/sandbox-test-client.ts';

interface Kubeconfig {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string } }[];
  users: { name: string; user: { token?: string; tokenFile?: string; 'client-certificate-data'?: string; 'client-key-data'?: string; 'client-certificate'?: string; 'client-key'?: string } }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  'current-context': string;
}

const fromBase64 = (text: string | undefined): string => Buffer.from(text ?? '', 'base64').toString('utf8');

describe('sandbox TLS and bearer token', () => {
  let sandbox: SandboxApiServer;
  before(async () => {
    sandbox = await SandboxApiServer.start();
  });
  after(() => sandbox.close());

  it('serves https with a certificate the sandbox CA verifies for 127.0.0.1', async () => {
    assert.match(sandbox.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await getJson(sandbox, EVENTS)).status, 200);
    const untrusting = new Agent({ connect: { ca: sandbox.tls.untrustedCaPem } });
    try {
      await assert.rejects(request(new URL(EVENTS, sandbox.url), { dispatcher: untrusting }), /certificate/i);
    } finally {
      await untrusting.close();
    }
  });

  it('answers a wrong or missing token with a 401 Status, and follows token rotation', async () => {
    for (const token of ['wrong', null]) {
      const answer = await getJson(sandbox, EVENTS, {}, { token });
      assert.equal(answer.status, 401);
      assert.equal(answer.body.kind, 'Status');
      assert.equal(answer.body.reason, 'Unauthorized');
    }
    const old = sandbox.token;
    sandbox.setToken('rotated-token');
    assert.equal((await getJson(sandbox, EVENTS, {}, { token: old })).status, 401);
    assert.equal((await getJson(sandbox, EVENTS, {}, { token: 'rotated-token' })).status, 200);
    sandbox.setToken(old);
    const credentials = sandbox.requests.entries.map((r) => r.credential);
    assert.ok(credentials.includes('rejected') && credentials.includes('token'));
  });

  it('writes an inline kubeconfig whose CA and token work', async () => {
    const config = parse(sandbox.kubeconfig({ namespace: 'shop' })) as Kubeconfig;
    assert.equal(config['current-context'], 'sandbox');
    assert.equal(config.contexts[0].context.namespace, 'shop');
    const cluster = config.clusters[0].cluster;
    assert.equal(cluster.server, sandbox.url);
    const agent = new Agent({ connect: { ca: fromBase64(cluster['certificate-authority-data']) } });
    try {
      const answer = await request(new URL(EVENTS, cluster.server), { dispatcher: agent, headers: { authorization: `Bearer ${config.users[0].user.token}` } });
      await answer.body.dump();
      assert.equal(answer.statusCode, 200);
    } finally {
      await agent.close();
    }
  });

  it('writes a kubeconfig with file paths and a token file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-kubeconfig-'));
    try {
      const path = await sandbox.writeKubeconfig(dir, { user: 'token-file', files: true });
      const config = parse(await readFile(path, 'utf8')) as Kubeconfig;
      assert.equal(await readFile(config.clusters[0].cluster['certificate-authority'] ?? '', 'utf8'), sandbox.caPem);
      assert.equal(await readFile(config.users[0].user.tokenFile ?? '', 'utf8'), sandbox.token);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('sandbox client-certificate auth', () => {
  let sandbox: SandboxApiServer;
  before(async () => {
    sandbox = await SandboxApiServer.start({ clientCertAuth: true, token: null });
  });
  after(() => sandbox.close());

  it('accepts a certificate signed by the sandbox CA and rejects none or another CA with 401', async () => {
    const good = await getJson(sandbox, EVENTS, {}, { clientCert: 'trusted' });
    assert.equal(good.status, 200);
    assert.equal(sandbox.requests.entries.at(-1)?.credential, 'client-cert');
    for (const clientCert of [undefined, 'untrusted'] as const) {
      const answer = await getJson(sandbox, EVENTS, {}, { clientCert });
      assert.equal(answer.status, 401, `client certificate ${clientCert ?? 'none'}`);
      assert.equal(answer.body.reason, 'Unauthorized');
    }
  });

  it('writes kubeconfigs with the client certificate inline or as files', async () => {
    const inline = parse(sandbox.kubeconfig()) as Kubeconfig;
    assert.equal(fromBase64(inline.users[0].user['client-certificate-data']), sandbox.tls.clientCertPem);
    assert.equal(fromBase64(inline.users[0].user['client-key-data']), sandbox.tls.clientKeyPem);
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-kubeconfig-'));
    try {
      const config = parse(await readFile(await sandbox.writeKubeconfig(dir, { files: true }), 'utf8')) as Kubeconfig;
      const user = config.users[0].user;
      const agent = new Agent({
        connect: { ca: await readFile(config.clusters[0].cluster['certificate-authority'] ?? ''), cert: await readFile(user['client-certificate'] ?? ''), key: await readFile(user['client-key'] ?? '') },
      });
      try {
        const answer = await request(new URL(EVENTS, sandbox.url), { dispatcher: agent });
        await answer.body.dump();
        assert.equal(answer.statusCode, 200);
      } finally {
        await agent.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
