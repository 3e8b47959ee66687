// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'data',
      'coverage',
      'apps/cli/bin',
      'bench/.out',
      // Plain JavaScript that runs in Chromium (the browser benchmark's probes and baseline page):
      // outside the TypeScript project, which has no DOM types.
      'bench/browser',
      'apps/agent/dist',
      'apps/agent/.dist-*',
      'apps/agent/dist.old-*',
      'apps/widget/dist',
      'apps/widget/.dist-*',
      'apps/widget/dist.old-*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A missed await on a password check let anyone log in to Rocket.Chat (CVE-2026-28514).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through @sofortdesk/config, never process.env directly.',
        },
      ],
    },
  },
  {
    // The domain imports no adapter: that is the dependency rule of docs/ARCHITECTURE.md.
    files: ['packages/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@sofortdesk/*',
                '!@sofortdesk/domain',
                'kysely',
                'pg',
                'better-sqlite3',
                'hono',
                'ws',
                'node:*',
              ],
              message: 'packages/domain imports no I/O and no adapter.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'packages/config/src/**/*.ts',
      '**/*.test.ts',
      'packages/testing/src/**/*.ts',
      'bench/**/*.ts',
      'tests/**/*.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
