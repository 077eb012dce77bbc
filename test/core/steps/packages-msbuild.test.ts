import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../../../src/core/scan/index.js';
import { removeDir, runCli } from '../../helpers/cli.js';
import { csproj, writeTree } from '../scan/tree.js';

/**
 * MSBuild itself is the judge: `dotnet msbuild -getItem` evaluates each project
 * (no restore, no network) and must agree with the scanner's effective versions
 * before the upgrade, and show Duende at the target version, with every other
 * package on its old version, after it.
 */

const hasDotnet = (() => {
  try {
    execFileSync('dotnet', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

interface Item {
  Identity: string;
  Version?: string;
  VersionOverride?: string;
}

/** id (lower case) → version, as MSBuild evaluates the project (central versions included). */
async function msbuildVersions(project: string): Promise<Map<string, string | undefined>> {
  const r = await execa('dotnet', ['msbuild', project, '-getItem:PackageReference', '-getItem:PackageVersion'], {
    env: { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' },
    reject: false,
  });
  expect(r.exitCode, r.stdout).toBe(0);
  const items = (JSON.parse(r.stdout) as { Items: { PackageReference?: Item[]; PackageVersion?: Item[] } }).Items;
  const central = new Map((items.PackageVersion ?? []).map((i) => [i.Identity.toLowerCase(), i.Version]));
  return new Map(
    (items.PackageReference ?? []).map((i) => [i.Identity.toLowerCase(), i.VersionOverride || i.Version || central.get(i.Identity.toLowerCase()) || undefined]),
  );
}

const TREES: Record<string, Record<string, string>> = {
  'wildcard Update in Directory.Build.targets, AccessTokenValidation, third-party, child <Version>': {
    'Directory.Build.targets': '<Project>\n  <ItemGroup>\n    <PackageReference Update="IdentityServer4*" Version="4.1.2" />\n    <PackageReference Update="IdentityModel" Version="4.4.0" />\n  </ItemGroup>\n</Project>\n',
    'Host/Host.csproj': csproj(
      '    <PackageReference Include="IdentityServer4" />\n    <PackageReference Include="IdentityServer4.EntityFramework">\n      <Version>4.0.0</Version>\n    </PackageReference>\n    <PackageReference Include="IdentityServer4.LdapExtension" />\n    <PackageReference Include="IdentityModel" />\n',
    ),
    'Api/Api.csproj': csproj('    <PackageReference Include="IdentityServer4.AccessTokenValidation" Version="3.0.1" />\n'),
  },
  'central package management with a shared property and VersionOverride': {
    'Directory.Packages.props':
      '<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n    <Is4>4.1.2</Is4>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageVersion Include="IdentityServer4" Version="$(Is4)" />\n    <PackageVersion Include="IdentityServer4.AspNetIdentity" Version="$(Is4)" />\n    <PackageVersion Include="IdentityServer4.AccessTokenValidation" Version="$(Is4)" />\n    <PackageVersion Include="IdentityModel" Version="4.4.0" />\n  </ItemGroup>\n</Project>\n',
    'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" />\n    <PackageReference Include="IdentityServer4.AspNetIdentity" VersionOverride="4.1.1" />\n    <PackageReference Include="IdentityModel" />\n'),
    'Api/Api.csproj': csproj('    <PackageReference Include="IdentityServer4.AccessTokenValidation" />\n'),
  },
  'a version property in an imported build/versions.props': {
    'build/versions.props': '<Project>\n  <PropertyGroup>\n    <IdentityServerVersion>4.1.2</IdentityServerVersion>\n  </PropertyGroup>\n</Project>\n',
    'Directory.Build.props': '<Project>\n  <Import Project="$(MSBuildThisFileDirectory)build/versions.props" />\n</Project>\n',
    'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4.EntityFramework" Version="$(IdentityServerVersion)" />\n'),
  },
};

describe.skipIf(!hasDotnet)('packages step, checked by MSBuild evaluation', () => {
  for (const [name, files] of Object.entries(TREES)) {
    it(name, async () => {
      const root = writeTree(files);
      dirs.push(root);
      const { scan: s } = await scan(root);
      const before = new Map<string, Map<string, string | undefined>>();
      for (const p of s.projects) {
        const seen = await msbuildVersions(path.join(root, p.path));
        before.set(p.path, seen);
        // The scanner's effective versions are MSBuild's.
        expect(Object.fromEntries(p.packages.map((pkg) => [pkg.id.toLowerCase(), pkg.version])), p.path).toEqual(
          Object.fromEntries(p.packages.map((pkg) => [pkg.id.toLowerCase(), seen.get(pkg.id.toLowerCase())])),
        );
      }
      const r = await runCli([root, '--yes', '--only', 'packages']);
      expect(r.code, r.stderr).toBe(0);
      for (const p of s.projects) {
        const was = before.get(p.path)!;
        const now = await msbuildVersions(path.join(root, p.path));
        for (const [id, version] of was) {
          if (id.startsWith('identityserver4') && !id.includes('accesstokenvalidation') && !id.includes('ldap')) {
            expect(now.has(id), `${p.path}: ${id} still referenced`).toBe(false);
            expect(now.get(id.replace('identityserver4', 'duende.identityserver')), `${p.path}: ${id}`).toBe('5.2.4');
          } else if (id === 'identitymodel') {
            expect(now.get(id), p.path).toBe('5.1.0');
          } else {
            expect(now.get(id), `${p.path}: ${id} keeps its version`).toBe(version);
          }
        }
      }
    });
  }
});
