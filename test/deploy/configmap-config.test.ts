/**
 * The configs the Kubernetes install ships (deploy/kubernetes/base/config.yaml and the HA overlay's,
 * rendered into the tracecore-config ConfigMap) are ones `tracecore validate` accepts, so a fresh
 * install never crash-loops on its own config.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { KUSTOMIZE_BASE, KUSTOMIZE_ENTRY, REPO_ROOT } from './deploy-paths.ts';

for (const file of [join(KUSTOMIZE_BASE, 'config.yaml'), join(KUSTOMIZE_ENTRY, 'overlays/ha/config.yaml')]) {
const configText = readFileSync(file, 'utf8');

describe(`the ConfigMap config ${file.slice(file.indexOf('deploy/'))}`, () => {
  it('uses in-cluster credentials explicitly, so a stray KUBECONFIG can never make it ambiguous', () => {
    const config = parse(configText) as { receivers: Record<string, { auth?: string }> };
    const receivers = Object.entries(config.receivers).filter(([id]) => id.split('/')[0] === 'k8s_events');
    assert.equal(receivers.length, 1);
    assert.equal(receivers[0][1].auth, 'in_cluster');
  });

  it('passes tracecore validate (--schema-only: this machine is not in a cluster)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracecore-configmap-'));
    try {
      const file = join(dir, 'config.yaml');
      writeFileSync(file, configText);
      const run = spawnSync(process.execPath, [join(REPO_ROOT, 'src/cli/main.ts'), 'validate', '--schema-only', '--config', file], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 0, `tracecore validate rejected ${file}:\n${run.stdout}${run.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
}
