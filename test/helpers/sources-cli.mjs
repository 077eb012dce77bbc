#!/usr/bin/env node
// The CLI as the tests run it: the tsc build of the sources (dist/cli, one file
// per source file), where bin/duende-upgrade.js runs the esbuild bundle
// (dist/bundle). test/e2e/bundle.test.ts holds the two to the same output.
import { main } from '../../dist/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
