/**
 * The public API of the miniature Duende 7.4.8 and 8.0.3 packages, with the real SDK: the IdentityServer4
 * quickstart UI as the api-changes step leaves it for each target (test/fixtures/api-changes/quickstart-ui)
 * must build against the miniature, and the quickstart UI before those rewrites must not build against
 * 8.0.3, failing on the very changes the step rewrites. The fixtures hold the api-changes output only, so
 * this test renames the namespaces itself (a stand-in for the namespaces step, which has its own tests).
 */
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, expect, it } from 'vitest';
import { REPO, removeDir, tempDir } from '../helpers/cli.js';
import { describeRealDotnet, miniatureEnv } from '../helpers/dotnet.js';

const FIXTURE = path.join(REPO, 'test', 'fixtures', 'api-changes', 'quickstart-ui');

function csFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const abs = path.join(dir, name);
    return statSync(abs).isDirectory() ? csFiles(abs) : abs.endsWith('.cs') ? [abs] : [];
  });
}

/** A copy of one fixture tree as a net10.0 project on the miniature Duende.IdentityServer `version`. */
function quickstartProject(tree: string, version: string, leaveOut: string[] = []): string {
  const dir = tempDir(`quickstart-api-${version}-`);
  cpSync(path.join(FIXTURE, tree), dir, { recursive: true });
  for (const file of csFiles(dir)) {
    const text = readFileSync(file, 'utf8')
      .replace(/\bIdentityServer4\b/g, 'Duende.IdentityServer')
      .replace(/^using IdentityModel;/gm, 'using Duende.IdentityModel;');
    writeFileSync(file, text);
  }
  writeFileSync(
    path.join(dir, 'IdentityServer.csproj'),
    `<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <NuGetAudit>false</NuGetAudit>
  </PropertyGroup>
  <ItemGroup>
    <!-- Duende.IdentityModel comes with it, as with the real package (8.0.1 with 7.4.8, 8.1.0 with 8.0.3). -->
    <PackageReference Include="Duende.IdentityServer" Version="${version}" />
    <PackageReference Include="Newtonsoft.Json" Version="13.0.4" />
  </ItemGroup>
  <ItemGroup>
    <!-- DiagnosticsViewModel calls IdentityModel's Base64Url, which Duende.IdentityModel no longer makes
         public: a change of that package, not of Duende IdentityServer's API. -->
    <Compile Remove="Quickstart/Diagnostics/**" />
${leaveOut.map((p) => `    <Compile Remove="${p}" />\n`).join('')}  </ItemGroup>
</Project>
`,
  );
  // The fixture is the UI only; a host needs an entry point to build.
  writeFileSync(path.join(dir, 'Program.cs'), 'public static class Program { public static void Main() { } }\n');
  return dir;
}

async function build(dir: string): Promise<{ code: number; errors: string[] }> {
  const env = await miniatureEnv(dir);
  const r = await execa('dotnet', ['build', '-nodeReuse:false', '-clp:NoSummary'], {
    cwd: dir,
    env,
    extendEnv: false,
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: 10 * 60_000,
  });
  const errors = [...new Set(String(r.all ?? '').split('\n').filter((l) => / error [A-Z]+\d+:/.test(l)).map((l) => l.replace(/\s*\[[^\]]*\]\s*$/, '').replace(dir + path.sep, '')))];
  return { code: r.exitCode ?? -1, errors };
}

describeRealDotnet('real dotnet: the miniature Duende API against the quickstart UI', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) removeDir(d);
  });

  for (const version of ['7.4.8', '8.0.3']) {
    it(`real dotnet: the quickstart UI as api-changes leaves it for ${version} builds against the ${version} miniature`, async () => {
      const dir = quickstartProject(`after-${version}`, version);
      dirs.push(dir);
      const r = await build(dir);
      expect(r.errors).toEqual([]);
      expect(r.code, r.errors.join("\n")).toBe(0);
    }, 600_000);
  }

  it('real dotnet: the quickstart UI before the api-changes rewrites does not build against 8.0.3, on the changes they make', async () => {
    // The custom profile service is left out: a class missing an interface member stops the compiler
    // before it binds method bodies, and the bodies are what this test reads.
    const dir = quickstartProject('before', '8.0.3', ['Services/**']);
    dirs.push(dir);
    const r = await build(dir);
    expect(r.code).not.toBe(0);
    const all = r.errors.join('\n');
    // 7.0 removed the HttpContext helpers; 8.0 wants a CancellationToken on every interaction and event call.
    expect(all).toMatch(/'HttpContext' does not contain a definition for 'GetSchemeSupportsSignOutAsync'/);
    expect(all).toMatch(/required parameter 'ct' of 'IIdentityServerInteractionService\.GetLogoutContextAsync/);
    expect(all).toMatch(/required parameter 'ct' of 'IEventService\.RaiseAsync/);
    // 8.0 renamed AuthorizationError to InteractionError.
    expect(all).toMatch(/The name 'AuthorizationError' does not exist|type or namespace name 'AuthorizationError'/);
  }, 600_000);
});
