#!/usr/bin/env node
// Bundles the CLI into dist/bundle/ with esbuild (issue 16: start-up). Node
// otherwise resolves, reads and compiles some 400 files of our code and the
// dependencies at every start; a bundle is one file to read. The wizard's code
// (src/ui, ink, react) sits behind `import('../ui/run-wizard.js')` in
// src/cli/main.ts, so with code splitting it lands in its own chunk that only
// the wizard loads. bin/duende-upgrade.js runs the bundle; the tests run the
// tsc build of the sources (dist/cli, dist/core, dist/ui), and
// test/e2e/bundle.test.ts holds the two to the same output.
//
// The bundle sits two folders below the package root, as dist/cli/main.js
// does, so `new URL('../../package.json', import.meta.url)` and the demo's
// sample path resolve the same from either.

import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let build;
try {
  ({ build } = await import('esbuild'));
} catch {
  console.error('scripts/bundle.mjs: esbuild is not installed here (a devDependency since the bundle came in): run `npm ci`, then `npm run build` again.');
  process.exit(1);
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(REPO, 'dist', 'bundle');

rmSync(OUT, { recursive: true, force: true });
await build({
  absWorkingDir: REPO,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Deterministic chunk names; the hash only changes with the contents.
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  // Paths in the source map relative to the bundle, never the clone's absolute path.
  sourceRoot: '',
  legalComments: 'none',
  logLevel: 'warning',
  // Ink loads its React DevTools hook only when DEV=true; that package is not a dependency.
  external: ['react-devtools-core'],
  // Bundled CommonJS modules (react, …) call require() for Node's built-ins;
  // an ES module has none, so give each chunk one.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);" },
  define: { 'process.env.NODE_ENV': '"production"' },
});
