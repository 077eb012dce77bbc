import { afterAll, describe, expect, it } from 'vitest';
import { makePlan } from '../../../src/core/plan/plan.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { removeDir } from '../../helpers/cli.js';
import { csproj, writeTree } from '../scan/tree.js';

/** RestorePackagesWithLockFile: every lock file that pins IdentityServer4, in one follow-up with one command. */

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const lock = (pkgs: Record<string, 'Direct' | 'Transitive'>) =>
  `{\n  "version": 1,\n  "dependencies": {\n    "net5.0": {\n${Object.entries(pkgs)
    .map(([id, type]) => `      "${id}": {\n        "type": "${type}",\n        "resolved": "4.1.2"\n      }`)
    .join(',\n')}\n    }\n  }\n}\n`;
const LOCKED = '  <PropertyGroup>\n    <TargetFramework>net5.0</TargetFramework>\n    <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>\n  </PropertyGroup>\n';

function files(withSolution: boolean): Record<string, string> {
  return {
    ...(withSolution ? { 'Shop.sln': 'Microsoft Visual Studio Solution File, Format Version 12.00\n' } : {}),
    'src/Identity/Identity.csproj': csproj('    <PackageReference Include="IdentityServer4.EntityFramework" Version="4.1.2" />\n', { tfm: LOCKED, sdk: 'Microsoft.NET.Sdk' }),
    'src/Identity/packages.lock.json': lock({ 'IdentityServer4.EntityFramework': 'Direct', IdentityServer4: 'Transitive' }),
    'src/Web/Web.csproj': csproj('    <ProjectReference Include="../Identity/Identity.csproj" />\n', { tfm: LOCKED }),
    'src/Web/packages.lock.json': lock({ IdentityServer4: 'Transitive', 'IdentityServer4.Storage': 'Transitive' }),
    'tools/Seeder/Seeder.csproj': csproj('', { tfm: LOCKED, sdk: 'Microsoft.NET.Sdk' }),
    'tools/Seeder/packages.lock.json': lock({ 'Serilog': 'Direct' }),
  };
}

describe('packages.lock.json follow-up', () => {
  it.each([
    ['one solution: one restore of it', true, '`dotnet restore Shop.sln --force-evaluate`'],
    ['no solution: each locked project, in one command line', false, '`dotnet restore src/Identity/Identity.csproj --force-evaluate && dotnet restore src/Web/Web.csproj --force-evaluate`'],
  ])('%s', async (_name, withSolution, command) => {
    const root = writeTree(files(withSolution));
    dirs.push(root);
    const plan = await makePlan(root, DEFAULT_OPTIONS);
    const step = plan.steps.find((s) => s.id === 'packages')!;
    const locks = step.followUps.filter((f) => f.includes('lock file'));
    expect(locks).toEqual([
      `Regenerate the lock files that pin IdentityServer4 (src/Identity/packages.lock.json, src/Web/packages.lock.json), from the root folder: ${command}. A locked-mode restore fails (NU1004) until then.`,
    ]);
    expect(locks[0]).not.toContain('Seeder');
  });
});
