/**
 * Finds an external tool the deploy tests need (kubectl, promtool). Outside CI a missing tool
 * skips the test with a message saying how to install it; in CI (CI=true) it is a failure, so a
 * runner that lost its tool cannot go green by skipping.
 */
import { spawnSync } from 'node:child_process';

export interface ToolCheck {
  /** Path or name to run, when found. */
  readonly command: string | undefined;
  /** false when the tool is there; otherwise the reason to skip (outside CI). */
  readonly skip: string | false;
}

export function findTool(name: string, versionArgs: readonly string[], installHint: string): ToolCheck {
  const probe = spawnSync(name, versionArgs, { encoding: 'utf8' });
  if (probe.error === undefined && probe.status === 0) return { command: name, skip: false };
  const reason = `${name} not found (${installHint})`;
  if (process.env.CI === 'true') {
    throw new Error(`${reason}: CI must provide it; refusing to skip`);
  }
  return { command: undefined, skip: `${reason}; skipped outside CI` };
}
