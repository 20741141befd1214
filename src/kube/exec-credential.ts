/**
 * Exec credential plugins (client.authentication.k8s.io/v1 and v1beta1), e.g. `aws eks get-token`,
 * `gke-gcloud-auth-plugin`, `kubelogin`: run the command (no shell, stdin closed, a timeout),
 * read the ExecCredential it prints, and cache it until its `expirationTimestamp` minus a margin
 * (no timestamp: until `invalidate()`, as client-go does). `invalidate()` after a 401 makes the
 * next `credential()` run the plugin again. Concurrent callers share one run.
 *
 * The plugin gets tracecore's environment plus the kubeconfig's `env`, and KUBERNETES_EXEC_INFO
 * (`spec.interactive: false`, and `spec.cluster` when `provideClusterInfo` is set).
 *
 * The plugin runs in its own process group, killed as a group at the timeout (plugin-process.ts).
 * Errors (CredentialsRuntimeError) name the plugin and what went wrong, with a summary of its
 * stderr (length, hash, redacted first line: stderr-summary.ts); never its arguments (they may
 * carry secrets), its stderr verbatim, nor what it printed on stdout.
 */
import { CredentialsRuntimeError } from './credentials-errors.ts';
import type { ExecPluginConfig } from './credentials.ts';
import { isFields, type Fields } from './kubeconfig-fields.ts';
import { PluginRunError, runPlugin, type PluginFailure } from './plugin-process.ts';
import { Secret } from './secret.ts';

export interface ExecCredential {
  readonly token?: Secret;
  /** PEM client certificate and key; both or neither. */
  readonly cert?: Buffer;
  readonly key?: Secret<Buffer>;
  /** Epoch ms; undefined: valid until the server refuses it. */
  readonly expiresAt?: number;
}

/** What `provideClusterInfo: true` passes to the plugin, as kubectl names the fields. */
export interface ExecClusterInfo {
  readonly server: string;
  readonly 'tls-server-name'?: string;
  readonly 'insecure-skip-tls-verify'?: boolean;
  readonly 'certificate-authority-data'?: string;
  readonly 'proxy-url'?: string;
}

export interface ExecCredentialOptions {
  /** Kill the plugin after this long. Default 30 s. */
  readonly timeoutMs?: number;
  /** Run again this long before the credential expires (at most half its remaining life). Default 60 s. */
  readonly expiryMarginMs?: number;
  readonly now?: () => number;
  /** Environment the plugin inherits (then the kubeconfig's env on top). Default process.env. */
  readonly baseEnv?: NodeJS.ProcessEnv;
  readonly clusterInfo?: ExecClusterInfo;
}

const MAX_OUTPUT_BYTES = 1024 * 1024;

export class ExecCredentialPlugin {
  private readonly config: ExecPluginConfig;
  private readonly timeoutMs: number;
  private readonly marginMs: number;
  private readonly now: () => number;
  private readonly baseEnv: NodeJS.ProcessEnv;
  private readonly clusterInfo: ExecClusterInfo | undefined;
  private cached: { credential: ExecCredential; refreshAt: number } | undefined;
  private running: Promise<ExecCredential> | undefined;

  constructor(config: ExecPluginConfig, options: ExecCredentialOptions = {}) {
    this.config = config;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.marginMs = options.expiryMarginMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.baseEnv = options.baseEnv ?? process.env;
    this.clusterInfo = options.clusterInfo;
  }

  /** The cached credential while fresh, else the result of a new plugin run. */
  async credential(): Promise<ExecCredential> {
    if (this.cached !== undefined && this.now() < this.cached.refreshAt) return this.cached.credential;
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** The server refused the credential: run the plugin again next time. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async run(): Promise<ExecCredential> {
    const stdout = await this.execute();
    const credential = parseExecCredential(stdout, this.config);
    const now = this.now();
    let refreshAt = Number.POSITIVE_INFINITY;
    if (credential.expiresAt !== undefined) refreshAt = credential.expiresAt - Math.max(0, Math.min(this.marginMs, (credential.expiresAt - now) / 2));
    this.cached = { credential, refreshAt };
    return credential;
  }

  private execute(): Promise<string> {
    const env: NodeJS.ProcessEnv = { ...this.baseEnv };
    for (const { name, value } of this.config.env) env[name] = value;
    env.KUBERNETES_EXEC_INFO = JSON.stringify({
      apiVersion: this.config.apiVersion,
      kind: 'ExecCredential',
      spec: { interactive: false, ...(this.config.provideClusterInfo && this.clusterInfo !== undefined ? { cluster: this.clusterInfo } : {}) },
    });
    return runPlugin({ command: this.config.command, args: this.config.args, env, timeoutMs: this.timeoutMs, maxStdoutBytes: MAX_OUTPUT_BYTES }).catch((err: unknown) => {
      throw err instanceof PluginRunError ? this.failure(err.failure) : err;
    });
  }

  private failure(failure: PluginFailure): CredentialsRuntimeError {
    const plugin = `exec plugin "${this.config.command}" (${this.config.where})`;
    const stderr = failure.stderr === '' ? '' : `; ${failure.stderr}`;
    switch (failure.reason) {
      case 'not_found': {
        const hint = this.config.installHint === undefined ? '' : `; ${this.config.installHint.trim()}`;
        return new CredentialsRuntimeError(`${plugin}: command not found${hint}`);
      }
      case 'not_executable':
        return new CredentialsRuntimeError(`${plugin}: command is not executable (permission denied)`);
      case 'too_much_output':
        return new CredentialsRuntimeError(`${plugin}: printed more than ${MAX_OUTPUT_BYTES} bytes, killed with its process group`);
      case 'timeout':
        return new CredentialsRuntimeError(`${plugin}: no answer within ${this.timeoutMs} ms, killed with its process group${stderr}`);
      case 'exit':
        return new CredentialsRuntimeError(`${plugin}: exited with code ${failure.code}${stderr}`);
      case 'signal':
        return new CredentialsRuntimeError(`${plugin}: ended by signal ${failure.signal}${stderr}`);
      case 'spawn':
        return new CredentialsRuntimeError(`${plugin}: could not run (${failure.code})${stderr}`);
    }
  }
}

/** Parses and checks what a plugin printed. Exported for tests. */
export function parseExecCredential(stdout: string, config: ExecPluginConfig): ExecCredential {
  const plugin = `exec plugin "${config.command}" (${config.where})`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new CredentialsRuntimeError(`${plugin}: printed something that is not JSON (expected an ExecCredential)`);
  }
  if (!isFields(parsed) || parsed.kind !== 'ExecCredential') throw new CredentialsRuntimeError(`${plugin}: printed JSON that is not an ExecCredential`);
  if (parsed.apiVersion !== config.apiVersion) {
    throw new CredentialsRuntimeError(`${plugin}: answered apiVersion ${JSON.stringify(parsed.apiVersion)}, but the kubeconfig asks for ${config.apiVersion}`);
  }
  const status = parsed.status;
  if (!isFields(status)) throw new CredentialsRuntimeError(`${plugin}: the ExecCredential has no status`);
  const token = stringField(status, 'token', plugin);
  const cert = stringField(status, 'clientCertificateData', plugin);
  const key = stringField(status, 'clientKeyData', plugin);
  if ((cert === undefined) !== (key === undefined)) {
    throw new CredentialsRuntimeError(`${plugin}: status has ${cert === undefined ? 'clientKeyData without clientCertificateData' : 'clientCertificateData without clientKeyData'}`);
  }
  if (token === undefined && cert === undefined) throw new CredentialsRuntimeError(`${plugin}: status has neither a token nor a client certificate`);
  const expiry = stringField(status, 'expirationTimestamp', plugin);
  const expiresAt = expiry === undefined ? undefined : Date.parse(expiry);
  if (expiresAt !== undefined && Number.isNaN(expiresAt)) throw new CredentialsRuntimeError(`${plugin}: status.expirationTimestamp is not a timestamp`);
  return {
    token: token === undefined ? undefined : new Secret(token),
    cert: cert === undefined ? undefined : Buffer.from(cert),
    key: key === undefined ? undefined : new Secret(Buffer.from(key)),
    expiresAt,
  };
}

function stringField(status: Fields, key: string, plugin: string): string | undefined {
  const value = status[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new CredentialsRuntimeError(`${plugin}: status.${key} must be a string`);
  return value;
}
