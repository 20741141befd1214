/** Exit codes of every command (cli-and-config.md). */
export const EXIT_OK = 0;
/** A failure at run time (e.g. the telemetry port is taken, a component could not start). */
export const EXIT_RUNTIME = 1;
/** Bad usage, a bad config, or unreadable input. */
export const EXIT_USAGE = 2;
