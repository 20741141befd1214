/**
 * The sandbox's committed TLS material (src/sandbox/tls/, made once by
 * scripts/gen-sandbox-certs.sh): loopback-only test material, not secrets.
 */
import { readFile } from 'node:fs/promises';

export interface SandboxTls {
  /** The sandbox CA: signs the server and the accepted client certificate. */
  readonly caPem: string;
  /** Server certificate for 127.0.0.1, ::1 and localhost. */
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  /** A client certificate the sandbox accepts when client-certificate auth is on. */
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
  /** An unrelated CA, with a client certificate the sandbox rejects and a server certificate clients must refuse. */
  readonly untrustedCaPem: string;
  readonly untrustedClientCertPem: string;
  readonly untrustedClientKeyPem: string;
  readonly untrustedServerCertPem: string;
  readonly untrustedServerKeyPem: string;
}

export const SANDBOX_TLS_DIR = new URL('./tls/', import.meta.url);

const FILES: { readonly [K in keyof SandboxTls]: string } = {
  caPem: 'ca.pem',
  serverCertPem: 'server.pem',
  serverKeyPem: 'server-key.pem',
  clientCertPem: 'client.pem',
  clientKeyPem: 'client-key.pem',
  untrustedCaPem: 'untrusted-ca.pem',
  untrustedClientCertPem: 'untrusted-client.pem',
  untrustedClientKeyPem: 'untrusted-client-key.pem',
  untrustedServerCertPem: 'untrusted-server.pem',
  untrustedServerKeyPem: 'untrusted-server-key.pem',
};

let loaded: Promise<SandboxTls> | undefined;

/** Reads the PEM files once per process. */
export function loadSandboxTls(): Promise<SandboxTls> {
  loaded ??= (async () => {
    const entries = await Promise.all(Object.entries(FILES).map(async ([field, file]) => [field, await readFile(new URL(file, SANDBOX_TLS_DIR), 'utf8')] as const));
    return Object.fromEntries(entries) as unknown as SandboxTls;
  })();
  loaded.catch(() => {
    loaded = undefined; // a failed read is retried next time rather than cached
  });
  return loaded;
}
