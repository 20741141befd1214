/**
 * The auth resolution rule of cli-and-config.md, "Which cluster credentials are used": every
 * source alone, every ambiguous combination under auto, explicit picks, and nothing present.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkCredentials, resolveCredentialSource, type AuthMode, type CredentialSource, type ResolveCredentialOptions } from './credential-source.ts';
import { CredentialsConfigError } from './credentials-errors.ts';
import { fixture } from '../../test/support/test-servers.ts';

const FIELD = 'receivers.k8s_events.kubeconfig';
const IN_CLUSTER = 'the in-cluster service account';
const HOME = '~/.kube/config';

let root: string;
let fieldFile: string;
let envFile: string;
let homeWith: string;
let homeWithout: string;
let saDir: string;
let noSaDir: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'tracecore-source-'));
  fieldFile = join(root, 'field.yaml');
  envFile = join(root, 'env.yaml');
  copyFileSync(fixture('insecure.yaml'), fieldFile);
  copyFileSync(fixture('insecure.yaml'), envFile);
  homeWith = join(root, 'home-with');
  mkdirSync(join(homeWith, '.kube'), { recursive: true });
  copyFileSync(fixture('insecure.yaml'), join(homeWith, '.kube', 'config'));
  homeWithout = join(root, 'home-without');
  mkdirSync(homeWithout);
  saDir = join(root, 'sa');
  mkdirSync(saDir);
  writeFileSync(join(saDir, 'token'), 'sa-token');
  copyFileSync(fixture('ca.pem'), join(saDir, 'ca.crt'));
  noSaDir = join(root, 'no-sa');
  mkdirSync(noSaDir);
});
after(() => rmSync(root, { recursive: true, force: true }));

interface Present {
  field?: boolean;
  env?: boolean;
  inCluster?: boolean;
  home?: boolean;
}

function options(auth: AuthMode, present: Present, extra: Partial<ResolveCredentialOptions> = {}): ResolveCredentialOptions {
  const env: NodeJS.ProcessEnv = {};
  if (present.env) env.KUBECONFIG = envFile;
  if (present.inCluster) {
    env.KUBERNETES_SERVICE_HOST = '10.96.0.1';
    env.KUBERNETES_SERVICE_PORT = '443';
  }
  return {
    auth,
    kubeconfig: present.field ? fieldFile : undefined,
    env,
    homeDir: present.home ? homeWith : homeWithout,
    inClusterDir: present.inCluster ? saDir : noSaDir,
    ...extra,
  };
}

function picked(source: CredentialSource): string {
  return source.kind === 'in_cluster' ? 'in_cluster' : source.from;
}

function configError(check: (err: CredentialsConfigError) => void): (err: unknown) => boolean {
  return (err: unknown) => {
    assert.ok(err instanceof CredentialsConfigError, String(err));
    check(err);
    return true;
  };
}

describe('auth: auto', () => {
  it('uses the one source present', () => {
    assert.equal(picked(resolveCredentialSource(options('auto', { field: true }))), 'kubeconfig_field');
    assert.equal(picked(resolveCredentialSource(options('auto', { env: true }))), 'KUBECONFIG');
    assert.equal(picked(resolveCredentialSource(options('auto', { inCluster: true }))), 'in_cluster');
    assert.equal(picked(resolveCredentialSource(options('auto', { home: true }))), 'home_kubeconfig');
  });

  it('falls back to ~/.kube/config only when none of the first three is present', () => {
    assert.equal(picked(resolveCredentialSource(options('auto', { field: true, home: true }))), 'kubeconfig_field');
    assert.equal(picked(resolveCredentialSource(options('auto', { env: true, home: true }))), 'KUBECONFIG');
    assert.equal(picked(resolveCredentialSource(options('auto', { inCluster: true, home: true }))), 'in_cluster');
  });

  const ambiguous: Array<[Present, string[], string]> = [
    [{ field: true, env: true }, [FIELD, 'KUBECONFIG'], `ambiguous credentials: ${FIELD} and KUBECONFIG are both present; set auth: kubeconfig (the kubeconfig field then wins over KUBECONFIG) or unset one of them`],
    [{ field: true, inCluster: true }, [FIELD, IN_CLUSTER], `ambiguous credentials: ${FIELD} and ${IN_CLUSTER} are both present; set auth: kubeconfig or auth: in_cluster`],
    [{ env: true, inCluster: true }, ['KUBECONFIG', IN_CLUSTER], `ambiguous credentials: KUBECONFIG and ${IN_CLUSTER} are both present; set auth: kubeconfig or auth: in_cluster`],
    [{ field: true, env: true, inCluster: true, home: true }, [FIELD, 'KUBECONFIG', IN_CLUSTER], `ambiguous credentials: ${FIELD}, KUBECONFIG and ${IN_CLUSTER} are all present; set auth: kubeconfig or auth: in_cluster`],
  ];
  for (const [present, fields, message] of ambiguous) {
    it(`refuses to guess between ${fields.join(' + ')}`, () => {
      assert.throws(
        () => resolveCredentialSource(options('auto', present)),
        configError((err) => {
          assert.equal(err.message, message);
          assert.deepEqual(err.fields, fields);
          assert.equal(err.configKey, 'auth');
        }),
      );
    });
  }

  it('fails naming all four sources when none is present', () => {
    assert.throws(
      () => resolveCredentialSource(options('auto', {})),
      configError((err) => {
        assert.deepEqual(err.fields, [FIELD, 'KUBECONFIG', IN_CLUSTER, HOME]);
        assert.match(err.message, /^no cluster credentials found: receivers\.k8s_events\.kubeconfig is not set, KUBECONFIG is not set, the in-cluster service account is not available \(KUBERNETES_SERVICE_HOST is not set and .*token does not exist\) and ~\/\.kube\/config \(.*home-without\/\.kube\/config\) does not exist$/);
      }),
    );
  });

  it('counts the service account as present only with both KUBERNETES_SERVICE_HOST and the token file', () => {
    const hostOnly = { ...options('auto', { field: true }), env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' } };
    assert.equal(picked(resolveCredentialSource(hostOnly)), 'kubeconfig_field');
    const tokenOnly = { ...options('auto', { field: true }), inClusterDir: saDir };
    assert.equal(picked(resolveCredentialSource(tokenOnly)), 'kubeconfig_field');
  });

  it('an empty KUBECONFIG is not a source; a list keeps every path', () => {
    assert.equal(picked(resolveCredentialSource({ ...options('auto', { field: true }), env: { KUBECONFIG: '' } })), 'kubeconfig_field');
    const list = resolveCredentialSource({ ...options('auto', {}), env: { KUBECONFIG: `${envFile}${delimiter}${delimiter}${fieldFile}` } });
    assert.deepEqual(list.kind === 'kubeconfig' && list.paths, [envFile, fieldFile]);
  });
});

describe('explicit auth', () => {
  it('auth: kubeconfig takes the field, else KUBECONFIG, else ~/.kube/config, whatever else is present', () => {
    assert.equal(picked(resolveCredentialSource(options('kubeconfig', { field: true, env: true, inCluster: true, home: true }))), 'kubeconfig_field');
    assert.equal(picked(resolveCredentialSource(options('kubeconfig', { env: true, inCluster: true, home: true }))), 'KUBECONFIG');
    assert.equal(picked(resolveCredentialSource(options('kubeconfig', { inCluster: true, home: true }))), 'home_kubeconfig');
  });

  it('auth: kubeconfig without any kubeconfig is an error naming the three places', () => {
    assert.throws(
      () => resolveCredentialSource(options('kubeconfig', { inCluster: true })),
      configError((err) => {
        assert.deepEqual(err.fields, [FIELD, 'KUBECONFIG', HOME]);
        assert.match(err.message, /^auth: kubeconfig, but no kubeconfig was found: receivers\.k8s_events\.kubeconfig is not set, KUBECONFIG is not set and ~\/\.kube\/config/);
      }),
    );
  });

  it('auth: in_cluster takes the service account, whatever else is present', () => {
    assert.equal(picked(resolveCredentialSource(options('in_cluster', { field: true, env: true, inCluster: true, home: true }))), 'in_cluster');
  });

  it('auth: in_cluster without a service account says what is missing', () => {
    assert.throws(
      () => resolveCredentialSource(options('in_cluster', { field: true, env: true })),
      configError((err) => {
        assert.deepEqual(err.fields, [IN_CLUSTER]);
        assert.match(err.message, /^auth: in_cluster, but the in-cluster service account is not available: KUBERNETES_SERVICE_HOST is not set and .*no-sa\/token does not exist$/);
      }),
    );
  });
});

describe('the kubeconfig field and context', () => {
  it('expands ~ to the home directory', () => {
    const source = resolveCredentialSource({ ...options('auto', {}), kubeconfig: '~/clusters/prod.yaml', homeDir: '/home/me' });
    assert.deepEqual(source.kind === 'kubeconfig' && source.paths, ['/home/me/clusters/prod.yaml']);
    assert.throws(() => resolveCredentialSource({ ...options('auto', {}), kubeconfig: '~/x.yaml', homeDir: undefined }), /starts with ~, but the home directory is unknown/);
  });

  it('names fields under the receiver path it is given', () => {
    assert.throws(
      () => resolveCredentialSource(options('auto', { field: true, env: true }, { configPath: 'receivers.k8s_events/prod' })),
      configError((err) => assert.deepEqual(err.fields, ['receivers.k8s_events/prod.kubeconfig', 'KUBECONFIG'])),
    );
  });

  it('refuses a context when the in-cluster service account is used', () => {
    assert.throws(
      () => resolveCredentialSource(options('auto', { inCluster: true }, { context: 'prod' })),
      configError((err) => {
        assert.equal(err.configKey, 'context');
        assert.match(err.message, /context is set to "prod", but the in-cluster service account is used, which has no contexts/);
      }),
    );
    const explicit = resolveCredentialSource(options('kubeconfig', { field: true, inCluster: true }, { context: 'lab' }));
    assert.equal(explicit.kind === 'kubeconfig' && explicit.context, 'lab');
  });
});

describe('checkCredentials (what tracecore validate runs)', () => {
  it('loads the chosen source without network', () => {
    const { source, credentials } = checkCredentials(options('auto', { inCluster: true }));
    assert.equal(source.kind, 'in_cluster');
    assert.equal(credentials.server.href, 'https://10.96.0.1/');
  });

  it('a problem in the file is reported against the setting that chose it', () => {
    assert.throws(
      () => checkCredentials({ ...options('auto', {}), kubeconfig: join(root, 'missing.yaml') }),
      configError((err) => {
        assert.deepEqual(err.fields, [FIELD]);
        assert.equal(err.configKey, 'kubeconfig');
        assert.match(err.message, /missing\.yaml: cannot read: no such file/);
      }),
    );
    assert.throws(
      () => checkCredentials({ ...options('auto', {}), env: { KUBECONFIG: fixture('multi-context.yaml') }, context: 'nope' }),
      configError((err) => {
        assert.deepEqual(err.fields, ['KUBECONFIG']);
        assert.equal(err.configKey, 'context');
      }),
    );
  });
});
