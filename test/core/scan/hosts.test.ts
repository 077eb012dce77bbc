import { afterEach, describe, expect, it } from 'vitest';
import { makePlan } from '../../../src/core/plan/plan.js';
import { scan } from '../../../src/core/scan/index.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { removeDir } from '../../helpers/cli.js';
import { writeTree } from './tree.js';

/**
 * A host is a project that runs, by its type (issue 9): the web or Worker SDK,
 * OutputType Exe/WinExe, or, where the OutputType cannot be known, a Program
 * that builds a host. Not because it references an IdentityServer package.
 * `dotnet ef --startup-project` is always such a project.
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

function project(sdk: string, opts: { props?: string; items?: string } = {}): string {
  return `<Project Sdk="${sdk}">\n  <PropertyGroup>\n    <TargetFramework>net5.0</TargetFramework>\n${opts.props ?? ''}  </PropertyGroup>\n  <ItemGroup>\n${opts.items ?? ''}  </ItemGroup>\n</Project>\n`;
}
const ref = (p: string) => `    <ProjectReference Include="${p}" />\n`;
const pkg = (id: string, v = '4.1.2') => `    <PackageReference Include="${id}" Version="${v}" />\n`;

/** An extension method in a library that registers IdentityServer with both EF stores. */
const REGISTRATION = (method = 'AddIdentityPlatform') =>
  `using Microsoft.Extensions.DependencyInjection;\n\nnamespace Platform.Identity\n{\n    public static class IdentityRegistration\n    {\n        public static IServiceCollection ${method}(this IServiceCollection services, string cs)\n        {\n            services.AddIdentityServer()\n                .AddConfigurationStore(o => o.ConfigureDbContext = b => b.UseSqlServer(cs, sql => sql.MigrationsAssembly("Platform.Identity")))\n                .AddOperationalStore(o => o.ConfigureDbContext = b => b.UseSqlServer(cs, sql => sql.MigrationsAssembly("Platform.Identity")));\n            return services;\n        }\n    }\n}\n`;
const STARTUP = (call: string) => `public class Startup\n{\n    public void ConfigureServices(IServiceCollection services)\n    {\n        ${call}\n    }\n}\n`;
const model = (context: string, id?: string) =>
  `namespace Platform.Identity.Migrations\n{\n    [DbContext(typeof(${context}))]\n${id ? `    [Migration("${id}")]\n` : ''}    partial class M : ModelSnapshot\n    {\n    }\n}\n`;
const MIGRATIONS = (dir: string) => ({
  [`${dir}/Grants/20210301101010_Grants.Designer.cs`]: model('PersistedGrantDbContext', '20210301101010_Grants'),
  [`${dir}/Grants/PersistedGrantDbContextModelSnapshot.cs`]: model('PersistedGrantDbContext'),
  [`${dir}/Config/20210301101020_Config.Designer.cs`]: model('ConfigurationDbContext', '20210301101020_Config'),
  [`${dir}/Config/ConfigurationDbContextModelSnapshot.cs`]: model('ConfigurationDbContext'),
});
const LIB = 'src/Platform.Identity/Platform.Identity.csproj';
const LIB_FILES = {
  [LIB]: project('Microsoft.NET.Sdk', { items: pkg('IdentityServer4.EntityFramework') }),
  'src/Platform.Identity/IdentityRegistration.cs': REGISTRATION(),
  ...MIGRATIONS('src/Platform.Identity/Migrations'),
};

async function startupProjects(root: string): Promise<{ startups: string[]; projects: string[]; warnings: string }> {
  const plan = await makePlan(root, DEFAULT_OPTIONS);
  const db = plan.steps.find((s) => s.id === 'database')!;
  const startups = new Set<string>();
  const projects = new Set<string>();
  for (const c of db.commands) {
    const at = c.args.indexOf('--startup-project');
    if (at !== -1) startups.add(c.args[at + 1]!);
    const p = c.args.indexOf('--project');
    if (c.args[0] === 'ef' && p !== -1) projects.add(c.args[p + 1]!);
  }
  return { startups: [...startups].sort(), projects: [...projects].sort(), warnings: [...(plan.scan.ef.warnings ?? []), ...db.warnings].join('\n') };
}

describe('the role comes from the project type', () => {
  const cases: { name: string; files: Record<string, string>; project: string; role: string; runs?: RegExp }[] = [
    {
      name: 'a web project with no IdentityServer package, referencing the library that registers it',
      files: { ...LIB_FILES, 'src/Platform.Web/Platform.Web.csproj': project('Microsoft.NET.Sdk.Web', { items: ref('../Platform.Identity/Platform.Identity.csproj') }) },
      project: 'src/Platform.Web/Platform.Web.csproj',
      role: 'host',
      runs: /^Microsoft\.NET\.Sdk\.Web$/,
    },
    { name: 'a class library that references IdentityServer4.EntityFramework', files: LIB_FILES, project: LIB, role: 'library' },
    {
      name: 'a console project (OutputType Exe) that hosts IdentityServer',
      files: { 'Auth/Auth.csproj': project('Microsoft.NET.Sdk', { props: '    <OutputType>Exe</OutputType>\n', items: pkg('IdentityServer4') }) },
      project: 'Auth/Auth.csproj',
      role: 'host',
      runs: /^OutputType Exe$/,
    },
    {
      name: 'OutputType WinExe set through a property in Directory.Build.props',
      files: {
        'Directory.Build.props': '<Project>\n  <PropertyGroup>\n    <AppKind>WinExe</AppKind>\n  </PropertyGroup>\n</Project>\n',
        'Desk/Desk.csproj': project('Microsoft.NET.Sdk', { props: '    <OutputType>$(AppKind)</OutputType>\n', items: pkg('IdentityServer4') }),
      },
      project: 'Desk/Desk.csproj',
      role: 'host',
      runs: /^OutputType WinExe$/,
    },
    { name: 'a Worker SDK project', files: { 'Jobs/Jobs.csproj': project('Microsoft.NET.Sdk.Worker', { items: pkg('IdentityServer4.Storage') }) }, project: 'Jobs/Jobs.csproj', role: 'host' },
    {
      name: 'a web SDK project built as a library (OutputType Library)',
      files: { 'WebLib/WebLib.csproj': project('Microsoft.NET.Sdk.Web', { props: '    <OutputType>Library</OutputType>\n', items: pkg('IdentityServer4') }) },
      project: 'WebLib/WebLib.csproj',
      role: 'library',
    },
    {
      name: 'an SDK this tool does not know, with a Program that builds a host',
      files: {
        'Svc/Svc.csproj': project('Contoso.Service.Sdk/1.2.0', { items: pkg('IdentityServer4') }),
        'Svc/Program.cs': 'public static class Program\n{\n    public static void Main(string[] args) => Host.CreateDefaultBuilder(args).Build().Run();\n}\n',
      },
      project: 'Svc/Svc.csproj',
      role: 'host',
      runs: /^Svc\/Program\.cs builds a host$/,
    },
    {
      name: 'an SDK this tool does not know, whose Program names a host builder only in a comment',
      files: {
        'Svc/Svc.csproj': project('Contoso.Service.Sdk', { items: pkg('IdentityServer4') }),
        'Svc/Program.cs': '// Host.CreateDefaultBuilder(args) lives in the app\npublic static class Program { }\n',
      },
      project: 'Svc/Svc.csproj',
      role: 'library',
    },
    {
      name: 'an OutputType set through a property defined nowhere this tool reads, and top-level statements that build a web host',
      files: {
        'Top/Top.csproj': project('Microsoft.NET.Sdk', { props: '    <OutputType>$(OutsideKind)</OutputType>\n', items: pkg('IdentityServer4') }),
        'Top/Program.cs': 'var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddIdentityServer();\nbuilder.Build().Run();\n',
      },
      project: 'Top/Top.csproj',
      role: 'host',
    },
    {
      name: 'a test project, even with OutputType Exe (xunit v3)',
      files: { 'Tests/Tests.csproj': project('Microsoft.NET.Sdk', { props: '    <OutputType>Exe</OutputType>\n', items: pkg('xunit.v3', '1.0.0') + pkg('IdentityServer4') }) },
      project: 'Tests/Tests.csproj',
      role: 'test',
    },
    {
      name: 'a web SDK test project marked IsTestProject',
      files: { 'WebTests/WebTests.csproj': project('Microsoft.NET.Sdk.Web', { props: '    <IsTestProject>true</IsTestProject>\n', items: pkg('IdentityServer4') }) },
      project: 'WebTests/WebTests.csproj',
      role: 'test',
    },
    {
      name: 'a web API that validates tokens with JwtBearer and has no IdentityServer package',
      files: { 'Api/Api.csproj': project('Microsoft.NET.Sdk.Web', { items: pkg('Microsoft.AspNetCore.Authentication.JwtBearer', '5.0.17') + pkg('IdentityModel', '4.6.0') }) },
      project: 'Api/Api.csproj',
      role: 'api',
    },
    {
      name: 'a class library that references IdentityServer4.AccessTokenValidation',
      files: { 'Auth.Shared/Auth.Shared.csproj': project('Microsoft.NET.Sdk', { items: pkg('IdentityServer4.AccessTokenValidation', '3.0.1') }) },
      project: 'Auth.Shared/Auth.Shared.csproj',
      role: 'library',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.role}`, async () => {
      const { scan: s } = await scan(tree(c.files));
      const p = s.projects.find((x) => x.path === c.project)!;
      expect(p.role).toBe(c.role);
      if (c.runs) expect(p.runs).toMatch(c.runs);
      else if (c.role !== 'host' && c.role !== 'api') expect(p.runs).toBeUndefined();
    });
  }
});

describe('dotnet ef --startup-project is a project that runs', () => {
  const variants: { name: string; files: Record<string, string>; startup: string }[] = [
    {
      name: 'a web host with no IdentityServer package calls the library that registers the stores',
      files: {
        ...LIB_FILES,
        'src/Platform.Web/Platform.Web.csproj': project('Microsoft.NET.Sdk.Web', { items: ref('../Platform.Identity/Platform.Identity.csproj') }),
        'src/Platform.Web/Startup.cs': STARTUP('services.AddIdentityPlatform(Configuration.GetConnectionString("Identity"));'),
      },
      startup: 'src/Platform.Web/Platform.Web.csproj',
    },
    {
      name: 'a console host (OutputType Exe) in a nested folder, through a second library',
      files: {
        ...LIB_FILES,
        'src/Platform.Composition/Platform.Composition.csproj': project('Microsoft.NET.Sdk', { items: ref('../Platform.Identity/Platform.Identity.csproj') }),
        'apps/console/Auth.Console/Auth.Console.csproj': project('Microsoft.NET.Sdk', { props: '    <OutputType>Exe</OutputType>\n', items: ref('../../../src/Platform.Composition/Platform.Composition.csproj') }),
        'apps/console/Auth.Console/Program.cs': 'public static class Program { public static void Main() { } }\n',
      },
      startup: 'apps/console/Auth.Console/Auth.Console.csproj',
    },
    {
      name: 'two projects run and reference the library; only one calls its registration',
      files: {
        ...LIB_FILES,
        'src/Admin/Admin.csproj': project('Microsoft.NET.Sdk.Web', { items: ref('../Platform.Identity/Platform.Identity.csproj') }),
        'src/Admin/Startup.cs': STARTUP('services.AddMvc(); // AddIdentityPlatform is the STS\'s job'),
        'src/Sts/Sts.csproj': project('Microsoft.NET.Sdk.Web', { items: ref('../Platform.Identity/Platform.Identity.csproj') }),
        'src/Sts/Infrastructure/Setup.cs': STARTUP('services\n            .AddIdentityPlatform(cs);'),
        'tests/Sts.Tests/Sts.Tests.csproj': project('Microsoft.NET.Sdk', { items: pkg('Microsoft.NET.Test.Sdk', '17.0.0') + ref('../../src/Platform.Identity/Platform.Identity.csproj') }),
      },
      startup: 'src/Sts/Sts.csproj',
    },
  ];
  for (const v of variants) {
    it(`${v.name}: --startup-project ${v.startup}, --project the library`, async () => {
      const { startups, projects } = await startupProjects(tree(v.files));
      expect(startups).toEqual([v.startup]);
      expect(projects).toEqual([LIB]);
    });
  }

  it('a library that no project that runs references: no command, a warning that names the library and what to run', async () => {
    const root = tree({
      ...LIB_FILES,
      'tests/Identity.Tests/Identity.Tests.csproj': project('Microsoft.NET.Sdk', { props: '    <IsTestProject>true</IsTestProject>\n', items: ref('../../src/Platform.Identity/Platform.Identity.csproj') }),
    });
    const { startups, warnings } = await startupProjects(root);
    expect(startups).toEqual([]);
    expect(warnings).toContain(
      `Platform.Identity (src/Platform.Identity/IdentityRegistration.cs:10): ${LIB} is a library, and no web or executable project in this folder references it, so dotnet ef has no startup project for its configuration store. No migration is planned for it; run dotnet ef for it by hand with --project for its migrations and --startup-project <the project that runs IdentityServer>.`,
    );
  });

  it('two projects run and reference the library, and neither calls it in its own code: no command, a warning naming both', async () => {
    const root = tree({
      ...LIB_FILES,
      'src/A/A.csproj': project('Microsoft.NET.Sdk.Web', { items: ref('../Platform.Identity/Platform.Identity.csproj') }),
      'src/B/B.csproj': project('Microsoft.NET.Sdk.Worker', { items: ref('../Platform.Identity/Platform.Identity.csproj') }),
    });
    const { startups, warnings } = await startupProjects(root);
    expect(startups).toEqual([]);
    expect(warnings).toMatch(/src\/Platform\.Identity\/Platform\.Identity\.csproj is a library referenced by several projects that run \(A, B\), and which of them registers this operational store is not clear \(none calls AddIdentityPlatform in its own code\)\. No migration is planned for it/);
  });

  it('two hosts that each call the library: each is a startup project of its own, and the shared migrations assembly is said', async () => {
    const root = tree({
      ...LIB_FILES,
      'src/A/A.csproj': project('Microsoft.NET.Sdk.Web', { items: ref('../Platform.Identity/Platform.Identity.csproj') }),
      'src/A/Startup.cs': STARTUP('services.AddIdentityPlatform(cs);'),
      'src/B/B.csproj': project('Microsoft.NET.Sdk.Web', { items: ref('../Platform.Identity/Platform.Identity.csproj') }),
      'src/B/Startup.cs': STARTUP('services.AddIdentityPlatform(cs);'),
    });
    const { scan: s } = await scan(root);
    expect(s.ef.contexts.map((c) => c.startupProject)).toEqual(['src/A/A.csproj', 'src/A/A.csproj']);
    expect(s.ef.warnings?.join('\n')).toMatch(/the migrations assembly src\/Platform\.Identity\/Platform\.Identity\.csproj is shared by A, B; the migration is added once, with A as the startup project/);
  });
});
