/**
 * The Dockerfile, checked without a Docker engine: multi-stage, pinned base images, production
 * dependencies only, a non-root numeric user, no secrets, and an entrypoint of `tracecore run`
 * with the config path the Deployment mounts.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CONFIG_PATH, DOCKERFILE, DOCKERIGNORE, KUSTOMIZE_BASE, REPO_ROOT } from './deploy-paths.ts';

interface Instruction { readonly keyword: string; readonly args: string }
interface Stage { readonly from: string; readonly name: string | undefined; readonly instructions: Instruction[] }

/** Instructions in order: comments dropped, backslash continuations joined. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continuation
    pending += (pending ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (line.endsWith('\\')) continue;
    const m = /^(\S+)\s*(.*)$/.exec(pending);
    if (m) out.push({ keyword: m[1].toUpperCase(), args: m[2] });
    pending = '';
  }
  return out;
}

function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      assert.ok(m, `cannot read FROM ${ins.args}`);
      stages.push({ from: m[1], name: m[2], instructions: [] });
    } else {
      assert.ok(stages.length > 0, `${ins.keyword} before the first FROM`);
      stages[stages.length - 1].instructions.push(ins);
    }
  }
  return stages;
}

const text = readFileSync(DOCKERFILE, 'utf8');
const instructions = parseDockerfile(text);
const stages = stagesOf(instructions);
const runtime = stages[stages.length - 1];
const inRuntime = (keyword: string): Instruction[] => runtime.instructions.filter((i) => i.keyword === keyword);
const execForm = (ins: Instruction | undefined): string[] => {
  assert.ok(ins, 'instruction missing');
  const value: unknown = JSON.parse(ins.args);
  assert.ok(Array.isArray(value) && value.every((v) => typeof v === 'string'), `${ins.keyword} must use the exec (JSON array) form`);
  return value as string[];
};

describe('Dockerfile', () => {
  it('is multi-stage: a build stage installs, a separate runtime stage runs', () => {
    assert.ok(stages.length >= 2, 'expected at least a build and a runtime stage');
    assert.ok(inRuntime('COPY').some((c) => c.args.startsWith('--from=')), 'the runtime stage copies from the build stage');
  });

  it('pins every base image by digest or exact version tag', () => {
    for (const { from } of stages) {
      if (stages.some((s) => s.name === from)) continue; // FROM an earlier stage
      const digest = /@sha256:[0-9a-f]{64}$/.test(from);
      const tag = /:([^:/@]+)$/.exec(from.replace(/@sha256:[0-9a-f]{64}$/, ''))?.[1];
      const exactTag = tag !== undefined && /^\d+\.\d+\.\d+(-[a-z0-9.]+)*$/.test(tag);
      assert.ok(digest || exactTag, `${from}: pin a digest (@sha256:...) or an exact version tag (e.g. 24.21.0-bookworm-slim)`);
      assert.notEqual(tag, 'latest', from);
    }
  });

  it('runs on Node 24, and builds with the exact Node version the project pins', () => {
    assert.match(runtime.from, /(nodejs24|node:24\.)/, 'the runtime base must provide Node 24 (node is only a devDependency)');
    const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    const pinned = lock.packages['node_modules/node']?.version;
    assert.ok(pinned, 'package-lock.json pins no node devDependency');
    const build = stages.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args)));
    assert.ok(build, 'no stage runs npm ci');
    assert.match(build.from, new RegExp(`^node:${pinned.replaceAll('.', '\\.')}-`), `build stage should use node:${pinned}-*`);
  });

  it('installs production dependencies only, from the lock file, without install scripts', () => {
    const npm = instructions.filter((i) => i.keyword === 'RUN' && /\bnpm\b/.test(i.args));
    assert.ok(npm.some((i) => /\bnpm ci\b/.test(i.args) && /--omit=dev\b/.test(i.args) && /--ignore-scripts\b/.test(i.args)), 'expected npm ci --omit=dev --ignore-scripts');
    assert.ok(!npm.some((i) => /\bnpm (install|i)\b/.test(i.args)), 'npm install ignores the lock file: use npm ci');
    assert.equal(inRuntime('RUN').length, 0, 'the distroless runtime stage has no shell: nothing can RUN there');
  });

  it('ships package.json, the lock file, bin/ and the compiled dist/ (not the TypeScript), and the package bin `tracecore` is the entrypoint script', () => {
    const copied = inRuntime('COPY').map((c) => c.args).join('\n');
    for (const path of ['/app/package.json', '/app/node_modules', 'bin/', '/app/dist']) assert.ok(copied.includes(path), `runtime stage does not copy ${path}`);
    assert.ok(!copied.includes('src/'), 'the runtime stage runs the compiled dist/: the sources stay out');
    for (const path of ['package.json', 'package-lock.json', 'bin', 'src', 'tsconfig.build.json', 'scripts/build.ts']) assert.ok(existsSync(join(REPO_ROOT, path)), `${path} missing from the repository`);
    assert.ok(instructions.some((i) => i.keyword === 'RUN' && /\bnode scripts\/build\.ts\b/.test(i.args)), 'a build stage compiles src/ with scripts/build.ts');
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(pkg.bin.tracecore, 'bin/tracecore.js');
    const bin = readFileSync(join(REPO_ROOT, 'bin/tracecore.js'), 'utf8');
    assert.match(bin, /dist\/cli\/main\.js/);
    assert.match(bin, /src\/cli\/main\.ts/);
  });

  it('runs as a non-root numeric UID, the one the Deployment enforces', () => {
    const users = inRuntime('USER');
    assert.ok(users.length > 0, 'the runtime stage sets no USER');
    const user = users[users.length - 1].args;
    assert.match(user, /^\d+(:\d+)?$/, 'use a numeric UID[:GID] so runAsNonRoot can verify it');
    assert.notEqual(Number(user.split(':')[0]), 0);
    const deployment = parse(readFileSync(join(KUSTOMIZE_BASE, 'deployment.yaml'), 'utf8')) as { spec: { template: { spec: { securityContext: { runAsUser: number } } } } };
    assert.equal(Number(user.split(':')[0]), deployment.spec.template.spec.securityContext.runAsUser);
  });

  it('has the entrypoint `tracecore run` and defaults to the config the Deployment mounts', () => {
    const entrypoint = execForm(inRuntime('ENTRYPOINT').at(-1));
    assert.match(entrypoint[0], /\/node$/);
    assert.deepEqual(entrypoint.slice(-2), ['/app/bin/tracecore.js', 'run']);
    assert.deepEqual(execForm(inRuntime('CMD').at(-1)), ['--config', CONFIG_PATH]);
  });

  it('carries no secrets: no secret-looking ARG or ENV, no ADD, no credential files copied', () => {
    for (const ins of instructions) {
      if (ins.keyword === 'ARG' || ins.keyword === 'ENV') assert.doesNotMatch(ins.args, /(TOKEN|SECRET|PASSW(OR)?D|API_?KEY|CREDENTIAL|PRIVATE)/i, `${ins.keyword} ${ins.args}`);
      assert.notEqual(ins.keyword, 'ADD', 'use COPY: ADD fetches URLs and unpacks archives');
      if (ins.keyword === 'COPY') assert.doesNotMatch(ins.args, /(\.npmrc|\.env\b|kubeconfig|\.pem\b|\.key\b|id_rsa)/, ins.args);
    }
    assert.doesNotMatch(text, /(ghp_|glpat-|xox[bp]-|AKIA[0-9A-Z]{16}|-----BEGIN)/, 'something that looks like a credential is in the Dockerfile');
  });

  it("sets the Deployment's NODE_OPTIONS in the image, so `docker run` gets the same V8 settings as the pod", () => {
    const env = inRuntime('ENV').map((e) => /^NODE_OPTIONS="([^"]*)"$/.exec(e.args)?.[1]).find((v) => v !== undefined);
    assert.ok(env, 'the runtime stage sets no NODE_OPTIONS');
    const deployment = parse(readFileSync(join(KUSTOMIZE_BASE, 'deployment.yaml'), 'utf8')) as { spec: { template: { spec: { containers: Array<{ env?: Array<{ name: string; value?: string }> }> } } } };
    const value = deployment.spec.template.spec.containers[0].env?.find((e) => e.name === 'NODE_OPTIONS')?.value;
    assert.equal(env, value);
  });

  it('declares no VOLUME: writable paths come only from the pod spec, so the root filesystem can stay read-only', () => {
    assert.equal(instructions.filter((i) => i.keyword === 'VOLUME').length, 0);
  });
});

describe('.dockerignore', () => {
  const ignore = readFileSync(DOCKERIGNORE, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));

  it('starts from nothing and lets in only package.json, the lock file, bin/, src/ and what compiles it', () => {
    assert.equal(ignore[0], '**');
    const allowed = ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/(\*\*)?$/, ''));
    assert.deepEqual([...new Set(allowed)].sort(), ['bin', 'package-lock.json', 'package.json', 'scripts', 'scripts/build.ts', 'src', 'tsconfig.build.json', 'tsconfig.json']);
  });

  it('keeps tests, credentials, git metadata and host node_modules out even inside allowed folders', () => {
    for (const pattern of ['**/*.test.ts', '**/.env', '**/.npmrc', '**/*.pem', '**/.git/', '**/node_modules/']) assert.ok(ignore.includes(pattern), `missing ${pattern}`);
    const lastAllow = Math.max(...ignore.map((l, i) => (l.startsWith('!') ? i : -1)));
    assert.ok(ignore.indexOf('**/*.test.ts') > lastAllow, 'exclusions must come after the ! exceptions to win');
  });
});
