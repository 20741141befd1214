/**
 * The `tracecore` command line. The only place in the code base that calls process.exit.
 */
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../version.ts';
import { EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.ts';
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
    .addOption(new Option('-s, --speed <factor>', 'playback speed: 1 takes about a minute, 10 about six seconds').default('1'))
    .action(async (opts: { speed: string }) => {
      const { demoCommand } = await import('./demo-command.ts');
      setExit(demoCommand({ speed: Number(opts.speed) }, processIO));
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

async function main(argv: readonly string[]): Promise<number> {
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

// Last-resort guards. Components catch and count their own failures; reaching these is a bug.
// A stray rejection is reported and the agent keeps running; an uncaught exception may have left
// state half-changed, so the process exits 1 and the orchestrator restarts it.
process.on('unhandledRejection', (reason: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'error', service: 'tracecore', msg: 'unhandled promise rejection (a bug): the agent keeps running', err: String(reason instanceof Error ? (reason.stack ?? reason.message) : reason) })}\n`);
});
process.on('uncaughtException', (err: Error) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', service: 'tracecore', msg: 'uncaught exception (a bug): exiting', err: err.stack ?? err.message })}\n`);
  process.exit(EXIT_RUNTIME);
});

// bin/tracecore.js says the same to Node versions that cannot load TypeScript at all; Node 22.18+
// and 23 can, and would otherwise run on untested ground.
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor !== 24) {
  process.stderr.write(`tracecore needs Node.js 24 (found ${process.versions.node}); run it with \`npx tracecore\` or \`npm start\`\n`);
  process.exit(EXIT_USAGE);
}

main(process.argv).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`tracecore: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(EXIT_RUNTIME);
  },
);
