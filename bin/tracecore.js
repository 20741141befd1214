#!/usr/bin/env node
// The package's bin. Plain JavaScript that any Node.js can parse, so an older Node gets a sentence
// instead of ERR_UNKNOWN_FILE_EXTENSION: the sources are TypeScript that only Node 24 runs directly.
// Then it turns on Node's compile cache (it keeps the compiled modules between runs; where the
// cache directory is not writable, e.g. a read-only root filesystem, Node carries on without it)
// and hands over to the entry point: the compiled JavaScript in dist/ when `npm run build` made
// it (the image and `npm start` do), else the TypeScript sources, src/cli/main.ts.
// TRACECORE_FROM_SOURCE=1 forces the sources. docs/performance.md has the measured difference.
import { existsSync } from 'node:fs';
import module from 'node:module';

const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  process.stderr.write(`tracecore needs Node.js 24 (found ${process.versions.node}); run it with \`npx tracecore\` or \`npm start\`\n`);
  process.exitCode = 2;
} else {
  module.enableCompileCache?.();
  const compiled = new URL('../dist/cli/main.js', import.meta.url);
  if (process.env.TRACECORE_FROM_SOURCE !== '1' && existsSync(compiled)) await import(compiled.href);
  else await import('../src/cli/main.ts');
}
