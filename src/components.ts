/**
 * Every component this build has. The CLI's `receivers|processors|exporters list` and the config
 * loader read this registry; adding a component means adding its factory here.
 */
import { Registry } from './component/registry.ts';
import { debugExporterFactory } from './exporters/debug/factory.ts';
import { fileExporterFactory } from './exporters/file/factory.ts';
import { otlpGrpcExporterFactory } from './exporters/otlp-grpc/factory.ts';
import { otlpHttpExporterFactory } from './exporters/otlp-http/factory.ts';
import { batchProcessorFactory } from './processors/batch/factory.ts';
import { findingsProcessorFactory } from './processors/findings/factory.ts';
import { k8sEventsReceiverFactory } from './receivers/k8s-events/factory.ts';

import type { AnyFactory } from './component/types.ts';

/** Every factory of this build. */
export const FACTORIES: readonly AnyFactory[] = [
  k8sEventsReceiverFactory,
  batchProcessorFactory,
  findingsProcessorFactory,
  debugExporterFactory,
  fileExporterFactory,
  otlpHttpExporterFactory,
  otlpGrpcExporterFactory,
];

let registry: Registry | undefined;

export function defaultRegistry(): Registry {
  registry ??= new Registry(FACTORIES);
  return registry;
}
