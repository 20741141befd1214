/**
 * The top level of the config file, in the OpenTelemetry Collector's shape. Component sections
 * are maps from `type[/name]` to that component's own config, validated by its factory's schema.
 */
import { z } from 'zod';
import { hostPort } from './schema-helpers.ts';

const componentSection = z
  .record(z.string(), z.unknown().describe('the component config; null or {} for all defaults'))
  .default({});

const pipelineSchema = z
  .object({
    receivers: z.array(z.string()).min(1).describe('receiver ids feeding this pipeline'),
    processors: z.array(z.string()).default([]).describe('processor ids, in order'),
    exporters: z.array(z.string()).min(1).describe('exporter ids this pipeline fans out to'),
  })
  .strict();

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const telemetrySchema = z
  .object({
    metrics: z
      .object({
        address: hostPort({ example: '127.0.0.1:8888 or 0.0.0.0:8888', allowPortZero: true })
          .default('127.0.0.1:8888')
          .describe('where /metrics, /healthz, /readyz and the status page (/, /status.json) listen; port 0 picks a free port'),
      })
      .strict()
      .default({ address: '127.0.0.1:8888' }),
    logs: z
      .object({ level: z.enum(LOG_LEVELS).default('info').describe('JSON log lines on stderr at this level and above') })
      .strict()
      .default({ level: 'info' }),
  })
  .strict()
  .default({ metrics: { address: '127.0.0.1:8888' }, logs: { level: 'info' } });

export const configFileSchema = z
  .object({
    receivers: componentSection,
    processors: componentSection,
    exporters: componentSection,
    extensions: z.never({ error: 'extensions are not supported' }).optional(),
    connectors: z.never({ error: 'connectors are not supported' }).optional(),
    service: z
      .object({
        pipelines: z
          .record(z.string().regex(/^logs(\/[A-Za-z0-9_.-]+)?$/, 'pipelines are named logs or logs/NAME (tracecore carries logs only)'), pipelineSchema)
          .refine((p) => Object.keys(p).length > 0, 'define at least one pipeline, e.g. logs: { receivers: [k8s_events], exporters: [debug] }'),
        telemetry: telemetrySchema,
      })
      .strict(),
  })
  .strict();

export type ConfigFile = z.output<typeof configFileSchema>;
export type PipelineConfig = z.output<typeof pipelineSchema>;
export type TelemetryConfig = ConfigFile['service']['telemetry'];
