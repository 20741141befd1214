/**
 * loadKubeconfig against @kubernetes/client-node (the reference, imported only in tests): the same
 * kubeconfig must give the same server, CA, client certificate and key, TLS verification, server
 * name and Authorization. Then the errors, the merge of a KUBECONFIG list, and path resolution.
 */
import { KubeConfig } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiUrl, createKubeConnection } from './connection.ts';
import { CredentialsConfigError } from './credentials-errors.ts';
import { loadKubeconfig } from './kubeconfig.ts';
import { fixture } from '../../test/support/test-servers.ts';

interface View {
  server: string | undefined;
  ca: string | undefined;
  cert: string | undefined;
  key: string | undefined;
  insecure: boolean;
  servername: string | undefined;
  authorization: string | undefined;
  impersonateUser: string | undefined;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Buffer.isBuffer(value) || typeof value === 'string') return value.toString();
  throw new Error(`unexpected TLS value ${typeof value}`);
}

async function clientNodeView(file: string, context?: string): Promise<View> {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  if (context !== undefined) kc.setCurrentContext(context);
  const opts: RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const headers = (opts.headers ?? {}) as { [name: string]: string | undefined };
  const server = kc.getCurrentCluster()?.server;
  return {
    // Compared as URLs: "https://x:443" and "https://x" are the same server.
    server: server === undefined ? undefined : new URL(server).href.replace(/\/$/, ''),
    ca: text(opts.ca),
    cert: text(opts.cert),
    key: text(opts.key),
    insecure: opts.rejectUnauthorized === false,
    servername: opts.servername ?? undefined,
    authorization: headers.Authorization ?? (opts.auth ? `Basic ${Buffer.from(opts.auth).toString('base64')}` : undefined),
    impersonateUser: headers['Impersonate-User'],
  };
}

async function ourView(file: string, context?: string): Promise<View> {
  const credentials = loadKubeconfig(file, context);
  const connection = createKubeConnection(credentials);
  try {
    const headers = await connection.headers();
    return {
      server: credentials.server.href.replace(/\/$/, ''),
      ca: text(credentials.tls.ca),
      cert: text(credentials.tls.cert),
      key: text(credentials.tls.key?.reveal()),
      insecure: credentials.tls.insecureSkipTlsVerify,
      servername: credentials.tls.serverName,
      authorization: headers.authorization,
      impersonateUser: headers['impersonate-user'],
    };
  } finally {
    await connection.close();
  }
}

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tracecore-kubeconfig-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function writeTemp(name: string, content: string): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

describe('kubeconfig resolves as @kubernetes/client-node resolves it', () => {
  const cases: Array<[string, string | undefined]> = [
    ['token-inline.yaml', undefined],
    ['client-cert-files.yaml', undefined],
    ['client-cert-data.yaml', undefined],
    ['insecure.yaml', undefined],
    ['multi-context.yaml', undefined],
    ['multi-context.yaml', 'prod'],
  ];
  for (const [name, context] of cases) {
    it(`${name}${context === undefined ? '' : ` (context ${context})`}`, async () => {
      const ours = await ourView(fixture(name), context);
      assert.deepEqual(ours, await clientNodeView(fixture(name), context));
      assert.ok(ours.server?.startsWith('https://'));
    });
  }

  it('token-file.yaml: same server and CA; the token comes from tokenFile, relative to the kubeconfig', async () => {
    const ours = await ourView(fixture('token-file.yaml'));
    const reference = await clientNodeView(fixture('token-file.yaml'));
    // client-node 2.0 reads `token-file`, but the kubeconfig field is `tokenFile` (client-go), so it finds no token.
    assert.equal(reference.authorization, undefined);
    assert.deepEqual({ ...ours, authorization: undefined }, reference);
    assert.equal(ours.authorization, `Bearer ${readFileSync(fixture('token.txt'), 'utf8')}`);
  });

  it('exec plugin token: same Authorization as client-node gets from the same plugin', async () => {
    const kubeconfig = (state: string): string =>
      writeTemp(
        `exec-${state}.yaml`,
        `apiVersion: v1
clusters: [{ name: c, cluster: { server: "https://127.0.0.1:6443", certificate-authority: ${JSON.stringify(fixture('ca.pem'))} } }]
users:
  - name: u
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: ${JSON.stringify(process.execPath)}
        args: [${JSON.stringify(fixture('exec-plugin.mjs'))}]
        env: [{ name: PLUGIN_STATE_DIR, value: ${JSON.stringify(mkdtempSync(join(tmp, state)))} }]
contexts: [{ name: c, context: { cluster: c, user: u } }]
current-context: c
`,
      );
    const ours = await ourView(kubeconfig('ours'));
    assert.deepEqual(ours, await clientNodeView(kubeconfig('theirs')));
    assert.equal(ours.authorization, 'Bearer exec-token-1');
  });
});

describe('loadKubeconfig', () => {
  it('uses the context namespace and keeps the server path prefix', () => {
    assert.equal(loadKubeconfig(fixture('token-inline.yaml')).namespace, 'team-a');
    assert.equal(loadKubeconfig(fixture('multi-context.yaml'), 'prod').namespace, 'payments');
    const path = writeTemp(
      'prefix.yaml',
      `clusters: [{ name: r, cluster: { server: "https://rancher.example.com/k8s/clusters/c-1" } }]
contexts: [{ name: r, context: { cluster: r } }]
current-context: r
`,
    );
    const credentials = loadKubeconfig(path);
    assert.equal(credentials.auth.kind, 'none');
    assert.equal(apiUrl(credentials.server, '/apis/events.k8s.io/v1/events').href, 'https://rancher.example.com/k8s/clusters/c-1/apis/events.k8s.io/v1/events');
  });

  it('names the missing context and the ones that exist', () => {
    const file = fixture('multi-context.yaml');
    assert.throws(
      () => loadKubeconfig(file, 'staging'),
      (err: unknown) => err instanceof CredentialsConfigError && err.message === `kubeconfig ${file}: context "staging" not found; contexts: dev, prod` && err.configKey === 'context',
    );
  });

  it('merges a KUBECONFIG list as kubectl does: first occurrence wins, paths relative to their own file', () => {
    const a = writeTemp(
      'a.yaml',
      `current-context: shared
clusters: [{ name: shared, cluster: { server: "https://a.example.com" } }]
users: [{ name: shared, user: { token: from-a } }]
contexts: [{ name: shared, context: { cluster: shared, user: shared } }]
`,
    );
    const b = fixture('multi-context.yaml'); // current-context dev; its CA path is relative to the fixtures folder
    const c = writeTemp(
      'c.yaml',
      `current-context: other
clusters: [{ name: shared, cluster: { server: "https://c.example.com" } }]
contexts: [{ name: shared, context: { cluster: shared, user: missing } }]
`,
    );
    const missing = join(tmp, 'does-not-exist.yaml');
    const merged = loadKubeconfig([missing, a, b, c]);
    assert.equal(merged.server.href, 'https://a.example.com/');
    assert.equal(merged.auth.kind === 'token' && merged.auth.token.reveal(), 'from-a');
    assert.match(merged.origin, /context shared/);
    const dev = loadKubeconfig([a, b, c], 'dev');
    assert.deepEqual(dev.tls.ca, readFileSync(fixture('ca.pem')));
    assert.throws(() => loadKubeconfig([missing, join(tmp, 'nope.yaml')]), /none of these files exists/);
  });

  it('a broken entry that the context does not use does not matter', () => {
    const path = writeTemp(
      'unused-broken.yaml',
      `clusters:
  - { name: ok, cluster: { server: "https://ok.example.com" } }
  - { name: broken, cluster: { server: 42, certificate-authority: /nowhere.pem } }
users: [{ name: broken, user: { auth-provider: { name: gcp } } }]
contexts: [{ name: ok, context: { cluster: ok } }]
current-context: ok
`,
    );
    assert.equal(loadKubeconfig(path).server.host, 'ok.example.com');
  });

  it('resolves an exec command with a path against the kubeconfig folder, and looks bare names up in PATH', () => {
    const path = writeTemp(
      'exec-paths.yaml',
      `clusters: [{ name: c, cluster: { server: "https://c.example.com" } }]
users:
  - { name: rel, user: { exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: ./bin/plugin } } }
  - { name: bare, user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: aws, args: [eks, get-token] } } }
contexts:
  - { name: rel, context: { cluster: c, user: rel } }
  - { name: bare, context: { cluster: c, user: bare } }
`,
    );
    const rel = loadKubeconfig(path, 'rel').auth;
    assert.equal(rel.kind === 'exec' && rel.exec.command, join(tmp, 'bin/plugin'));
    const bare = loadKubeconfig(path, 'bare').auth;
    assert.equal(bare.kind === 'exec' && bare.exec.command, 'aws');
  });
});

describe('loadKubeconfig errors name the file and field, never a secret', () => {
  const SECRET = 'SUPERSECRET-TOKEN-4711';
  const KEY_DATA = Buffer.from(readFileSync(fixture('client-key.pem'))).toString('base64');
  const cases: Array<{ name: string; yaml: string; message: RegExp; context?: string }> = [
    { name: 'no current-context', yaml: 'contexts: [{ name: a, context: { cluster: a } }]\n', message: /no current-context is set; choose one with context \(contexts: a\)/ },
    { name: 'unknown cluster', yaml: 'current-context: a\ncontexts: [{ name: a, context: { cluster: gone, user: u } }]\n', message: /context "a" refers to cluster "gone", which is not defined; clusters: \(none\)/ },
    {
      name: 'unknown user',
      yaml: `current-context: a\nclusters: [{ name: c, cluster: { server: "https://x" } }]\nusers: [{ name: u, user: { token: ${SECRET} } }]\ncontexts: [{ name: a, context: { cluster: c, user: v } }]\n`,
      message: /refers to user "v", which is not defined; users: u/,
    },
    { name: 'no server', yaml: 'current-context: a\nclusters: [{ name: c, cluster: {} }]\ncontexts: [{ name: a, context: { cluster: c } }]\n', message: /cluster "c": server is missing/ },
    {
      name: 'CA file missing',
      yaml: 'current-context: a\nclusters: [{ name: c, cluster: { server: "https://x", certificate-authority: missing-ca.pem } }]\ncontexts: [{ name: a, context: { cluster: c } }]\n',
      message: /cluster "c": certificate-authority: cannot read .*missing-ca\.pem: no such file/,
    },
    {
      name: 'insecure with a CA',
      yaml: `current-context: a\nclusters: [{ name: c, cluster: { server: "https://x", insecure-skip-tls-verify: true, certificate-authority: ${JSON.stringify(fixture('ca.pem'))} } }]\ncontexts: [{ name: a, context: { cluster: c } }]\n`,
      message: /insecure-skip-tls-verify cannot be combined with certificate-authority/,
    },
    {
      name: 'file and data both set',
      yaml: `current-context: a\nclusters: [{ name: c, cluster: { server: "https://x" } }]\nusers: [{ name: u, user: { client-key: k.pem, client-key-data: ${KEY_DATA} } }]\ncontexts: [{ name: a, context: { cluster: c, user: u } }]\n`,
      message: /user "u": both client-key and client-key-data are set/,
    },
    {
      name: 'PEM pasted into a -data field',
      yaml: `current-context: a\nclusters: [{ name: c, cluster: { server: "https://x", certificate-authority-data: "-----BEGIN CERTIFICATE-----${SECRET}" } }]\ncontexts: [{ name: a, context: { cluster: c } }]\n`,
      message: /certificate-authority-data: not a base64-encoded PEM certificate \(it holds PEM text/,
    },
    {
      name: 'certificate without key',
      yaml: `current-context: a\nclusters: [{ name: c, cluster: { server: "https://x" } }]\nusers: [{ name: u, user: { client-certificate: ${JSON.stringify(fixture('client.pem'))} } }]\ncontexts: [{ name: a, context: { cluster: c, user: u } }]\n`,
      message: /client-key or client-key-data is missing/,
    },
    {
      name: 'token and basic auth',
      yaml: `current-context: a\nclusters: [{ name: c, cluster: { server: "https://x" } }]\nusers: [{ name: u, user: { token: ${SECRET}, username: me, password: ${SECRET} } }]\ncontexts: [{ name: a, context: { cluster: c, user: u } }]\n`,
      message: /user "u": more than one authentication method \(token\/tokenFile, username\/password\)/,
    },
    {
      name: 'auth-provider',
      yaml: 'current-context: a\nclusters: [{ name: c, cluster: { server: "https://x" } }]\nusers: [{ name: u, user: { auth-provider: { name: oidc } } }]\ncontexts: [{ name: a, context: { cluster: c, user: u } }]\n',
      message: /auth-provider is not supported .* use an exec plugin/,
    },
    {
      name: 'exec without apiVersion',
      yaml: 'current-context: a\nclusters: [{ name: c, cluster: { server: "https://x" } }]\nusers: [{ name: u, user: { exec: { command: aws } } }]\ncontexts: [{ name: a, context: { cluster: c, user: u } }]\n',
      message: /user "u": exec: apiVersion is missing; use client\.authentication\.k8s\.io\/v1 or/,
    },
    {
      name: 'tokenFile missing',
      yaml: 'current-context: a\nclusters: [{ name: c, cluster: { server: "https://x" } }]\nusers: [{ name: u, user: { tokenFile: gone.txt } }]\ncontexts: [{ name: a, context: { cluster: c, user: u } }]\n',
      message: /user "u": tokenFile: cannot read .*gone\.txt: no such file/,
    },
    { name: 'token of the wrong type', yaml: `current-context: a\nclusters: [{ name: c, cluster: { server: "https://x" } }]\nusers: [{ name: u, user: { token: [${SECRET}] } }]\ncontexts: [{ name: a, context: { cluster: c, user: u } }]\n`, message: /user "u": token must be a string/ },
    { name: 'invalid YAML on a line holding a secret', yaml: `users:\n  - name: u\n    user: {token: ${SECRET}: x}\n`, message: /not valid YAML: .*at line 3, column/ },
    { name: 'duplicate names', yaml: 'contexts: [{ name: a, context: { cluster: c } }, { name: a, context: { cluster: d } }]\n', message: /contexts: the name "a" appears twice/ },
  ];
  for (const { name, yaml, message, context } of cases) {
    it(name, () => {
      const path = writeTemp(`${name.replace(/\W+/g, '-')}.yaml`, yaml);
      assert.throws(
        () => loadKubeconfig(path, context),
        (err: unknown) => {
          assert.ok(err instanceof CredentialsConfigError, String(err));
          assert.match(err.message, message);
          assert.ok(err.message.includes(path), `names the file: ${err.message}`);
          assert.ok(!err.message.includes(SECRET) && !err.message.includes(KEY_DATA), `no secret in: ${err.message}`);
          return true;
        },
      );
    });
  }

  it('a missing kubeconfig file', () => {
    assert.throws(() => loadKubeconfig(join(tmp, 'absent.yaml')), /kubeconfig .*absent\.yaml: cannot read: no such file/);
  });
});
