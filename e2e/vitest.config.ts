import { defineConfig } from 'vitest/config';

// End-to-end tests drive one real browser at a time: no parallel files, generous timeouts.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
