import { z } from 'zod';

export const debugConfigSchema = z
  .object({
    verbosity: z.enum(['basic', 'normal', 'detailed']).default('normal').describe('basic: a count per batch; normal: one line per record; detailed: the line plus every attribute'),
    color: z.enum(['auto', 'always', 'never']).default('auto').describe('colour the lines: auto means only when stdout is a terminal'),
  })
  .strict();

export type DebugConfig = z.output<typeof debugConfigSchema>;
