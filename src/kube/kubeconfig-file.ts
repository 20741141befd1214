/**
 * Reads kubeconfig files into named entries, and merges several (a `KUBECONFIG` list) the way
 * kubectl does: files in order, the first occurrence of a cluster, user or context name wins, the
 * first `current-context` set wins, and each entry remembers its own file so its relative paths
 * resolve against that file's folder. Only the structure is checked here; the entries a context
 * uses are checked in detail when credentials are built from them (kubeconfig-entries.ts), so a
 * broken entry nobody uses does not stop tracecore, as it does not stop kubectl.
 */
import { MAX_CREDENTIAL_FILE_BYTES, readBoundedFileSync } from '../fs/read-bounded-file.ts';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { CredentialsConfigError } from './credentials-errors.ts';
import { errnoText } from './fs-error-text.ts';
import { isFields, optionalString, type Fields } from './kubeconfig-fields.ts';

export interface NamedEntry {
  readonly name: string;
  /** The `cluster:` / `user:` / `context:` mapping ({} when absent). */
  readonly body: Fields;
  /** The kubeconfig file it came from. */
  readonly file: string;
  /** Folder its relative paths resolve against. */
  readonly dir: string;
}

export interface Kubeconfig {
  /** The files read, in order (missing ones of a list are skipped). */
  readonly files: readonly string[];
  readonly currentContext: string | undefined;
  readonly clusters: ReadonlyMap<string, NamedEntry>;
  readonly users: ReadonlyMap<string, NamedEntry>;
  readonly contexts: ReadonlyMap<string, NamedEntry>;
}

const SECTIONS = [
  { list: 'clusters', body: 'cluster' },
  { list: 'users', body: 'user' },
  { list: 'contexts', body: 'context' },
] as const;

/**
 * Reads and merges the files. One path: it must exist. Several paths (a KUBECONFIG list): missing
 * ones are skipped as kubectl does, but at least one must exist.
 */
export function readKubeconfig(paths: readonly string[]): Kubeconfig {
  const unique = [...new Set(paths)];
  const files: string[] = [];
  let currentContext: string | undefined;
  const merged = { clusters: new Map<string, NamedEntry>(), users: new Map<string, NamedEntry>(), contexts: new Map<string, NamedEntry>() };
  for (const file of unique) {
    const text = readText(file, unique.length > 1);
    if (text === undefined) continue;
    files.push(file);
    const doc = parseDocument(text, file);
    currentContext ??= optionalString(doc, 'current-context', `kubeconfig ${file}`);
    for (const section of SECTIONS) {
      for (const entry of readSection(doc, section.list, section.body, file)) {
        if (!merged[section.list].has(entry.name)) merged[section.list].set(entry.name, entry);
      }
    }
  }
  if (files.length === 0) {
    throw new CredentialsConfigError(`kubeconfig: none of these files exists: ${unique.join(', ')}`);
  }
  return { files, currentContext, ...merged };
}

function readText(file: string, missingIsFine: boolean): string | undefined {
  try {
    return readBoundedFileSync(file, MAX_CREDENTIAL_FILE_BYTES).toString('utf8');
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
    if (missingIsFine && code === 'ENOENT') return undefined;
    throw new CredentialsConfigError(`kubeconfig ${file}: cannot read: ${errnoText(err)}`);
  }
}

function parseDocument(text: string, file: string): Fields {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    // The yaml package quotes the offending source line after the first line: it may hold a secret.
    const firstLine = err instanceof Error ? (err.message.split('\n')[0] ?? '').replace(/:$/, '') : 'unreadable';
    throw new CredentialsConfigError(`kubeconfig ${file}: not valid YAML: ${firstLine}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isFields(doc)) throw new CredentialsConfigError(`kubeconfig ${file}: not a kubeconfig (expected a mapping with clusters, users and contexts)`);
  return doc;
}

function readSection(doc: Fields, list: string, bodyKey: string, file: string): NamedEntry[] {
  const value = doc[list];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new CredentialsConfigError(`kubeconfig ${file}: ${list} must be a list`);
  const seen = new Set<string>();
  const dir = dirname(file);
  return value.map((item: unknown, index) => {
    const where = `kubeconfig ${file}: ${list}[${index}]`;
    if (!isFields(item)) throw new CredentialsConfigError(`${where} must be a mapping with name and ${bodyKey}`);
    const name = item.name;
    if (typeof name !== 'string' || name === '') throw new CredentialsConfigError(`${where} has no name`);
    if (seen.has(name)) throw new CredentialsConfigError(`kubeconfig ${file}: ${list}: the name "${name}" appears twice`);
    seen.add(name);
    const body = item[bodyKey];
    if (body !== undefined && body !== null && !isFields(body)) {
      throw new CredentialsConfigError(`kubeconfig ${file}: ${list} "${name}": ${bodyKey} must be a mapping`);
    }
    return { name, body: body ?? {}, file, dir };
  });
}
