/**
 * List `continue` tokens: opaque to clients (base64url JSON, like the API server's), they carry
 * the resource version of the list's snapshot and the key the next page starts after.
 */

export interface ContinuePosition {
  /** Resource version of the snapshot the list is paging over. */
  readonly rv: number;
  /** Key (`namespace/name`) of the last item already returned. */
  readonly after: string;
}

export function encodeContinue(position: ContinuePosition): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: position.rv, start: position.after })).toString('base64url');
}

/** The position in a token, or undefined when the token is not one of ours. */
export function decodeContinue(token: string): ContinuePosition | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined; // not base64url JSON: the caller answers 400
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { v, rv, start } = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (v !== 'meta.k8s.io/v1' || typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv < 0 || typeof start !== 'string') return undefined;
  return { rv, after: start };
}
