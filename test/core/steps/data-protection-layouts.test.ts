import { afterAll, describe, expect, it } from 'vitest';
import { planFromScan } from '../../../src/core/plan/plan.js';
import { scan } from '../../../src/core/scan/index.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { removeDir } from '../../helpers/cli.js';
import { writeTree } from '../scan/tree.js';

/**
 * The data-protection step on layouts where the AddIdentityServer call is not in
 * a file that names IdentityServer4, or not in the project that runs, and the
 * reason it gives when it has nothing to do: the framework staying comes first.
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
function tree(files: Record<string, string>): string {
  const d = writeTree(files);
  dirs.push(d);
  return d;
}

async function stepFor(dir: string, target: string) {
  const { scan: s, workspace } = await scan(dir);
  const plan = planFromScan(s, workspace, { ...DEFAULT_OPTIONS, source: '4.1.2', target }, undefined, {});
  return plan.steps.find((x) => x.id === 'data-protection')!;
}

const project = (sdk: string, tfm: string, items = '') =>
  `<Project Sdk="${sdk}">\n  <PropertyGroup>\n    <TargetFramework>${tfm}</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n${items}  </ItemGroup>\n</Project>\n`;
const IS4 = '    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n';
const ref = (p: string) => `    <ProjectReference Include="${p}" />\n`;
/** A Startup that registers IdentityServer with a static key and needs no IdentityServer4 using. */
const STARTUP =
  'using Microsoft.Extensions.DependencyInjection;\n\npublic class Startup\n{\n    public void ConfigureServices(IServiceCollection services)\n    {\n        services.AddIdentityServer()\n            .AddSigningCredential(new X509Certificate2("signing.pfx"));\n    }\n}\n';

describe('data-protection on real layouts', () => {
  it('AddIdentityServer in a Startup.cs that names no IdentityServer4 namespace: found, and pinned when the framework moves', async () => {
    const dir = tree({ 'Sts/Sts.csproj': project('Microsoft.NET.Sdk.Web', 'netcoreapp3.1', IS4), 'Sts/Startup.cs': STARTUP });
    const moving = await stepFor(dir, '7.4.8');
    expect(moving.status).toBe('pending');
    expect(moving.changes.map((c) => c.path)).toEqual(['Sts/Startup.cs']);
    const staying = await stepFor(dir, '5.2.4');
    expect(staying.status).toBe('not-applicable');
    expect(staying.warnings).toEqual(["The host's framework stays (Sts/Sts.csproj), so its data-protection application name does not change."]);
  });

  it('no AddIdentityServer call in the code read, and no framework moves: the reason is the framework staying', async () => {
    const dir = tree({
      'Sts/Sts.csproj': project('Microsoft.NET.Sdk.Web', 'net5.0', IS4),
      'Sts/Keys.cs': 'public static class Keys\n{\n    public static IIdentityServerBuilder AddKeys(this IIdentityServerBuilder b) => b.AddSigningCredential(new X509Certificate2("k.pfx"));\n}\n',
      'Api/Api.csproj': project('Microsoft.NET.Sdk.Web', 'net5.0'),
    });
    const step = await stepFor(dir, '5.2.4');
    expect(step.status).toBe('not-applicable');
    expect(step.warnings).toEqual(['The framework stays for every project that runs (Api/Api.csproj, Sts/Sts.csproj), so no data-protection application name changes.']);
    const moving = await stepFor(dir, '7.4.8');
    expect(moving.warnings[0]).toMatch(/^No AddIdentityServer call was found in the code read, so there is no host whose data-protection application name this step can pin; if a host's framework changes, set its name by hand/);
  });

  it('AddIdentityServer in a netstandard library run by a netcoreapp3.1 host: the host\'s framework decides, and the pin is made', async () => {
    const dir = tree({
      'src/Identity/Identity.csproj': project('Microsoft.NET.Sdk', 'netstandard2.1', IS4),
      'src/Identity/Registration.cs':
        'public static class Registration\n{\n    public static void AddIdentity(this IServiceCollection services)\n    {\n        services.AddIdentityServer();\n    }\n}\n',
      'src/Web/Web.csproj': project('Microsoft.NET.Sdk.Web', 'netcoreapp3.1', ref('../Identity/Identity.csproj')),
    });
    const step = await stepFor(dir, '7.4.8');
    expect(step.status).toBe('pending');
    expect(step.changes.map((c) => c.path)).toEqual(['src/Identity/Registration.cs']);
    expect(step.warnings.join('\n')).toMatch(/^src\/Web\/Web\.csproj \(netcoreapp3\.1\) does not set a data-protection application name; the name is pinned to the content-root path as the current framework computes it/);
  });

  it('the library is run by a net6.0 host and a netcoreapp3.1 host: no one name fits both, so it is left for a person', async () => {
    const dir = tree({
      'src/Identity/Identity.csproj': project('Microsoft.NET.Sdk', 'netstandard2.1', IS4),
      'src/Identity/Registration.cs': 'public static class Registration\n{\n    public static void AddIdentity(this IServiceCollection services)\n    {\n        services.AddIdentityServer();\n    }\n}\n',
      'src/Old/Old.csproj': project('Microsoft.NET.Sdk.Web', 'netcoreapp3.1', ref('../Identity/Identity.csproj')),
      'src/New/New.csproj': project('Microsoft.NET.Sdk.Web', 'net6.0', ref('../Identity/Identity.csproj')),
    });
    const step = await stepFor(dir, '7.4.8');
    expect(step.status).toBe('pending');
    expect(step.changes).toEqual([]);
    expect(step.followUps).toEqual([
      'src/Identity/Registration.cs:5: set the data-protection application name by hand before the framework changes (services.AddDataProtection().SetApplicationName("<the content-root path the host runs from today>")), with the key ring persisted.',
    ]);
  });
});
