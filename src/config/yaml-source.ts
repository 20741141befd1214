/**
 * The parsed YAML document with the means to point at a line: every config problem names the
 * line of the key (or value) it is about, or of the nearest parent that exists.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { ConfigProblem } from './errors.ts';

export type ConfigPath = ReadonlyArray<string | number>;

export class YamlSource {
  readonly document: Document;
  private readonly lines: LineCounter;

  private constructor(document: Document, lines: LineCounter) {
    this.document = document;
    this.lines = lines;
  }

  /** Parses text; YAML syntax errors come back as problems with their lines. */
  static parse(text: string): { source: YamlSource; problems: ConfigProblem[] } {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const source = new YamlSource(document, lines);
    // One error tends to cascade into many: keep the first per line, and the first few lines.
    const problems: ConfigProblem[] = [];
    for (const e of document.errors) {
      const line = e.linePos?.[0].line ?? source.lineAt(e.pos[0]);
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
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
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

  toJS(): unknown {
    return this.document.toJS({ maxAliasCount: 100 });
  }
}

function isNodeWithRange(value: unknown): value is Node & { range: [number, number, number] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { range?: unknown }).range);
}
