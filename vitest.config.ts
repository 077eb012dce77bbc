import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['node_modules', 'dist', 'test/fixtures/**'],
    testTimeout: 60_000,
    hookTimeout: 900_000,
    // Two cores: the dotnet end-to-end files are heavy; keep file parallelism modest.
    maxWorkers: 2,
    globalSetup: [],
  },
});
