import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePlan } from '../../../src/core/plan/plan.js';
import { DEFAULT_OPTIONS, type StepId } from '../../../src/core/types.js';
import { removeDir, runCli, snapshotTree, tempDir } from '../../helpers/cli.js';
import { csproj, writeInto, writeTree } from '../scan/tree.js';

/**
 * No half-upgrades: namespaces, database and verify need the packages step done.
 * Fixtures vary where the versions live (a parent Directory.Build.targets,
 * Directory.Packages.props two levels up, a PackageReference in a parent
 * Directory.Build.props), and how the dependency ends up not done (skipped on the
 * command line, skipped in an earlier run, left out by --only, blocked).
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
beforeAll(async () => {
  expect((await runCli(['--version'])).code).toBe(0);
});

const HOST_CS = 'using IdentityServer4.Models;\n\nnamespace Host\n{\n    public static class Config\n    {\n        public static Client[] Clients => new Client[0];\n    }\n}\n';
const ignoreState = (rel: string) => rel.includes('.duende-upgrade');

async function statuses(root: string): Promise<Record<string, string>> {
  const plan = await makePlan(root, DEFAULT_OPTIONS);
  return Object.fromEntries(plan.steps.map((s) => [s.id, s.status]));
}

interface Layout {
  name: string;
  /** Files of the outer repository. */
  files: Record<string, string>;
  /** The folder duende-upgrade is run in, relative to the outer repository. */
  root: string;
  /** The file(s) holding the versions, as the plan names them from the root. */
  named: string;
  /** Projects outside the root that the file also applies to. */
  others: string[];
  /** Where to run instead, relative to the root. */
  runIn: string;
}

const LAYOUTS: Layout[] = [
  {
    name: 'Update items in a parent Directory.Build.targets, sibling projects A, B and C',
    files: {
      'Directory.Build.targets': '<Project>\n  <ItemGroup>\n    <PackageReference Update="IdentityServer4" Version="4.1.2" />\n  </ItemGroup>\n</Project>\n',
      'Identity/Identity.csproj': csproj('    <PackageReference Include="IdentityServer4" />\n'),
      'Identity/Config.cs': HOST_CS,
      'A/A.csproj': csproj('', { sdk: 'Microsoft.NET.Sdk' }),
      'B/B.csproj': csproj('', { sdk: 'Microsoft.NET.Sdk' }),
      'C/C.csproj': csproj('', { sdk: 'Microsoft.NET.Sdk' }),
    },
    root: 'Identity',
    named: '../Directory.Build.targets',
    others: ['../A/A.csproj', '../B/B.csproj', '../C/C.csproj'],
    runIn: '..',
  },
  {
    name: 'central versions in Directory.Packages.props two levels up, the run nested in src/auth',
    files: {
      'Directory.Packages.props':
        '<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageVersion Include="IdentityServer4" Version="4.1.2" />\n    <PackageVersion Include="IdentityServer4.EntityFramework" Version="4.1.2" />\n  </ItemGroup>\n</Project>\n',
      'src/auth/Auth.Server/Auth.Server.csproj': csproj('    <PackageReference Include="IdentityServer4" />\n    <PackageReference Include="IdentityServer4.EntityFramework" />\n'),
      'src/auth/Auth.Server/Config.cs': HOST_CS.replace('namespace Host', 'namespace Auth.Server'),
      'src/api/Orders.Api/Orders.Api.csproj': csproj(''),
    },
    root: 'src/auth',
    named: '../../Directory.Packages.props',
    others: ['../api/Orders.Api/Orders.Api.csproj'],
    runIn: '../..',
  },
  {
    name: 'the PackageReference itself in a parent Directory.Build.props, no other project',
    files: {
      'Directory.Build.props': '<Project>\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n  </ItemGroup>\n</Project>\n',
      'sts/Sts.csproj': csproj(''),
      'sts/Config.cs': HOST_CS,
    },
    root: 'sts',
    named: '../Directory.Build.props',
    others: [],
    runIn: '..',
  },
];

describe('versions set above the folder being upgraded', () => {
  for (const layout of LAYOUTS) {
    it(layout.name, async () => {
      const outer = tempDir('deps-outer-');
      dirs.push(outer);
      writeInto(outer, { '.git/HEAD': 'ref: refs/heads/main\n', ...layout.files });
      const root = path.join(outer, layout.root);
      const plan = await makePlan(root, DEFAULT_OPTIONS);
      const packages = plan.steps.find((s) => s.id === 'packages')!;
      expect(packages.status).toBe('blocked');
      expect(packages.changes).toEqual([]);
      const reason = packages.blocked!.reason;
      expect(reason).toContain(`the versions are set in ${layout.named}`);
      if (layout.others.length) expect(reason).toContain(`also applies to ${layout.others.length === 1 ? layout.others[0] : `${layout.others.slice(0, -1).join(', ')} and ${layout.others.at(-1)}`}`);
      else expect(reason).not.toContain('also appl');
      expect(reason).toContain(`Run duende-upgrade in ${layout.runIn} `);
      // Every step that needs the new packages is blocked with it, naming it.
      const namespaces = plan.steps.find((s) => s.id === 'namespaces')!;
      expect(namespaces.status).toBe('blocked');
      expect(namespaces.blocked).toMatchObject({ dependency: 'packages' });
      expect(namespaces.blocked!.reason).toContain('[packages]');
      expect(namespaces.changes.length).toBeGreaterThan(0); // kept for --dry-run and an explicit "apply anyway"

      // Nothing at all: no report, no state folder.
      const before = snapshotTree(outer);
      const yes = await runCli([root, '--yes']);
      expect(yes.code).toBe(2);
      expect(yes.stderr).toContain('nothing was changed');
      expect(yes.stderr).toContain(`the versions are set in ${layout.named}`);
      expect(yes.stderr).toMatch(/Rename the namespaces.*\[namespaces\] needs .*\[packages\]/);
      expect(yes.stderr).toMatch(/\[namespaces\] needs "Swap the NuGet packages" \[packages\] done first, which is blocked \(the reason is above\)\./);
      expect(yes.stdout).not.toContain('Report:');
      expect(snapshotTree(outer)).toEqual(before);
      await runCli([root, '--plan']);
      expect(snapshotTree(outer)).toEqual(before);

      // Run where the fix says: the same tree upgrades in full.
      const there = path.resolve(root, layout.runIn);
      const full = await runCli([there, '--yes', '--skip', 'verify', '--skip', 'database']);
      expect(full.stderr).toBe('');
      expect(full.code).toBe(0);
      expect(await statuses(there)).toMatchObject({ packages: 'done', namespaces: 'done' });
      const after = snapshotTree(outer, ignoreState);
      expect(after).not.toEqual(before);
      expect((await runCli([there, '--yes', '--skip', 'verify', '--skip', 'database'])).code).toBe(0);
      await runCli([there, '--plan']);
      expect(snapshotTree(outer, ignoreState)).toEqual(after);
    }, 400_000);
  }
});

describe('step dependencies: namespaces needs packages done', () => {
  const files = {
    'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n'),
    'Host/Config.cs': HOST_CS,
  };
  const cases: { name: string; args: string[]; earlier?: string[]; dependencyState: RegExp }[] = [
    { name: '--skip packages', args: ['--skip', 'packages'], dependencyState: /not part of this run/ },
    { name: '--only namespaces', args: ['--only', 'namespaces'], dependencyState: /not part of this run/ },
    { name: 'packages skipped in an earlier run', args: [], earlier: ['--skip', 'packages', '--only', 'packages'], dependencyState: /which is skipped/ },
  ];
  for (const c of cases) {
    it(`--yes with ${c.name}: exit 2, nothing written, the dependency named`, async () => {
      const root = writeTree(files);
      dirs.push(root);
      // Skipping packages, which others depend on, is not "all handled": that run exits 1 (issue 10's verdict).
      if (c.earlier) expect((await runCli([root, '--yes', ...c.earlier])).code).toBe(1);
      const before = snapshotTree(root, () => false);
      const r = await runCli([root, '--yes', ...c.args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('nothing was changed');
      expect(r.stderr).toMatch(/\[namespaces\] needs "Swap the NuGet packages" \[packages\] done first/);
      expect(r.stderr).toMatch(c.dependencyState);
      expect(r.stderr).toContain('Applying it anyway: the build breaks');
      expect(snapshotTree(root, () => false)).toEqual(before);
    });
  }

  it('the plan shows the block; a whole run applies both in order, and again changes nothing', async () => {
    const root = writeTree(files);
    dirs.push(root);
    expect((await runCli([root, '--yes', '--only', 'packages', '--skip', 'packages'])).code).toBe(1);
    const plan = await runCli([root, '--plan']);
    expect(plan.stdout).toMatch(/⊘ 3\. Rename the namespaces \[namespaces\] — blocked\n {4}blocked: needs "Swap the NuGet packages" \[packages\] done first, which is skipped\./);
    const json = JSON.parse((await runCli([root, '--plan', '--json'])).stdout) as { steps: { id: StepId; status: string; blocked?: { dependency?: string } }[] };
    expect(json.steps.find((s) => s.id === 'namespaces')).toMatchObject({ status: 'blocked', blocked: { dependency: 'packages' } });
    // Asked for by name, packages runs first and namespaces follows.
    const r = await runCli([root, '--yes', '--only', 'packages', '--only', 'namespaces']);
    expect(r.stderr).toBe('');
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    expect(await statuses(root)).toMatchObject({ packages: 'done', namespaces: 'done' });
    const after = snapshotTree(root);
    expect((await runCli([root, '--yes', '--only', 'packages', '--only', 'namespaces'])).code).toBe(0);
    await runCli([root, '--plan']);
    expect(snapshotTree(root)).toEqual(after);
  }, 400_000);
});

describe('IdentityServer4 only through Microsoft.AspNetCore.ApiAuthorization.IdentityServer 5.0.x', () => {
  const SPA = (version: string) => csproj(`    <PackageReference Include="Microsoft.AspNetCore.ApiAuthorization.IdentityServer"${version ? ` Version="${version}"` : ''} />\n`);
  const layouts: { name: string; files: Record<string, string>; projects: string[]; direct: boolean }[] = [
    {
      name: 'one SPA-template project, nothing referencing IdentityServer4 directly',
      files: { 'ClientApp.Host/ClientApp.Host.csproj': SPA('5.0.17'), 'ClientApp.Host/Startup.cs': HOST_CS },
      projects: ['ClientApp.Host/ClientApp.Host.csproj (5.0.17)'],
      direct: false,
    },
    {
      name: 'one project references IdentityServer4 directly, another only through ApiAuthorization (central versions)',
      files: {
        'Directory.Packages.props':
          '<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageVersion Include="IdentityServer4" Version="4.1.2" />\n    <PackageVersion Include="Microsoft.AspNetCore.ApiAuthorization.IdentityServer" Version="5.0.11" />\n  </ItemGroup>\n</Project>\n',
        'src/Identity/Identity.csproj': csproj('    <PackageReference Include="IdentityServer4" />\n'),
        'src/Identity/Config.cs': HOST_CS,
        'src/web/Spa/Spa.csproj': SPA(''),
      },
      projects: ['src/web/Spa/Spa.csproj (5.0.11)'],
      direct: true,
    },
  ];
  for (const layout of layouts) {
    it(`${layout.name}: exit 2, nothing changed, the package, project and way forward named`, async () => {
      const root = writeTree(layout.files);
      dirs.push(root);
      const plan = await makePlan(root, DEFAULT_OPTIONS);
      const packages = plan.steps.find((s) => s.id === 'packages')!;
      expect(packages.status).toBe('blocked');
      expect(packages.changes).toEqual([]);
      expect(packages.blocked!.reason).toContain(`through Microsoft.AspNetCore.ApiAuthorization.IdentityServer in ${layout.projects.join(', ')}`);
      expect(packages.blocked!.reason).toContain('net6.0 and Microsoft.AspNetCore.ApiAuthorization.IdentityServer 6.0.x, which brings Duende IdentityServer');
      expect(packages.blocked!.reason.includes('CS0433')).toBe(layout.direct);
      expect(plan.steps.find((s) => s.id === 'namespaces')).toMatchObject({ status: 'blocked', blocked: { dependency: 'packages' } });
      const before = snapshotTree(root, () => false);
      const r = await runCli([root, '--yes']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('nothing was changed');
      expect(r.stderr).toContain(layout.projects[0]);
      expect(r.stderr).toContain('ApiAuthorization.IdentityServer 6.0.x');
      await runCli([root, '--plan']);
      expect(snapshotTree(root, () => false)).toEqual(before);
    }, 120_000);
  }
});

describe('a project reference to a project outside the folder that stays on IdentityServer4', () => {
  const STARTUP_DEV = 'using Microsoft.Extensions.DependencyInjection;\n\nnamespace Host\n{\n    public class Startup\n    {\n        public void ConfigureServices(IServiceCollection services)\n        {\n            services.AddIdentityServer()\n                .AddDeveloperSigningCredential();\n        }\n    }\n}\n';
  const NET31 = { tfm: '  <PropertyGroup>\n    <TargetFramework>netcoreapp3.1</TargetFramework>\n  </PropertyGroup>\n' };
  const layouts: { name: string; files: Record<string, string>; root: string; pairs: string[]; runIn: string }[] = [
    {
      name: 'a web host in src/Web referencing ../Persistence, which holds IdentityServer4.EntityFramework',
      files: {
        'src/Persistence/Persistence.csproj': csproj('    <PackageReference Include="IdentityServer4.EntityFramework" Version="4.1.2" />\n', { ...NET31, sdk: 'Microsoft.NET.Sdk' }),
        'src/Web/Web.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n    <ProjectReference Include="..\\Persistence\\Persistence.csproj" />\n', NET31),
        'src/Web/Config.cs': HOST_CS,
        'src/Web/Startup.cs': STARTUP_DEV,
      },
      root: 'src/Web',
      pairs: ['Web.csproj references ../Persistence/Persistence.csproj'],
      runIn: '..',
    },
    {
      name: 'through a chain outside: Sso/Sso.csproj → ../Shared (no IdentityServer) → ../Data (IdentityServer4)',
      files: {
        'Data/Data.csproj': csproj('    <PackageReference Include="IdentityServer4.EntityFramework.Storage" Version="4.1.2" />\n', { ...NET31, sdk: 'Microsoft.NET.Sdk' }),
        'Shared/Shared.csproj': csproj('    <ProjectReference Include="../Data/Data.csproj" />\n', { ...NET31, sdk: 'Microsoft.NET.Sdk' }),
        'Sso/Sso.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n    <ProjectReference Include="../Shared/Shared.csproj" />\n', NET31),
        'Sso/Config.cs': HOST_CS,
        'Sso/Startup.cs': STARTUP_DEV,
      },
      root: 'Sso',
      pairs: ['Sso.csproj references ../Data/Data.csproj'],
      runIn: '..',
    },
  ];
  for (const layout of layouts) {
    it(`${layout.name}: exit 2, nothing changed, the reference and where to run named; run there, it upgrades`, async () => {
      const outer = writeTree(layout.files);
      dirs.push(outer);
      const root = path.join(outer, layout.root);
      const plan = await makePlan(root, DEFAULT_OPTIONS);
      const packages = plan.steps.find((s) => s.id === 'packages')!;
      expect(packages.status).toBe('blocked');
      expect(packages.changes).toEqual([]);
      for (const p of layout.pairs) expect(packages.blocked!.reason).toContain(p);
      expect(packages.blocked!.reason).toContain(`Run duende-upgrade in ${layout.runIn} `);
      // removing the developer credential from a host that keeps IdentityServer4 would leave it with no signing key
      expect(plan.steps.find((s) => s.id === 'dev-signing-credential')).toMatchObject({ status: 'blocked', blocked: { dependency: 'packages' } });

      const before = snapshotTree(outer, () => false);
      const r = await runCli([root, '--yes']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('nothing was changed');
      expect(snapshotTree(outer, () => false)).toEqual(before);

      const there = await runCli([path.resolve(root, layout.runIn), '--yes', '--skip', 'database,verify']);
      expect(there.code, there.stderr).toBe(0);
      expect(snapshotTree(outer)).not.toEqual(before);
    }, 120_000);
  }

  it('IdentityServer4 only through a project outside (a UI host over ../../Backend/Data): blocked, naming it, never "not needed"', async () => {
    const outer = writeTree({
      'src/Backend/Data/Data.csproj': csproj('    <PackageReference Include="IdentityServer4.EntityFramework" Version="4.1.2" />\n    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n', { ...NET31, sdk: 'Microsoft.NET.Sdk' }),
      'src/Frontend/Sso/Sso.csproj': csproj('    <ProjectReference Include="..\\..\\Backend\\Data\\Data.csproj" />\n', NET31),
      'src/Frontend/Sso/Config.cs': HOST_CS,
    });
    dirs.push(outer);
    const root = path.join(outer, 'src/Frontend/Sso');
    const plan = await makePlan(root, DEFAULT_OPTIONS);
    const packages = plan.steps.find((s) => s.id === 'packages')!;
    expect(packages.status).toBe('blocked');
    expect(packages.blocked!.reason).toContain("Sso.csproj references ../../Backend/Data/Data.csproj, outside the folder being upgraded and on IdentityServer4, which this tool never writes. This folder's projects get IdentityServer4 only through it");
    expect(packages.blocked!.reason).toContain('Run duende-upgrade in ../.. ');
    const before = snapshotTree(outer, () => false);
    const r = await runCli([root, '--yes']);
    expect(r.code).toBe(2);
    expect(snapshotTree(outer, () => false)).toEqual(before);
  });

  it('a reference outside to a project with no IdentityServer package does not block', async () => {
    const outer = writeTree({
      'Common/Common.csproj': csproj('    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />\n', { sdk: 'Microsoft.NET.Sdk' }),
      'Sts/Sts.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n    <ProjectReference Include="../Common/Common.csproj" />\n'),
      'Sts/Config.cs': HOST_CS,
    });
    dirs.push(outer);
    const plan = await makePlan(path.join(outer, 'Sts'), DEFAULT_OPTIONS);
    expect(plan.steps.find((s) => s.id === 'packages')!.status).toBe('pending');
  });
});
