#!/usr/bin/env node
// The package's bin: hands over to the TypeScript entry point, which Node 24 runs directly.
import '../src/cli/main.ts';
