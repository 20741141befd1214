#!/usr/bin/env node
// The package's bin: turns on Node's compile cache (it keeps the type-stripped, compiled modules
// between runs: start-up CPU 549 -> 349 ms, docs/performance.md), then hands over to the
// TypeScript entry point, which Node 24 runs directly. Where the cache directory is not writable
// (a read-only root filesystem) Node carries on without it.
import module from 'node:module';

module.enableCompileCache?.();
await import('../src/cli/main.ts');
