import { afterEach, describe, expect, it } from 'vitest';
import { makePlan } from '../../../src/core/plan/plan.js';
import { scan } from '../../../src/core/scan/index.js';
import type { EfContext } from '../../../src/core/scan/model.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { removeDir } from '../../helpers/cli.js';
import { csproj, writeTree } from './tree.js';

/**
 * EF detection on real layouts: the migrations assembly when none is configured,
 * generic helpers, registrations that are not active code, template content.
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

const HOST = (refs: string[] = []) =>
  csproj(`    <PackageReference Include="IdentityServer4.EntityFramework" Version="4.1.2" />\n${refs.map((r) => `    <ProjectReference Include="${r}" />\n`).join('')}`);
const LIBRARY = csproj('    <PackageReference Include="IdentityServer4.EntityFramework.Storage" Version="4.1.2" />\n', { sdk: 'Microsoft.NET.Sdk' });

const OP_ID = '20210301101010_InitialPersistedGrants';
const CONF_ID = '20210301101020_InitialConfiguration';
function model(ns: string, context: string, id?: string): string {
  return `using Microsoft.EntityFrameworkCore.Infrastructure;\n\nnamespace ${ns}\n{\n    [DbContext(typeof(${context}))]\n${id ? `    [Migration("${id}")]\n` : ''}    partial class M : ModelSnapshot\n    {\n    }\n}\n`;
}
function migrations(dir: string, ns: string, op: string, conf: string): Record<string, string> {
  return {
    [`${dir}/PersistedGrants/${OP_ID}.Designer.cs`]: model(ns, op, OP_ID),
    [`${dir}/PersistedGrants/${op}ModelSnapshot.cs`]: model(ns, op),
    [`${dir}/Configuration/${CONF_ID}.Designer.cs`]: model(ns, conf, CONF_ID),
    [`${dir}/Configuration/${conf}ModelSnapshot.cs`]: model(ns, conf),
  };
}
const subclass = (ns: string, name: string, base: 'PersistedGrantDbContext' | 'ConfigurationDbContext') =>
  `using IdentityServer4.EntityFramework.DbContexts;\n\nnamespace ${ns}\n{\n    public class ${name} : ${base}<${name}>\n    {\n        public ${name}(DbContextOptions<${name}> o, OperationalStoreOptions s) : base(o, s) { }\n    }\n}\n`;
const summary = (contexts: EfContext[]) => contexts.map((c) => [c.name, c.startupProject, c.migrationsProject, c.migrationsDir]);

describe('the migrations assembly when no MigrationsAssembly is configured', () => {
  const variants = [
    { name: 'Infrastructure library and an API host', lib: 'src/Shop.Infrastructure/Shop.Infrastructure.csproj', host: 'src/Shop.Api/Shop.Api.csproj', dir: 'Persistence/Migrations', out: 'Persistence/Migrations' },
    { name: 'nested Data library under the host folder, its own Migrations', lib: 'Auth/Data/Auth.Data.csproj', host: 'Auth/Web/Auth.Web.csproj', dir: 'Migrations/IdentityServer', out: 'Migrations/IdentityServer' },
  ];
  for (const v of variants) {
    it(`${v.name}: --project is the library, --startup-project the host, -o relative to the library`, async () => {
      const libDir = v.lib.slice(0, v.lib.lastIndexOf('/'));
      const hostDir = v.host.slice(0, v.host.lastIndexOf('/'));
      const rel = libDir.split('/').map(() => '..').join('/');
      const root = tree({
        [v.lib]: LIBRARY,
        [`${libDir}/Contexts/AppGrants.cs`]: subclass('Lib', 'AppGrantsContext', 'PersistedGrantDbContext'),
        [`${libDir}/Contexts/AppConfig.cs`]: subclass('Lib', 'AppConfigContext', 'ConfigurationDbContext'),
        ...migrations(`${libDir}/${v.dir}`, 'Lib.Migrations', 'AppGrantsContext', 'AppConfigContext'),
        [v.host]: HOST([`${rel}/${v.lib}`.replace(/^(\.\.\/)+/, hostDir.split('/').map(() => '../').join(''))]),
        [`${hostDir}/Startup.cs`]:
          'public class Startup\n{\n    public void ConfigureServices(IServiceCollection services)\n    {\n        services.AddIdentityServer()\n            .AddConfigurationStore<AppConfigContext>(o => o.ConfigureDbContext = b => b.UseNpgsql(cs))\n            .AddOperationalStore<AppGrantsContext>(o => o.ConfigureDbContext = b => b.UseNpgsql(cs));\n    }\n}\n',
      });
      const { scan: s } = await scan(root);
      expect(summary(s.ef.contexts)).toEqual([
        ['AppGrantsContext', v.host, v.lib, `${libDir}/${v.dir}/PersistedGrants`],
        ['AppConfigContext', v.host, v.lib, `${libDir}/${v.dir}/Configuration`],
      ]);
      const plan = await makePlan(root, DEFAULT_OPTIONS);
      const add = plan.steps.find((x) => x.id === 'database')!.commands.find((c) => c.args.includes('add') && c.args.includes('AppGrantsContext'))!;
      const at = (flag: string) => add.args[add.args.indexOf(flag) + 1];
      expect(at('--project')).toBe(v.lib);
      expect(at('--startup-project')).toBe(v.host);
      expect(at('-o')).toBe(`${v.out}/PersistedGrants`);
    });
  }
});

describe('generic type parameters are never context names', () => {
  const helper = (params: string) =>
    `public static class Registration\n{\n    public static IIdentityServerBuilder RegisterDbContexts<${params}>(this IIdentityServerBuilder b, string cs)\n        where TPersistedGrantDbContext : DbContext, IPersistedGrantDbContext\n        where TConfigurationDbContext : DbContext, IConfigurationDbContext\n    {\n        b.AddConfigurationStore<TConfigurationDbContext>(o => o.ConfigureDbContext = x => x.UseSqlServer(cs));\n        b.AddOperationalStore<TPersistedGrantDbContext>(o => o.ConfigureDbContext = x => x.UseSqlServer(cs));\n        return b;\n    }\n}\n`;
  it('resolved through the call that supplies the type arguments, with the host as the calling project', async () => {
    const root = tree({
      'src/Admin.EntityFramework/Admin.EntityFramework.csproj': LIBRARY,
      'src/Admin.EntityFramework/Contexts.cs': subclass('Admin', 'IdentityServerPersistedGrantDbContext', 'PersistedGrantDbContext') + subclass('Admin', 'IdentityServerConfigurationDbContext', 'ConfigurationDbContext'),
      'src/Admin.EntityFramework/Registration.cs': helper('TIdentityDbContext, TConfigurationDbContext, TPersistedGrantDbContext'),
      ...migrations('src/Admin.EntityFramework/Migrations', 'Admin.Migrations', 'IdentityServerPersistedGrantDbContext', 'IdentityServerConfigurationDbContext'),
      'src/Admin.STS/Admin.STS.csproj': HOST(['../Admin.EntityFramework/Admin.EntityFramework.csproj']),
      'src/Admin.STS/Startup.cs':
        'public class Startup\n{\n    public void ConfigureServices(IServiceCollection services)\n    {\n        services.AddIdentityServer()\n            .RegisterDbContexts<AdminIdentityDbContext, IdentityServerConfigurationDbContext, IdentityServerPersistedGrantDbContext>(cs);\n    }\n}\n',
    });
    const { scan: s } = await scan(root);
    const names = s.ef.contexts.map((c) => c.name);
    expect(names).not.toContain('TPersistedGrantDbContext');
    expect(names).not.toContain('TConfigurationDbContext');
    expect(summary(s.ef.contexts)).toEqual([
      ['IdentityServerPersistedGrantDbContext', 'src/Admin.STS/Admin.STS.csproj', 'src/Admin.EntityFramework/Admin.EntityFramework.csproj', 'src/Admin.EntityFramework/Migrations/PersistedGrants'],
      ['IdentityServerConfigurationDbContext', 'src/Admin.STS/Admin.STS.csproj', 'src/Admin.EntityFramework/Admin.EntityFramework.csproj', 'src/Admin.EntityFramework/Migrations/Configuration'],
    ]);
  });

  it('unresolved: a warning, and nothing planned with a type parameter as -c', async () => {
    const root = tree({
      'Lib/Lib.csproj': LIBRARY,
      'Lib/Registration.cs': helper('TConfigurationDbContext, TPersistedGrantDbContext'),
      'Host/Host.csproj': HOST(['../Lib/Lib.csproj']),
      'Host/Startup.cs': 'public class Startup { }\n',
    });
    const plan = await makePlan(root, DEFAULT_OPTIONS);
    const db = plan.steps.find((x) => x.id === 'database')!;
    expect(db.commands.flatMap((c) => c.args).join(' ')).not.toMatch(/-c T\w+/);
    expect(plan.scan.ef.warnings?.join('\n')).toMatch(/the operational store's context is the type parameter TPersistedGrantDbContext of RegisterDbContexts, and no call that supplies it was found; nothing is planned/);
  });
});

describe('only active code registers a store', () => {
  const forms: [string, string][] = [
    ['line comments', '        //services.AddIdentityServer()\n        //    .AddOperationalStore(o => { })\n        //    .AddConfigurationStore(o => { });\n'],
    ['a block comment', '        /*\n        services.AddIdentityServer()\n            .AddOperationalStore(o => { })\n            .AddConfigurationStore(o => { });\n        */\n'],
    ['#if false', '#if false\n        services.AddIdentityServer()\n            .AddOperationalStore(o => { })\n            .AddConfigurationStore(o => { });\n#endif\n'],
    ['#if false nested with an #else that is live but registers nothing', '#if false\n#if DEBUG\n        services.AddIdentityServer().AddOperationalStore(o => { }).AddConfigurationStore(o => { });\n#endif\n#else\n        services.AddIdentityServer();\n#endif\n'],
  ];
  for (const [name, body] of forms) {
    it(`${name}: no registration, the old migrations get a warning, no commands`, async () => {
      const root = tree({
        'Sts/Sts.csproj': HOST(),
        'Sts/Startup.cs': `public class Startup\n{\n    public void ConfigureServices(IServiceCollection services)\n    {\n${body}    }\n}\n`,
        ...migrations('Sts/Data/Migrations', 'Sts.Migrations', 'PersistedGrantDbContext', 'ConfigurationDbContext'),
      });
      const plan = await makePlan(root, DEFAULT_OPTIONS);
      expect(plan.scan.ef.storeRegistrations).toEqual([]);
      expect(plan.scan.ef.contexts).toEqual([]);
      expect(plan.steps.find((x) => x.id === 'database')!.commands).toEqual([]);
      expect([...(plan.scan.ef.warnings ?? [])].sort()).toEqual([
        'migrations for ConfigurationDbContext exist in Sts/Data/Migrations/Configuration, but no store is registered (no AddOperationalStore/AddConfigurationStore in active code): nothing planned.',
        'migrations for PersistedGrantDbContext exist in Sts/Data/Migrations/PersistedGrants, but no store is registered (no AddOperationalStore/AddConfigurationStore in active code): nothing planned.',
      ]);
    });
  }

  it('#if false around one store only: the other, in live code, is still planned', async () => {
    const root = tree({
      'Sts/Sts.csproj': HOST(),
      'Sts/Startup.cs':
        'public class Startup\n{\n    public void ConfigureServices(IServiceCollection services)\n    {\n        var b = services.AddIdentityServer();\n#if false\n        b.AddConfigurationStore(o => { });\n#endif\n        b.AddOperationalStore(o => { });\n    }\n}\n',
      ...migrations('Sts/Migrations', 'Sts.Migrations', 'PersistedGrantDbContext', 'ConfigurationDbContext'),
    });
    const { scan: s } = await scan(root);
    expect(s.ef.storeRegistrations.map((e) => e.line)).toEqual([9]);
    expect(s.ef.contexts.map((c) => c.name)).toContain('PersistedGrantDbContext');
  });
});

describe('template content is not an application', () => {
  it('a dotnet new template package under templates/**/content gets no database commands', async () => {
    const content = 'templates/src/IdentityServerEF/content/IdentityServerEF';
    const root = tree({
      'templates/Templates.csproj': csproj('', { sdk: 'Microsoft.NET.Sdk' }),
      [`${content}/.template.config/template.json`]: '{ "identity": "My.IdentityServer.EF", "shortName": "is4ef" }\n',
      [`${content}/IdentityServerEF.csproj`]: HOST(),
      [`${content}/Startup.cs`]: 'public class Startup\n{\n    public void ConfigureServices(IServiceCollection services)\n    {\n        services.AddIdentityServer().AddOperationalStore(o => { }).AddConfigurationStore(o => { });\n    }\n}\n',
      ...migrations(`${content}/Data/Migrations`, 'IdentityServerEF.Migrations', 'PersistedGrantDbContext', 'ConfigurationDbContext'),
    });
    const plan = await makePlan(root, DEFAULT_OPTIONS);
    expect(plan.scan.ef.storeRegistrations).toEqual([]);
    expect(plan.scan.ef.contexts).toEqual([]);
    expect(plan.steps.find((x) => x.id === 'database')!.commands).toEqual([]);
  });
});

describe('the overview says what was found', () => {
  it('migration folders that no registration leads to are counted on the EF stores line', async () => {
    const { overviewLines } = await import('../../../src/ui/state/views.js');
    const { initialState } = await import('../../../src/ui/state/wizard.js');
    const root = tree({
      'Sts/Sts.csproj': HOST(),
      'Sts/Startup.cs': 'public class Startup\n{\n    // services.AddIdentityServer().AddOperationalStore(o => { }).AddConfigurationStore(o => { });\n}\n',
      ...migrations('Sts/Data/Migrations', 'Sts.Migrations', 'PersistedGrantDbContext', 'ConfigurationDbContext'),
    });
    const plan = await makePlan(root, DEFAULT_OPTIONS);
    const text = overviewLines({ ...initialState(), phase: 'overview', plan }, 200).map((l) => l.text).join('\n');
    expect(text).toMatch(/EF stores\s+no; 2 migration folders found, 2 not tied to a host \(why: see --plan\)/);
    expect(plan.steps.find((s) => s.id === 'database')!.warnings[0]).toBe('No EF Core store is registered in active code, so there is no database to migrate; migrations found for one are listed below.');
  });
});
