/**
 * Turns the cluster and user entries a context names into server, TLS material and auth, with
 * kubectl's rules:
 * - relative file paths (certificate-authority, client-certificate, client-key, tokenFile, and an
 *   exec command containing a `/`) resolve against the folder of the file the entry came from;
 * - a `*-data` field and its file field both set is an error, as kubectl reports it;
 * - insecure-skip-tls-verify together with a CA is an error (kubectl: "specifying a root
 *   certificates file with the insecure flag is not allowed");
 * - token wins over tokenFile (the kubeconfig API documents it); token or tokenFile together with
 *   username/password or exec is an error (kubectl refuses token + basic; we never guess);
 * - auth-provider (the removed gcp/azure/oidc plugins), as-groups and as-user-extra are refused
 *   with what to use instead, rather than silently ignored.
 */
import { statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import { CredentialsConfigError } from './credentials-errors.ts';
import { errnoText } from './fs-error-text.ts';
import type { ExecPluginConfig, Impersonation, UserAuth } from './credentials.ts';
import { isFields, isSet, optionalBoolean, optionalFields, optionalString, optionalStringList, type Fields } from './kubeconfig-fields.ts';
import type { NamedEntry } from './kubeconfig-file.ts';
import { decodePemData, readPemFile, type PemKind } from './pem.ts';
import { Secret } from './secret.ts';

export interface ClusterSettings {
  readonly server: URL;
  readonly ca?: Buffer;
  readonly insecureSkipTlsVerify: boolean;
  readonly serverName?: string;
  readonly proxyUrl?: URL;
}

export interface UserSettings {
  readonly auth: UserAuth;
  readonly cert?: Buffer;
  readonly key?: Secret<Buffer>;
  readonly impersonate?: Impersonation;
}

const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;

export function clusterSettings(entry: NamedEntry): ClusterSettings {
  const where = `kubeconfig ${entry.file}: cluster "${entry.name}"`;
  const body = entry.body;
  const server = parseServer(optionalString(body, 'server', where), where);
  const insecureSkipTlsVerify = optionalBoolean(body, 'insecure-skip-tls-verify', where) ?? false;
  const ca = pemFromFileOrData(entry, 'certificate-authority', 'certificate-authority-data', 'certificate', where);
  if (insecureSkipTlsVerify && ca !== undefined) {
    throw new CredentialsConfigError(`${where}: insecure-skip-tls-verify cannot be combined with certificate-authority or certificate-authority-data (kubectl refuses it too); keep one`);
  }
  const serverName = optionalString(body, 'tls-server-name', where);
  const proxy = optionalString(body, 'proxy-url', where);
  return { server, ca, insecureSkipTlsVerify, serverName, proxyUrl: proxy === undefined ? undefined : parseProxy(proxy, where) };
}

export function userSettings(entry: NamedEntry): UserSettings {
  const where = `kubeconfig ${entry.file}: user "${entry.name}"`;
  const body = entry.body;
  if (isSet(body, 'auth-provider')) {
    throw new CredentialsConfigError(
      `${where}: auth-provider is not supported (Kubernetes removed the built-in gcp, azure and oidc providers); use an exec plugin such as gke-gcloud-auth-plugin or kubelogin`,
    );
  }
  for (const unsupported of ['as-groups', 'as-user-extra']) {
    if (isSet(body, unsupported)) throw new CredentialsConfigError(`${where}: ${unsupported} is not supported; impersonate with as (and as-uid) only`);
  }
  const cert = pemFromFileOrData(entry, 'client-certificate', 'client-certificate-data', 'certificate', where);
  const keyBytes = pemFromFileOrData(entry, 'client-key', 'client-key-data', 'private key', where);
  if ((cert === undefined) !== (keyBytes === undefined)) {
    const missing = cert === undefined ? 'client-certificate or client-certificate-data' : 'client-key or client-key-data';
    throw new CredentialsConfigError(`${where}: a client certificate needs both a certificate and a key; ${missing} is missing`);
  }
  const impersonateUser = optionalString(body, 'as', where);
  const impersonateUid = optionalString(body, 'as-uid', where);
  return {
    auth: userAuth(entry, where),
    cert,
    key: keyBytes === undefined ? undefined : new Secret(keyBytes),
    impersonate: impersonateUser === undefined && impersonateUid === undefined ? undefined : { user: impersonateUser, uid: impersonateUid },
  };
}

function userAuth(entry: NamedEntry, where: string): UserAuth {
  const body = entry.body;
  const token = optionalString(body, 'token', where);
  const tokenFile = optionalString(body, 'tokenFile', where);
  const username = optionalString(body, 'username', where);
  const password = optionalString(body, 'password', where);
  const exec = optionalFields(body, 'exec', where);
  const methods = [
    token !== undefined || tokenFile !== undefined ? 'token/tokenFile' : undefined,
    username !== undefined || password !== undefined ? 'username/password' : undefined,
    exec !== undefined ? 'exec' : undefined,
  ].filter((method) => method !== undefined);
  if (methods.length > 1) {
    throw new CredentialsConfigError(`${where}: more than one authentication method (${methods.join(', ')}); keep only one`);
  }
  if (token !== undefined) return { kind: 'token', token: new Secret(token) };
  if (tokenFile !== undefined) return { kind: 'token_file', path: checkedTokenFile(resolvePath(entry, tokenFile), where) };
  if (username !== undefined || password !== undefined) return { kind: 'basic', username: username ?? '', password: new Secret(password ?? '') };
  if (exec !== undefined) return { kind: 'exec', exec: execConfig(entry, exec, `${where}: exec`) };
  return { kind: 'none' };
}

function execConfig(entry: NamedEntry, body: Fields, where: string): ExecPluginConfig {
  const apiVersion = optionalString(body, 'apiVersion', where);
  const known = EXEC_API_VERSIONS.find((version) => version === apiVersion);
  if (known === undefined) {
    const found = apiVersion === undefined ? 'apiVersion is missing' : `apiVersion "${apiVersion}" is not supported`;
    throw new CredentialsConfigError(`${where}: ${found}; use ${EXEC_API_VERSIONS.join(' or ')}`);
  }
  const command = optionalString(body, 'command', where);
  if (command === undefined) throw new CredentialsConfigError(`${where}: command is missing`);
  const interactiveMode = optionalString(body, 'interactiveMode', where);
  if (interactiveMode === 'Always') {
    throw new CredentialsConfigError(`${where}: interactiveMode Always needs a terminal, and tracecore runs without one; use a plugin mode that logs in without prompting`);
  }
  return {
    apiVersion: known,
    // kubectl resolves a command with a path separator against the kubeconfig's folder; a bare name is looked up in PATH.
    command: command.includes(sep) || command.includes('/') ? resolvePath(entry, command) : command,
    args: optionalStringList(body, 'args', where),
    env: execEnv(body, where),
    installHint: optionalString(body, 'installHint', where),
    provideClusterInfo: optionalBoolean(body, 'provideClusterInfo', where) ?? false,
    where: `user "${entry.name}" exec plugin in ${entry.file}`,
  };
}

function execEnv(body: Fields, where: string): Array<{ name: string; value: string }> {
  const value = body.env;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new CredentialsConfigError(`${where}: env must be a list of {name, value}`);
  return value.map((item: unknown, index) => {
    if (!isFields(item) || typeof item.name !== 'string' || item.name === '' || typeof (item.value ?? '') !== 'string') {
      throw new CredentialsConfigError(`${where}: env[${index}] must have a name and a string value`);
    }
    return { name: item.name, value: typeof item.value === 'string' ? item.value : '' };
  });
}

function pemFromFileOrData(entry: NamedEntry, fileKey: string, dataKey: string, kind: PemKind, where: string): Buffer | undefined {
  const file = optionalString(entry.body, fileKey, where);
  const data = optionalString(entry.body, dataKey, where);
  if (file !== undefined && data !== undefined) {
    throw new CredentialsConfigError(`${where}: both ${fileKey} and ${dataKey} are set (kubectl refuses it too); keep one`);
  }
  if (file !== undefined) return readPemFile(resolvePath(entry, file), kind, `${where}: ${fileKey}`);
  if (data !== undefined) return decodePemData(data, kind, `${where}: ${dataKey}`);
  return undefined;
}

/** The token itself is read while running (it may rotate); here only that the file is there. */
function checkedTokenFile(path: string, where: string): string {
  try {
    if (!statSync(path).isFile()) throw new CredentialsConfigError(`${where}: tokenFile ${path} is not a file`);
  } catch (err) {
    if (err instanceof CredentialsConfigError) throw err;
    throw new CredentialsConfigError(`${where}: tokenFile: cannot read ${path}: ${errnoText(err)}`);
  }
  return path;
}

function resolvePath(entry: NamedEntry, path: string): string {
  return isAbsolute(path) ? path : join(entry.dir, path);
}

function parseServer(server: string | undefined, where: string): URL {
  if (server === undefined) throw new CredentialsConfigError(`${where}: server is missing`);
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CredentialsConfigError(`${where}: server "${server}" is not a URL (expected e.g. https://10.0.0.1:6443)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CredentialsConfigError(`${where}: server "${server}" must be an https:// (or http://) URL`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new CredentialsConfigError(`${where}: server must not contain a user name or password; use the user entry`);
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function parseProxy(proxy: string, where: string): URL {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    throw new CredentialsConfigError(`${where}: proxy-url is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CredentialsConfigError(`${where}: proxy-url scheme ${url.protocol.replace(/:$/, '')} is not supported; use an http:// or https:// proxy`);
  }
  return url;
}
