/**
 * The parsed YAML document with the means to point at a line: every config problem names the
 * line of the key (or value) it is about, or of the nearest parent that exists.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import { ConfigError, type ConfigProblem } from './errors.ts';

/** Alias uses one anchor may expand to (the yaml package's resource-exhaustion guard). */
const MAX_ALIAS_COUNT = 100;

export type ConfigPath = ReadonlyArray<string | number>;

export class YamlSource {
  readonly document: Document;
  private readonly lines: LineCounter;
  /** Each map's keys indexed on first look, so finding N keys' lines costs N, not N squared. */
  private readonly keyIndex = new WeakMap<object, Map<string, { key: unknown }>>();

  private constructor(document: Document, lines: LineCounter) {
    this.document = document;
    this.lines = lines;
  }

  /**
   * Parses text; YAML syntax errors come back as problems with their lines. Duplicate keys are
   * found here in one pass (the yaml package's own `uniqueKeys` check is quadratic: 23 s for a map
   * of 20,000 keys).
   */
  static parse(text: string): { source: YamlSource; problems: ConfigProblem[] } {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    const source = new YamlSource(document, lines);
    // One error tends to cascade into many: keep the first per line, and the first few lines.
    const problems: ConfigProblem[] = [];
    const errors = [...document.errors.map((e) => ({ offset: e.pos[0], line: e.linePos?.[0].line, message: e.message })), ...duplicateKeys(document)].sort((a, b) => a.offset - b.offset);
    for (const e of errors) {
      const line = e.line ?? source.lineAt(e.offset);
      if (problems.some((p) => p.line === line)) continue;
      problems.push({ path: '', line, message: `YAML syntax: ${e.message.split('\n')[0]}` });
      if (problems.length === 3) break;
    }
    return { source, problems };
  }

  lineAt(offset: number): number {
    return this.lines.linePos(offset).line;
  }

  /** Line of the key at `path` (for a map entry) or of the item; falls back to the nearest parent. */
  lineOf(path: ConfigPath): number | undefined {
    let node: unknown = this.document.contents;
    let line: number | undefined = node && isNodeWithRange(node) ? this.lineAt(node.range[0]) : undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = this.pairOf(node, String(segment));
        if (!pair) return line;
        if (isNodeWithRange(pair.key)) line = this.lineAt(pair.key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (!item) return line;
        if (isNodeWithRange(item)) line = this.lineAt(item.range[0]);
        node = item;
      } else {
        return line;
      }
    }
    return line;
  }

  /**
   * The plain value. A document whose aliases expand too much (an alias bomb: a few lines that
   * expand to billions of nodes) is a config problem, not a crash.
   */
  private pairOf(map: { items: Array<{ key: unknown; value: unknown }> }, key: string): { key: unknown; value: unknown } | undefined {
    let index = this.keyIndex.get(map) as Map<string, { key: unknown; value: unknown }> | undefined;
    if (index === undefined) {
      index = new Map();
      for (const pair of map.items) if (isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair);
      this.keyIndex.set(map, index);
    }
    return index.get(key);
  }

  toJS(): unknown {
    try {
      return this.document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      if (err instanceof ReferenceError && /alias/i.test(err.message)) {
        throw new ConfigError([{ path: '', message: `YAML aliases expand too much (an anchor used more than ${MAX_ALIAS_COUNT} times over): write the values out instead of nesting aliases` }]);
      }
      throw err;
    }
  }
}

/** Every key that repeats an earlier key of the same map, as a syntax error at its offset. */
function duplicateKeys(document: Document): Array<{ offset: number; line: undefined; message: string }> {
  const found: Array<{ offset: number; line: undefined; message: string }> = [];
  visit(document, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key) && isNodeWithRange(pair.key)) found.push({ offset: pair.key.range[0], line: undefined, message: `Map keys must be unique ("${key}" appears twice)` });
        seen.add(key);
      }
    },
  });
  return found;
}

function isNodeWithRange(value: unknown): value is Node & { range: [number, number, number] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { range?: unknown }).range);
}
