import { defaultRegistry } from '../components.ts';
import type { ComponentKind } from '../component/types.ts';
import { EXIT_OK } from './exit-codes.ts';
import { formatTable, type CommandIO } from './output.ts';

export function listCommand(kind: ComponentKind, io: CommandIO): number {
  const rows = [...defaultRegistry().byKind(kind).values()].map((f) => [f.type, 'logs', f.stability, f.description]);
  io.stdout.write(formatTable(['TYPE', 'SIGNAL', 'STABILITY', 'DESCRIPTION'], rows));
  return EXIT_OK;
}
