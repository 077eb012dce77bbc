/**
 * Issue 13 "Done when": the hosts rewritten by each signing-keys choice still compile, checked by the
 * real SDK against the Duende IdentityServer 5.2.4 miniature (AddSigningCredential/AddValidationKey
 * taking an X509Certificate2, IdentityServerOptions.KeyManagement). The hosts are the signing-keys
 * fixture's, moved to net10.0 (the miniature's framework) with a Config class each.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FIXTURES, removeDir, runCli, tempDir } from '../helpers/cli.js';
import { describeRealDotnet, dotnet, ensureMiniatureFeed, miniatureHash, nugetConfig, packagesFolder } from '../helpers/dotnet.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const CSPROJ = `<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <NuGetAudit>false</NuGetAudit>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" Version="5.2.4" />
  </ItemGroup>
</Project>
`;

const CONFIG = (ns: string) => `${ns ? `namespace ${ns};\n\n` : ''}public static class Config
{
    public static Duende.IdentityServer.Models.IdentityResource[] IdentityResources => new Duende.IdentityServer.Models.IdentityResource[0];
    public static Duende.IdentityServer.Models.Client[] Clients => new Duende.IdentityServer.Models.Client[0];
}
`;

/** The fixture's hosts, buildable: net10.0, a Config class each, an entry point for the Startup host. */
async function buildableCopy(): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const feed = await ensureMiniatureFeed();
  const dir = tempDir('signing-keys-dotnet-');
  dirs.push(dir);
  cpSync(path.join(FIXTURES, 'signing-keys', 'before'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'NuGet.config'), nugetConfig(feed));
  for (const p of ['src/Identity/Identity.csproj', 'src/Admin/Admin.csproj']) writeFileSync(path.join(dir, p), CSPROJ);
  writeFileSync(path.join(dir, 'src/Identity/Config.cs'), CONFIG('Identity'));
  writeFileSync(path.join(dir, 'src/Admin/Config.cs'), CONFIG(''));
  writeFileSync(
    path.join(dir, 'src/Identity/Program.cs'),
    'namespace Identity;\n\npublic static class Program\n{\n    public static void Main(string[] args) =>\n        Host.CreateDefaultBuilder(args).ConfigureWebHostDefaults(w => w.UseStartup<Startup>()).Build().Run();\n}\n',
  );
  writeFileSync(path.join(dir, 'All.slnx'), '<Solution>\n  <Project Path="src/Identity/Identity.csproj" />\n  <Project Path="src/Admin/Admin.csproj" />\n</Solution>\n');
  const env = { ...process.env, NUGET_PACKAGES: packagesFolder(miniatureHash()), DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', MSBUILDDISABLENODEREUSE: '1', DOTNET_CLI_USE_MSBUILD_SERVER: '0', DOTNET_CLI_UI_LANGUAGE: 'en' };
  return { dir, env };
}

describeRealDotnet('real dotnet: signing-keys choices compile against the Duende miniature', () => {
  it.each([
    ['auto', 'after-auto'],
    ['disable-auto', 'after-disable-auto'],
  ])('real dotnet: the hosts build before and after --keys %s', async (keys, expected) => {
    const { dir, env } = await buildableCopy();
    await dotnet(['build', 'All.slnx', '-nodeReuse:false', '-v:q'], { cwd: dir, env });
    const r = await runCli([dir, '--yes', '--only', 'signing-keys', '--keys', keys], { env: env as Record<string, string> });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // the C# files are exactly the fixture's expected ones
    for (const f of ['src/Identity/Startup.cs', 'src/Admin/Program.cs']) {
      expect(readFileSync(path.join(dir, f), 'utf8'), f).toBe(readFileSync(path.join(FIXTURES, 'signing-keys', expected, f), 'utf8'));
    }
    await dotnet(['build', 'All.slnx', '-nodeReuse:false', '-v:q'], { cwd: dir, env });
  }, 600_000);
});
