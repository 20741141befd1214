/** docs/config-reference.md is generated from the config schemas; this fails when they drift. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { defaultRegistry } from '../src/components.ts';
import { configReference } from '../src/config/schema-docs.ts';

it('docs/config-reference.md matches the config schemas (regenerate with npm run docs)', () => {
  const onDisk = readFileSync(new URL('../docs/config-reference.md', import.meta.url), 'utf8');
  assert.equal(onDisk, configReference(defaultRegistry()));
  for (const key of ['`channel_cap`', '`backpressure`', '`checkpoint_dir`', '`queue.storage`', '`send_batch_size`']) assert.ok(onDisk.includes(key), key);
});
