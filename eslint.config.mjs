// Lint for the whole repository: TypeScript everywhere, lit/web-component/a11y rules for the
// elements (and the stories that render them), node globals for the plain-JS scripts.
// The security rules that a linter cannot express well live in scripts/check-security.mjs.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const litFiles = ['packages/elements/src/**/*.ts', 'stories/**/*.ts'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/types/**',
      '.attune/**',
      '**/storybook-static/**',
      'packages/*/src/generated/**',
      'packages/elements/src/**/locales/**',
      // Generated from the custom-elements manifest by scripts/generate-react.mjs.
      'packages/react/src/index.ts',
      'scripts/check-security.fixtures/**',
      'e2e/fixtures/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `interface HTMLElementEventMap extends AttuneEventMap {}` is how a global map is augmented.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // chai's property assertions (`expect(x).to.be.true`) are expressions by design.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: litFiles,
    ...lit.configs['flat/recommended'],
  },
  {
    files: litFiles,
    ...wc.configs['flat/best-practice'],
  },
  {
    files: litFiles,
    ...litA11y.configs.recommended,
  },
  {
    files: ['**/*.mjs', '**/*.js', 'scripts/**', 'e2e/**', 'bench/**', 'packages/server/**', '.storybook/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Browser code, and node scripts whose callbacks run in a page (playwright's page.evaluate).
    files: ['packages/elements/**', 'packages/core/**', 'stories/**', 'examples/**', 'e2e/**', 'bench/**', '.storybook/**', 'scripts/storybook-smoke.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
