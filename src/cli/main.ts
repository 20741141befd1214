/**
 * The `tracecore` command line. The only place in the code base that calls process.exit.
 *
 * `tracecore run --config FILE` (the image's entrypoint) starts straight away; every other command
 * line goes through commander (src/cli/program.ts), loaded only then, so its module code does not
 * stay in the long-running process.
 */
import { EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.ts';
import { runConfigPath } from './run-args.ts';

async function main(argv: readonly string[]): Promise<number> {
  const config = runConfigPath(argv.slice(2));
  if (config !== undefined) {
    const [{ runCommand }, { processIO }] = await Promise.all([import('./run-command.ts'), import('./output.ts')]);
    return await runCommand(config, processIO);
  }
  const { runProgram } = await import('./program.ts');
  return await runProgram(argv);
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
