// Writes docs/config-reference.md from the component config schemas.
import { writeFileSync } from 'node:fs';
import { defaultRegistry } from '../src/components.ts';
import { configReference } from '../src/config/schema-docs.ts';

writeFileSync(new URL('../docs/config-reference.md', import.meta.url), configReference(defaultRegistry()));
process.stdout.write('wrote docs/config-reference.md\n');
