import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import type { PackageSite } from '../../../src/core/scan/model.js';
import { scan } from '../../../src/core/scan/index.js';
import iconv from 'iconv-lite';
import '../../../src/core/text/legacy.js';
import { removeDir, tempDir } from '../../helpers/cli.js';
import { csproj, writeInto, writeTree } from './tree.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});
function tree(files: Record<string, string | Buffer>, opts?: { git?: boolean }): string {
  const d = writeTree(files, opts);
  dirs.push(d);
  return d;
}

/** The text a site's spans point at, so each test sees exactly what a splice would replace. */
async function sitesOf(root: string) {
  const { scan: s, workspace } = await scan(root);
  const text = (site: PackageSite) => workspace.read(site.path).text;
  return {
    scan: s,
    sites: s.packageSites.map((site) => ({
      path: site.path,
      line: site.line,
      kind: site.kind,
      id: text(site).slice(site.idSpan.start, site.idSpan.end),
      version: site.versionSpan ? text(site).slice(site.versionSpan.start, site.versionSpan.end) : undefined,
      text: site.text,
    })),
  };
}

describe('package sites', () => {
  it('finds every reference form with exact spans, and not the commented-out one', async () => {
    const root = tree({
      'Directory.Build.targets': '<Project>\n  <ItemGroup>\n    <PackageReference Update="IdentityServer4*" Version="4.1.2" />\n  </ItemGroup>\n</Project>\n',
      'src/Host/Host.csproj': csproj(
        '    <!-- <PackageReference Include="IdentityServer4.Storage" Version="3.1.0" /> -->\n' +
          '    <PackageReference Include="IdentityServer4" />\n' +
          '    <PackageReference Version="4.1.2"   Include="IdentityServer4.AspNetIdentity"/>\n' +
          '    <PackageReference Include="IdentityServer4.EntityFramework">\n      <Version> 4.1.2 </Version>\n    </PackageReference>\n' +
          '    <PackageReference Include="Newtonsoft.Json" Version="12.0.3" />\n',
      ),
      'legacy/Old.csproj': '<Project ToolsVersion="15.0"><PropertyGroup><TargetFrameworkVersion>v4.7.2</TargetFrameworkVersion></PropertyGroup></Project>\n',
      'legacy/packages.config': '<?xml version="1.0" encoding="utf-8"?>\n<packages>\n  <package id="IdentityModel" version="4.4.0" targetFramework="net472" />\n</packages>\n',
    });
    const { sites } = await sitesOf(root);
    expect(sites).toEqual([
      { path: 'Directory.Build.targets', line: 3, kind: 'PackageReferenceUpdate', id: 'IdentityServer4*', version: '4.1.2', text: '<PackageReference Update="IdentityServer4*" Version="4.1.2" />' },
      { path: 'legacy/packages.config', line: 3, kind: 'packages.config', id: 'IdentityModel', version: '4.4.0', text: '<package id="IdentityModel" version="4.4.0" targetFramework="net472" />' },
      { path: 'src/Host/Host.csproj', line: 7, kind: 'PackageReference', id: 'IdentityServer4', version: undefined, text: '<PackageReference Include="IdentityServer4" />' },
      { path: 'src/Host/Host.csproj', line: 8, kind: 'PackageReference', id: 'IdentityServer4.AspNetIdentity', version: '4.1.2', text: '<PackageReference Version="4.1.2"   Include="IdentityServer4.AspNetIdentity"/>' },
      // The site is where the id is; the version sits on a later line, and its span skips the padding.
      { path: 'src/Host/Host.csproj', line: 9, kind: 'PackageReference', id: 'IdentityServer4.EntityFramework', version: '4.1.2', text: '<PackageReference Include="IdentityServer4.EntityFramework">' },
    ]);
  });

  it('reads central package management and version properties', async () => {
    const root = tree({
      'Directory.Packages.props':
        '<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n    <IdentityServerVersion>4.1.2</IdentityServerVersion>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageVersion Include="IdentityServer4" Version="$(IdentityServerVersion)" />\n    <PackageVersion Include="Microsoft.EntityFrameworkCore.Design" Version="5.0.17" />\n  </ItemGroup>\n</Project>\n',
      'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" />\n    <PackageReference Include="Microsoft.EntityFrameworkCore.Design" />\n'),
    });
    const { scan: s, sites } = await sitesOf(root);
    expect(sites.map((x) => [x.path, x.line, x.kind, x.id, x.version])).toEqual([
      ['Directory.Packages.props', 7, 'PackageVersion', 'IdentityServer4', '$(IdentityServerVersion)'],
      ['Host/Host.csproj', 6, 'PackageReference', 'IdentityServer4', undefined],
    ]);
    const central = s.packageSites[0]!;
    expect(central.resolvedVersion).toBe('4.1.2');
    expect(central.versionProperty).toMatchObject({ name: 'IdentityServerVersion', path: 'Directory.Packages.props', line: 4, value: '4.1.2', uses: 1 });
    expect(s.projects[0]).toMatchObject({
      path: 'Host/Host.csproj',
      name: 'Host',
      role: 'host',
      hasEfDesign: true,
      efCoreVersion: '5.0.17',
      packages: [
        { id: 'IdentityServer4', version: '4.1.2', versionFrom: 'Directory.Packages.props' },
        { id: 'Microsoft.EntityFrameworkCore.Design', version: '5.0.17', versionFrom: 'Directory.Packages.props' },
      ],
    });
    expect(s.is4Versions).toEqual(['4.1.2']);
  });

  it('gives each project its target frameworks, role, SDK and project references', async () => {
    const root = tree({
      'Directory.Build.props': '<Project>\n  <PropertyGroup>\n    <TargetFrameworks>netcoreapp3.1;net5.0</TargetFrameworks>\n  </PropertyGroup>\n</Project>\n',
      'src/Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4.AspNetIdentity" Version="4.1.2" />\n    <ProjectReference Include="..\\Data\\Data.csproj" />\n', { tfm: '' }),
      'src/Api/Api.csproj': csproj('    <PackageReference Include="IdentityServer4.AccessTokenValidation" Version="3.0.1" />\n', { tfm: '  <PropertyGroup><TargetFramework>net5.0</TargetFramework></PropertyGroup>\n' }),
      'src/Data/Data.csproj': csproj('    <PackageReference Include="IdentityServer4.EntityFramework.Storage" Version="4.1.2" />\n', { tfm: '', sdk: 'Microsoft.NET.Sdk' }),
    });
    const { scan: s } = await scan(root);
    expect(s.projects.map((p) => [p.path, p.role, p.sdk, p.targetFrameworks, p.projectReferences])).toEqual([
      // As in MSBuild, TargetFrameworks (here from Directory.Build.props) wins over a project's TargetFramework.
      ['src/Api/Api.csproj', 'api', 'Microsoft.NET.Sdk.Web', ['netcoreapp3.1', 'net5.0'], []],
      ['src/Data/Data.csproj', 'library', 'Microsoft.NET.Sdk', ['netcoreapp3.1', 'net5.0'], []],
      ['src/Host/Host.csproj', 'host', 'Microsoft.NET.Sdk.Web', ['netcoreapp3.1', 'net5.0'], ['src/Data/Data.csproj']],
    ]);
    // AccessTokenValidation's own version (3.0.1) is not an IdentityServer4 version.
    expect(s.is4Versions).toEqual(['4.1.2']);
  });

  it('follows <Import>s of the solution\'s own .props files to find versions, and refuses a version that stays unknown', async () => {
    const root = tree({
      'build/versions.props': '<Project>\n  <PropertyGroup>\n    <IdentityServerVersion>4.1.2</IdentityServerVersion>\n  </PropertyGroup>\n</Project>\n',
      'src/Host/Host.csproj':
        '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <Import Project="..\\..\\build\\versions.props" />\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4" Version="$(IdentityServerVersion)" />\n  </ItemGroup>\n</Project>\n',
      'src/Other/Other.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4.Storage" Version="$(NowhereVersion)" />\n  </ItemGroup>\n</Project>\n',
    });
    // "$(NowhereVersion)" is defined nowhere: never taken as a version, refused with its file and line.
    const refused = await scan(root).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).describe()).toMatch(/^src\/Other\/Other\.csproj:3: the IdentityServer4\.Storage version "\$\(NowhereVersion\)" uses an MSBuild property that is not defined in any file this tool reads, so the version cannot be known; nothing was changed\n/);
    writeInto(root, { 'src/Other/Other.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <Import Project="..\\..\\build\\versions.props" />\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4.Storage" Version="$(IdentityServerVersion)" />\n  </ItemGroup>\n</Project>\n' });
    const { scan: s } = await scan(root);
    expect(s.msbuildFiles).toEqual(['src/Host/Host.csproj', 'src/Other/Other.csproj', 'build/versions.props']);
    expect(s.projects[0]!.packages[0]).toMatchObject({ id: 'IdentityServer4', version: '4.1.2' });
    expect(s.packageSites[0]!.versionProperty).toMatchObject({ name: 'IdentityServerVersion', path: 'build/versions.props', line: 3, uses: 2 });
    expect(s.warnings).toEqual([]);
    expect(s.packageSites[1]!.versionProperty).toMatchObject({ name: 'IdentityServerVersion', uses: 2 });
    writeInto(root, { 'build/versions.props': '<Project>\n  <PropertyGroup>\n    <IdentityServerVersion>3.1.4</IdentityServerVersion>\n  </PropertyGroup>\n</Project>\n' });
    await expect(scan(root)).rejects.toThrow(/IdentityServer4 3\.1\.4 is older than 4\.0/);
  });

  it('flags IdentityServer4 arriving through ApiAuthorization.IdentityServer 5.0.x', async () => {
    const root = tree({ 'Spa/Spa.csproj': csproj('    <PackageReference Include="Microsoft.AspNetCore.ApiAuthorization.IdentityServer" Version="5.0.17" />\n') });
    const { scan: s } = await scan(root);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatch(/^Spa\/Spa\.csproj:6: Microsoft\.AspNetCore\.ApiAuthorization\.IdentityServer 5\.0\.17 brings in IdentityServer4/);
  });

  it('refuses IdentityServer4 3.x with the file and line of the version', async () => {
    const root = tree({
      'Directory.Build.props': '<Project>\n  <PropertyGroup>\n    <Is4>3.1.4</Is4>\n  </PropertyGroup>\n</Project>\n',
      'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="$(Is4)" />\n'),
    });
    const error = await scan(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).location).toEqual({ path: 'Directory.Build.props', line: 3 });
    expect((error as InputError).describe()).toMatch(/IdentityServer4 3\.1\.4 is older than 4\.0[\s\S]*manual data migration/);
  });

  it('takes Directory.* files from parent folders up to the repository root, and no further', async () => {
    const outer = tempDir('scan-outer-');
    dirs.push(outer);
    writeInto(outer, {
      'Directory.Build.targets': '<Project><ItemGroup><PackageReference Update="IdentityServer4" Version="9.9.9" /></ItemGroup></Project>\n',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/Directory.Build.targets': '<Project>\n  <ItemGroup>\n    <PackageReference Update="IdentityServer4" Version="4.1.2" />\n  </ItemGroup>\n</Project>\n',
      'repo/Directory.Packages.props': '<Project>\n  <ItemGroup>\n    <PackageVersion Include="Unrelated" Version="1.0.0" />\n  </ItemGroup>\n</Project>\n',
      'repo/src/Directory.Build.props': '<Project />\n',
      'repo/src/app/Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" />\n'),
    });
    const { scan: s } = await scan(path.join(outer, 'repo/src/app'));
    expect(s.msbuildFiles).toEqual(['Host/Host.csproj', '../Directory.Build.props', '../../Directory.Packages.props', '../../Directory.Build.targets']);
    expect(s.projects[0]!.packages).toEqual([
      { id: 'IdentityServer4', version: '4.1.2', versionFrom: '../../Directory.Build.targets', site: { path: 'Host/Host.csproj', line: 6, id: 'IdentityServer4' }, versionSite: { path: '../../Directory.Build.targets', line: 3, id: 'IdentityServer4' } },
    ]);
  });
});

describe('files', () => {
  it('skips bin/obj/node_modules and what .gitignore ignores, and never enters symlinked folders', async () => {
    const outside = tempDir('scan-outside-');
    dirs.push(outside);
    writeInto(outside, { 'Evil/Evil.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n'), 'Evil/X.cs': 'using IdentityServer4;\n' });
    const root = tree({
      '.gitignore': 'generated/\n*.g.cs\n',
      'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n'),
      'Host/Startup.cs': 'using IdentityServer4;\n',
      'Host/Plain.cs': 'class Plain {}\n',
      'Host/View.cshtml': '@using IdentityServer4.Extensions\n',
      'Host/Code.g.cs': 'using IdentityServer4;\n',
      'Host/generated/Gen.cs': 'using IdentityServer4;\n',
      'Host/sub/.gitignore': 'local.cs\n',
      'Host/sub/local.cs': 'using IdentityServer4;\n',
      'Host/sub/kept.cs': 'services.AddIdentityServer().AddDeveloperSigningCredential();\n',
      'Host/bin/Debug/Host.csproj': csproj(''),
      'Host/obj/X.cs': 'using IdentityServer4;\n',
      'node_modules/pkg/Y.cs': 'using IdentityServer4;\n',
      'Host/tempkey.jwk': '{}',
    });
    symlinkSync(path.join(outside, 'Evil'), path.join(root, 'Linked'));
    const { scan: s } = await scan(root);
    expect(s.msbuildFiles).toEqual(['Host/Host.csproj']);
    expect(s.sourceFiles).toEqual(['Host/Startup.cs', 'Host/View.cshtml', 'Host/sub/kept.cs']);
    expect(s.signing.tempKeyFiles).toEqual(['Host/tempkey.jwk']);
  });

  it('applies .gitignore files above the root inside the repository, and none outside a repository', async () => {
    const repo = tempDir('scan-repo-');
    dirs.push(repo);
    writeInto(repo, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'Generated/\n',
      'app/Host/Host.csproj': csproj(''),
      'app/Host/Generated/A.cs': 'using IdentityServer4;\n',
      'app/Host/B.cs': 'using IdentityServer4;\n',
    });
    expect((await scan(path.join(repo, 'app'))).scan.sourceFiles).toEqual(['Host/B.cs']);
    const loose = tempDir('scan-loose-');
    dirs.push(loose);
    writeInto(loose, { '.gitignore': 'Generated/\n', 'app/Host/Host.csproj': csproj(''), 'app/Host/Generated/A.cs': 'using IdentityServer4;\n' });
    expect((await scan(path.join(loose, 'app'))).scan.sourceFiles).toEqual(['Host/Generated/A.cs']);
  });

  it('finds the token in UTF-16 and legacy-encoded sources, and skips binary ones without failing', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('using IdentityServer4.Models;\r\n', 'utf16le')]);
    const root = tree({
      'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n'),
      'Host/Wide.cs': utf16,
      'Host/Legacy.cs': iconv.encode('// Příliš žluťoučký kůň úpěl ďábelské ódy\r\nusing IdentityServer4.Models;\r\n', 'win1250'),
      'Host/Plain1250.cs': iconv.encode('// Příliš žluťoučký kůň\r\nclass C {}\r\n', 'win1250'),
      'Host/Binary.cs': Buffer.concat([Buffer.from('IdentityServer4'), Buffer.from([0, 1, 2, 0])]),
    });
    const { scan: s, workspace } = await scan(root);
    expect(s.sourceFiles).toEqual(['Host/Legacy.cs', 'Host/Wide.cs']);
    expect(s.skipped).toEqual([{ path: 'Host/Binary.cs', reason: expect.stringMatching(/NUL/) }]);
    const wide = workspace.read('Host/Wide.cs');
    expect(wide.encoding.kind).toBe('utf16le');
    expect(wide.text).toBe('using IdentityServer4.Models;\r\n');
    expect(workspace.read('Host/Legacy.cs').encoding.kind).toBe('bytes');
  });

  it('finds a token past the first read buffer (large files are read whole)', async () => {
    const big = `${'// filler line of a generated file\n'.repeat(20_000)}using IdentityServer4;\n`;
    const root = tree({ 'A/A.csproj': csproj(''), 'A/Big.cs': big });
    const { scan: s } = await scan(root);
    expect(big.length).toBeGreaterThan(512 * 1024);
    expect(s.sourceFiles).toEqual(['A/Big.cs']);
  });
});

describe('bad input (in-process)', () => {
  it('names the line of malformed XML', async () => {
    const root = tree({ 'A/A.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4" Version="4.1.2">\n  </ItemGroup>\n</Project>\n' });
    const error = (await scan(root).catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.location).toEqual({ path: 'A/A.csproj', line: 4 });
  });

  it('refuses a folder without a project', async () => {
    const root = tree({ 'README.md': '# nothing\n' });
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'Program.cs'), 'class P {}\n');
    await expect(scan(root)).rejects.toThrow(/no \.NET project here/);
  });
});
