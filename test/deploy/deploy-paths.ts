/** Where the deploy artefacts live, relative to the repository root. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The base kustomization (one replica); deploy/kubernetes/kustomization.yaml only points at it. */
export const KUSTOMIZE_BASE = join(REPO_ROOT, 'deploy/kubernetes/base');
/** `kubectl apply -k deploy/kubernetes`: what users apply; renders exactly the base. */
export const KUSTOMIZE_ENTRY = join(REPO_ROOT, 'deploy/kubernetes');
export const PROMETHEUS_DIR = join(REPO_ROOT, 'deploy/prometheus');
export const RUNBOOK = join(REPO_ROOT, 'docs/RUNBOOK.md');
export const FAILURE_MODES = join(REPO_ROOT, 'docs/FAILURE-MODES.md');
/** The install, RBAC and footprint sections: docs/install.md until the lead folds them into README.md. */
export const INSTALL_DOC = existsSync(join(REPO_ROOT, 'docs/install.md')) ? join(REPO_ROOT, 'docs/install.md') : join(REPO_ROOT, 'README.md');
export const DOCKERFILE = join(REPO_ROOT, 'Dockerfile');
export const DOCKERIGNORE = join(REPO_ROOT, '.dockerignore');

/** The base and every overlay under deploy/kubernetes/overlays (e.g. overlays/ha). */
export function kustomizations(): string[] {
  const overlays = join(KUSTOMIZE_ENTRY, 'overlays');
  const dirs = [KUSTOMIZE_BASE];
  if (existsSync(overlays)) {
    for (const entry of readdirSync(overlays, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(join(overlays, entry.name, 'kustomization.yaml'))) dirs.push(join(overlays, entry.name));
    }
  }
  return dirs;
}

/** The image's config path: Dockerfile CMD, Deployment args and the ConfigMap mount agree on it. */
export const CONFIG_PATH = '/etc/tracecore/config.yaml';
