/**
 * Typed reads of kubeconfig fields. A field of the wrong type is an error naming the field and
 * where it is (`kubeconfig /x: user "alice": token must be a string`); its value never appears.
 * An empty string counts as absent, as kubectl treats it.
 */
import { isJsonObject as isFields, type JsonObject } from '../model/json-value.ts';
import { CredentialsConfigError } from './credentials-errors.ts';

export type Fields = JsonObject;
export { isFields };

export function optionalString(body: Fields, key: string, where: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new CredentialsConfigError(`${where}: ${key} must be a string`);
  return value;
}

export function optionalBoolean(body: Fields, key: string, where: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new CredentialsConfigError(`${where}: ${key} must be true or false`);
  return value;
}

export function optionalStringList(body: Fields, key: string, where: string): string[] {
  const value = body[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new CredentialsConfigError(`${where}: ${key} must be a list of strings`);
  }
  return value;
}

export function optionalFields(body: Fields, key: string, where: string): Fields | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!isFields(value)) throw new CredentialsConfigError(`${where}: ${key} must be a mapping`);
  return value;
}

/** True when the field is set to anything but null or an empty string. */
export function isSet(body: Fields, key: string): boolean {
  const value = body[key];
  return value !== undefined && value !== null && value !== '';
}
