// Lint: typescript-eslint's recommended rules, type-aware promise checks (no-floating-promises,
// no-misused-promises) and React hooks; zero warnings allowed. Folder edges are lint rules too:
// TF.js only in ml/ (and the worker and Node hosts), ml/ values never in the page's folders (a
// value import pulls all of TF.js into the main bundle; `import { type … }` is fine), and the
// pure folders import nothing of the UI.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TFJS = { group: ['@tensorflow/*'], message: 'Only src/ml (and the worker/CLI that host it) import TensorFlow.js.' };
const ML_VALUES = {
  regex: '^(\\.\\./)+ml/',
  allowTypeImports: true,
  message: 'ml/ carries TF.js: import plain data from src/model/, and only types from ml/ (`import { type … }`).',
};
const WORKER_FILES = { regex: '\\.worker(\\.ts)?$', message: 'Workers are started by src/worker/client.ts, never imported.' };
const UI_LAYERS = {
  regex: '^(react|react-dom|zustand)(/.*)?$|^(\\.\\./)+(state|ui)/',
  message: 'This folder is below the UI: no React, zustand, state/ or ui/.',
};
const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  // assembly/ is AssemblyScript, checked by its own compiler (scripts/assembly.mjs).
  { ignores: ['assembly', 'dist', 'node_modules', 'test-results', 'playwright-report', '.e2e-fixtures', '.gpu-bundle', '.gpu-run', '.scratch', '.bench-page', '.profile-page'] },
  { files: ['src/offline/sw-template.js'], languageOptions: { globals: { ...globals.serviceworker, __FILES__: 'readonly' } } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node, ...globals.worker },
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-restricted-imports': restrict(TFJS),
    },
  },
  {
    // Plain JavaScript is not type-checked: no type-aware rules there.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Playwright fixtures call `use`, which is not React's hook.
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  { files: ['src/ui/**', 'src/state/**', 'src/export/**', 'src/storage/**'], rules: { '@typescript-eslint/no-restricted-imports': restrict(TFJS, ML_VALUES, WORKER_FILES) } },
  {
    files: ['src/image/**', 'src/metrics/**', 'src/files/**', 'src/model/**'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict(TFJS, ML_VALUES, WORKER_FILES, UI_LAYERS) },
  },
  { files: ['src/ml/**', 'src/worker/**'], rules: { '@typescript-eslint/no-restricted-imports': restrict(UI_LAYERS) } },
  {
    files: ['src/cli/**', 'src/bench/**', 'src/testing/**', 'src/**/*.test.ts', 'e2e/fixtures/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
);
