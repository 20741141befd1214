/**
 * Loads a config file: YAML -> ${env:} substitution -> top-level schema -> each component's own
 * schema -> pipeline references -> environment checks. Every problem is collected; if there is
 * any, a ConfigError carries them all (the CLI prints them and exits 2).
 */
import { BoundedReadError, readBoundedFileSync } from '../fs/read-bounded-file.ts';
import { parseComponentId, type Registry } from '../component/registry.ts';
import type { AnyFactory, ComponentKind } from '../component/types.ts';
import { isJsonObject as isPlainObject } from '../model/json-value.ts';
import { closestWord } from './closest-word.ts';
import { ConfigError, type ConfigProblem } from './errors.ts';
import { substituteEnv } from './env-substitution.ts';
import { configFileSchema, type ConfigFile, type PipelineConfig, type TelemetryConfig } from './service-schema.ts';
import { YamlSource } from './yaml-source.ts';
import { zodProblems } from './zod-problems.ts';

export interface ComponentConfig {
  readonly kind: ComponentKind;
  readonly id: string;
  readonly factory: AnyFactory;
  readonly config: unknown;
}

export interface LoadedConfig {
  /** Components referenced by at least one pipeline, by kind then id. */
  readonly receivers: ReadonlyMap<string, ComponentConfig>;
  readonly processors: ReadonlyMap<string, ComponentConfig>;
  readonly exporters: ReadonlyMap<string, ComponentConfig>;
  readonly pipelines: ReadonlyMap<string, PipelineConfig>;
  readonly telemetry: TelemetryConfig;
  /** Defined but used by no pipeline: worth a warning, not an error. */
  readonly unused: readonly string[];
}

/** A config is a few KiB; anything past this is not one (and would cost time and memory to parse). */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

const SECTIONS = [
  ['receivers', 'receiver'],
  ['processors', 'processor'],
  ['exporters', 'exporter'],
] as const;

export interface LoadOptions {
  /** Run each component's checks of files and environment (default true); off for a schema-only check away from the target machine. */
  readonly checkEnvironment?: boolean;
}

export function loadConfigFile(path: string, registry: Registry, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): LoadedConfig {
  let text: string;
  try {
    text = readBoundedFileSync(path, MAX_CONFIG_FILE_BYTES).toString('utf8');
  } catch (err) {
    const why = err instanceof BoundedReadError ? err.message : ((err as NodeJS.ErrnoException).code ?? String(err));
    throw new ConfigError([{ path: '', message: `cannot read config file ${path}: ${why}` }]);
  }
  return loadConfigText(text, registry, env, options);
}

export function loadConfigText(text: string, registry: Registry, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): LoadedConfig {
  const { source, problems: syntax } = YamlSource.parse(text);
  if (syntax.length > 0) throw new ConfigError(syntax);
  const problems: ConfigProblem[] = substituteEnv(source, env);

  const raw = source.toJS() ?? {};
  const parsed = configFileSchema.safeParse(raw, { reportInput: true });
  // On a top-level problem, still validate whatever component sections are there, so the user
  // sees every mistake in one go; pipeline references are then checked only if they parsed.
  if (!parsed.success) problems.push(...zodProblems(parsed.error.issues, [], source, configFileSchema));

  const file: ConfigFile = parsed.success ? parsed.data : salvage(raw);

  const sections = { receivers: new Map<string, ComponentConfig>(), processors: new Map<string, ComponentConfig>(), exporters: new Map<string, ComponentConfig>() };
  /** Ids defined with an unknown type: already reported, so a pipeline naming them (or a near spelling) adds nothing. */
  const unknownTypeIds = new Set<string>();
  for (const [section, kind] of SECTIONS) {
    const factories = registry.byKind(kind);
    for (const [id, value] of Object.entries(file[section])) {
      const where = [section, id];
      const parsedId = parseComponentId(id);
      if (!parsedId) {
        problems.push({ path: where.join('.'), line: source.lineOf(where), message: `"${id}" is not a component id: write TYPE or TYPE/NAME` });
        continue;
      }
      const factory = factories.get(parsedId.type);
      if (!factory) {
        const meant = closestWord(parsedId.type, factories.keys());
        problems.push({ path: where.join('.'), line: source.lineOf(where), message: `unknown ${kind} type "${parsedId.type}"${meant ? ` (did you mean "${meant}"?)` : ''}; available: ${[...factories.keys()].join(', ')}` });
        unknownTypeIds.add(`${section}/${id}`);
        continue;
      }
      const result = factory.configSchema.safeParse(value ?? {}, { reportInput: true });
      if (!result.success) {
        problems.push(...zodProblems(result.error.issues, where, source, factory.configSchema));
        continue;
      }
      sections[section].set(id, { kind, id, factory, config: result.data });
    }
  }

  const used = new Set<string>();
  const pipelines = new Map<string, PipelineConfig>();
  for (const [name, pipeline] of Object.entries(file.service.pipelines)) {
    pipelines.set(name, pipeline);
    for (const [section, kind] of SECTIONS) {
      pipeline[section].forEach((id, index) => {
        const where = ['service', 'pipelines', name, section, index];
        used.add(`${section}/${id}`);
        const misspeltDefinition = [...unknownTypeIds].some((u) => u.startsWith(`${section}/`) && closestWord(id, [u.slice(section.length + 1)]) !== undefined);
        if (!(id in file[section]) && !misspeltDefinition) {
          problems.push({ path: where.join('.'), line: source.lineOf(where), message: `${kind} "${id}" is not defined under ${section}:` });
        }
      });
      const seen = new Set<string>();
      for (const id of pipeline[section]) {
        if (seen.has(id)) problems.push({ path: ['service', 'pipelines', name, section].join('.'), line: source.lineOf(['service', 'pipelines', name, section]), message: `${kind} "${id}" is listed twice` });
        seen.add(id);
      }
    }
  }

  for (const [section] of SECTIONS) {
    const byType = new Map<string, string[]>();
    for (const c of sections[section].values()) {
      if (c.factory.onePerProcess === undefined || !used.has(`${section}/${c.id}`)) continue;
      byType.set(c.factory.type, [...(byType.get(c.factory.type) ?? []), c.id]);
    }
    for (const [type, ids] of byType) {
      const why = sections[section].get(ids[0])?.factory.onePerProcess;
      if (ids.length > 1) problems.push({ path: section, line: source.lineOf([section]), message: `one ${type} ${section.slice(0, -1)} per process (${why}); found ${ids.join(', ')}` });
    }
  }

  const unused: string[] = [];
  for (const [section] of SECTIONS) {
    for (const [id, component] of sections[section]) {
      if (!used.has(`${section}/${id}`)) {
        unused.push(`${section}.${id}`);
        sections[section].delete(id);
        continue;
      }
      const check = component.factory.checkEnvironment as ((config: unknown, env: NodeJS.ProcessEnv) => ReturnType<NonNullable<AnyFactory['checkEnvironment']>>) | undefined;
      if (options.checkEnvironment === false) continue;
      for (const p of check?.(component.config, env) ?? []) {
        const where = [section, id, ...p.path];
        problems.push({ path: where.join('.'), line: source.lineOf(where), message: p.message });
      }
    }
  }

  if (problems.length > 0) throw new ConfigError(withoutEchoes(problems).sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return { ...sections, pipelines, telemetry: file.service.telemetry, unused };
}

function salvage(raw: unknown): ConfigFile {
  const top = isPlainObject(raw) ? raw : {};
  const section = (value: unknown): { [id: string]: unknown } => (isPlainObject(value) ? value : {});
  return {
    receivers: section(top.receivers),
    processors: section(top.processors),
    exporters: section(top.exporters),
    service: { pipelines: {}, telemetry: { metrics: { address: '127.0.0.1:8888' }, logs: { level: 'info' } } },
  };
}

/** A value whose ${env:} reference failed also fails its schema; the first problem says it all. */
function withoutEchoes(problems: ConfigProblem[]): ConfigProblem[] {
  const envPaths = new Set(problems.filter((p) => p.message.startsWith('environment variable') || p.message.startsWith('malformed reference')).map((p) => p.path));
  const reported = new Set<string>();
  return problems.filter((p) => {
    if (!envPaths.has(p.path)) return true;
    if (reported.has(p.path)) return false;
    reported.add(p.path);
    return true;
  });
}
