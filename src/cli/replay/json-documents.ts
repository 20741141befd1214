/**
 * Splits text into the JSON documents it holds, one after another: a single document, one per line
 * (JSON lines), or several pretty-printed ones back to back (`kubectl cluster-info dump`). Text
 * between documents that is not JSON (the dump's `==== START logs for ...` sections) is reported
 * as line ranges, not line by line.
 */

export interface JsonDocument {
  readonly text: string;
  /** 1-based line where the document starts. */
  readonly line: number;
}

export interface SplitDocuments {
  readonly documents: JsonDocument[];
  /** Runs of lines that are not JSON: [first, last], 1-based, inclusive. */
  readonly notJson: Array<readonly [number, number]>;
}

export function splitJsonDocuments(text: string): SplitDocuments {
  const documents: JsonDocument[] = [];
  const notJson: Array<[number, number]> = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '{' || c === '[') {
      const end = documentEnd(text, i);
      const startLine = line;
      const stop = end ?? text.length;
      for (let j = i; j < stop; j++) if (text.charCodeAt(j) === 10) line++;
      documents.push({ text: text.slice(i, stop), line: startLine });
      i = stop;
    } else {
      // Not the start of a document: skip the rest of the line.
      const eol = text.indexOf('\n', i);
      const last = notJson.at(-1);
      if (last !== undefined && last[1] >= line - 1) last[1] = line;
      else notJson.push([line, line]);
      i = eol === -1 ? text.length : eol;
    }
  }
  return { documents, notJson };
}

/** Index just past the bracket that closes the one at `start`, or undefined when the text ends first. */
function documentEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}
