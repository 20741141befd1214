/**
 * `tracecore run --config FILE`: runs until SIGTERM/SIGINT, then shuts down cleanly.
 * A second signal while stopping is reported and ignored: the drain budget bounds the stop.
 */
import { Agent } from '../pipeline/agent.ts';
import { createLogger } from '../telemetry/logger.ts';
import { VERSION } from '../version.ts';
import { EXIT_OK, EXIT_RUNTIME } from './exit-codes.ts';
import type { CommandIO } from './output.ts';
import { loadOrReport } from './validate-command.ts';
import { startupExitCode, startupFailureText } from './startup-errors.ts';

export async function runCommand(path: string, io: CommandIO, signals: NodeJS.EventEmitter = process): Promise<number> {
  const loaded = loadOrReport(path, io);
  if (typeof loaded === 'number') return loaded;
  const logger = createLogger(loaded.telemetry.logs.level);
  logger.info({ version: VERSION, config: path, node: process.version }, 'tracecore starting');
  const agent = new Agent(loaded, { logger, env: io.env });
  let stopRequested: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
  const onSignal = (signal: string): void => {
    logger.info({ signal }, 'stopping: receivers first, then draining exporters');
    stopRequested();
  };
  signals.on('SIGTERM', onSignal);
  signals.on('SIGINT', onSignal);
  try {
    try {
      await agent.start();
    } catch (err) {
      // One clear line for the user and one log line without a stack (the stack only at debug level).
      const reason = startupFailureText(err);
      logger.error({ error: reason }, 'tracecore could not start');
      logger.debug({ err }, 'start-up failure detail');
      await agent.shutdown();
      io.stderr.write(`tracecore could not start: ${reason}\n`);
      return startupExitCode(err);
    }
    await stopped;
    await agent.shutdown();
    logger.info('tracecore stopped');
    return EXIT_OK;
  } catch (err) {
    logger.error({ err }, 'tracecore failed');
    return EXIT_RUNTIME;
  } finally {
    signals.off('SIGTERM', onSignal);
    signals.off('SIGINT', onSignal);
  }
}
