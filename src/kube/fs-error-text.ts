import { BoundedReadError } from '../fs/read-bounded-file.ts';

/** Short words for a file system error (`no such file`, `permission denied`), without a stack or content. */
export function errnoText(err: unknown): string {
  if (err instanceof BoundedReadError) return err.message;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return code ?? (err instanceof Error ? err.message : String(err));
  }
}
