/** "did you mean": the candidate closest to a mistyped word, for config messages. */

/** Levenshtein distance: insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The first candidate within two edits of `word` (not `word` itself), or undefined. */
export function closestWord(word: string, candidates: Iterable<string>): string | undefined {
  for (const candidate of candidates) if (candidate !== word && editDistance(candidate, word) <= 2) return candidate;
  return undefined;
}
