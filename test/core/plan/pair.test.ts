import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newState, saveState, STATE_FILE } from '../../../src/core/apply/state.js';
import { InputError } from '../../../src/core/errors.js';
import { planFromScan, resolveOptions } from '../../../src/core/plan/plan.js';
import { scan } from '../../../src/core/scan/index.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { parsePlan } from '../../helpers/fixtures.js';
import { removeDir, runCli, snapshotTree, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

/** A one-project solution referencing the given packages, written in the given forms. */
function solution(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const project = (items: string) => `<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup><TargetFramework>net6.0</TargetFramework></PropertyGroup>\n  <ItemGroup>\n${items}\n  </ItemGroup>\n</Project>\n`;

async function sourceOf(files: Record<string, string>) {
  const root = solution(files);
  const found = await scan(root);
  return planFromScan(found.scan, found.workspace, { ...DEFAULT_OPTIONS, target: '8.0.3' }).source;
}

describe('the source, from the package references in every form the scanner reads', () => {
  it.each([
    ['a Version attribute', { 'A/A.csproj': project('    <PackageReference Include="IdentityServer4" Version="4.1.2" />') }, 'IdentityServer4', '4.1.2'],
    ['IdentityServer4 4.0 in a <Version> child', { 'A/A.csproj': project('    <PackageReference Include="IdentityServer4.EntityFramework"><Version>4.0.4</Version></PackageReference>') }, 'IdentityServer4', '4.0.4'],
    [
      'Duende 6.1 in Directory.Packages.props',
      {
        'Directory.Packages.props': '<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup><ItemGroup><PackageVersion Include="Duende.IdentityServer" Version="6.1.8" /></ItemGroup></Project>\n',
        'A/A.csproj': project('    <PackageReference Include="Duende.IdentityServer" />'),
      },
      'Duende',
      '6.1.8',
    ],
    [
      'Duende 7 through a property',
      { 'A/A.csproj': project('    <PackageReference Include="Duende.IdentityServer.EntityFramework" Version="$(DuendeVersion)" />').replace('<PropertyGroup>', '<PropertyGroup><DuendeVersion>7.2.4</DuendeVersion>') },
      'Duende',
      '7.2.4',
    ],
    [
      'Duende 5 through an Update item in Directory.Build.targets',
      {
        'Directory.Build.targets': '<Project><ItemGroup><PackageReference Update="Duende.IdentityServer*" Version="5.2.4" /></ItemGroup></Project>\n',
        'A/A.csproj': project('    <PackageReference Include="Duende.IdentityServer" />'),
      },
      'Duende',
      '5.2.4',
    ],
    [
      'the lowest of two Duende versions',
      { 'A/A.csproj': project('    <PackageReference Include="Duende.IdentityServer" Version="6.3.10" />'), 'B/B.csproj': project('    <PackageReference Include="Duende.IdentityServer.Storage" Version="6.0.5" />') },
      'Duende',
      '6.0.5',
    ],
    [
      'IdentityServer4 beside Duende (half done): IdentityServer4',
      { 'A/A.csproj': project('    <PackageReference Include="Duende.IdentityServer" Version="5.2.4" />'), 'B/B.csproj': project('    <PackageReference Include="IdentityServer4.Storage" Version="4.1.2" />') },
      'IdentityServer4',
      '4.1.2',
    ],
  ])('%s', async (_name, files, product, version) => {
    expect(await sourceOf(files)).toEqual({ product, version });
  });

  it('is undefined when no IdentityServer package is referenced', async () => {
    expect(await sourceOf({ 'A/A.csproj': project('    <PackageReference Include="Serilog" Version="3.0.0" />') })).toBeUndefined();
  });
});

describe('the target a run goes to', () => {
  const started = () => {
    const s = newState('7.4.8', undefined, { product: 'Duende', version: '6.1.8' }, 'net10.0');
    s.steps.packages = { status: 'done', at: 'x', files: [], commandsDone: [] };
    return s;
  };

  it('is the default on a fresh start, the recorded one on a resume', () => {
    const { target: _, ...rest } = DEFAULT_OPTIONS;
    expect(resolveOptions(rest).target).toBe('5.2.4');
    expect(resolveOptions(rest, started())).toMatchObject({ target: '7.4.8', targetFramework: 'net10.0' });
    // A state with nothing done yet binds nothing.
    expect(resolveOptions({ ...rest, target: '8.0.3' }, newState('7.4.8')).target).toBe('8.0.3');
  });

  it('refuses another target than the one an upgrade in progress goes to, with the fix', () => {
    expect(() => resolveOptions({ ...DEFAULT_OPTIONS, target: '8.0.3' }, started())).toThrow(InputError);
    expect(() => resolveOptions({ ...DEFAULT_OPTIONS, target: '8.0.3' }, started())).toThrow(/the saved progress is an upgrade to Duende IdentityServer 7\.4\.8 on net10\.0, not 8\.0\.3/);
    expect(resolveOptions({ ...DEFAULT_OPTIONS, target: '7.4.8' }, started()).targetFramework).toBe('net10.0');
  });

  it('through the CLI: --plan --json shows source and target; another target than the saved one exits 2 and changes nothing', async () => {
    const root = solution({ 'A/A.csproj': project('    <PackageReference Include="Duende.IdentityServer" Version="6.1.8" />') });
    const r = await runCli([root, '--plan', '--json', '--target-version', '7.4.8', '--target-framework', 'net10.0']);
    expect(r.code, r.stderr).toBe(0);
    const plan = parsePlan(r.stdout) as unknown as Record<string, unknown>;
    expect({ source: plan.source, target: plan.target, targetFramework: plan.targetFramework, targetSupportEnds: plan.targetSupportEnds }).toEqual({
      source: { product: 'Duende', version: '6.1.8' },
      target: '7.4.8',
      targetFramework: 'net10.0',
      targetSupportEnds: '2028-11-14',
    });
    const state = started();
    await saveState(root, state);
    const before = snapshotTree(root, () => false);
    const refused = await runCli([root, '--plan', '--target-version', '8.0.3']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${STATE_FILE}: the saved progress is an upgrade to Duende IdentityServer 7.4.8 on net10.0, not 8.0.3`);
    expect(snapshotTree(root, () => false)).toEqual(before);
  });

  it('a source past the target is nothing to do, exit 0, every step not-applicable', async () => {
    const root = solution({ 'A/A.csproj': project('    <PackageReference Include="Duende.IdentityServer" Version="7.4.8" />') });
    const r = await runCli([root, '--plan', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const plan = parsePlan(r.stdout);
    expect(new Set(plan.steps.map((s) => s.status))).toEqual(new Set(['not-applicable']));
    expect(plan.warnings[0]).toBe('Duende IdentityServer 7.4.8 is already past the target 5.2.4: nothing to do. To go further, choose a later target: --target-version 8.0.3.');
    const before = snapshotTree(root);
    const y = await runCli([root, '--yes']);
    expect(y.code, y.stderr).toBe(0);
    expect(snapshotTree(root)).toEqual(before);
  });
});
