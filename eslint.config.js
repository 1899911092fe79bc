import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import globals from 'globals';

/** Import patterns that reach the database: Dexie itself and anything under lib/db. */
const DATABASE_IMPORTS = {
  group: ['dexie', '@/lib/db/*', '**/db/*', '../db', './db/*'],
  // The shapes of stored records may be shared; opening or querying the database may not.
  allowTypeImports: true,
  message: 'Only the background, lib/app and extension pages through lib/app touch the database (DESIGN.md rule 1).',
};
/** Import patterns of the extension's browser APIs. */
const BROWSER_API_IMPORTS = {
  group: ['webextension-polyfill', 'wxt/browser', 'wxt/utils/*', '#imports', '@wxt-dev/*'],
  message: 'Components receive data and callbacks; browser APIs stay in lib/ and entrypoints/ (DESIGN.md rule 10).',
};
const COMPONENT_IMPORTS = {
  group: ['@/components/*', '**/components/*'],
  message: 'lib/ does not depend on the UI: move the shared type into lib/ (DESIGN.md rule 10).',
};
/** Globals of the extension APIs, which components must not reach for. */
const BROWSER_API_GLOBALS = [
  { name: 'browser', message: 'Components use no browser APIs: take a callback from the page that mounts them.' },
  { name: 'chrome', message: 'Components use no browser APIs: take a callback from the page that mounts them.' },
];
/** DOM globals the pure matcher must not use. */
const DOM_GLOBALS = ['window', 'document', 'navigator', 'Node', 'Element', 'Range', 'CSS'].map((name) => ({
  name,
  message: 'lib/matcher is pure: no DOM (DESIGN.md rule 10).',
}));

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Glossary packs and notes are untrusted: no innerHTML, insertAdjacentHTML or document.write anywhere.
  noUnsanitized.configs.recommended,
  {
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render data as text: packs and notes are untrusted input.',
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error, and type-only imports stay out of bundles.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // `typeof import('…')` stays allowed: vitest's importOriginal<…>() and the benchmarks' page globals need it.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
  // Architecture boundaries (DESIGN.md rule 10).
  {
    files: ['lib/**/*.{ts,tsx}'],
    ignores: ['lib/**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [COMPONENT_IMPORTS] }] },
  },
  {
    files: ['lib/page/**/*.{ts,tsx}', 'lib/matcher/**/*.ts', 'lib/ranking*.ts'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [COMPONENT_IMPORTS, DATABASE_IMPORTS] }],
    },
  },
  {
    files: ['lib/matcher/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-globals': ['error', ...DOM_GLOBALS] },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    ignores: ['components/**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [BROWSER_API_IMPORTS, DATABASE_IMPORTS] }],
      'no-restricted-globals': ['error', ...BROWSER_API_GLOBALS],
    },
  },
  {
    // Entry points wire things together: they open the database and hand it to lib/app and lib/db's
    // functions, but never query or write its tables themselves (no Dexie, no liveQuery).
    files: ['entrypoints/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['dexie'], message: 'Entry points use lib/app and lib/db, not Dexie itself.' }] },
      ],
    },
  },
  {
    files: ['e2e/**/*.mjs', 'bench/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // Scripts of the test fixture pages run in the browser.
    files: ['e2e/fixtures/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
);
