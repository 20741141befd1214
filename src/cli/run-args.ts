/**
 * Recognises the one command line the long-running process is started with, `run --config FILE`
 * (also `run -c FILE`, `run --config=FILE`), so main.ts can start it without loading commander.
 * Anything else, including a help flag or an extra argument, is left to commander (undefined).
 */
export function runConfigPath(args: readonly string[]): string | undefined {
  if (args[0] !== 'run') return undefined;
  const rest = args.slice(1);
  if (rest.length === 1 && rest[0].startsWith('--config=') && rest[0].length > '--config='.length) return rest[0].slice('--config='.length);
  if (rest.length === 2 && (rest[0] === '--config' || rest[0] === '-c') && rest[1] !== '' && !rest[1].startsWith('-')) return rest[1];
  return undefined;
}
