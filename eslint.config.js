// Lint: typescript-eslint's recommended type-aware rules plus React hooks; zero warnings allowed.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', '.e2e-fixtures', '.gpu-bundle', '.scratch', '.bench-page'] },
  { files: ['src/offline/sw-template.js'], languageOptions: { globals: { ...globals.serviceworker, __FILES__: 'readonly' } } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@tensorflow/*'], message: 'Only src/ml (and the worker/CLI that host it) import TensorFlow.js.' }] },
      ],
    },
  },
  {
    // Playwright fixtures call `use`, which is not React's hook.
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    files: ['src/ml/**', 'src/cli/**', 'src/bench/**', 'src/testing/**', 'src/**/*.test.ts', 'e2e/fixtures/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
