import { z } from 'zod';

export const fileConfigSchema = z
  .object({
    path: z.string().min(1).describe('file to append to: one OTLP/JSON ExportLogsServiceRequest per line (created if missing)'),
  })
  .strict();

export type FileConfig = z.output<typeof fileConfigSchema>;
