/**
 * Kubeconfig files pointing at the sandbox, in the shapes the credential loader must handle:
 * CA and client credentials inline (`*-data`, base64) or as file paths, a token or a token file.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

export type KubeconfigUser =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'token-file'; readonly tokenFile: string }
  | { readonly kind: 'client-cert'; readonly certPem: string; readonly keyPem: string }
  | { readonly kind: 'client-cert-files'; readonly certFile: string; readonly keyFile: string }
  | { readonly kind: 'anonymous' };

export interface KubeconfigSpec {
  readonly server: string;
  /** The CA inline (certificate-authority-data) or as a path (certificate-authority); neither for http. */
  readonly ca?: { readonly pem: string } | { readonly file: string };
  readonly user: KubeconfigUser;
  /** Name of the cluster, user and context; default `sandbox`. */
  readonly name?: string;
  /** The context's default namespace. */
  readonly namespace?: string;
}

export function buildKubeconfig(spec: KubeconfigSpec): string {
  const name = spec.name ?? 'sandbox';
  const cluster: { [key: string]: string } = { server: spec.server };
  if (spec.ca !== undefined) {
    if ('pem' in spec.ca) cluster['certificate-authority-data'] = base64(spec.ca.pem);
    else cluster['certificate-authority'] = spec.ca.file;
  }
  const context: { [key: string]: string } = { cluster: name, user: name };
  if (spec.namespace !== undefined) context.namespace = spec.namespace;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user: userFields(spec.user) }],
    contexts: [{ name, context }],
    'current-context': name,
    preferences: {},
  });
}

/** Writes `contents` to `dir/fileName` (mode 0600, like kubectl) and returns the absolute path. */
export async function writePrivateFile(dir: string, fileName: string, contents: string): Promise<string> {
  const path = resolve(join(dir, fileName));
  await writeFile(path, contents, { mode: 0o600 });
  return path;
}

function userFields(user: KubeconfigUser): { [key: string]: string } {
  switch (user.kind) {
    case 'token':
      return { token: user.token };
    case 'token-file':
      return { tokenFile: user.tokenFile };
    case 'client-cert':
      return { 'client-certificate-data': base64(user.certPem), 'client-key-data': base64(user.keyPem) };
    case 'client-cert-files':
      return { 'client-certificate': user.certFile, 'client-key': user.keyFile };
    case 'anonymous':
      return {};
  }
}

function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}
