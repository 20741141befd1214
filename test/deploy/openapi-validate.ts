/**
 * Offline validation of Kubernetes objects against the Kubernetes OpenAPI schema, strictly:
 * unknown fields are errors (as `kubectl apply --validate=strict` and the API server's strict
 * field validation treat them), wrong types are errors, missing required fields are errors.
 *
 * The schema comes from @kubernetes/client-node (already a dependency): its models are generated
 * from the Kubernetes OpenAPI spec (the release is printed in each model's header). Each model's
 * `attributeTypeMap` lists every field with its JSON name, type and format; the generated
 * declaration file marks required fields (no `?`). So no network, no API server, no extra package.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as generatedModels from '@kubernetes/client-node/dist/gen/models/all.js';

interface Attribute {
  readonly name: string;
  readonly baseName: string;
  readonly type: string;
  readonly format: string;
}

interface Model {
  readonly fields: ReadonlyMap<string, Attribute>;
  readonly required: readonly string[];
}

/** The object kinds a manifest here may use, by `apiVersion/kind`, to the generated model name. */
const MODEL_BY_GVK: Readonly<Record<string, string>> = {
  'v1/Namespace': 'V1Namespace',
  'v1/ServiceAccount': 'V1ServiceAccount',
  'v1/ConfigMap': 'V1ConfigMap',
  'v1/Service': 'V1Service',
  'apps/v1/Deployment': 'V1Deployment',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'V1ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'V1ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1/Role': 'V1Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'V1RoleBinding',
  'scheduling.k8s.io/v1/PriorityClass': 'V1PriorityClass',
  'policy/v1/PodDisruptionBudget': 'V1PodDisruptionBudget',
  'networking.k8s.io/v1/NetworkPolicy': 'V1NetworkPolicy',
};

const modelsDir = dirname(fileURLToPath(import.meta.resolve('@kubernetes/client-node/dist/gen/models/all.js')));
const exported = generatedModels as unknown as Readonly<Record<string, { getAttributeTypeMap?: () => readonly Attribute[] } | undefined>>;
const cache = new Map<string, Model | undefined>();

/** The OpenAPI spec release the models were generated from, e.g. "release-1.36". */
export function schemaRelease(): string {
  const header = readFileSync(join(modelsDir, 'V1Deployment.js'), 'utf8');
  return /OpenAPI spec version: (\S+)/.exec(header)?.[1] ?? 'unknown';
}

function loadModel(name: string): Model | undefined {
  if (cache.has(name)) return cache.get(name);
  const cls = exported[name];
  let model: Model | undefined;
  if (cls?.getAttributeTypeMap) {
    const attributes = cls.getAttributeTypeMap();
    const declaration = readFileSync(join(modelsDir, `${name}.d.ts`), 'utf8');
    const requiredTsNames = new Set([...declaration.matchAll(/^\s+'([^']+)':/gm)].map((m) => m[1]));
    model = {
      fields: new Map(attributes.map((a) => [a.baseName, a])),
      required: attributes.filter((a) => requiredTsNames.has(a.name)).map((a) => a.baseName),
    };
  }
  cache.set(name, model);
  return model;
}

/** Every problem with the object, as `path: message`; empty when it is valid. */
export function validateObject(object: Readonly<Record<string, unknown>>): string[] {
  const gvk = `${String(object.apiVersion)}/${String(object.kind)}`;
  const modelName = MODEL_BY_GVK[gvk];
  if (modelName === undefined) return [`${gvk}: no schema known for this kind here (add it to MODEL_BY_GVK in test/deploy/openapi-validate.ts)`];
  const problems: string[] = [];
  checkType(object, modelName, '', String(object.kind), problems);
  return problems;
}

function checkType(value: unknown, type: string, format: string, path: string, problems: string[]): void {
  const array = /^Array<(.+)>$/.exec(type);
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return void problems.push(`${path}: expected a list`);
    value.forEach((item, i) => checkType(item, array[1], '', `${path}[${i}]`, problems));
  } else if (map) {
    if (!isPlainObject(value)) return void problems.push(`${path}: expected a map`);
    for (const [k, v] of Object.entries(value)) checkType(v, map[1], '', `${path}.${k}`, problems);
  } else if (type === 'any') {
    return;
  } else if (type === 'string' || type === 'Date') {
    if (typeof value !== 'string') problems.push(`${path}: expected a string, got ${JSON.stringify(value)}`);
    else if (type === 'Date' && Number.isNaN(Date.parse(value))) problems.push(`${path}: expected an RFC 3339 time`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') problems.push(`${path}: expected true or false, got ${JSON.stringify(value)}`);
  } else if (type === 'number') {
    if (typeof value !== 'number') problems.push(`${path}: expected a number, got ${JSON.stringify(value)}`);
    else if ((format === 'int32' || format === 'int64') && !Number.isInteger(value)) problems.push(`${path}: expected an integer`);
    else if (format === 'int32' && (value < -(2 ** 31) || value >= 2 ** 31)) problems.push(`${path}: out of int32 range`);
  } else if (type === 'IntOrString') {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) problems.push(`${path}: expected an integer or a string`);
  } else {
    checkModel(value, type, path, problems);
  }
}

function checkModel(value: unknown, type: string, path: string, problems: string[]): void {
  const model = loadModel(type);
  if (model === undefined) return void problems.push(`${path}: schema type ${type} not found in the generated models`);
  if (!isPlainObject(value)) return void problems.push(`${path}: expected an object (${type})`);
  for (const field of model.required) {
    if (value[field] === undefined) problems.push(`${path}: missing required field "${field}"`);
  }
  for (const [key, child] of Object.entries(value)) {
    const attribute = model.fields.get(key);
    if (attribute === undefined) {
      problems.push(`${path}: unknown field "${key}" (${type} has: ${[...model.fields.keys()].join(', ')})`);
      continue;
    }
    if (child === null) continue; // null means "unset" to the API server
    checkType(child, attribute.type, attribute.format, `${path}.${key}`, problems);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
