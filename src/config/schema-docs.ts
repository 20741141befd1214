/**
 * Renders a component's config schema as a markdown table (key, type, default, allowed, meaning),
 * so the README's config reference is generated from the same schema that validates configs.
 * test/config-docs.test.ts fails when docs/config-reference.md drifts from the code.
 */
import { z } from 'zod';
import type { Registry } from '../component/registry.ts';

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  properties?: { [key: string]: JsonSchema };
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  pattern?: string;
  format?: string;
}

export function schemaTable(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const rows: string[] = [];
  walk(json, '', rows);
  return ['| key | type | default | allowed | meaning |', '|---|---|---|---|---|', ...rows].join('\n') + '\n';
}

function walk(node: JsonSchema, prefix: string, rows: string[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const required = node.required?.includes(key) && child.default === undefined;
    rows.push(`| \`${path}\` | ${typeOf(child)} | ${required ? '(required)' : formatDefault(child.default)} | ${allowed(child)} | ${escape(child.description ?? '')} |`);
    if (child.properties) walk(child, path, rows);
  }
}

function typeOf(node: JsonSchema): string {
  if (node.enum) return 'enum';
  if (node.format === 'duration') return 'duration';
  if (node.anyOf) return node.anyOf.map(typeOf).join(' or ');
  if (node.type === 'array') return `list of ${node.items ? typeOf(node.items) : 'any'}`;
  if (node.type === 'object' && !node.properties) return 'map';
  return Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
}

function allowed(node: JsonSchema): string {
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(', ');
  if (node.minimum !== undefined && node.maximum !== undefined) return `${node.minimum} .. ${node.maximum}`;
  if (node.minimum !== undefined) return `>= ${node.minimum}`;
  if (node.maximum !== undefined) return `<= ${node.maximum}`;
  return '';
}

function formatDefault(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'object' && value !== null && Object.keys(value).length > 0) return '(see keys below)';
  return `\`${JSON.stringify(value)}\``;
}

function escape(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** The whole config reference: one section per component type. */
export function configReference(registry: Registry): string {
  const parts = ['# Config reference\n', 'Generated from the config schemas by `npm run docs`; a test fails when this file and the code disagree.\n'];
  for (const kind of ['receiver', 'processor', 'exporter'] as const) {
    for (const factory of registry.byKind(kind).values()) {
      parts.push(`## ${kind} \`${factory.type}\`\n`, `${factory.description}. Stability: ${factory.stability}.\n`, schemaTable(factory.configSchema));
    }
  }
  return parts.join('\n');
}
