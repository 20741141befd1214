// Guard for `npm test`: under an older Node, `node --test` finds no *.test.ts and "passes" having run nothing.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  process.stderr.write(`tracecore needs Node.js 24 (this is ${process.version}); npm scripts use the pinned node@24 dev dependency: run npm install first.\n`);
  process.exitCode = 1;
}
