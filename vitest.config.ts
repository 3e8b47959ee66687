import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Browser tests need Chromium and run apart: npm run test:browser.
    exclude: ['tests/browser/**', '**/node_modules/**'],
    // PostgreSQL-backed suites share one database; files run in parallel but each
    // suite works in its own schema (see packages/testing), so they never collide.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
