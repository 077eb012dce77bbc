import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, runCli, snapshotTree, tempDir } from '../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

/** A small host: a csproj to swap, and a Startup.cs with a namespace to rename. */
function host(): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFileSync(
    path.join(dir, 'Host.csproj'),
    '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n  </ItemGroup>\n</Project>\n',
  );
  writeFileSync(path.join(dir, 'Startup.cs'), 'using IdentityServer4.Models;\n\nnamespace Host\n{\n    public class Startup { }\n}\n');
  return dir;
}

describe('bad input through the CLI: exit 2, the file named, nothing changed', () => {
  it('a read-only file that a later step must edit stops --yes before any step writes', async () => {
    const dir = host();
    chmodSync(path.join(dir, 'Startup.cs'), 0o444);
    const before = snapshotTree(dir, () => false);
    const r = await runCli([dir, '--yes', '--skip', 'database,signing-keys,verify']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Startup.cs: the file is read-only');
    // The packages step comes first and would have been applied: it was not.
    expect(snapshotTree(dir, () => false)).toEqual(before);
  });

  it('a source file that is a symbolic link to outside the folder is never written through', async () => {
    const dir = host();
    const outside = tempDir();
    dirs.push(outside);
    mkdirSync(path.join(outside, 'shared'));
    writeFileSync(path.join(outside, 'shared', 'Shared.cs'), 'using IdentityServer4.Stores;\n\nnamespace Shared { }\n');
    symlinkSync(path.join(outside, 'shared', 'Shared.cs'), path.join(dir, 'Shared.cs'));
    const before = snapshotTree(dir, () => false);
    const outsideBefore = snapshotTree(outside, () => false);
    const r = await runCli([dir, '--yes', '--skip', 'database,signing-keys,verify']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Shared\.cs: (is a symbolic link to|resolves to) .*outside the folder/);
    expect(snapshotTree(outside, () => false)).toEqual(outsideBefore);
    expect(snapshotTree(dir, () => false)).toEqual(before);
  });
});
