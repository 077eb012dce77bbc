import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planFromScan } from '../../../src/core/plan/plan.js';
import { scan } from '../../../src/core/scan/index.js';
import { applySplices } from '../../../src/core/text/edit.js';
import { DEFAULT_OPTIONS, type FileChange } from '../../../src/core/types.js';
import { removeDir, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const csproj = (tfm: string, pkg = '<PackageReference Include="IdentityServer4.AccessTokenValidation" Version="3.0.1" />') =>
  `<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup><${tfm.includes(';') ? 'TargetFrameworks' : 'TargetFramework'}>${tfm}</${tfm.includes(';') ? 'TargetFrameworks' : 'TargetFramework'}></PropertyGroup>\n  <ItemGroup>${pkg}</ItemGroup>\n</Project>\n`;

const startup = (body: string, extra = '') =>
  `using IdentityServer4.AccessTokenValidation;\nusing Microsoft.Extensions.DependencyInjection;\n\npublic class Startup\n{\n    public void ConfigureServices(IServiceCollection services)\n    {\n${body}\n    }\n${extra}}\n`;

function tree(files: Record<string, string>): string {
  const dir = tempDir('atv-');
  dirs.push(dir);
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), body);
  }
  return dir;
}

async function stepOf(dir: string) {
  const { scan: s, workspace } = await scan(dir);
  return planFromScan(s, workspace, DEFAULT_OPTIONS).steps.find((x) => x.id === 'access-token-validation')!;
}

function after(dir: string, changes: FileChange[], rel: string): string {
  const c = changes.find((x) => x.path === rel);
  const text = readFileSync(path.join(dir, rel), 'utf8');
  return c && c.kind === 'edit' ? applySplices(text, c.splices) : text;
}

const USING_JWT = 'using Microsoft.AspNetCore.Authentication.JwtBearer;\n';

describe('access-token-validation', () => {
  it('is optional, and not applicable without IdentityServer4.AccessTokenValidation', async () => {
    const step = await stepOf(tree({ 'Api/Api.csproj': csproj('net5.0', ''), 'Api/Startup.cs': startup('        services.AddControllers();') }));
    expect(step.status).toBe('not-applicable');
    expect(step.kind).toBe('optional');
  });

  it.each([
    [
      'an expression lambda',
      '        services.AddAuthentication().AddIdentityServerAuthentication(o => o.Authority = "https://id");',
      '        services.AddAuthentication().AddJwtBearer(o => { o.Authority = "https://id"; o.TokenValidationParameters.ValidTypes = new[] { "at+jwt" }; });',
    ],
    [
      'the scheme name carried over, a typed lambda parameter',
      '        services.AddAuthentication("api").AddIdentityServerAuthentication("api", (IdentityServerAuthenticationOptions x) => { x.Authority = "https://id"; x.ApiName = "a"; });',
      '        services.AddAuthentication("api").AddJwtBearer("api", (JwtBearerOptions x) => { x.Authority = "https://id"; x.Audience = "a"; x.TokenValidationParameters.ValidTypes = new[] { "at+jwt" }; });',
    ],
    [
      'SupportedTokens.Jwt dropped, RequireHttpsMetadata kept',
      '        services.AddAuthentication()\n            .AddIdentityServerAuthentication(options =>\n            {\n                options.Authority = "https://id";\n                options.RequireHttpsMetadata = false;\n                options.SupportedTokens = SupportedTokens.Jwt;\n            });',
      '        services.AddAuthentication()\n            .AddJwtBearer(options =>\n            {\n                options.Authority = "https://id";\n                options.RequireHttpsMetadata = false;\n                options.TokenValidationParameters.ValidTypes = new[] { "at+jwt" };\n            });',
    ],
  ])('rewrites %s', async (_name, before, expected) => {
    const dir = tree({ 'Api/Api.csproj': csproj('netcoreapp3.1'), 'Api/Startup.cs': startup(before) });
    const step = await stepOf(dir);
    expect(step.status).toBe('pending');
    expect(after(dir, step.changes, 'Api/Startup.cs')).toBe(USING_JWT + startup(expected).slice(startup('').indexOf('\n') + 1));
    expect(after(dir, step.changes, 'Api/Api.csproj')).toBe(csproj('netcoreapp3.1', '<PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="3.1.18" />'));
  });

  it('options set in a separate method that the lambda calls: the method is rewritten and ValidTypes goes there', async () => {
    const method = '\n    static void Configure(IdentityServerAuthenticationOptions o, string authority)\n    {\n        o.Authority = authority;\n        o.ApiName = "api";\n    }\n';
    const dir = tree({ 'Api/Api.csproj': csproj('net5.0'), 'Api/Startup.cs': startup('        services.AddAuthentication().AddIdentityServerAuthentication(options => Configure(options, "https://id"));', method) });
    const step = await stepOf(dir);
    const text = after(dir, step.changes, 'Api/Startup.cs');
    expect(text).toContain('.AddJwtBearer(options => Configure(options, "https://id"));');
    expect(text).toContain('static void Configure(JwtBearerOptions o, string authority)\n    {\n        o.Authority = authority;\n        o.Audience = "api";\n        o.TokenValidationParameters.ValidTypes = new[] { "at+jwt" };\n    }');
    expect(after(dir, step.changes, 'Api/Api.csproj')).toContain('Version="5.0.17"');
  });

  it.each([
    ['ApiSecret', 'o.Authority = "https://id"; o.ApiSecret = "s";', /ApiSecret is set/],
    ['SupportedTokens.Reference', 'o.Authority = "https://id"; o.SupportedTokens = SupportedTokens.Reference;', /SupportedTokens is set to SupportedTokens\.Reference/],
  ])('reference tokens (%s): reported with the introspection advice, nothing rewritten', async (_n, body, why) => {
    const dir = tree({ 'Api/Api.csproj': csproj('net5.0'), 'Api/Startup.cs': startup(`        services.AddAuthentication().AddIdentityServerAuthentication(o => { ${body} });`) });
    const step = await stepOf(dir);
    expect(step.changes).toEqual([]);
    expect(step.warnings.join(' ')).toMatch(why);
    expect(step.warnings.join(' ')).toMatch(/AddOAuth2Introspection/);
  });

  it.each([
    ['a property with no JwtBearer counterpart', 'net5.0', '        services.AddAuthentication().AddIdentityServerAuthentication(o => { o.Authority = "x"; o.LegacyAudienceValidation = true; });', /LegacyAudienceValidation has no JwtBearerOptions counterpart/],
    ['several target frameworks', 'netcoreapp3.1;net5.0', '        services.AddAuthentication().AddIdentityServerAuthentication(o => o.Authority = "x");', /no single Microsoft\.AspNetCore\.Authentication\.JwtBearer version fits its target frameworks \(netcoreapp3\.1;net5\.0\)/],
    ['.NET Framework', 'net48', '        services.AddAuthentication().AddIdentityServerAuthentication(o => o.Authority = "x");', /fits its target framework \(net48\)/],
    ['no options', 'net5.0', '        services.AddAuthentication().AddIdentityServerAuthentication();', /without options/],
  ])('leaves the project as it is, with the fix by hand: %s', async (_n, tfm, body, why) => {
    const dir = tree({ 'Api/Api.csproj': csproj(tfm), 'Api/Startup.cs': startup(body) });
    const step = await stepOf(dir);
    expect(step.changes).toEqual([]);
    expect(step.followUps.join(' ')).toMatch(why);
    expect(step.followUps.join(' ')).toMatch(/Api\/Api\.csproj was left as it is/);
  });
});
