/**
 * The layer rules of eslint.config.js: each one rejects a violating import and lets the allowed ones
 * through (linted as text under a path in the layer, so no file is written).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('src/model imports nothing of ours', async () => {
    assert.match((await restrictedImports('src/model/new-file.ts', "import { x } from '../telemetry/metrics.ts';\nexport const y = x;\n")).join(), /src\/model imports nothing/);
    assert.deepEqual(await restrictedImports('src/model/new-file.ts', "import type { Hint } from './hint.ts';\nexport type H = Hint;\n"), []);
  });

  it('src/component imports only src/model and src/telemetry', async () => {
    assert.match((await restrictedImports('src/component/new-file.ts', "import { x } from '../pipeline/service.ts';\nexport const y = x;\n")).join(), /only src\/model and src\/telemetry/);
    assert.match((await restrictedImports('src/component/new-file.ts', "import { x } from '../cli/main.ts';\nexport const y = x;\n")).join(), /only src\/model/);
    assert.deepEqual(await restrictedImports('src/component/new-file.ts', "import type { EventRecord } from '../model/record.ts';\nimport type { Logger } from '../telemetry/logger.ts';\nexport type R = [EventRecord, Logger];\n"), []);
  });

  it('src/otlp (the wire format) imports no component: not the exporter helper it once imported', async () => {
    for (const target of ['../exporters/exporterhelper/queued-exporter.ts', '../../exporters/sending-queue/config.ts', '../component/types.ts', '../pipeline/fanout.ts', '../components.ts']) {
      assert.match((await restrictedImports('src/otlp/export/new-file.ts', `import { x } from '${target}';\nexport const y = x;\n`)).join(), /src\/otlp is the wire format only/, target);
    }
    assert.match((await restrictedImports('src/otlp/new-file.ts', "import { x } from '../cli/exit-codes.ts';\nexport const y = x;\n")).join(), /Nothing imports src\/cli/);
    assert.deepEqual(await restrictedImports('src/otlp/new-file.ts', "import type { EventRecord } from '../model/record.ts';\nimport { readFields } from './proto-reader.ts';\nexport const y: [EventRecord?, typeof readFields] = [undefined, readFields];\n"), []);
  });

  it('nothing imports src/cli, from src or benchmarks (tests may drive a command in-process)', async () => {
    for (const path of ['src/pipeline/new-file.ts', 'src/receivers/k8s-events/new-file.ts', 'bench/new-file.ts']) {
      const depth = path.split('/').length - 1;
      const up = '../'.repeat(depth);
      const target = path.startsWith('src/') ? `${'../'.repeat(depth - 1)}cli/exit-codes.ts` : `${up}src/cli/exit-codes.ts`;
      assert.match((await restrictedImports(path, `import { x } from '${target}';\nexport const y = x;\n`)).join(), /Nothing imports src\/cli/, path);
    }
    assert.deepEqual(await restrictedImports('src/cli/new-file.ts', "import { x } from './exit-codes.ts';\nexport const y = x;\n"), []);
  });

  it('the tree as it is passes them', async () => {
    const results = await eslint.lintFiles(['src/model', 'src/component']);
    assert.deepEqual(results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}: ${m.message}`)), []);
  });
});
