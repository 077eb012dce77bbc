#!/usr/bin/env node
// The esbuild bundle (scripts/bundle.mjs): one file to load instead of hundreds.
import { main } from '../dist/bundle/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
