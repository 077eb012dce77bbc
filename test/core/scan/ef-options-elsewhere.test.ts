import { afterEach, describe, expect, it } from 'vitest';
import { makePlan } from '../../../src/core/plan/plan.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { removeDir } from '../../helpers/cli.js';
import { writeTree } from './tree.js';

/**
 * Stores registered without options (`AddOperationalStore<TContext>()`), whose
 * DbContext options and MigrationsAssembly are set elsewhere (AddOperationalDbContext,
 * a provider chosen from configuration), with the migrations in provider projects:
 * found on a real public solution, where the plan added a first migration (one that
 * creates every table) to the library declaring the contexts, which had none.
 */

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});
function tree(files: Record<string, string>): string {
  const d = writeTree(files);
  dirs.push(d);
  return d;
}

const project = (sdk: string, items: string) =>
  `<Project Sdk="${sdk}">\n  <PropertyGroup>\n    <TargetFramework>net5.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n${items}  </ItemGroup>\n</Project>\n`;
const ref = (p: string) => `    <ProjectReference Include="${p}" />\n`;
const IS_EF = '    <PackageReference Include="IdentityServer4.EntityFramework" Version="4.1.2" />\n';

const contexts = `using IdentityServer4.EntityFramework.DbContexts;\n\nnamespace Acme.Data\n{\n    public class AcmeGrants : PersistedGrantDbContext<AcmeGrants>\n    {\n        public AcmeGrants(DbContextOptions<AcmeGrants> o, OperationalStoreOptions s) : base(o, s) { }\n    }\n    public class AcmeConfig : ConfigurationDbContext<AcmeConfig>\n    {\n        public AcmeConfig(DbContextOptions<AcmeConfig> o, ConfigurationStoreOptions s) : base(o, s) { }\n    }\n}\n`;
const model = (context: string, id?: string) =>
  `namespace Acme.Migrations\n{\n    [DbContext(typeof(${context}))]\n${id ? `    [Migration("${id}")]\n` : ''}    partial class M : ModelSnapshot\n    {\n    }\n}\n`;
function providerMigrations(dir: string): Record<string, string> {
  return {
    [`${dir}/Migrations/Grants/20210301101010_Init.Designer.cs`]: model('AcmeGrants', '20210301101010_Init'),
    [`${dir}/Migrations/Grants/AcmeGrantsModelSnapshot.cs`]: model('AcmeGrants'),
    [`${dir}/Migrations/Config/20210301101020_Init.Designer.cs`]: model('AcmeConfig', '20210301101020_Init'),
    [`${dir}/Migrations/Config/AcmeConfigModelSnapshot.cs`]: model('AcmeConfig'),
  };
}
/** The STS registers the stores through a generic helper, with no options: the contexts' options come from elsewhere. */
const sts = (providers: string[]) => ({
  'src/Acme.Sts/Acme.Sts.csproj': project('Microsoft.NET.Sdk.Web', IS_EF + ref('../Acme.Data/Acme.Data.csproj') + providers.map((p) => ref(`../${p}/${p}.csproj`)).join('')),
  'src/Acme.Sts/StartupHelpers.cs':
    'public static class StartupHelpers\n{\n    public static IIdentityServerBuilder AddStores<TConfig, TGrants>(this IServiceCollection services)\n        where TConfig : DbContext where TGrants : DbContext\n    {\n        return services.AddIdentityServer()\n            .AddConfigurationStore<TConfig>()\n            .AddOperationalStore<TGrants>()\n            .AddSigningCredential(new X509Certificate2("signing.pfx"));\n    }\n}\n',
  'src/Acme.Sts/Startup.cs': 'public class Startup\n{\n    public void ConfigureServices(IServiceCollection services)\n    {\n        services.AddStores<AcmeConfig, AcmeGrants>();\n        services.AddProviderDbContexts(Configuration);\n    }\n}\n',
  'src/Acme.Data/Acme.Data.csproj': project('Microsoft.NET.Sdk', IS_EF),
  'src/Acme.Data/Contexts.cs': contexts,
  ...Object.fromEntries(providers.flatMap((p) => [[`src/${p}/${p}.csproj`, project('Microsoft.NET.Sdk', ref('../Acme.Data/Acme.Data.csproj'))], ...Object.entries(providerMigrations(`src/${p}`))])),
});

describe('migrations that exist outside the project EF would default to', () => {
  it('several provider projects hold them (chosen at run time): no command, a warning naming each set', async () => {
    const plan = await makePlan(tree(sts(['Acme.SqlServer', 'Acme.Npgsql', 'Acme.MySql'])), DEFAULT_OPTIONS);
    const db = plan.steps.find((s) => s.id === 'database')!;
    expect(db.commands).toEqual([]);
    const warnings = plan.scan.ef.warnings!.join('\n');
    expect(warnings).toContain(
      "Acme.Sts (src/Acme.Sts/Startup.cs:5): no MigrationsAssembly is set where this operational store is registered, and src/Acme.Data/Acme.Data.csproj, where EF would then add AcmeGrants's migrations, has none, while src/Acme.MySql/Migrations/Grants, src/Acme.Npgsql/Migrations/Grants, src/Acme.SqlServer/Migrations/Grants hold migrations for it",
    );
    expect(warnings).toMatch(/where this configuration store is registered, .* AcmeConfig's migrations, has none/);
    // the signing-keys step still knows the operational store is there, and that its migration is not planned
    const keys = plan.steps.find((s) => s.id === 'signing-keys')!;
    const auto = keys.variants?.find((v) => v.id === 'auto');
    expect(auto?.warnings.join('\n')).toContain("Automatic keys will be stored in the operational store's Keys table (which comes with the operational store's migration to Duende: the database step could not plan it here, see its warnings)");
  });

  it('one provider project holds them, and the host references it: the migration goes there', async () => {
    const plan = await makePlan(tree(sts(['Acme.SqlServer'])), DEFAULT_OPTIONS);
    const adds = plan.steps.find((s) => s.id === 'database')!.commands.filter((c) => c.args.includes('add'));
    expect(adds.map((c) => [c.args[c.args.indexOf('-c') + 1], c.args[c.args.indexOf('--project') + 1], c.args[c.args.indexOf('-o') + 1], c.args[c.args.indexOf('--startup-project') + 1]])).toEqual([
      ['AcmeGrants', 'src/Acme.SqlServer/Acme.SqlServer.csproj', 'Migrations/Grants', 'src/Acme.Sts/Acme.Sts.csproj'],
      ['AcmeConfig', 'src/Acme.SqlServer/Acme.SqlServer.csproj', 'Migrations/Config', 'src/Acme.Sts/Acme.Sts.csproj'],
    ]);
  });
});
