/**
 * The namespaces step renames by project: only code in a project that gets Duende (it references an
 * IdentityServer package, or a project that does) moves to Duende's names. A web app or API beside the
 * identity server keeps the IdentityModel package the packages step leaves it, so `using IdentityModel`
 * must stay there (CS0246 otherwise), and a namespace of its own that happens to start with
 * IdentityServer4 resolves nothing through IdentityServer's, so it stays too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePlan } from '../../../src/core/plan/plan.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { removeDir, runCli } from '../../helpers/cli.js';
import { csproj, writeTree } from '../scan/tree.js';

const HOST = {
  'Auth/Auth.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n    <PackageReference Include="IdentityModel" Version="4.4.0" />\n', { tfm: '  <PropertyGroup>\n    <TargetFramework>netcoreapp3.1</TargetFramework>\n  </PropertyGroup>\n' }),
  'Auth/Config.cs': 'using IdentityModel;\nusing IdentityServer4.Models;\n\nnamespace Auth\n{\n    public class Config { public Client C; public string S = JwtClaimTypes.Subject; }\n}\n',
};

/** A client web app: no IdentityServer package, the IdentityModel client library, and (sometimes) a namespace of its own under IdentityServer4. */
function webApp(dir: string, opts: { references?: string; namespace: string }) {
  return {
    [`${dir}/${path.posix.basename(dir)}.csproj`]: csproj(
      `    <PackageReference Include="IdentityModel" Version="4.4.0" />\n${opts.references ? `    <ProjectReference Include="${opts.references}" />\n` : ''}`,
      { tfm: '  <PropertyGroup>\n    <TargetFramework>netcoreapp3.1</TargetFramework>\n  </PropertyGroup>\n' },
    ),
    [`${dir}/Services/TokenClient.cs`]: `using IdentityModel.Client;\nusing ${opts.namespace}.Models;\n\nnamespace ${opts.namespace}.Services\n{\n    public class TokenClient { public TokenResponse Last; public Item I; }\n}\n`,
    [`${dir}/Models/Item.cs`]: `namespace ${opts.namespace}.Models\n{\n    public class Item { }\n}\n`,
    // the parent of the declared namespaces, as MVC's _ViewImports names it
    [`${dir}/Views/_ViewImports.cshtml`]: `@using ${opts.namespace}\n@using ${opts.namespace}.Models\n`,
  };
}

const TARGETS = ['5.2.4', '8.0.3'];

describe('namespaces by project', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) removeDir(d);
  });

  const layouts = [
    { name: 'a client app named IdentityServer4.WebApp', app: 'IdentityServer4.WebApp', namespace: 'IdentityServer4.WebApp' },
    { name: 'a client app nested in src/clients, its own namespace elsewhere', app: 'src/clients/Shop.Web', namespace: 'Shop.Web' },
    { name: 'an API whose namespace is IdentityServer4.Api.Orders', app: 'apis/Orders', namespace: 'IdentityServer4.Api.Orders' },
  ];
  for (const layout of layouts) {
    for (const target of TARGETS) {
      it(`${layout.name} → ${target}: its files are not touched; the host's are`, async () => {
        const root = writeTree({ ...HOST, ...webApp(layout.app, { namespace: layout.namespace }) });
        dirs.push(root);
        const plan = await makePlan(root, { ...DEFAULT_OPTIONS, target });
        const ns = plan.steps.find((s) => s.id === 'namespaces')!;
        const touched = ns.changes.map((c) => c.path);
        expect(touched).toEqual(['Auth/Config.cs']);
        const warnings = ns.warnings.join('\n');
        expect(warnings).not.toMatch(/third-party package/);
        if (layout.namespace.startsWith('IdentityServer4.')) expect(warnings).toContain(`${layout.namespace}.Services`);

        const before = readFileSync(path.join(root, layout.app, 'Services/TokenClient.cs'), 'utf8');
        const imports = readFileSync(path.join(root, layout.app, 'Views/_ViewImports.cshtml'), 'utf8');
        const r = await runCli([root, '--yes', '--target-version', target, '--skip', 'database,verify']);
        expect([0, 1]).toContain(r.code);
        expect(readFileSync(path.join(root, layout.app, 'Services/TokenClient.cs'), 'utf8')).toBe(before);
        expect(readFileSync(path.join(root, layout.app, 'Views/_ViewImports.cshtml'), 'utf8')).toBe(imports);
        const config = readFileSync(path.join(root, 'Auth/Config.cs'), 'utf8');
        expect(config).toContain('using Duende.IdentityServer.Models;');
        // from 7.1 the host's IdentityModel is Duende.IdentityModel, in its package reference and in its code alike
        expect(config).toContain(target === '8.0.3' ? 'using Duende.IdentityModel;' : 'using IdentityModel;');
        const app = readFileSync(path.join(root, layout.app, `${path.posix.basename(layout.app)}.csproj`), 'utf8');
        expect(app).toContain('<PackageReference Include="IdentityModel" Version="4.4.0" />');
      }, 60_000);
    }
  }

  it('a client app that references the host gets Duende through it: its IdentityServer4 namespaces move, with the host', async () => {
    const root = writeTree({ ...HOST, ...webApp('IdentityServer4.WebApp', { namespace: 'IdentityServer4.WebApp', references: '../Auth/Auth.csproj' }) });
    dirs.push(root);
    const plan = await makePlan(root, { ...DEFAULT_OPTIONS, target: '8.0.3' });
    const ns = plan.steps.find((s) => s.id === 'namespaces')!;
    expect(ns.changes.map((c) => c.path).sort()).toEqual(['Auth/Config.cs', 'IdentityServer4.WebApp/Models/Item.cs', 'IdentityServer4.WebApp/Services/TokenClient.cs', 'IdentityServer4.WebApp/Views/_ViewImports.cshtml']);
  });
});
