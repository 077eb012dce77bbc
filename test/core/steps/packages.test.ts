import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePlan } from '../../../src/core/plan/plan.js';
import { applySplices } from '../../../src/core/text/edit.js';
import { DEFAULT_OPTIONS, type StepPlan } from '../../../src/core/types.js';
import { copyFixture, removeDir, runCli, snapshotTree, tempDir } from '../../helpers/cli.js';
import { csproj, writeInto, writeTree } from '../scan/tree.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
function tree(files: Record<string, string | Buffer>): string {
  const d = writeTree(files);
  dirs.push(d);
  return d;
}

async function packagesPlan(root: string, target = DEFAULT_OPTIONS.target): Promise<StepPlan> {
  const plan = await makePlan(root, { ...DEFAULT_OPTIONS, target });
  return plan.steps.find((s) => s.id === 'packages')!;
}

/** Apply the packages step through the real CLI; returns the tree afterwards. */
async function applyPackages(root: string, extra: string[] = []) {
  const r = await runCli([root, '--yes', '--only', 'packages', ...extra]);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
  return snapshotTree(root);
}

const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');

/** After apply: a new plan finds the step done, and running again writes nothing. */
async function expectIdempotent(root: string, target = DEFAULT_OPTIONS.target) {
  expect((await packagesPlan(root, target)).status).toBe('done');
  const before = snapshotTree(root);
  const r = await runCli([root, '--yes', '--only', 'packages', '--target-version', target]);
  expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
  expect(snapshotTree(root)).toEqual(before);
}

beforeAll(async () => {
  expect((await runCli(['--version'])).code).toBe(0);
});

describe('packages: each reference form, byte for byte', () => {
  it('attribute and child-element versions in a CRLF csproj with a BOM, odd spacing, comments and attribute order', async () => {
    const original =
      '\uFEFF<Project Sdk="Microsoft.NET.Sdk.Web">\r\n' +
      '\t<PropertyGroup>\r\n\t\t<TargetFramework>net5.0</TargetFramework>\r\n\t</PropertyGroup>\r\n' +
      '\t<!-- IdentityServer4 4.1.2 is the last release; <PackageReference Include="IdentityServer4" Version="4.1.2" /> -->\r\n' +
      '\t<ItemGroup>\r\n' +
      '\t\t<PackageReference   Include = "IdentityServer4"  Version= \'4.1.2\' />\r\n' +
      '\t\t<PackageReference Version="4.1.2" Include="IdentityServer4.AspNetIdentity" PrivateAssets="none"/>\r\n' +
      '\t\t<PackageReference Include="IdentityServer4.EntityFramework">\r\n\t\t\t<Version>\r\n\t\t\t\t4.1.2\r\n\t\t\t</Version>\r\n\t\t</PackageReference>\r\n' +
      '\t\t<PackageReference Include="Skoruba.IdentityServer4.Admin.EntityFramework" Version="2.0.1" />\r\n' +
      '\t</ItemGroup>\r\n</Project>';
    const root = tree({ 'Host/Host.csproj': original });
    const plan = await packagesPlan(root);
    expect(plan.status).toBe('pending');
    expect(plan.evidence.map((e) => `${e.path}:${e.line}: ${e.text}`)).toEqual([
      `Host/Host.csproj:7: <PackageReference   Include = "IdentityServer4"  Version= '4.1.2' />`,
      'Host/Host.csproj:8: <PackageReference Version="4.1.2" Include="IdentityServer4.AspNetIdentity" PrivateAssets="none"/>',
      'Host/Host.csproj:9: <PackageReference Include="IdentityServer4.EntityFramework">',
      // built against IdentityServer4 by someone else: named, never renamed
      'Host/Host.csproj:14: <PackageReference Include="Skoruba.IdentityServer4.Admin.EntityFramework" Version="2.0.1" />',
    ]);
    await applyPackages(root);
    const bytes = readFileSync(path.join(root, 'Host/Host.csproj'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toBe(
      original
        .replace('Include = "IdentityServer4"  Version= \'4.1.2\'', 'Include = "Duende.IdentityServer"  Version= \'5.2.4\'')
        .replace('Version="4.1.2" Include="IdentityServer4.AspNetIdentity"', 'Version="5.2.4" Include="Duende.IdentityServer.AspNetIdentity"')
        .replace('Include="IdentityServer4.EntityFramework">\r\n\t\t\t<Version>\r\n\t\t\t\t4.1.2', 'Include="Duende.IdentityServer.EntityFramework">\r\n\t\t\t<Version>\r\n\t\t\t\t5.2.4'),
    );
    // The comment and the lookalike Skoruba package are untouched.
    expect(bytes.toString('utf8')).toContain('<PackageReference Include="IdentityServer4" Version="4.1.2" /> -->');
    expect(bytes.toString('utf8')).toContain('Skoruba.IdentityServer4.Admin.EntityFramework" Version="2.0.1"');
    await expectIdempotent(root);
  });

  it('csproj files in UTF-16 and in a declared legacy encoding keep their encoding byte for byte', async () => {
    const wide = (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]);
    const utf16 = '<?xml version="1.0" encoding="utf-16"?>\r\n' + csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n');
    const latin = (t: string) => Buffer.from(t, 'latin1');
    const legacy = '<?xml version="1.0" encoding="windows-1252"?>\n<!-- Gr\u00fc\u00dfe aus K\u00f6ln -->\n' + csproj('    <PackageReference Include="IdentityServer4.AspNetIdentity" Version="4.1.2" />\n');
    const root = tree({ 'Wide/Wide.csproj': wide(utf16), 'Old/Old.csproj': latin(legacy) });
    await applyPackages(root);
    expect(readFileSync(path.join(root, 'Wide/Wide.csproj'))).toEqual(wide(utf16.replace('"IdentityServer4" Version="4.1.2"', '"Duende.IdentityServer" Version="5.2.4"')));
    expect(readFileSync(path.join(root, 'Old/Old.csproj'))).toEqual(latin(legacy.replace('"IdentityServer4.AspNetIdentity" Version="4.1.2"', '"Duende.IdentityServer.AspNetIdentity" Version="5.2.4"')));
    await expectIdempotent(root);
  });

  it('a wildcard Update in Directory.Build.targets, keeping AccessTokenValidation and a third-party package on their versions', async () => {
    const targets =
      '<Project>\n  <ItemGroup>\n    <!-- one version for the whole family -->\n    <PackageReference Update="IdentityServer4*" Version="4.1.2" />\n  </ItemGroup>\n</Project>\n';
    const root = tree({
      'Directory.Build.targets': targets,
      'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" />\n    <PackageReference Include="IdentityServer4.Contrib.RedisStore" />\n'),
      'Api/Api.csproj': csproj('    <PackageReference Include="IdentityServer4.AccessTokenValidation" />\n'),
    });
    const plan = await packagesPlan(root);
    expect(plan.warnings.join('\n')).toMatch(/Api\/Api\.csproj:6: IdentityServer4\.AccessTokenValidation has no Duende counterpart, so it is not renamed[\s\S]*\[access-token-validation\]/);
    expect(plan.warnings.join('\n')).toMatch(/Host\/Host\.csproj:7: IdentityServer4\.Contrib\.RedisStore is built against IdentityServer4[\s\S]*CS0433/);
    const apiBefore = read(root, 'Api/Api.csproj');
    await applyPackages(root);
    expect(read(root, 'Directory.Build.targets')).toBe(
      '<Project>\n  <ItemGroup>\n    <!-- one version for the whole family -->\n' +
        '    <PackageReference Update="IdentityServer4.AccessTokenValidation" Version="4.1.2" />\n' +
        '    <PackageReference Update="IdentityServer4.Contrib.RedisStore" Version="4.1.2" />\n' +
        '    <PackageReference Update="Duende.IdentityServer*" Version="5.2.4" />\n  </ItemGroup>\n</Project>\n',
    );
    expect(read(root, 'Host/Host.csproj')).toBe(csproj('    <PackageReference Include="Duende.IdentityServer" />\n    <PackageReference Include="IdentityServer4.Contrib.RedisStore" />\n'));
    expect(read(root, 'Api/Api.csproj')).toBe(apiBefore);
    // The rescan sees AccessTokenValidation still versioned, by the new item.
    const after = await makePlan(root, DEFAULT_OPTIONS);
    const api = after.scan.projects.find((p) => p.path === 'Api/Api.csproj')!;
    expect(api.packages[0]).toMatchObject({ id: 'IdentityServer4.AccessTokenValidation', version: '4.1.2', versionFrom: 'Directory.Build.targets' });
    await expectIdempotent(root);
  });

  it('a Remove item is renamed with the package it removes', async () => {
    const targets = '<Project>\n  <ItemGroup Condition="\'$(MSBuildProjectName)\' == \'Tests\'">\n    <PackageReference Remove="IdentityServer4.AspNetIdentity" />\n  </ItemGroup>\n</Project>\n';
    const root = tree({ 'Directory.Build.targets': targets, 'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4.AspNetIdentity" Version="4.1.2" />\n') });
    const plan = await packagesPlan(root);
    expect(plan.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(['Directory.Build.targets:3', 'Host/Host.csproj:6']);
    await applyPackages(root);
    expect(read(root, 'Directory.Build.targets')).toBe(targets.replace('Remove="IdentityServer4.AspNetIdentity"', 'Remove="Duende.IdentityServer.AspNetIdentity"'));
    await expectIdempotent(root);
  });

  it('central package management, with a version property used only by ours', async () => {
    const props =
      '<Project>\r\n  <PropertyGroup>\r\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\r\n    <IdentityServerVersion>4.1.2</IdentityServerVersion>\r\n  </PropertyGroup>\r\n  <ItemGroup>\r\n' +
      '    <PackageVersion Include="IdentityServer4" Version="$(IdentityServerVersion)" />\r\n' +
      '    <PackageVersion Include="IdentityServer4.EntityFramework" Version="$(IdentityServerVersion)" />\r\n' +
      '    <PackageVersion Include="IdentityModel" Version="4.4.0" />\r\n' +
      '  </ItemGroup>\r\n</Project>\r\n';
    const root = tree({
      'Directory.Packages.props': props,
      'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" />\n    <PackageReference Include="IdentityServer4.EntityFramework" />\n    <PackageReference Include="IdentityModel" />\n'),
    });
    await applyPackages(root);
    expect(read(root, 'Directory.Packages.props')).toBe(
      props
        .replace('<IdentityServerVersion>4.1.2<', '<IdentityServerVersion>5.2.4<')
        .replace('Include="IdentityServer4" Version', 'Include="Duende.IdentityServer" Version')
        .replace('Include="IdentityServer4.EntityFramework"', 'Include="Duende.IdentityServer.EntityFramework"')
        .replace('Include="IdentityModel" Version="4.4.0"', 'Include="IdentityModel" Version="5.1.0"'),
    );
    expect(read(root, 'Host/Host.csproj')).toBe(
      csproj('    <PackageReference Include="Duende.IdentityServer" />\n    <PackageReference Include="Duende.IdentityServer.EntityFramework" />\n    <PackageReference Include="IdentityModel" />\n'),
    );
    await expectIdempotent(root);
  });

  it('a version property shared with a package we do not rename is left alone; ours get the version written out', async () => {
    const props =
      '<Project>\n  <PropertyGroup>\n    <Is4Version>4.1.2</Is4Version>\n  </PropertyGroup>\n  <ItemGroup>\n' +
      '    <PackageVersion Include="IdentityServer4" Version="$(Is4Version)" />\n' +
      '    <PackageVersion Include="My.Company.IdentityServer4Extensions" Version="$(Is4Version)" />\n' +
      '  </ItemGroup>\n</Project>\n';
    const root = tree({
      'Directory.Packages.props': props,
      'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" />\n    <PackageReference Include="My.Company.IdentityServer4Extensions" />\n'),
    });
    const plan = await packagesPlan(root);
    expect(plan.warnings.join('\n')).toMatch(/\$\(Is4Version\) \(Directory\.Packages\.props:3\) is also used by something this step does not change/);
    await applyPackages(root);
    expect(read(root, 'Directory.Packages.props')).toBe(props.replace('Include="IdentityServer4" Version="$(Is4Version)"', 'Include="Duende.IdentityServer" Version="5.2.4"'));
    await expectIdempotent(root);
  });

  it('several ids in one Update item sharing one version property', async () => {
    const targets =
      '<Project>\n  <PropertyGroup>\n    <IdsVersion>4.1.2</IdsVersion>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Update="IdentityServer4; IdentityServer4.Storage" Version="$(IdsVersion)" />\n  </ItemGroup>\n</Project>\n';
    const root = tree({ 'Directory.Build.targets': targets, 'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" />\n    <PackageReference Include="IdentityServer4.Storage" />\n') });
    const plan = await packagesPlan(root);
    expect(plan.warnings).toEqual([]);
    await applyPackages(root);
    expect(read(root, 'Directory.Build.targets')).toBe(
      targets.replace('<IdsVersion>4.1.2<', '<IdsVersion>5.2.4<').replace('Update="IdentityServer4; IdentityServer4.Storage"', 'Update="Duende.IdentityServer; Duende.IdentityServer.Storage"'),
    );
    await expectIdempotent(root);
  });

  const legacyProject = (hint: string) =>
    '\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n<Project ToolsVersion="15.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\r\n  <PropertyGroup>\r\n    <TargetFrameworkVersion>v4.7.2</TargetFrameworkVersion>\r\n  </PropertyGroup>\r\n  <ItemGroup>\r\n' +
    '    <Reference Include="IdentityServer4.Storage, Version=4.1.2.0, Culture=neutral, processorArchitecture=MSIL">\r\n' +
    `      <HintPath>${hint}</HintPath>\r\n    </Reference>\r\n    <Reference Include="System" />\r\n  </ItemGroup>\r\n  <Import Project="$(MSBuildToolsPath)\\Microsoft.CSharp.targets" />\r\n</Project>\r\n`;
  const legacyConfig = '\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n<packages>\r\n  <package id="IdentityServer4.Storage" version="4.1.2" targetFramework="net472" />\r\n  <package id="Newtonsoft.Json" version="12.0.3" targetFramework="net472" />\r\n</packages>\r\n';

  it('packages.config: id and version, with the project\'s <Reference> and <HintPath> changed together', async () => {
    const root = tree({ 'Legacy/Legacy.csproj': legacyProject('..\\packages\\IdentityServer4.Storage.4.1.2\\lib\\netstandard2.0\\IdentityServer4.Storage.dll'), 'Legacy/packages.config': legacyConfig });
    const plan = await packagesPlan(root);
    expect(plan.followUps.join('\n')).toMatch(/Restore the packages\.config project in Legacy/);
    await applyPackages(root);
    expect(read(root, 'Legacy/packages.config')).toBe(legacyConfig.replace('id="IdentityServer4.Storage" version="4.1.2"', 'id="Duende.IdentityServer.Storage" version="5.2.4"'));
    expect(read(root, 'Legacy/Legacy.csproj')).toBe(
      legacyProject('..\\packages\\Duende.IdentityServer.Storage.5.2.4\\lib\\netstandard2.0\\Duende.IdentityServer.Storage.dll').replace(
        'Include="IdentityServer4.Storage, Version=4.1.2.0',
        'Include="Duende.IdentityServer.Storage, Version=4.1.2.0',
      ),
    );
    await expectIdempotent(root);
  });

  it('packages.config with a HintPath of an unknown shape: left on IdentityServer4, with a warning, not half-changed', async () => {
    // A second IdentityServer4 package in the same packages.config stays too: the project changes whole or not at all.
    const config = legacyConfig.replace('<package id="Newtonsoft.Json"', '<package id="IdentityServer4.EntityFramework.Storage" version="4.1.2" targetFramework="net472" />\r\n  <package id="Newtonsoft.Json"');
    const root = tree({ 'Legacy/Legacy.csproj': legacyProject('C:\\libs\\is4\\IdentityServer4.Storage.dll'), 'Legacy/packages.config': config });
    const plan = await packagesPlan(root);
    expect(plan.changes).toEqual([]);
    expect(plan.warnings.join('\n')).toMatch(/Legacy\/packages\.config:3: IdentityServer4\.Storage is loaded through a <Reference> whose HintPath does not have the usual/);
  });

  it('IdentityModel 4.x is raised in projects that get Duende (directly or through a project reference), not elsewhere', async () => {
    const root = tree({
      'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.0" />\n    <PackageReference Include="IdentityModel" Version="4.4.0" />\n'),
      'Tests/Tests.csproj': csproj('    <PackageReference Include="IdentityModel" Version="[4.4.0]" />\n    <ProjectReference Include="../Host/Host.csproj" />\n'),
      'Client/Client.csproj': csproj('    <PackageReference Include="IdentityModel" Version="4.4.0" />\n'),
    });
    await applyPackages(root, ['--target-version', '5.0.5']);
    expect(read(root, 'Host/Host.csproj')).toBe(csproj('    <PackageReference Include="Duende.IdentityServer" Version="5.0.5" />\n    <PackageReference Include="IdentityModel" Version="5.1.0" />\n'));
    expect(read(root, 'Tests/Tests.csproj')).toBe(csproj('    <PackageReference Include="IdentityModel" Version="5.1.0" />\n    <ProjectReference Include="../Host/Host.csproj" />\n'));
    expect(read(root, 'Client/Client.csproj')).toBe(csproj('    <PackageReference Include="IdentityModel" Version="4.4.0" />\n'));
    await expectIdempotent(root, '5.0.5');
  });
});

describe('packages: status', () => {
  it('done when someone already renamed them by hand; not-applicable without IdentityServer', async () => {
    const done = tree({ 'Host/Host.csproj': csproj('    <PackageReference Include="Duende.IdentityServer" Version="5.2.4" />\n') });
    const p = await packagesPlan(done);
    expect(p.status).toBe('done');
    expect(p.evidence).toEqual([{ path: 'Host/Host.csproj', line: 6, text: '<PackageReference Include="Duende.IdentityServer" Version="5.2.4" />', note: 'already Duende' }]);
    const none = tree({ 'Web/Web.csproj': csproj('    <PackageReference Include="Serilog" Version="2.10.0" />\n') });
    expect((await packagesPlan(none)).status).toBe('not-applicable');
  });

  it('--plan --json carries the evidence, the diff and the advice', async () => {
    const root = tree({ 'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n'), 'Api/Api.csproj': csproj('    <PackageReference Include="IdentityServer4.AccessTokenValidation" Version="3.0.1" />\n') });
    const r = await runCli([root, '--plan', '--json']);
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    const step = (JSON.parse(r.stdout) as { steps: { id: string; status: string; evidence: unknown[]; changes: { path: string; diff: string }[]; warnings: string[] }[] }).steps.find((s) => s.id === 'packages')!;
    expect(step.status).toBe('pending');
    expect(step.evidence).toEqual([
      { path: 'Host/Host.csproj', line: 6, text: '<PackageReference Include="IdentityServer4" Version="4.1.2" />', note: 'IdentityServer4 → Duende.IdentityServer' },
      { path: 'Api/Api.csproj', line: 6, text: '<PackageReference Include="IdentityServer4.AccessTokenValidation" Version="3.0.1" />', note: 'not renamed: no Duende counterpart' },
    ]);
    expect(step.changes.map((c) => c.path)).toEqual(['Host/Host.csproj']);
    expect(step.changes[0]!.diff).toContain('+    <PackageReference Include="Duende.IdentityServer" Version="5.2.4" />');
    expect(step.warnings.some((w) => w.includes('[access-token-validation]'))).toBe(true);
  });

  it('leaves IdentityServer4.AccessTokenValidation to the access-token-validation step, and says so instead of its own advice', async () => {
    const dir = copyFixture('access-token-validation');
    dirs.push(dir);
    type Step = { id: string; title: string; status: string; warnings: string[]; followUps: string[] };
    const planOf = async () => {
      const r = await runCli([dir, '--plan', '--json']);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { steps: Step[] }).steps;
    };
    const steps = await planOf();
    const packages = steps.find((s) => s.id === 'packages')!;
    const atv = steps.find((s) => s.id === 'access-token-validation')!;
    expect(atv.status).toBe('pending');
    const apis = ['Api.Jwt', 'Api.Method', 'Api.Reference'];
    const pointers = (s: Step) => s.warnings.filter((w) => w.includes('IdentityServer4.AccessTokenValidation'));
    // one line per API project, naming the step by its title and id, and how --yes runs it
    expect(pointers(packages)).toEqual(
      apis.map(
        (api) =>
          `src/${api}/${api}.csproj:8: IdentityServer4.AccessTokenValidation has no Duende counterpart, so it is not renamed; it keeps working against a Duende server. ` +
          `The step "${atv.title}" [access-token-validation] moves this API to AddJwtBearer (under --yes, name it in --only access-token-validation).`,
      ),
    );
    // the JwtBearer how-to (ValidTypes, introspection) is the access-token-validation step's to give, not repeated here
    expect([...packages.warnings, ...packages.followUps].join('\n')).not.toMatch(/ValidTypes|at\+jwt|OAuth2Introspection|introspection/i);

    // once that step has moved the JWT APIs, only the reference-token API (left as it is) is still pointed at it
    const r = await runCli([dir, '--yes', '--only', 'access-token-validation']);
    expect(r.code, r.stderr).toBe(0);
    const after = await planOf();
    expect(pointers(after.find((s) => s.id === 'packages')!).map((w) => w.split(':')[0])).toEqual(['src/Api.Reference/Api.Reference.csproj']);
    expect(after.find((s) => s.id === 'access-token-validation')!.warnings.join(' ')).toMatch(/Api\.Reference.*reference tokens.*AddOAuth2Introspection/);
  });

  it('says what restore needs: a lock file to re-evaluate, a package source mapping without Duende', async () => {
    const nugetConfig = (patterns: string) =>
      `<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />\n  </packageSources>\n  <packageSourceMapping>\n    <packageSource key="nuget.org">\n${patterns}    </packageSource>\n  </packageSourceMapping>\n</configuration>\n`;
    const files = {
      'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n'),
      'Host/packages.lock.json': '{ "version": 1, "dependencies": { "net5.0": { "IdentityServer4": { "type": "Direct", "requested": "[4.1.2, )", "resolved": "4.1.2" } } } }\n',
      'NuGet.Config': nugetConfig('      <package pattern="IdentityServer4*" />\n      <package pattern="Microsoft.*" />\n'),
    };
    const plan = await packagesPlan(tree(files));
    expect(plan.followUps.join('\n')).toMatch(/Regenerate the lock file that pins IdentityServer4 \(Host\/packages\.lock\.json\), from the root folder: `dotnet restore Host\/Host\.csproj --force-evaluate`/);
    expect(plan.warnings).toContain(
      'NuGet.Config:6: package source mapping has no pattern for the Duende.IdentityServer packages, so restore will refuse them (NU1100). Add <package pattern="Duende.IdentityServer*" /> under the source that serves them (nuget.org).',
    );
    const mapped = await packagesPlan(tree({ ...files, 'NuGet.Config': nugetConfig('      <package pattern="IdentityServer4*" />\n      <package pattern="Duende.*" />\n') }));
    expect(mapped.warnings.filter((w) => w.includes('source mapping'))).toEqual([]);
  });

  it('a version set above the root: blocked, naming the folder to run in, nothing written by --yes', async () => {
    const outer = tempDir('packages-outer-');
    dirs.push(outer);
    writeInto(outer, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'Directory.Build.targets': '<Project>\n  <ItemGroup>\n    <PackageReference Update="IdentityServer4" Version="4.1.2" />\n  </ItemGroup>\n</Project>\n',
      'src/Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" />\n'),
    });
    const root = path.join(outer, 'src');
    const plan = await packagesPlan(root);
    expect(plan.status).toBe('blocked');
    expect(plan.changes).toEqual([]);
    expect(plan.blocked!.reason).toMatch(/set in \.\.\/Directory\.Build\.targets, outside the folder being upgraded[\s\S]*Run duende-upgrade in \.\. /);
    const before = snapshotTree(outer, (rel) => rel.includes('.duende-upgrade'));
    await runCli([root, '--yes', '--only', 'packages']);
    expect(snapshotTree(outer, (rel) => rel.includes('.duende-upgrade'))).toEqual(before);
  });
});

describe('packages: AutoMapper, which the storage packages bring up to 6.3 and not from 7.0', () => {
  const host = (items = '') => csproj(`    <PackageReference Include="IdentityServer4.EntityFramework" Version="4.1.2" />\n${items}`);
  const profile = 'using AutoMapper;\n\nnamespace Sts\n{\n    public class ClientProfile : Profile { }\n}\n';
  const csprojAfter = async (root: string, target: string, rel = 'Sts/Sts.csproj') => {
    const step = await packagesPlan(root, target);
    const change = step.changes.find((c) => c.path === rel);
    return { step, text: change?.kind === 'edit' ? applySplices(read(root, rel), change.splices) : read(root, rel) };
  };

  it('code that uses it gets its own reference, after the last PackageReference, at the version the IdentityServer packages brought, with the security and licence note', async () => {
    const root = tree({ 'Sts/Sts.csproj': host(), 'Sts/Mapping/ClientProfile.cs': profile });
    const { step, text } = await csprojAfter(root, '8.0.3');
    expect(text).toBe(host().replace('Version="4.1.2" />\n', 'Version="4.1.2" />\n    <PackageReference Include="AutoMapper" Version="10.0.0" />\n').replace('IdentityServer4.EntityFramework" Version="4.1.2"', 'Duende.IdentityServer.EntityFramework" Version="8.0.3"'));
    expect(step.evidence).toContainEqual(expect.objectContaining({ path: 'Sts/Mapping/ClientProfile.cs', line: 1, text: 'using AutoMapper;' }));
    expect(step.warnings.join('\n')).toMatch(/Sts\/Sts\.csproj: AutoMapper 10\.0\.0 \(the version the IdentityServer packages brought, so the code builds as it did\) is added, since Sts\/Mapping\/ClientProfile\.cs:1 uses AutoMapper[\s\S]*15\.1\.4/);
    // 7.4 no longer brings it either; 6.3 and 5.2 still do
    expect((await csprojAfter(root, '7.4.8')).text).toContain('<PackageReference Include="AutoMapper" Version="10.0.0" />');
    for (const target of ['6.3.10', '5.2.4']) expect((await csprojAfter(root, target)).text).not.toContain('AutoMapper');
  });

  it('takes the version the solution already references, so that a host referencing the library sees one AutoMapper (no NU1605 downgrade)', async () => {
    // the shape of a real admin solution: the host references AutoMapper 10.1.1 and the library that used it through IdentityServer4
    const root = tree({
      'Lib/Lib.csproj': host(),
      'Lib/Mapping/ClientProfile.cs': profile,
      'Admin/Admin.csproj': csproj('    <PackageReference Include="AutoMapper" Version="10.1.1" />\n  </ItemGroup>\n  <ItemGroup>\n    <ProjectReference Include="../Lib/Lib.csproj" />\n'),
    });
    const { step, text } = await csprojAfter(root, '8.0.3', 'Lib/Lib.csproj');
    expect(text).toContain('<PackageReference Include="AutoMapper" Version="10.1.1" />');
    expect(step.warnings.join('\n')).toContain('Lib/Lib.csproj: AutoMapper 10.1.1 (the version the solution already references) is added');
    expect(step.changes.map((c) => c.path)).not.toContain('Admin/Admin.csproj');
  });

  it.each([
    ['a comment and a string', { 'Sts/Notes.cs': '// using AutoMapper;\nclass Notes { string s = "AutoMapper.Mapper"; }\n' }],
    ['a namespace of its own that ends in AutoMapper', { 'Sts/Map.cs': 'namespace Acme.AutoMapper;\nclass AutoMapperSetup { }\n' }],
    ['its own AutoMapper reference', { 'Sts/Sts.csproj': host('    <PackageReference Include="AutoMapper" Version="10.1.1" />\n'), 'Sts/Mapping/ClientProfile.cs': profile }],
    ['AutoMapper through a referenced project', {
      'Sts/Sts.csproj': host('  </ItemGroup>\n  <ItemGroup>\n    <ProjectReference Include="../Lib/Lib.csproj" />\n'),
      'Sts/Mapping/ClientProfile.cs': profile,
      'Lib/Lib.csproj': csproj('    <PackageReference Include="AutoMapper.Extensions.Microsoft.DependencyInjection" Version="8.1.1" />\n', { sdk: 'Microsoft.NET.Sdk' }),
    }],
  ] as [string, Record<string, string>][])('no reference is added for %s', async (_name, files) => {
    const root = tree({ 'Sts/Sts.csproj': host(), ...files });
    const { step, text } = await csprojAfter(root, '8.0.3');
    expect(text).not.toMatch(/<PackageReference Include="AutoMapper" Version="10\.0\.0"/);
    expect(step.warnings.join('\n')).not.toMatch(/AutoMapper [\d.]+ \(.*\) is added/);
  });

  it('with central package management it is a follow-up naming both files, not an edit', async () => {
    const root = tree({
      'Directory.Packages.props': '<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageVersion Include="IdentityServer4.EntityFramework" Version="4.1.2" />\n  </ItemGroup>\n</Project>\n',
      'Sts/Sts.csproj': csproj('    <PackageReference Include="IdentityServer4.EntityFramework" />\n'),
      'Sts/Mapping/ClientProfile.cs': profile,
    });
    const { step, text } = await csprojAfter(root, '8.0.3');
    expect(text).toBe(csproj('    <PackageReference Include="Duende.IdentityServer.EntityFramework" />\n'));
    expect(step.followUps.join('\n')).toMatch(/Sts\/Sts\.csproj: add a reference to AutoMapper 10\.0\.0 \(a PackageVersion in Directory\.Packages\.props, a PackageReference in the project\)/);
  });
});
