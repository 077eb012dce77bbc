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
    // CI=true makes Ink (is-in-ci) skip every frame but the last, so the wizard's
    // screens could not be read; the wizard tests need a normal terminal's rendering.
    env: { CI: 'false' },
  },
});
