/**
 * The `tracecore` command line, parsed by commander: every command but the plain `run --config
 * FILE`, which src/cli/main.ts starts without loading this module (commander stays out of the
 * long-running process; docs/performance.md).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { VERSION } from '../version.ts';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { listCommand } from './list-command.ts';
import { processIO } from './output.ts';
import { runCommand } from './run-command.ts';
import { validateCommand } from './validate-command.ts';

function buildProgram(setExit: (code: number | Promise<number>) => void): Command {
  const program = new Command('tracecore')
    .description('Watches Kubernetes Events and ships them as OpenTelemetry logs that say what went wrong')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .showHelpAfterError('(run tracecore --help for usage)');

  program
    .command('run')
    .description('run the pipelines until SIGTERM/SIGINT, then shut down cleanly')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .action((opts: { config: string }) => setExit(runCommand(opts.config, processIO)));

  program
    .command('validate')
    .description('load and validate a config without starting anything')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--schema-only', 'check the config alone, not the credentials and files it names (e.g. in CI, away from the cluster)')
    .action((opts: { config: string; schemaOnly?: boolean }) => setExit(validateCommand(opts.config, processIO, { schemaOnly: opts.schemaOnly })));

  for (const kind of ['receiver', 'processor', 'exporter'] as const) {
    program
      .command(`${kind}s`)
      .description(`the ${kind} types this build has`)
      .command('list')
      .description(`a table of ${kind} types: type, signal, stability, description`)
      .action(() => setExit(listCommand(kind, processIO)));
  }

  program
    .command('demo')
    .description('play an incident on a sandbox Kubernetes API on loopback and show what tracecore sees')
    .addOption(new Option('-s, --speed <factor>', 'playback speed: 1 takes about a minute, 10 about six seconds').default(1).argParser(parseSpeed))
    .action(async (opts: { speed: number }) => {
      const { demoCommand } = await import('./demo-command.ts');
      setExit(demoCommand({ speed: opts.speed }, processIO));
    });

  program
    .command('replay')
    .description('run a saved event dump (kubectl get events -A -o json, or one JSON object per line) through the pipeline')
    .argument('<file>', 'the dump; - for stdin')
    .option('-c, --config <file>', 'use this config for processors and exporters (default: batch -> debug)')
    .action(async (file: string, opts: { config?: string }) => {
      const { replayCommand } = await import('./replay-command.ts');
      setExit(replayCommand(file, opts, processIO));
    });

  program
    .command('version')
    .description('print the version')
    .action(() => {
      process.stdout.write(`tracecore ${VERSION}\n`);
      setExit(EXIT_OK);
    });
  return program;
}

/** `--speed`: a positive factor; commander prints the message after "argument 'abc' is invalid." */
function parseSpeed(text: string): number {
  const speed = Number(text);
  if (text.trim() === '' || !Number.isFinite(speed) || speed <= 0) throw new InvalidArgumentError('Write a positive number: 1 plays the incident in about a minute, 10 in about six seconds, 0.5 in about two minutes.');
  return speed;
}

export async function runProgram(argv: readonly string[]): Promise<number> {
  let result: number | Promise<number> = EXIT_OK;
  const program = buildProgram((code) => (result = code));
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? EXIT_OK : EXIT_USAGE;
    }
    throw err;
  }
  return await result;
}
