#!/usr/bin/env node
// STAND-IN for the `dotnet` host, for tests that must not need the .NET SDK.
// It behaves like the real one where the tool cares: `dotnet ef` runs `dotnet-ef`
// from PATH (and prints the SDK's own message when there is none), `dotnet tool
// install` (global or local alike) puts a stand-in dotnet-ef into FAKE_TOOLS_DIR, `dotnet build` passes
// or prints MSBuild-shaped compiler errors (FAKE_BUILD=fail).
// Every call is appended to FAKE_DOTNET_LOG as a JSON line.
import { spawnSync } from 'node:child_process';
import { accessSync, appendFileSync, constants, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
if (process.env.FAKE_DOTNET_LOG) appendFileSync(process.env.FAKE_DOTNET_LOG, `${JSON.stringify({ tool: 'dotnet', args, cwd: process.cwd() })}\n`);

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return path.join(dir, name);
    } catch {}
  }
  return undefined;
}

const [verb, ...rest] = args;
if (verb === 'ef') {
  const tool = onPath('dotnet-ef');
  if (!tool) {
    process.stderr.write('Could not execute because the specified command or file was not found.\nPossible reasons for this include:\n  * You misspelled a built-in dotnet command.\n  * You intended to execute a .NET program, but dotnet-ef does not exist.\n  * You intended to run a global tool, but a dotnet-prefixed executable with this name could not be found on the PATH.\n');
    process.exit(1);
  }
  const r = spawnSync(tool, rest, { stdio: 'inherit' });
  process.exit(r.status ?? 1);
} else if (verb === 'tool' && (rest[0] === 'install' || rest[0] === 'update')) {
  const dir = process.env.FAKE_TOOLS_DIR;
  if (!dir) {
    process.stderr.write("Unable to find package dotnet-ef. (stand-in: no FAKE_TOOLS_DIR)\n");
    process.exit(1);
  }
  mkdirSync(dir, { recursive: true });
  writeWrapper(path.join(dir, 'dotnet-ef'), path.join(here, 'fake-dotnet-ef.mjs'));
  process.stdout.write("You can invoke the tool using the following command: dotnet-ef\nTool 'dotnet-ef' (version '10.0.15') was successfully installed.\n");
} else if (verb === 'build') {
  process.stdout.write(`  Determining projects to restore...\n  All projects are up-to-date for restore.\n`);
  if (process.env.FAKE_BUILD === 'fail') {
    const file = path.join(process.cwd(), 'src/IdentityServer/Services/TokenService.cs');
    const errs = [
      `${file}(42,27): error CS1501: No overload for method 'CreateRefreshTokenAsync' takes 3 arguments [${process.cwd()}/src/IdentityServer/IdentityServer.csproj]`,
      `${file}(57,13): error CS0246: The type or namespace name 'IdentityServer4' could not be found (are you missing a using directive or an assembly reference?) [${process.cwd()}/src/IdentityServer/IdentityServer.csproj]`,
    ];
    process.stdout.write(`${errs.join('\n')}\n\nBuild FAILED.\n\n${errs.join('\n')}\n    0 Warning(s)\n    2 Error(s)\n`);
    process.exit(1);
  }
  process.stdout.write('  IdentityServer -> bin/Debug/net10.0/IdentityServer.dll\n\nBuild succeeded.\n    0 Warning(s)\n    0 Error(s)\n');
} else if (verb === 'restore') {
  const project = path.resolve(process.cwd(), rest[0] ?? '.');
  const dir = /\.\w+proj$/.test(project) ? path.dirname(project) : project;
  mkdirSync(path.join(dir, 'obj'), { recursive: true });
  writeFileSync(path.join(dir, 'obj', 'project.assets.json'), '{ "version": 3 }\n');
  process.stdout.write(`  Determining projects to restore...\n  Restored ${project} (in 42 ms).\n`);
} else if (verb === '--version') {
  process.stdout.write('10.0.401\n');
} else if (verb === '--list-runtimes') {
  process.stdout.write('Microsoft.AspNetCore.App 10.0.12 [/stand-in/shared/Microsoft.AspNetCore.App]\nMicrosoft.NETCore.App 10.0.12 [/stand-in/shared/Microsoft.NETCore.App]\n');
} else if (verb === 'new' && rest[0] === 'tool-manifest') {
  mkdirSync(path.join(process.cwd(), '.config'), { recursive: true });
  writeFileSync(path.join(process.cwd(), '.config', 'dotnet-tools.json'), '{\n  "version": 1,\n  "isRoot": true,\n  "tools": {}\n}\n');
  process.stdout.write('The template "Dotnet local tool manifest file" was created successfully.\n');
} else {
  process.stderr.write(`stand-in dotnet: unsupported command ${args.join(' ')}\n`);
  process.exit(1);
}

export function writeWrapper(file, script) {
  writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${script}" "$@"\n`);
  chmodSync(file, 0o755);
}
