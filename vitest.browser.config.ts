import { defineConfig } from 'vitest/config';

/** Browser tests: need Debian's chromium (.ci/run installs it); `npm run test:browser`. */
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
