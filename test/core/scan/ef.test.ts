import { afterEach, describe, expect, it } from 'vitest';
import { makePlan } from '../../../src/core/plan/plan.js';
import { efContextNames } from '../../../src/core/scan/ef.js';
import { scan } from '../../../src/core/scan/index.js';
import type { EfContext } from '../../../src/core/scan/model.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { removeDir, runCli, snapshotTree } from '../../helpers/cli.js';
import { csproj, writeTree } from './tree.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});
function tree(files: Record<string, string>): string {
  const d = writeTree(files);
  dirs.push(d);
  return d;
}

const EF_HOST = csproj('    <PackageReference Include="IdentityServer4.EntityFramework" Version="4.1.2" />\n');
const LIBRARY = csproj('    <PackageReference Include="IdentityServer4.EntityFramework.Storage" Version="4.1.2" />\n', { sdk: 'Microsoft.NET.Sdk' });

/** A host's Startup as the IS4 EF quickstart writes it: the migrations assembly is the host's own, through typeof(Startup). */
function startup(ns: string, opts: { operational?: string; assembly?: string } = {}): string {
  const op = opts.operational ? `AddOperationalStore<${opts.operational}>` : 'AddOperationalStore';
  const assembly = opts.assembly ?? 'migrationsAssembly';
  return `using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace ${ns}
{
    public class Startup
    {
        public void ConfigureServices(IServiceCollection services)
        {
            var migrationsAssembly = typeof(Startup).GetTypeInfo().Assembly.GetName().Name;
            services.AddIdentityServer()
                .AddConfigurationStore(options =>
                {
                    options.ConfigureDbContext = b => b.UseSqlServer(cs, sql => sql.MigrationsAssembly(${assembly}));
                })
                .${op}(options =>
                {
                    options.ConfigureDbContext = b => b.UseSqlServer(cs, sql => sql.MigrationsAssembly(${assembly}));
                });
        }
    }
}
`;
}

/** A migration's designer or the model snapshot, which is what ties a folder to a context. */
function model(ns: string, context: string, id?: string): string {
  return `using IdentityServer4.EntityFramework.DbContexts;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ${ns}
{
    [DbContext(typeof(${context}))]
${id ? `    [Migration("${id}")]\n` : ''}    partial class M : ModelSnapshot
    {
    }
}
`;
}

const OP_ID = '20200702080123_InitialIdentityServerPersistedGrantDbMigration';
const CONF_ID = '20200702080200_InitialIdentityServerConfigurationDbMigration';

/** Both stores' migrations under `dir`, for `op` as the operational context. */
function migrations(dir: string, ns: string, op = 'PersistedGrantDbContext'): Record<string, string> {
  return {
    [`${dir}/PersistedGrantDb/${OP_ID}.Designer.cs`]: model(ns, op, OP_ID),
    [`${dir}/PersistedGrantDb/${op}ModelSnapshot.cs`]: model(ns, op),
    [`${dir}/ConfigurationDb/${CONF_ID}.Designer.cs`]: model(ns, 'ConfigurationDbContext', CONF_ID),
    [`${dir}/ConfigurationDb/ConfigurationDbContextModelSnapshot.cs`]: model(ns, 'ConfigurationDbContext'),
  };
}

const customContext = (ns: string, name: string) =>
  `using IdentityServer4.EntityFramework.DbContexts;\n\nnamespace ${ns}\n{\n    public class ${name} : PersistedGrantDbContext<${name}>\n    {\n    }\n}\n`;

const summary = (contexts: EfContext[]) => contexts.map((c) => [c.name, c.startupProject, c.migrationsProject, c.migrationsDir, c.migrations]);

describe('EF detection with several hosts', () => {
  it('pairs each host with its own migrations, though the context names are the same in every host', async () => {
    const a = 'src/Alpha.Identity/Alpha.Identity.csproj';
    const b = 'src/Beta.Identity/Beta.Identity.csproj';
    const c = 'src/Gamma.Identity/Gamma.Identity.csproj';
    const root = tree({
      [a]: EF_HOST,
      'src/Alpha.Identity/Startup.cs': startup('Alpha.Identity'),
      ...migrations('src/Alpha.Identity/Data/Migrations/IdentityServer', 'Alpha.Identity.Data'),
      [b]: EF_HOST,
      'src/Beta.Identity/Startup.cs': startup('Beta.Identity'),
      ...migrations('src/Beta.Identity/Migrations', 'Beta.Identity.Migrations'),
      // Gamma registers its own subclass; Beta declares one of the same name that Gamma must not take.
      [c]: EF_HOST,
      'src/Gamma.Identity/Startup.cs': startup('Gamma.Identity', { operational: 'IdentityServerPersistedGrantDbContext' }),
      'src/Gamma.Identity/Data/IdentityServerPersistedGrantDbContext.cs': customContext('Gamma.Identity.Data', 'IdentityServerPersistedGrantDbContext'),
      'src/Beta.Identity/Data/IdentityServerPersistedGrantDbContext.cs': customContext('Beta.Identity.Data', 'IdentityServerPersistedGrantDbContext'),
      ...migrations('src/Gamma.Identity/Migrations', 'Gamma.Identity.Migrations', 'IdentityServerPersistedGrantDbContext'),
    });
    const { scan: s } = await scan(root);
    expect(summary(s.ef.contexts)).toEqual([
      ['PersistedGrantDbContext', a, a, 'src/Alpha.Identity/Data/Migrations/IdentityServer/PersistedGrantDb', [OP_ID]],
      ['ConfigurationDbContext', a, a, 'src/Alpha.Identity/Data/Migrations/IdentityServer/ConfigurationDb', [CONF_ID]],
      ['PersistedGrantDbContext', b, b, 'src/Beta.Identity/Migrations/PersistedGrantDb', [OP_ID]],
      ['ConfigurationDbContext', b, b, 'src/Beta.Identity/Migrations/ConfigurationDb', [CONF_ID]],
      ['IdentityServerPersistedGrantDbContext', c, c, 'src/Gamma.Identity/Migrations/PersistedGrantDb', [OP_ID]],
      ['ConfigurationDbContext', c, c, 'src/Gamma.Identity/Migrations/ConfigurationDb', [CONF_ID]],
    ]);
    const gamma = s.ef.contexts.find((x) => x.name === 'IdentityServerPersistedGrantDbContext')!;
    expect(gamma.declaredIn?.path).toBe('src/Gamma.Identity/Data/IdentityServerPersistedGrantDbContext.cs');
    // Each context's evidence is its own host's, so the provider and connection string are read from the right Startup.
    for (const x of s.ef.contexts) {
      const dir = x.startupProject!.slice(0, x.startupProject!.lastIndexOf('/') + 1);
      expect(x.evidence.every((e) => e.path.startsWith(dir)), `${x.name} of ${x.startupProject}`).toBe(true);
    }
    expect(s.ef.warnings ?? []).toEqual([]);

    // Ids say the host; every command pairs a context with its own host's project and folder.
    expect(efContextNames(s.ef.contexts).map((n) => n.key)).toEqual([
      'Alpha.Identity:operational',
      'Alpha.Identity:configuration',
      'Beta.Identity:operational',
      'Beta.Identity:configuration',
      'Gamma.Identity:operational',
      'Gamma.Identity:configuration',
    ]);
    const plan = await makePlan(root, DEFAULT_OPTIONS);
    const adds = plan.steps.find((x) => x.id === 'database')!.commands.filter((x) => x.args.includes('add') && x.args[0] === 'ef');
    expect(adds.map((x) => [x.id, ...x.args.slice(3)])).toEqual([
      ['Alpha.Identity:operational:add', 'UpdateToDuende_v5', '-c', 'PersistedGrantDbContext', '-o', 'Data/Migrations/IdentityServer/PersistedGrantDb', '--project', a, '--startup-project', a],
      ['Alpha.Identity:configuration:add', 'UpdateToDuende_v5', '-c', 'ConfigurationDbContext', '-o', 'Data/Migrations/IdentityServer/ConfigurationDb', '--project', a, '--startup-project', a],
      ['Beta.Identity:operational:add', 'UpdateToDuende_v5', '-c', 'PersistedGrantDbContext', '-o', 'Migrations/PersistedGrantDb', '--project', b, '--startup-project', b],
      ['Beta.Identity:configuration:add', 'UpdateToDuende_v5', '-c', 'ConfigurationDbContext', '-o', 'Migrations/ConfigurationDb', '--project', b, '--startup-project', b],
      ['Gamma.Identity:operational:add', 'UpdateToDuende_v5', '-c', 'IdentityServerPersistedGrantDbContext', '-o', 'Migrations/PersistedGrantDb', '--project', c, '--startup-project', c],
      ['Gamma.Identity:configuration:add', 'UpdateToDuende_v5', '-c', 'ConfigurationDbContext', '-o', 'Migrations/ConfigurationDb', '--project', c, '--startup-project', c],
    ]);
    // --db script: one SQL file per host and context, never one host's script over another's.
    const scripted = await makePlan(root, { ...DEFAULT_OPTIONS, dbMode: 'script' });
    const outs = scripted.steps.find((x) => x.id === 'database')!.commands.filter((x) => x.args[2] === 'script').map((x) => x.args[x.args.indexOf('-o') + 1]);
    expect(outs).toEqual([
      'duende-upgrade-sql/UpdateToDuende_v5.Alpha.Identity.PersistedGrantDbContext.sql',
      'duende-upgrade-sql/UpdateToDuende_v5.Alpha.Identity.ConfigurationDbContext.sql',
      'duende-upgrade-sql/UpdateToDuende_v5.Beta.Identity.PersistedGrantDbContext.sql',
      'duende-upgrade-sql/UpdateToDuende_v5.Beta.Identity.ConfigurationDbContext.sql',
      'duende-upgrade-sql/UpdateToDuende_v5.Gamma.Identity.IdentityServerPersistedGrantDbContext.sql',
      'duende-upgrade-sql/UpdateToDuende_v5.Gamma.Identity.ConfigurationDbContext.sql',
    ]);
  });

  it('plans a migrations assembly that two hosts share once, with one host, and says so', async () => {
    const shared = 'src/Shared.Migrations/Shared.Migrations.csproj';
    const root = tree({
      'src/Alpha.Identity/Alpha.Identity.csproj': EF_HOST,
      'src/Alpha.Identity/Startup.cs': startup('Alpha.Identity', { assembly: '"Shared.Migrations"' }),
      'src/Beta.Identity/Beta.Identity.csproj': EF_HOST,
      'src/Beta.Identity/Startup.cs': startup('Beta.Identity', { assembly: '"Shared.Migrations"' }),
      [shared]: LIBRARY,
      ...migrations('src/Shared.Migrations/Migrations', 'Shared.Migrations'),
    });
    const { scan: s } = await scan(root);
    expect(summary(s.ef.contexts)).toEqual([
      ['PersistedGrantDbContext', 'src/Alpha.Identity/Alpha.Identity.csproj', shared, 'src/Shared.Migrations/Migrations/PersistedGrantDb', [OP_ID]],
      ['ConfigurationDbContext', 'src/Alpha.Identity/Alpha.Identity.csproj', shared, 'src/Shared.Migrations/Migrations/ConfigurationDb', [CONF_ID]],
    ]);
    expect(s.ef.warnings).toHaveLength(2);
    expect(s.ef.warnings!.find((w) => w.startsWith('PersistedGrantDbContext'))).toContain(`PersistedGrantDbContext: the migrations assembly ${shared} is shared by Alpha.Identity, Beta.Identity; the migration is added once, with Alpha.Identity as the startup project`);
    // Both hosts' registrations stay in the evidence.
    expect(new Set(s.ef.contexts[0]!.evidence.map((e) => e.path))).toContain('src/Beta.Identity/Startup.cs');
    // One host left: ids without a host, as before.
    expect(efContextNames(s.ef.contexts).map((n) => n.key)).toEqual(['operational', 'configuration']);
  });

  it('takes the MigrationsAssembly that holds the store\'s migrations when the host names another for its own context', async () => {
    const host = 'src/Alpha.Identity/Alpha.Identity.csproj';
    const stores = 'src/Alpha.Stores/Alpha.Stores.csproj';
    const root = tree({
      [host]: EF_HOST,
      'src/Alpha.Identity/Startup.cs': `public class Startup
{
    public void ConfigureServices(IServiceCollection services)
    {
        services.AddDbContext<ApplicationDbContext>(o => o.UseSqlServer(cs, sql => sql.MigrationsAssembly("Alpha.Data")));
        Action<DbContextOptionsBuilder> db = b => b.UseSqlServer(cs, sql => sql.MigrationsAssembly("Alpha.Stores"));
        services.AddIdentityServer()
            .AddConfigurationStore(o => o.ConfigureDbContext = db)
            .AddOperationalStore(o => o.ConfigureDbContext = db);
    }
}
`,
      'src/Alpha.Data/Alpha.Data.csproj': LIBRARY,
      'src/Alpha.Data/Migrations/ApplicationDbContextModelSnapshot.cs': model('Alpha.Data', 'ApplicationDbContext'),
      [stores]: LIBRARY,
      ...migrations('src/Alpha.Stores/Migrations', 'Alpha.Stores'),
    });
    const { scan: s } = await scan(root);
    expect(summary(s.ef.contexts)).toEqual([
      ['PersistedGrantDbContext', host, stores, 'src/Alpha.Stores/Migrations/PersistedGrantDb', [OP_ID]],
      ['ConfigurationDbContext', host, stores, 'src/Alpha.Stores/Migrations/ConfigurationDb', [CONF_ID]],
    ]);
  });

  it('leaves another provider\'s migrations of the same context alone, and says so', async () => {
    const host = 'src/Alpha.Identity/Alpha.Identity.csproj';
    const sqlServer = 'src/Alpha.Migrations.SqlServer/Alpha.Migrations.SqlServer.csproj';
    const root = tree({
      [host]: EF_HOST,
      'src/Alpha.Identity/Startup.cs': startup('Alpha.Identity', { assembly: '"Alpha.Migrations.SqlServer"' }),
      [sqlServer]: LIBRARY,
      ...migrations('src/Alpha.Migrations.SqlServer/Migrations', 'Alpha.Migrations.SqlServer'),
      'src/Alpha.Migrations.Postgres/Alpha.Migrations.Postgres.csproj': LIBRARY,
      ...migrations('src/Alpha.Migrations.Postgres/Migrations', 'Alpha.Migrations.Postgres'),
    });
    const { scan: s } = await scan(root);
    expect(summary(s.ef.contexts)).toEqual([
      ['PersistedGrantDbContext', host, sqlServer, 'src/Alpha.Migrations.SqlServer/Migrations/PersistedGrantDb', [OP_ID]],
      ['ConfigurationDbContext', host, sqlServer, 'src/Alpha.Migrations.SqlServer/Migrations/ConfigurationDb', [CONF_ID]],
    ]);
    expect(s.ef.warnings).toEqual([
      expect.stringMatching(/^ConfigurationDbContext: the migrations in src\/Alpha\.Migrations\.Postgres\/Migrations\/ConfigurationDb are not tied .* Alpha\.Identity already has migrations for ConfigurationDbContext elsewhere/),
      expect.stringMatching(/^PersistedGrantDbContext: the migrations in src\/Alpha\.Migrations\.Postgres\/Migrations\/PersistedGrantDb are not tied .* Alpha\.Identity already has migrations for PersistedGrantDbContext elsewhere/),
    ]);
  });

  it('warns and plans nothing for a store whose migrations cannot be tied to one host', async () => {
    const ref = (name: string) => `    <ProjectReference Include="..\\${name}\\${name}.csproj" />\n`;
    const host = csproj(`    <PackageReference Include="IdentityServer4.EntityFramework" Version="4.1.2" />\n${ref('Migrations.SqlServer')}${ref('Migrations.Postgres')}`);
    const root = tree({
      'src/Alpha.Identity/Alpha.Identity.csproj': host,
      'src/Alpha.Identity/Startup.cs': startup('Alpha.Identity', { assembly: 'Configuration["MigrationsAssembly"]' }),
      'src/Beta.Identity/Beta.Identity.csproj': host,
      'src/Beta.Identity/Startup.cs': startup('Beta.Identity', { assembly: 'Configuration["MigrationsAssembly"]' }),
      'src/Migrations.SqlServer/Migrations.SqlServer.csproj': LIBRARY,
      ...migrations('src/Migrations.SqlServer/Migrations', 'Migrations.SqlServer'),
      'src/Migrations.Postgres/Migrations.Postgres.csproj': LIBRARY,
      ...migrations('src/Migrations.Postgres/Migrations', 'Migrations.Postgres'),
    });
    const { scan: s } = await scan(root);
    expect(s.ef.contexts).toEqual([]);
    const warnings = s.ef.warnings ?? [];
    expect(warnings).toHaveLength(4 + 4);
    expect(warnings[0]).toMatch(/^Alpha\.Identity \(src\/Alpha\.Identity\/Startup\.cs:\d+\): MigrationsAssembly\(Configuration\["MigrationsAssembly"\]\) could not be worked out, and several projects hold migrations for this store \(src\/Migrations\.Postgres\/Migrations\.Postgres\.csproj, src\/Migrations\.SqlServer\/Migrations\.SqlServer\.csproj\)\. No migration is planned/);
    // The migration sets themselves: both hosts reference their projects, so neither is chosen.
    expect(warnings.filter((w) => w.includes('several hosts reference their project (Alpha.Identity, Beta.Identity)'))).toHaveLength(4);
    // The database step shows them, and has nothing to run.
    const plan = await makePlan(root, DEFAULT_OPTIONS);
    const step = plan.steps.find((x) => x.id === 'database')!;
    expect(step.warnings).toEqual(expect.arrayContaining(warnings));
    expect(step.commands.filter((x) => x.args[0] === 'ef')).toEqual([]);
    expect(step.warnings.join('\n')).not.toContain('in-memory');
    // Never "not needed": the schema changes, so the step is blocked, with the commands to run by hand.
    expect(step.status).toBe('blocked');
    expect(step.blocked!.reason).toMatch(/^EF Core stores are registered \(src\/Alpha\.Identity\/Startup\.cs:\d+\) and their schema changes from IdentityServer4 4\.1\.2 → Duende IdentityServer 5\.2\.4, but this tool cannot tie their migrations/);
    expect(step.blocked!.reason).toContain('dotnet ef migrations add UpdateToDuende_v5 -c <context> with the --project that holds its migrations and the host as --startup-project');
    // --yes refuses before writing anything, naming the way forward; --skip database goes on with the code
    const before = snapshotTree(root, () => false);
    const refused = await runCli([root, '--yes']);
    expect(refused.code, refused.stdout).toBe(2);
    expect(refused.stderr).toMatch(/nothing was changed[\s\S]*or run with --skip database to upgrade the code first/);
    expect(snapshotTree(root, () => false)).toEqual(before);
    const skipped = await runCli([root, '--yes', '--skip', 'database,verify']);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stdout).toContain('↷ Add and apply the EF Core migrations: skipped');
  });
});

describe('efContextNames', () => {
  const ctx = (name: string, store: EfContext['store'], startupProject?: string): EfContext => ({ name, store, startupProject, migrations: [], evidence: [] });

  it('keeps the single-host ids, and names a store\'s contexts when it has several', () => {
    expect(efContextNames([ctx('PersistedGrantDbContext', 'operational', 'a/A.csproj'), ctx('ConfigurationDbContext', 'configuration', 'a/A.csproj')])).toEqual([
      { key: 'operational', label: 'PersistedGrantDbContext', fileLabel: 'PersistedGrantDbContext' },
      { key: 'configuration', label: 'ConfigurationDbContext', fileLabel: 'ConfigurationDbContext' },
    ]);
    expect(efContextNames([ctx('A', 'operational', 'a/A.csproj'), ctx('B', 'operational', 'a/A.csproj')]).map((n) => n.key)).toEqual(['A', 'B']);
  });

  it('tells apart two hosts with the same project name by their folders', () => {
    const names = efContextNames([ctx('PersistedGrantDbContext', 'operational', 'eu/Identity/Identity.csproj'), ctx('PersistedGrantDbContext', 'operational', 'us/Identity/Identity.csproj')]);
    expect(names).toEqual([
      { key: 'eu/Identity:operational', label: 'PersistedGrantDbContext (eu/Identity)', fileLabel: 'eu_Identity.PersistedGrantDbContext' },
      { key: 'us/Identity:operational', label: 'PersistedGrantDbContext (us/Identity)', fileLabel: 'us_Identity.PersistedGrantDbContext' },
    ]);
  });
});

describe('stores from other packages that use the same method names', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const d of made.splice(0)) removeDir(d);
  });
  const startup = (body: string) =>
    `using Microsoft.Extensions.DependencyInjection;\n\nnamespace Sts\n{\n    public class Startup\n    {\n        public void ConfigureServices(IServiceCollection services)\n        {\n            services.AddIdentityServer()\n${body}                .AddTestUsers(Config.Users);\n        }\n    }\n}\n`;
  const EF_CONFIG = '                .AddConfigurationStore(options =>\n                {\n                    options.ConfigureDbContext = b => b.UseSqlServer(connectionString, sql => sql.MigrationsAssembly("Sts"));\n                })\n';
  const layouts: { name: string; packages: string; body: string; contexts: string[]; warned: RegExp }[] = [
    {
      name: 'a Redis operational store (IdentityServer4.Contrib.RedisStore), in-memory configuration',
      packages: '    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n    <PackageReference Include="IdentityServer4.Contrib.RedisStore" Version="4.0.0" />\n',
      body: '                .AddOperationalStore(options =>\n                {\n                    options.RedisConnectionString = "localhost";\n                    options.Db = 1;\n                })\n',
      contexts: [],
      warned: /Startup\.cs:\d+: AddOperationalStore is not EF Core's here: its options name RedisConnectionString \(it comes from IdentityServer4\.Contrib\.RedisStore\), so this store has no migration to add/,
    },
    {
      name: 'EF configuration store beside a Redis operational store in the same host',
      packages: '    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n    <PackageReference Include="IdentityServer4.EntityFramework" Version="4.1.2" />\n    <PackageReference Include="IdentityServer4.Contrib.RedisStore" Version="4.0.0" />\n',
      body: `${EF_CONFIG}                .AddOperationalStore(options => options.RedisConnectionString = "localhost")\n`,
      contexts: ['ConfigurationDbContext'],
      warned: /AddOperationalStore is not EF Core's here: its options name RedisConnectionString/,
    },
    {
      name: 'both stores from a MongoDB package',
      packages: '    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n    <PackageReference Include="IdentityServer4.Contrib.MongoDB" Version="4.0.0" />\n',
      body: '                .AddConfigurationStore()\n                .AddOperationalStore()\n',
      contexts: [],
      warned: /AddConfigurationStore is not EF Core's here: Sts\/Sts\.csproj references no IdentityServer4 or Duende EntityFramework package \(it comes from IdentityServer4\.Contrib\.MongoDB\)/,
    },
  ];
  for (const layout of layouts) {
    it(`${layout.name}: only EF Core stores get migrations`, async () => {
      const root = writeTree({ 'Sts/Sts.csproj': csproj(layout.packages), 'Sts/Startup.cs': startup(layout.body) });
      made.push(root);
      const { scan: s } = await scan(root);
      expect(s.ef.contexts.map((c) => c.name).sort()).toEqual(layout.contexts);
      expect((s.ef.warnings ?? []).join('\n')).toMatch(layout.warned);
      const plan = await makePlan(root, DEFAULT_OPTIONS);
      const db = plan.steps.find((x) => x.id === 'database')!;
      const contexts = db.commands.flatMap((c) => (c.args.includes('migrations') ? [c.args[c.args.indexOf('-c') + 1]] : []));
      expect([...new Set(contexts)].sort()).toEqual(layout.contexts);
      if (layout.contexts.length === 0) expect(db.status).toBe('not-applicable');
    });
  }
});
