// Lint rules: typescript-eslint's recommended set plus the project's own few.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NOTHING_IMPORTS_CLI = { regex: '(^|/)cli/', message: 'Nothing imports src/cli: it is the top layer (the command line and process.exit).' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'bench/baseline/node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly', performance: 'readonly', structuredClone: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'Only src/cli/main.ts may call process.exit.' }],
    },
  },
  { files: ['src/cli/main.ts', 'bench/**', 'test/fixtures/child-*.ts'], rules: { 'no-restricted-properties': 'off' } },
  // Layer rules (test/layer-rules.test.ts shows each one fails on a violating import). ESLint takes a
  // rule's options from the last matching block, so a narrower layer repeats the wider rule it keeps.
  {
    // Tests may drive a command in-process (e.g. the demo on a fake terminal); product code may not.
    files: ['src/**', 'bench/**', 'scripts/**'],
    ignores: ['src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NOTHING_IMPORTS_CLI] }] },
  },
  {
    files: ['src/model/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./', message: 'src/model imports nothing of ours: it is the bottom layer.' }] }] },
  },
  {
    files: ['src/component/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(?!model/|telemetry/)', message: 'src/component imports only src/model and src/telemetry.' }] }] },
  },
  // src/otlp is the wire format only (encode, decode, response parsing); components use it, never
  // the other way round (the exporter helper lives in src/exporters/exporterhelper).
  {
    files: ['src/otlp/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NOTHING_IMPORTS_CLI,
            {
              regex: '(^|/)(exporters|processors|receivers|pipeline|component)/|(^|/)components\\.ts$',
              message: 'src/otlp is the wire format only: it imports nothing from components (exporters, processors, receivers, pipeline, component).',
            },
          ],
        },
      ],
    },
  },
);
