import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, runCli, snapshotTree } from '../../helpers/cli.js';
import { csproj, writeTree } from './tree.js';

/**
 * Bad input through the real CLI: a clear message naming the file (and line),
 * exit code 2, and not one byte changed, not even a state folder.
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

async function refuse(files: Record<string, string | Buffer>, args: string[] = ['--yes']) {
  const root = writeTree(files);
  dirs.push(root);
  const before = snapshotTree(root, () => false);
  const r = await runCli([root, ...args]);
  expect(snapshotTree(root, () => false)).toEqual(before);
  expect(r.code).toBe(2);
  return r;
}

beforeAll(async () => {
  // Tests drive the built binary; the workspace's `npm test` builds first.
  expect((await runCli(['--version'])).code).toBe(0);
});

describe('bad input through the CLI', () => {
  it('malformed csproj XML: the file and the line of the error', async () => {
    const r = await refuse({
      'Host/Host.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4" Version="4.1.2">\n  </ItemGroup>\n</Project>\n',
    });
    expect(r.stderr).toMatch(/^duende-upgrade: Host\/Host\.csproj:4: is not well-formed XML: /);
  });

  it('a csproj that is not UTF-8: the file and the line of the first bad byte', async () => {
    const r = await refuse({
      'Host/Host.csproj': Buffer.concat([Buffer.from(csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n').replace('</Project>', '<!-- Sch')), Buffer.from([0xf6]), Buffer.from('n -->\n</Project>\n')]),
    });
    expect(r.stderr).toMatch(/^duende-upgrade: Host\/Host\.csproj:9: is not valid UTF-8 and declares no other encoding/);
  });

  it('a binary csproj', async () => {
    const r = await refuse({ 'Host/Host.csproj': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0]) });
    expect(r.stderr).toMatch(/^duende-upgrade: Host\/Host\.csproj: is not a text file MSBuild can load \(.*binary/);
  });

  it('a folder with no .NET project', async () => {
    const r = await refuse({ 'docs/readme.md': '# hello\n', 'src/Startup.cs': 'using IdentityServer4;\n' }, ['--plan']);
    expect(r.stderr).toMatch(/no \.NET project here/);
  });

  it('a path that does not exist', async () => {
    const missing = path.join(writeTree({}), 'nope');
    dirs.push(path.dirname(missing));
    const r = await runCli([missing, '--plan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${missing}: no such folder`);
  });

  it('IdentityServer4 3.x: refused before anything changes, naming where the version is written', async () => {
    const r = await refuse({
      'Directory.Build.targets': '<Project>\n  <ItemGroup>\n    <PackageReference Update="IdentityServer4*" Version="3.1.4" />\n  </ItemGroup>\n</Project>\n',
      'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" />\n'),
      'Host/Startup.cs': 'using IdentityServer4;\n',
    });
    expect(r.stderr).toMatch(/^duende-upgrade: Directory\.Build\.targets:3: IdentityServer4 3\.1\.4 is older than 4\.0/);
    expect(r.stderr).toMatch(/manual data migration/);
    expect(r.stderr).toMatch(/nothing was changed/);
  });
});
