/**
 * `npm run build`: compiles src/ to JavaScript in dist/ (gitignored) for `npm start`, the image and
 * `tracecore` itself (bin/tracecore.js runs dist/ when it is there). Plain JavaScript skips Node's
 * type stripping at every start and leaves the stripper's memory out of the process
 * (docs/performance.md, "Shipping compiled JavaScript"). tsc does the emit (tsconfig.build.json:
 * rewriteRelativeImportExtensions turns `./x.ts` into `./x.js`); this script then copies the one
 * non-TypeScript asset the code reads at run time: the sandbox's TLS files, used by `tracecore demo`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));

if (process.argv.includes('--clean')) rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
cpSync(new URL('../src/sandbox/tls/', import.meta.url), new URL('../dist/sandbox/tls/', import.meta.url), { recursive: true });
