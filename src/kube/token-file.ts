/**
 * A bearer token kept in a file that rotates: the in-cluster service account token (bound tokens,
 * renewed by the kubelet about hourly) or a kubeconfig `tokenFile`. Never cached for the process's
 * life: each `token()` stats the file (cheap; requests are rate limited to a few per second) and
 * re-reads it when it changed (modification time, size or inode: the kubelet swaps a symlink), when
 * the last read is older than `maxAgeMs` (covers coarse file system clocks), or after
 * `invalidate()` (the server answered 401). Surrounding whitespace is trimmed, as client-go does.
 */
import { stat } from 'node:fs/promises';
import { MAX_CREDENTIAL_FILE_BYTES, readBoundedFile } from '../fs/read-bounded-file.ts';
import { CredentialsRuntimeError } from './credentials-errors.ts';
import { errnoText } from './fs-error-text.ts';
import { Secret } from './secret.ts';

export interface TokenFileOptions {
  /** Re-read at least this often even when the file looks unchanged. Default 60 s, as client-go. */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

interface Cached {
  readonly token: Secret;
  readonly readAt: number;
  readonly signature: string;
}

export class TokenFile {
  readonly path: string;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private cached: Cached | undefined;

  constructor(path: string, options: TokenFileOptions = {}) {
    this.path = path;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The current token. Throws CredentialsRuntimeError when the file cannot be read or is empty. */
  async token(): Promise<Secret> {
    const signature = await this.signature();
    const cached = this.cached;
    if (cached !== undefined && cached.signature === signature && this.now() - cached.readAt < this.maxAgeMs) return cached.token;
    let text: string;
    try {
      text = (await readBoundedFile(this.path, MAX_CREDENTIAL_FILE_BYTES)).toString('utf8');
    } catch (err) {
      throw new CredentialsRuntimeError(`cannot read token file ${this.path}: ${errnoText(err)}`);
    }
    const token = text.trim();
    if (token === '') throw new CredentialsRuntimeError(`token file ${this.path} is empty`);
    this.cached = { token: new Secret(token), readAt: this.now(), signature };
    return this.cached.token;
  }

  /** The server refused the token: read the file again on the next `token()`. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async signature(): Promise<string> {
    try {
      const info = await stat(this.path, { bigint: true });
      return `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}`;
    } catch (err) {
      throw new CredentialsRuntimeError(`cannot read token file ${this.path}: ${errnoText(err)}`);
    }
  }
}
