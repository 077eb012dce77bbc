import { describe, expect, it } from 'vitest';
import { analyzeNamespaces, type SourceText } from '../../../src/core/steps/namespaces.js';
import { applySplices } from '../../../src/core/text/edit.js';

/** Run the analysis over a set of files and return every file's text afterwards. */
function upgrade(files: Record<string, string>) {
  const sources: SourceText[] = Object.entries(files).map(([path, text]) => ({ path, text }));
  const a = analyzeNamespaces(sources);
  const after: Record<string, string> = {};
  for (const s of sources) after[s.path] = applySplices(s.text, a.edits.get(s.path) ?? []);
  return { after, analysis: a };
}

function one(path: string, text: string): string {
  return upgrade({ [path]: text }).after[path]!;
}

const renamed: [string, string, string][] = [
  ['using directive', 'using IdentityServer4.Models;\n', 'using Duende.IdentityServer.Models;\n'],
  ['bare using', 'using IdentityServer4;\n', 'using Duende.IdentityServer;\n'],
  ['global using', 'global using IdentityServer4.Services;\n', 'global using Duende.IdentityServer.Services;\n'],
  ['using static', 'using static IdentityServer4.IdentityServerConstants;\n', 'using static Duende.IdentityServer.IdentityServerConstants;\n'],
  ['alias', 'using Client = IdentityServer4.Models.Client;\n', 'using Client = Duende.IdentityServer.Models.Client;\n'],
  ['global alias', 'using IS = global::IdentityServer4;\n', 'using IS = global::Duende.IdentityServer;\n'],
  ['fully qualified', 'var c = new IdentityServer4.Models.Client();\n', 'var c = new Duende.IdentityServer.Models.Client();\n'],
  ['global::', 'var c = new global::IdentityServer4.Models.Client();\n', 'var c = new global::Duende.IdentityServer.Models.Client();\n'],
  ['typeof and generic args', 'var t = typeof(IdentityServer4.Hosting.IdentityServerMiddleware); var l = new List<IdentityServer4.Models.ApiScope>();\n', 'var t = typeof(Duende.IdentityServer.Hosting.IdentityServerMiddleware); var l = new List<Duende.IdentityServer.Models.ApiScope>();\n'],
  ['attribute', '[SecurityHeaders(typeof(IdentityServer4.Configuration.IdentityServerOptions))]\n', '[SecurityHeaders(typeof(Duende.IdentityServer.Configuration.IdentityServerOptions))]\n'],
  ['root-namespace type', 'var s = IdentityServer4.IdentityServerConstants.LocalApi.ScopeName;\n', 'var s = Duende.IdentityServer.IdentityServerConstants.LocalApi.ScopeName;\n'],
  ['dotted name split over lines', 'var x = IdentityServer4\n    .Models\n    .GrantTypes.Code;\n', 'var x = Duende.IdentityServer\n    .Models\n    .GrantTypes.Code;\n'],
  ['interpolation hole is code', 'var s = $"{IdentityServer4.IdentityServerConstants.ProtocolTypes.OpenIdConnect} IdentityServer4";\n', 'var s = $"{Duende.IdentityServer.IdentityServerConstants.ProtocolTypes.OpenIdConnect} IdentityServer4";\n'],
  ['verbatim identifier', 'var c = new @IdentityServer4.Models.Client();\n', 'var c = new Duende.IdentityServer.Models.Client();\n'],
  ['CRLF with a BOM', '\uFEFFusing System;\r\nusing IdentityServer4.Models;\r\n', '\uFEFFusing System;\r\nusing Duende.IdentityServer.Models;\r\n'],
];

const untouched: [string, string][] = [
  ['AccessTokenValidation', 'using IdentityServer4.AccessTokenValidation;\nservices.AddAuthentication(IdentityServer4.AccessTokenValidation.IdentityServerAuthenticationDefaults.AuthenticationScheme);\n'],
  ['longer names', 'using Skoruba.IdentityServer4.Admin;\nvar a = new IdentityServer4EntityFramework(); var b = new MyIdentityServer4(); var o = new IdentityServer4Options();\n'],
  ['connection string', 'var cs = "Server=.;Database=IdentityServer4.Quickstart.EntityFramework-4.0.0;Trusted_Connection=True";\n'],
  ['string value', 'options.AuthenticationType = "IdentityServer4";\n'],
  ['verbatim and raw strings', 'var a = @"IdentityServer4.Models"; var b = """IdentityServer4.Models""";\n'],
  ['comments', '// using IdentityServer4.Models;\n/* IdentityServer4.Models.Client */\n/// <see cref="IdentityServer4.Models.Client"/>\n'],
  ['preprocessor', '#region IdentityServer4.Models\n#endregion\n'],
  ['enum member named IdentityServer4', 'enum Provider { IdentityServer4, Auth0 }\nvar p = Provider.IdentityServer4;\n'],
  ['byte-view letter before', 'var x = \uE0E9IdentityServer4.Models;\n'],
  ['third-party namespaces', 'using IdentityServer4.Contrib.RedisStore;\nusing IdentityServer4.LdapExtension;\n'],
  ['entity string outside a migration', 'var n = "IdentityServer4.EntityFramework.Entities.PersistedGrant";\n'],
];

describe('namespaces: C# renames', () => {
  it.each(renamed)('%s', (_t, before, after) => {
    expect(one('Startup.cs', before)).toBe(after);
  });
});

describe('namespaces: never touched', () => {
  it.each(untouched)('%s', (_t, text) => {
    expect(one('Startup.cs', text)).toBe(text);
  });

  it('leaves XML doc crefs alone but warns about them', () => {
    const text = '/// <see cref="IdentityServer4.Models.Client"/>\nclass A { }\n';
    const { after, analysis } = upgrade({ 'A.cs': text });
    expect(after['A.cs']).toBe(text);
    expect(analysis.warnings).toEqual([expect.stringContaining('cref) at A.cs:1')]);
  });

  it('warns about a bare IdentityServer4 outside a directive', () => {
    const { analysis } = upgrade({ 'Startup.cs': 'enum Provider { IdentityServer4 }\n' });
    expect(analysis.warnings).toEqual([expect.stringContaining('IdentityServer4 stands alone in code at Startup.cs:1')]);
  });

  it('warns about third-party namespaces with their places', () => {
    const { analysis } = upgrade({ 'Startup.cs': 'using IdentityServer4.Models;\nusing IdentityServer4.Contrib.RedisStore;\n' });
    expect(analysis.warnings).toHaveLength(1);
    expect(analysis.warnings[0]).toContain('IdentityServer4.Contrib is not part of IdentityServer4');
    expect(analysis.warnings[0]).toContain('Startup.cs:2');
  });
});

describe('namespaces: Razor', () => {
  it('renames directives and code, keeps HTML text', () => {
    const files = {
      'Views/_ViewImports.cshtml': '@using IdentityServerHost.Quickstart.UI\n@using IdentityServer4.Models\n@addTagHelper *, Microsoft.AspNetCore.Mvc.TagHelpers\n',
      'Views/Shared/_Nav.cshtml': '@using IdentityServer4.Extensions\n@{\n    string name = null;\n    if (!true.Equals(ViewData["signed-out"]))\n    {\n        name = Context.User?.GetDisplayName();\n    }\n}\n<div class="nav-page">IdentityServer4</div>\n',
      'Views/Home/Index.cshtml': '@{\n    var version = typeof(IdentityServer4.Hosting.IdentityServerMiddleware).Assembly.GetName().Version.ToString();\n}\n<h1>Welcome to IdentityServer4 <small>(version @version)</small></h1>\n<p>IdentityServer4.Models is documented at <a href="https://identityserver4.readthedocs.io/">IdentityServer4 docs</a>.</p>\n<p>@typeof(IdentityServer4.Hosting.IdentityServerMiddleware).Name</p>\n',
      'Views/Account/Login.cshtml': '@model IdentityServer4.Models.LogoutRequest\n@inject IdentityServer4.Services.IIdentityServerInteractionService Interaction\n@inherits Microsoft.AspNetCore.Mvc.Razor.RazorPage<IdentityServer4.Models.Client>\n<p title="IdentityServer4.Models">x</p>\n',
    };
    const { after } = upgrade(files);
    expect(after['Views/_ViewImports.cshtml']).toBe('@using IdentityServerHost.Quickstart.UI\n@using Duende.IdentityServer.Models\n@addTagHelper *, Microsoft.AspNetCore.Mvc.TagHelpers\n');
    expect(after['Views/Shared/_Nav.cshtml']).toBe(files['Views/Shared/_Nav.cshtml'].replace('@using IdentityServer4.Extensions', '@using Duende.IdentityServer.Extensions'));
    expect(after['Views/Home/Index.cshtml']).toBe(
      '@{\n    var version = typeof(Duende.IdentityServer.Hosting.IdentityServerMiddleware).Assembly.GetName().Version.ToString();\n}\n<h1>Welcome to IdentityServer4 <small>(version @version)</small></h1>\n<p>IdentityServer4.Models is documented at <a href="https://identityserver4.readthedocs.io/">IdentityServer4 docs</a>.</p>\n<p>@typeof(Duende.IdentityServer.Hosting.IdentityServerMiddleware).Name</p>\n',
    );
    expect(after['Views/Account/Login.cshtml']).toBe(
      '@model Duende.IdentityServer.Models.LogoutRequest\n@inject Duende.IdentityServer.Services.IIdentityServerInteractionService Interaction\n@inherits Microsoft.AspNetCore.Mvc.Razor.RazorPage<Duende.IdentityServer.Models.Client>\n<p title="IdentityServer4.Models">x</p>\n',
    );
  });
});

describe('namespaces: Razor control flow and markup', () => {
  it('renames only C# inside blocks, loops and attributes, never the text around it', () => {
    const view = [
      '@model DiagnosticsViewModel',
      '@using static IdentityServer4.IdentityServerConstants',
      '',
      '<div class="diagnostics-page" data-provider="IdentityServer4.Models">',
      '    @if (Model.Clients.Any())',
      '    {',
      '        <div class="card">',
      '            <h2>IdentityServer4 clients</h2>',
      '            <ul>',
      '                @foreach (var client in Model.Clients.Cast<IdentityServer4.Models.Client>())',
      '                {',
      '                    <li title="IdentityServer4.Models.Client">@client.ClientId @(IdentityServer4.IdentityServerConstants.LocalIdentityProvider)</li>',
      '                }',
      '            </ul>',
      '        </div>',
      '    }',
      '    else',
      '    {',
      '        <p>IdentityServer4.Models: none</p>',
      '    }',
      '    <a href="mailto:admin@IdentityServer4.example">admin</a>',
      '    @* @IdentityServer4.Models.Client *@',
      '</div>',
      '@section scripts {',
      '    <script>var name = "@IdentityServer4.IdentityServerConstants.DefaultCookieAuthenticationScheme"; // IdentityServer4.Models</script>',
      '}',
      '',
    ].join('\r\n');
    const expected = view
      .replace('@using static IdentityServer4.IdentityServerConstants', '@using static Duende.IdentityServer.IdentityServerConstants')
      .replace('Cast<IdentityServer4.Models.Client>', 'Cast<Duende.IdentityServer.Models.Client>')
      .replace('@(IdentityServer4.IdentityServerConstants', '@(Duende.IdentityServer.IdentityServerConstants')
      .replace('"@IdentityServer4.IdentityServerConstants.Default', '"@Duende.IdentityServer.IdentityServerConstants.Default');
    expect(one('Views/Diagnostics/Index.cshtml', view)).toBe(expected);
  });
});

describe('namespaces: a namespace the user declares under IdentityServer4', () => {
  it('renames the declaration and every usage together, with a warning', () => {
    const files = {
      'Quickstart/Account/AccountController.cs': 'using IdentityServer4.Services;\n\nnamespace IdentityServer4.Quickstart.UI\n{\n    public class AccountController { string s = IdentityServerConstants.LocalIdentityProvider; }\n}\n',
      'Quickstart/Home/HomeController.cs': 'namespace IdentityServer4.Quickstart.UI;\n\npublic class HomeController { }\n',
      'Startup.cs': 'using IdentityServer4.Quickstart.UI;\nvar u = typeof(IdentityServer4.Quickstart.UI.TestUsers);\n',
      'Views/_ViewImports.cshtml': '@using IdentityServer4.Quickstart.UI\n',
      'Views/Account/Login.cshtml': '@model IdentityServer4.Quickstart.UI.LoginViewModel\n<p>IdentityServer4.Quickstart.UI</p>\n',
    };
    const { after, analysis } = upgrade(files);
    expect(after['Quickstart/Account/AccountController.cs']).toBe(
      'using Duende.IdentityServer.Services;\n\nnamespace Duende.IdentityServer.Quickstart.UI\n{\n    public class AccountController { string s = IdentityServerConstants.LocalIdentityProvider; }\n}\n',
    );
    expect(after['Quickstart/Home/HomeController.cs']).toBe('namespace Duende.IdentityServer.Quickstart.UI;\n\npublic class HomeController { }\n');
    expect(after['Startup.cs']).toBe('using Duende.IdentityServer.Quickstart.UI;\nvar u = typeof(Duende.IdentityServer.Quickstart.UI.TestUsers);\n');
    expect(after['Views/_ViewImports.cshtml']).toBe('@using Duende.IdentityServer.Quickstart.UI\n');
    expect(after['Views/Account/Login.cshtml']).toBe('@model Duende.IdentityServer.Quickstart.UI.LoginViewModel\n<p>IdentityServer4.Quickstart.UI</p>\n');
    expect(analysis.warnings.join('\n')).toMatch(/declares its own namespace IdentityServer4\.Quickstart\.UI \(Quickstart\/Account\/AccountController\.cs:3, Quickstart\/Home\/HomeController\.cs:1\)/);
  });

  it('leaves declaration and usages alone when a source file could not be read, and says why', () => {
    const files = [
      { path: 'Quickstart/HomeController.cs', text: 'namespace IdentityServer4.Quickstart.UI { class HomeController { } }\n' },
      { path: 'Startup.cs', text: 'using IdentityServer4.Quickstart.UI;\nusing IdentityServer4.Models;\n' },
    ];
    const a = analyzeNamespaces(files, ['Quickstart/Legacy.cs']);
    expect(applySplices(files[0]!.text, a.edits.get('Quickstart/HomeController.cs') ?? [])).toBe(files[0]!.text);
    expect(applySplices(files[1]!.text, a.edits.get('Startup.cs') ?? [])).toBe('using IdentityServer4.Quickstart.UI;\nusing Duende.IdentityServer.Models;\n');
    expect(a.warnings.join('\n')).toContain('Quickstart/Legacy.cs could not be read');
  });

  it('moves types declared in the root namespace IdentityServer4 together with their usages', () => {
    const { after } = upgrade({
      'Custom/MyStore.cs': 'namespace IdentityServer4\n{\n    public class MyStore { }\n}\n',
      'Startup.cs': 'using IdentityServer4;\nvar s = new IdentityServer4.MyStore();\n',
    });
    expect(after['Custom/MyStore.cs']).toBe('namespace Duende.IdentityServer\n{\n    public class MyStore { }\n}\n');
    expect(after['Startup.cs']).toBe('using Duende.IdentityServer;\nvar s = new Duende.IdentityServer.MyStore();\n');
  });

  it('matches the declared namespace itself, not its neighbours', () => {
    const { after } = upgrade({
      'Mine.cs': 'namespace IdentityServer4.Contrib.Mine { class A { } }\n',
      'Startup.cs': 'using IdentityServer4.Contrib;\nusing IdentityServer4.Contrib.Mine;\nusing IdentityServer4.Contrib.RedisStore;\nvar a = new IdentityServer4.Contrib.Mine.A();\n',
    });
    expect(after['Mine.cs']).toBe('namespace Duende.IdentityServer.Contrib.Mine { class A { } }\n');
    expect(after['Startup.cs']).toBe('using Duende.IdentityServer.Contrib;\nusing Duende.IdentityServer.Contrib.Mine;\nusing IdentityServer4.Contrib.RedisStore;\nvar a = new Duende.IdentityServer.Contrib.Mine.A();\n');
  });

  it('without the declaration in the solution, IdentityServer4.Quickstart is left alone and reported', () => {
    const { after, analysis } = upgrade({ 'Startup.cs': 'using IdentityServer4.Quickstart.UI;\n' });
    expect(after['Startup.cs']).toBe('using IdentityServer4.Quickstart.UI;\n');
    expect(analysis.warnings[0]).toContain('IdentityServer4.Quickstart is not part of IdentityServer4');
  });
});

describe('namespaces: EF migrations', () => {
  const designer = [
    '// <auto-generated />',
    'using System;',
    'using IdentityServer4.EntityFramework.DbContexts;',
    'using Microsoft.EntityFrameworkCore;',
    '',
    'namespace Data.Migrations.IdentityServer.PersistedGrantDb',
    '{',
    '    [DbContext(typeof(PersistedGrantDbContext))]',
    '    [Migration("20200702080123_InitialIdentityServerPersistedGrantDbMigration")]',
    '    partial class InitialIdentityServerPersistedGrantDbMigration',
    '    {',
    '        protected override void BuildTargetModel(ModelBuilder modelBuilder)',
    '        {',
    '            modelBuilder.Entity("IdentityServer4.EntityFramework.Entities.PersistedGrant", b =>',
    '                {',
    '                    b.Property<string>("Key").HasMaxLength(200).HasColumnType("nvarchar(200)");',
    '                    b.ToTable("PersistedGrants");',
    '                });',
    '            modelBuilder.Entity("IdentityServer4.EntityFramework.Entities.ApiResourceClaim", b =>',
    '                {',
    '                    b.HasOne("IdentityServer4.EntityFramework.Entities.ApiResource", "ApiResource")',
    '                        .WithMany("UserClaims");',
    '                    b.Property<string>("Comment").HasDefaultValue("IdentityServer4.EntityFramework.Entities.X is here");',
    '                });',
    '        }',
    '    }',
    '}',
    '',
  ].join('\r\n');

  it('renames the using and the entity-name strings of a designer, CRLF kept', () => {
    const out = one('Data/Migrations/IdentityServer/PersistedGrantDb/20200702080123_Initial.Designer.cs', designer);
    expect(out).toBe(
      designer
        .replace('using IdentityServer4.EntityFramework.DbContexts;', 'using Duende.IdentityServer.EntityFramework.DbContexts;')
        .replace('"IdentityServer4.EntityFramework.Entities.PersistedGrant"', '"Duende.IdentityServer.EntityFramework.Entities.PersistedGrant"')
        .replace('"IdentityServer4.EntityFramework.Entities.ApiResourceClaim"', '"Duende.IdentityServer.EntityFramework.Entities.ApiResourceClaim"')
        .replace('"IdentityServer4.EntityFramework.Entities.ApiResource"', '"Duende.IdentityServer.EntityFramework.Entities.ApiResource"'),
    );
    expect(out).toContain('"IdentityServer4.EntityFramework.Entities.X is here"');
  });

  it('renames entity names in a model snapshot', () => {
    const snapshot = 'using IdentityServer4.EntityFramework.DbContexts;\n[DbContext(typeof(ConfigurationDbContext))]\npartial class ConfigurationDbContextModelSnapshot : ModelSnapshot\n{\n    void M(ModelBuilder modelBuilder) { modelBuilder.Entity("IdentityServer4.EntityFramework.Entities.DeviceFlowCodes", b => { }); }\n}\n';
    expect(one('ConfigurationDbContextModelSnapshot.cs', snapshot)).toBe(snapshot.replaceAll('IdentityServer4.', 'Duende.IdentityServer.'));
  });
});

describe('namespaces: VB and F#', () => {
  it('renames VB Imports and qualified names, not comments or strings', () => {
    const vb = "Imports IdentityServer4.Models ' IdentityServer4.Models\nImports IdentityServer4.AccessTokenValidation\nDim c As New Global.IdentityServer4.Models.Client()\nDim s = \"IdentityServer4.Models\"\n";
    expect(one('Config.vb', vb)).toBe("Imports Duende.IdentityServer.Models ' IdentityServer4.Models\nImports IdentityServer4.AccessTokenValidation\nDim c As New Global.Duende.IdentityServer.Models.Client()\nDim s = \"IdentityServer4.Models\"\n");
  });

  it('renames F# open', () => {
    const fs = 'open IdentityServer4\nopen IdentityServer4.Models // IdentityServer4.Models\nlet s = "IdentityServer4.Models"\n';
    expect(one('Config.fs', fs)).toBe('open Duende.IdentityServer\nopen Duende.IdentityServer.Models // IdentityServer4.Models\nlet s = "IdentityServer4.Models"\n');
  });
});

describe('namespaces: evidence', () => {
  it('gives path, line and the trimmed line text per occurrence', () => {
    const { analysis } = upgrade({ 'Startup.cs': 'using System;\n  using IdentityServer4.Models;\n' });
    expect(analysis.evidence).toEqual([{ path: 'Startup.cs', line: 2, text: 'using IdentityServer4.Models;', note: 'IdentityServer4.Models' }]);
  });

  it('sees Duende names that are already there', () => {
    const { analysis } = upgrade({ 'Startup.cs': 'using Duende.IdentityServer.Models;\n' });
    expect(analysis.evidence).toEqual([]);
    expect(analysis.duendeSeen).toHaveLength(1);
  });
});
