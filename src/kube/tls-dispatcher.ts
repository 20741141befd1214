/**
 * The HTTP(S) dispatcher for API requests: an undici Agent (keep-alive, TCP keep-alive probes after
 * 30 s as client-go does) with the cluster's TLS settings, or a ProxyAgent tunnelling through the
 * kubeconfig's `proxy-url`. `SwappableDispatcher` is the one object the receiver holds: it hands
 * each request to the current inner dispatcher, so when an exec plugin returns a new client
 * certificate the connection swaps in a new one and lets the old one finish its open requests
 * (a running watch) before it closes.
 *
 * Environment proxies (HTTPS_PROXY, NO_PROXY) are not consulted; only `proxy-url`.
 */
import type { ConnectionOptions } from 'node:tls';
import { Agent, Dispatcher, ProxyAgent } from 'undici';
import type { Secret } from './secret.ts';
import type { TlsMaterial } from './credentials.ts';

export interface ClientCertificate {
  readonly cert: Buffer;
  readonly key: Secret<Buffer>;
}

const KEEP_ALIVE = { keepAlive: true, keepAliveInitialDelay: 30_000 } as const;

/** A dispatcher for this server's TLS settings; `clientCertificate` overrides the kubeconfig's. */
export function buildDispatcher(tls: TlsMaterial, proxyUrl: URL | undefined, clientCertificate?: ClientCertificate): Dispatcher {
  const options: ConnectionOptions = {};
  if (tls.ca !== undefined) options.ca = tls.ca;
  const cert = clientCertificate?.cert ?? tls.cert;
  const key = clientCertificate?.key ?? tls.key;
  if (cert !== undefined && key !== undefined) {
    options.cert = cert;
    options.key = key.reveal();
  }
  if (tls.insecureSkipTlsVerify) options.rejectUnauthorized = false;
  if (tls.serverName !== undefined) options.servername = tls.serverName;
  if (proxyUrl !== undefined) return new ProxyAgent({ uri: proxyUrl.href, requestTls: options, connect: KEEP_ALIVE });
  return new Agent({ connect: { ...options, ...KEEP_ALIVE } });
}

export class SwappableDispatcher extends Dispatcher {
  private current: Dispatcher;
  private readonly retired = new Set<Dispatcher>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  constructor(initial: Dispatcher) {
    super();
    this.current = initial;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.current.dispatch(options, handler);
  }

  /** New requests go to `next`; the previous dispatcher closes once its open requests end. Not after close(). */
  swap(next: Dispatcher): void {
    if (this.closed) throw new Error('SwappableDispatcher: swap after close');
    const previous = this.current;
    this.current = next;
    this.retired.add(previous);
    previous.close().then(
      () => this.retired.delete(previous),
      // Closing twice is the only way this fails; the dispatcher is gone either way.
      () => this.retired.delete(previous),
    );
  }

  override close(callback: () => void): void;
  override close(): Promise<void>;
  override close(callback?: () => void): Promise<void> | void {
    const done = this.closeAll((dispatcher) => dispatcher.close());
    if (callback === undefined) return done;
    done.then(callback, callback);
  }

  override destroy(err: Error | null, callback: () => void): void;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null): Promise<void>;
  override destroy(): Promise<void>;
  override destroy(errOrCallback?: Error | null | (() => void), maybeCallback?: () => void): Promise<void> | void {
    const err = typeof errOrCallback === 'function' ? null : (errOrCallback ?? null);
    const callback = typeof errOrCallback === 'function' ? errOrCallback : maybeCallback;
    const done = this.closeAll((dispatcher) => dispatcher.destroy(err));
    if (callback === undefined) return done;
    done.then(callback, callback);
  }

  private async closeAll(end: (dispatcher: Dispatcher) => Promise<void>): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const all = [this.current, ...this.retired];
    this.retired.clear();
    await Promise.allSettled(all.map(end));
  }
}
