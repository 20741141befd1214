/**
 * The registry of component factories: looks a config key (`type` or `type/name`) up by its type.
 */
import type { AnyFactory, ComponentKind, ExporterFactory, ProcessorFactory, ReceiverFactory } from './types.ts';

export interface ComponentId {
  readonly type: string;
  readonly name?: string;
  /** As written in the config: `type` or `type/name`. */
  readonly id: string;
}

const ID = /^([a-z][a-z0-9_]*)(?:\/([A-Za-z0-9_.-]+))?$/;

/** Parses `type` or `type/name`; undefined when malformed. */
export function parseComponentId(id: string): ComponentId | undefined {
  const m = ID.exec(id);
  if (!m) return undefined;
  return m[2] === undefined ? { type: m[1], id } : { type: m[1], name: m[2], id };
}

export class Registry {
  readonly receivers: ReadonlyMap<string, ReceiverFactory>;
  readonly processors: ReadonlyMap<string, ProcessorFactory>;
  readonly exporters: ReadonlyMap<string, ExporterFactory>;

  constructor(factories: readonly AnyFactory[]) {
    const receivers = new Map<string, ReceiverFactory>();
    const processors = new Map<string, ProcessorFactory>();
    const exporters = new Map<string, ExporterFactory>();
    for (const f of factories) {
      const target: Map<string, AnyFactory> = f.kind === 'receiver' ? receivers : f.kind === 'processor' ? processors : exporters;
      if (target.has(f.type)) throw new Error(`two ${f.kind} factories for type ${f.type}`);
      target.set(f.type, f);
    }
    this.receivers = receivers;
    this.processors = processors;
    this.exporters = exporters;
  }

  byKind(kind: ComponentKind): ReadonlyMap<string, AnyFactory> {
    return kind === 'receiver' ? this.receivers : kind === 'processor' ? this.processors : this.exporters;
  }
}
