#!/usr/bin/env node
// The package's bin. Plain JavaScript that any Node.js can parse, so an older Node gets a sentence
// instead of ERR_UNKNOWN_FILE_EXTENSION: the sources are TypeScript that only Node 24 runs directly.
// Then it turns on Node's compile cache (it keeps the type-stripped, compiled modules between runs:
// start-up CPU 549 -> 349 ms, docs/performance.md) and hands over to the TypeScript entry point.
// Where the cache directory is not writable (a read-only root filesystem) Node carries on without it.
import module from 'node:module';

const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  process.stderr.write(`tracecore needs Node.js 24 (found ${process.versions.node}); run it with \`npx tracecore\` or \`npm start\`\n`);
  process.exitCode = 2;
} else {
  module.enableCompileCache?.();
  await import('../src/cli/main.ts');
}
