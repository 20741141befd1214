/**
 * Resolved credentials for one Kubernetes API server: where it is, how to check its certificate,
 * and how to authenticate. Produced by `loadKubeconfig` or `loadInClusterCredentials` without
 * network and without running anything; `createKubeConnection` turns it into live request state
 * (token file re-reads, exec plugin runs, the TLS dispatcher).
 *
 * File contents that do not rotate (CA, client certificate and key files) are read at load time,
 * so a missing or malformed file is a config error found by `tracecore validate`. Token files are
 * read again while running (they rotate); exec plugins run on first use.
 */
import type { Secret } from './secret.ts';

export interface TlsMaterial {
  /** PEM bundle to trust instead of the system roots; undefined: the system roots. */
  readonly ca?: Buffer;
  /** Client certificate (PEM); always together with `key`. */
  readonly cert?: Buffer;
  readonly key?: Secret<Buffer>;
  /** `insecure-skip-tls-verify`: do not check the server certificate at all. */
  readonly insecureSkipTlsVerify: boolean;
  /** `tls-server-name`: the name sent in SNI and checked against the server certificate. */
  readonly serverName?: string;
}

export interface ExecPluginConfig {
  readonly apiVersion: 'client.authentication.k8s.io/v1' | 'client.authentication.k8s.io/v1beta1';
  /** A bare name is looked up in PATH; a path with a separator was resolved against the kubeconfig's folder. */
  readonly command: string;
  readonly args: readonly string[];
  /** Added to (and overriding) tracecore's own environment for the plugin. */
  readonly env: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly installHint?: string;
  /** Pass the cluster (server, CA, ...) to the plugin in KUBERNETES_EXEC_INFO. */
  readonly provideClusterInfo: boolean;
  /** Where it was configured, for error messages: e.g. `users[alice].user.exec in /home/me/.kube/config`. */
  readonly where: string;
}

export type UserAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'token'; readonly token: Secret }
  /** A file holding the bearer token; re-read while running (it rotates). */
  | { readonly kind: 'token_file'; readonly path: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: Secret }
  | { readonly kind: 'exec'; readonly exec: ExecPluginConfig };

/** `as` / `as-uid`: sent as Impersonate-User / Impersonate-Uid headers. */
export interface Impersonation {
  readonly user?: string;
  readonly uid?: string;
}

export interface KubeCredentials {
  /** Base URL of the API server; its path ends with `/` (servers behind a path prefix keep it). */
  readonly server: URL;
  readonly tls: TlsMaterial;
  /** `proxy-url` (http or https): requests tunnel through it with CONNECT. */
  readonly proxyUrl?: URL;
  readonly auth: UserAuth;
  readonly impersonate?: Impersonation;
  /** The context's namespace (kubeconfig) or the service account's namespace (in-cluster). */
  readonly namespace?: string;
  /** Where these came from, for logs; never a secret. E.g. `kubeconfig /x (context prod)`. */
  readonly origin: string;
}
