/**
 * A live connection to one API server, built from resolved credentials: the base URL, the
 * dispatcher carrying the TLS settings, and the current auth headers. Tokens are never held for
 * the process's life: token files are re-read when they change (and at least every minute), exec
 * plugins run again before their credential expires, and a 401 (`onUnauthorized()`) forces both.
 *
 * `dispatcher()` returns the same object every time; it forwards each request to the current
 * undici Agent. An exec plugin that returns a (new) client certificate makes `headers()` swap in an
 * Agent with it, so call `headers()` before dispatching the request (as `request(url, { dispatcher:
 * conn.dispatcher(), headers: await conn.headers() })` does: the request is only dispatched once
 * its options are built).
 */
import type { Dispatcher } from 'undici';
import { checkCredentials, type ResolveCredentialOptions } from './credential-source.ts';
import { CredentialsRuntimeError } from './credentials-errors.ts';
import type { KubeCredentials, TlsMaterial, UserAuth } from './credentials.ts';
import { ExecCredentialPlugin, type ExecClusterInfo } from './exec-credential.ts';
import { buildDispatcher, SwappableDispatcher, type ClientCertificate } from './tls-dispatcher.ts';
import { TokenFile } from './token-file.ts';

export interface KubeConnection {
  /** Base URL of the API server; its path ends with `/`. Build request URLs with `apiUrl()`. */
  readonly server: URL;
  /** The kubeconfig context's or the service account's namespace, if any. */
  readonly namespace: string | undefined;
  /** The dispatcher for every request (stable object; TLS material inside may rotate). */
  dispatcher(): Dispatcher;
  /** Current Authorization (Bearer / Basic) and impersonation headers, lower-case names. Throws CredentialsRuntimeError. */
  headers(): Promise<{ [name: string]: string }>;
  /** The server answered 401: re-read the token file / re-run the exec plugin on the next headers(). */
  onUnauthorized(): void;
  /** Where and how we connect, for logs; never contains a secret. */
  describe(): string;
  /** Closes the dispatcher (waits for open requests). Idempotent. */
  close(): Promise<void>;
}

export interface KubeConnectionOptions {
  readonly now?: () => number;
  /** Token files are re-read at least this often. Default 60 s. */
  readonly tokenFileMaxAgeMs?: number;
  /** Exec plugin timeout. Default 30 s. */
  readonly execTimeoutMs?: number;
  /** Exec credentials are renewed this long before they expire. Default 60 s. */
  readonly execExpiryMarginMs?: number;
  /** Environment exec plugins inherit. Default process.env. */
  readonly execEnv?: NodeJS.ProcessEnv;
}

/** `path` (e.g. `/apis/events.k8s.io/v1/events`) below the server's base URL, keeping a path prefix such as Rancher's `/k8s/clusters/c-1`. */
export function apiUrl(server: URL, path: string, query?: URLSearchParams): URL {
  const url = new URL(path.replace(/^\/+/, ''), server);
  if (query !== undefined) url.search = query.toString();
  return url;
}

export function createKubeConnection(credentials: KubeCredentials, options: KubeConnectionOptions = {}): KubeConnection {
  return new LiveConnection(credentials, options);
}

/** resolveCredentialSource + loadCredentials + createKubeConnection. Throws CredentialsConfigError. */
export function openKubeConnection(options: ResolveCredentialOptions & KubeConnectionOptions): KubeConnection {
  const { credentials } = checkCredentials(options);
  return createKubeConnection(credentials, { ...options, execEnv: options.execEnv ?? options.env });
}

class LiveConnection implements KubeConnection {
  readonly server: URL;
  readonly namespace: string | undefined;
  private readonly credentials: KubeCredentials;
  private readonly swappable: SwappableDispatcher;
  private readonly tokenFile: TokenFile | undefined;
  private readonly exec: ExecCredentialPlugin | undefined;
  private execClientCertificate: ClientCertificate | undefined;

  constructor(credentials: KubeCredentials, options: KubeConnectionOptions) {
    this.credentials = credentials;
    this.server = credentials.server;
    this.namespace = credentials.namespace;
    this.swappable = new SwappableDispatcher(buildDispatcher(credentials.tls, credentials.proxyUrl));
    const auth = credentials.auth;
    if (auth.kind === 'token_file') this.tokenFile = new TokenFile(auth.path, { maxAgeMs: options.tokenFileMaxAgeMs, now: options.now });
    if (auth.kind === 'exec') {
      this.exec = new ExecCredentialPlugin(auth.exec, {
        timeoutMs: options.execTimeoutMs,
        expiryMarginMs: options.execExpiryMarginMs,
        now: options.now,
        baseEnv: options.execEnv,
        clusterInfo: clusterInfo(credentials),
      });
    }
  }

  dispatcher(): Dispatcher {
    return this.swappable;
  }

  async headers(): Promise<{ [name: string]: string }> {
    const headers: { [name: string]: string } = {};
    const authorization = await this.authorization(this.credentials.auth);
    if (authorization !== undefined) headers.authorization = authorization;
    const impersonate = this.credentials.impersonate;
    if (impersonate?.user !== undefined) headers['impersonate-user'] = impersonate.user;
    if (impersonate?.uid !== undefined) headers['impersonate-uid'] = impersonate.uid;
    return headers;
  }

  onUnauthorized(): void {
    this.tokenFile?.invalidate();
    this.exec?.invalidate();
  }

  describe(): string {
    const parts = [`${this.credentials.origin} -> ${serverText(this.server)}`, authText(this.credentials.auth)];
    if (this.credentials.tls.cert !== undefined) parts.push('client certificate');
    if (this.credentials.tls.insecureSkipTlsVerify) parts.push('server certificate NOT verified (insecure-skip-tls-verify)');
    if (this.credentials.proxyUrl !== undefined) parts.push(`via proxy ${this.credentials.proxyUrl.origin}`);
    return parts.filter((part) => part !== '').join(', ');
  }

  close(): Promise<void> {
    return this.swappable.close();
  }

  private async authorization(auth: UserAuth): Promise<string | undefined> {
    switch (auth.kind) {
      case 'none':
        return undefined;
      case 'token':
        return `Bearer ${auth.token.reveal()}`;
      case 'basic':
        return `Basic ${Buffer.from(`${auth.username}:${auth.password.reveal()}`).toString('base64')}`;
      case 'token_file':
        return `Bearer ${(await (this.tokenFile as TokenFile).token()).reveal()}`;
      case 'exec': {
        const credential = await (this.exec as ExecCredentialPlugin).credential();
        if (credential.cert !== undefined && credential.key !== undefined) this.useClientCertificate({ cert: credential.cert, key: credential.key });
        return credential.token === undefined ? undefined : `Bearer ${credential.token.reveal()}`;
      }
    }
  }

  /** An exec plugin returned a client certificate: new requests use it from now on. */
  private useClientCertificate(next: ClientCertificate): void {
    const current = this.execClientCertificate;
    if (current !== undefined && current.cert.equals(next.cert) && current.key.equals(next.key)) return;
    if (this.swappable.isClosed) throw new CredentialsRuntimeError('the Kubernetes connection is closed');
    this.swappable.swap(buildDispatcher(this.credentials.tls, this.credentials.proxyUrl, next));
    this.execClientCertificate = next;
  }
}

function clusterInfo(credentials: KubeCredentials): ExecClusterInfo {
  const tls: TlsMaterial = credentials.tls;
  return {
    server: serverText(credentials.server),
    ...(tls.serverName === undefined ? {} : { 'tls-server-name': tls.serverName }),
    ...(tls.insecureSkipTlsVerify ? { 'insecure-skip-tls-verify': true } : {}),
    ...(tls.ca === undefined ? {} : { 'certificate-authority-data': tls.ca.toString('base64') }),
    ...(credentials.proxyUrl === undefined ? {} : { 'proxy-url': credentials.proxyUrl.href }),
  };
}

/** The server URL as written in a kubeconfig: no trailing slash unless there is a path prefix. */
function serverText(server: URL): string {
  return server.pathname === '/' ? server.origin : `${server.origin}${server.pathname.replace(/\/$/, '')}`;
}

function authText(auth: UserAuth): string {
  switch (auth.kind) {
    case 'none':
      return '';
    case 'token':
      return 'bearer token';
    case 'token_file':
      return `bearer token from ${auth.path}`;
    case 'basic':
      return `basic auth as ${auth.username}`;
    case 'exec':
      return `exec plugin ${auth.exec.command}`;
  }
}
