/**
 * Reads PEM material named by a kubeconfig or the service account folder: a file path, or inline
 * base64 of the PEM text (the `*-data` fields). A quick shape check catches the common mistakes
 * (a path where data belongs, PEM pasted without base64) with a message that names the field,
 * never the content.
 */
import { MAX_CREDENTIAL_FILE_BYTES, readBoundedFileSync } from '../fs/read-bounded-file.ts';
import { CredentialsConfigError } from './credentials-errors.ts';
import { errnoText } from './fs-error-text.ts';

export type PemKind = 'certificate' | 'private key';

export function readPemFile(path: string, kind: PemKind, where: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readBoundedFileSync(path, MAX_CREDENTIAL_FILE_BYTES);
  } catch (err) {
    throw new CredentialsConfigError(`${where}: cannot read ${path}: ${errnoText(err)}`);
  }
  if (!looksLikePem(bytes, kind)) {
    throw new CredentialsConfigError(`${where}: ${path} is not a PEM ${kind} (expected a "-----BEGIN ${expectedLabel(kind)}-----" block)`);
  }
  return bytes;
}

export function decodePemData(base64: string, kind: PemKind, where: string): Buffer {
  const bytes = Buffer.from(base64.replace(/\s+/g, ''), 'base64');
  if (!looksLikePem(bytes, kind)) {
    const hint = base64.includes('-----BEGIN') ? ' (it holds PEM text: the *-data fields take that text base64-encoded)' : '';
    throw new CredentialsConfigError(`${where}: not a base64-encoded PEM ${kind}${hint}`);
  }
  return bytes;
}

function looksLikePem(bytes: Buffer, kind: PemKind): boolean {
  const text = bytes.toString('latin1');
  return kind === 'certificate' ? text.includes('-----BEGIN CERTIFICATE-----') : /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text);
}

function expectedLabel(kind: PemKind): string {
  return kind === 'certificate' ? 'CERTIFICATE' : '... PRIVATE KEY';
}
