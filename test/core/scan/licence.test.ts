import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../../../src/core/scan/index.js';
import { removeDir } from '../../helpers/cli.js';
import { csproj, writeTree } from './tree.js';

/** Only real licence sites count as a Duende licence; a property of the same name elsewhere does not. */

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const PROJECT = csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n');

async function licence(files: Record<string, string>) {
  const root = writeTree({ 'Sts/Sts.csproj': PROJECT, ...files });
  dirs.push(root);
  const { scan: s } = await scan(root);
  return [...s.signing.licenseKey.map((e) => `${e.path}:${e.line}`), ...s.signing.licenseFiles];
}

describe('licence detection', () => {
  it.each([
    ['options.LicenseKey in AddIdentityServer(options => ...)', { 'Sts/Startup.cs': 'class S { void C(IServiceCollection services) {\n  services.AddIdentityServer(options =>\n  {\n    options.LicenseKey = Configuration["Key"];\n  });\n} }\n' } as Record<string, string>, ['Sts/Startup.cs:4']],
    ['an expression lambda on AddIdentityServer', { 'Sts/Program.cs': 'builder.Services.AddIdentityServer(o => o.LicenseKey = key);\n' }, ['Sts/Program.cs:1']],
    ['Configure<IdentityServerOptions>', { 'Sts/Program.cs': 'services.Configure<Duende.IdentityServer.Configuration.IdentityServerOptions>(o => { o.LicenseKey = k; });\n' }, ['Sts/Program.cs:1']],
    ['an initializer of new IdentityServerOptions', { 'Sts/Options.cs': 'var o = new IdentityServerOptions\n{\n    IssuerUri = "x",\n    LicenseKey = key,\n};\n' }, ['Sts/Options.cs:4']],
    ['Duende_License.key', { 'Sts/Duende_License.key': 'eyJ...' }, ['Sts/Duende_License.key']],
    ['Duende_IdentityServer_License.key', { 'Duende_IdentityServer_License.key': 'eyJ...' }, ['Duende_IdentityServer_License.key']],
    ['IdentityServer:LicenseKey in appsettings.json', { 'Sts/appsettings.json': '{\n  "IdentityServer": {\n    "IssuerUri": "https://sts",\n    "LicenseKey": "eyJhbGciOi"\n  }\n}\n' }, ['Sts/appsettings.json:4']],
    ['Duende:LicenseKey in appsettings.Production.json', { 'Sts/appsettings.Production.json': '{ "Duende": { "LicenseKey": "eyJ" } }\n' }, ['Sts/appsettings.Production.json:1']],
  ])('counts %s', async (_n, files, expected) => {
    expect(await licence(files)).toEqual(expected);
  });

  it.each([
    ['an application property named LicenseKey', { 'Sts/Billing.cs': 'class Product { public string LicenseKey { get; set; } void M() { LicenseKey = "abc"; var p = new Product { LicenseKey = "x" }; } }\n' } as Record<string, string>],
    ['a migration column named LicenseKey', { 'Sts/Migrations/20210101_Init.cs': 'migrationBuilder.CreateTable(name: "Products", columns: table => new { LicenseKey = table.Column<string>(nullable: true) });\n' }],
    ['a LicenseKey setting outside the IdentityServer section', { 'Sts/appsettings.json': '{\n  "Billing": { "LicenseKey": "abc" },\n  "IdentityServer": { "Clients": [ { "LicenseKey": "nested, not the option" } ] }\n}\n' }],
    ['a LicenseKey inside AddAuthentication', { 'Sts/Program.cs': 'services.AddAuthentication(o => { o.LicenseKey = "x"; });\n' }],
  ])('ignores %s', async (_n, files) => {
    expect(await licence(files)).toEqual([]);
  });
});
