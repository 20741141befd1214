/**
 * Reading untyped JSON (a decoded Kubernetes object, a parsed YAML document) without casts: the
 * two checks every reader needs, in one place.
 */

/** A JSON object: `{...}`, not null, not an array. */
export type JsonObject = { readonly [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, else undefined (null, '', wrong types: absent). */
export function nonEmptyText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
