import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function wrapper(file: string, script: string): void {
  writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${path.join(HERE, script)}" "$@"\n`);
  chmodSync(file, 0o755);
}

/**
 * A PATH whose `dotnet` is the stand-in and, unless `withEf` is false, whose
 * `dotnet-ef` is the stand-in tool. Nothing of a real .NET SDK is reachable.
 * toolsDir is where the stand-in `dotnet tool install` puts dotnet-ef.
 */
export function standInPath(dir: string, opts: { withEf?: boolean } = {}): { PATH: string; binDir: string; toolsDir: string } {
  const binDir = path.join(dir, 'stand-in-bin');
  const toolsDir = path.join(dir, 'stand-in-tools');
  mkdirSync(binDir, { recursive: true });
  mkdirSync(toolsDir, { recursive: true });
  wrapper(path.join(binDir, 'dotnet'), 'fake-dotnet.mjs');
  if (opts.withEf !== false) wrapper(path.join(toolsDir, 'dotnet-ef'), 'fake-dotnet-ef.mjs');
  // The wrappers name node and sh by absolute path, so PATH needs nothing else.
  return { PATH: [binDir, toolsDir].join(path.delimiter), binDir, toolsDir };
}
