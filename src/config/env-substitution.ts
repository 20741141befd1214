/**
 * `${env:NAME}` and `${env:NAME:-default}` substitution, applied to string scalars of the parsed
 * document (never to the raw text, so a value cannot inject YAML structure). A scalar that is
 * exactly one reference is re-read as a YAML scalar, so `${env:PORT}` can fill a number field.
 * `$${` escapes a literal `${`.
 */
import { isScalar, parse as parseYamlValue, visit } from 'yaml';
import type { ConfigProblem } from './errors.ts';
import type { ConfigPath, YamlSource } from './yaml-source.ts';

const REFERENCE = /\$\$\{|\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE_REFERENCE = /^\$\{env:[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;
const MALFORMED = /\$\{(?!env:[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\})/;

export function substituteEnv(source: YamlSource, env: NodeJS.ProcessEnv): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  visit(source.document, {
    Scalar(key, node, ancestry) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const text = node.value;
      const path = [...pathOf(ancestry), ...(typeof key === 'number' ? [key] : [])];
      const line = node.range ? source.lineAt(node.range[0]) : undefined;
      const withoutEscapes = text.replaceAll('$${', '');
      if (MALFORMED.test(withoutEscapes)) {
        problems.push({ path: path.join('.'), line, message: `malformed reference in "${text}": write \${env:NAME} or \${env:NAME:-default}` });
        return;
      }
      let missing: string | undefined;
      const replaced = text.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
        if (match === '$${') return '${';
        const value = env[name as string];
        if (value !== undefined && value !== '') return value;
        if (fallback !== undefined) return fallback;
        missing = name;
        return '';
      });
      if (missing !== undefined) {
        problems.push({ path: path.join('.'), line, message: `environment variable ${missing} is not set (give a default with \${env:${missing}:-value})` });
        return;
      }
      node.value = WHOLE_REFERENCE.test(text) ? rereadScalar(replaced) : replaced;
    },
  });
  return problems;
}

function rereadScalar(text: string): unknown {
  try {
    const value: unknown = parseYamlValue(text);
    return value === null || typeof value === 'object' ? text : value;
  } catch {
    // Not a plain YAML scalar (e.g. a token with YAML punctuation): keep the string as given.
    return text;
  }
}

function pathOf(ancestry: readonly unknown[]): ConfigPath {
  const path: Array<string | number> = [];
  for (let i = 0; i < ancestry.length; i++) {
    const node = ancestry[i];
    if (typeof node === 'object' && node !== null && 'key' in node && 'value' in node) {
      const key = (node as { key: unknown }).key;
      path.push(isScalar(key) ? String(key.value) : '?');
    } else if (typeof node === 'object' && node !== null && 'items' in node && i + 1 < ancestry.length) {
      const items = (node as { items: unknown[] }).items;
      const index = items.indexOf(ancestry[i + 1]);
      if (index >= 0 && !(typeof ancestry[i + 1] === 'object' && ancestry[i + 1] !== null && 'key' in (ancestry[i + 1] as object))) path.push(index);
    }
  }
  return path;
}
