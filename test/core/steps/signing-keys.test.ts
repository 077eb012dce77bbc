import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newState } from '../../../src/core/apply/state.js';
import { planFromScan } from '../../../src/core/plan/plan.js';
import { scan } from '../../../src/core/scan/index.js';
import { DEFAULT_OPTIONS, type FileChange, type PlanOptions } from '../../../src/core/types.js';
import type { UpgradeState } from '../../../src/core/apply/state.js';
import { applySplices } from '../../../src/core/text/edit.js';
import { readFileSync } from 'node:fs';
import { removeDir, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const CSPROJ = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup><TargetFramework>net5.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityServer4" Version="4.1.2" /></ItemGroup>\n</Project>\n';

function tree(files: Record<string, string>): string {
  const dir = tempDir('signing-');
  dirs.push(dir);
  for (const [rel, body] of Object.entries({ 'Host/Host.csproj': CSPROJ, ...files })) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), body);
  }
  return dir;
}

async function planOf(dir: string, options: Partial<PlanOptions> = {}, state?: UpgradeState) {
  const { scan: s, workspace } = await scan(dir);
  const plan = planFromScan(s, workspace, { ...DEFAULT_OPTIONS, ...options }, state);
  return { scan: s, step: plan.steps.find((x) => x.id === 'signing-keys')! };
}

// No IdentityServer4 using: the builder extensions live in Microsoft.Extensions.DependencyInjection.
const startup = (body: string) => `using Microsoft.Extensions.DependencyInjection;\n\npublic class Startup\n{\n    public void ConfigureServices(IServiceCollection services)\n    {\n${body}\n    }\n}\n`;

describe('signing detection', () => {
  it('finds calls, key management, licence key and files, from code only, with path:line:text', async () => {
    const dir = tree({
      'Host/Startup.cs': startup(
        [
          '        // services.AddIdentityServer().AddValidationKey(old);',
          '        var s = "AddSigningCredential(cert)";',
          '        services.AddIdentityServer(options =>',
          '        {',
          '            options.KeyManagement.RotationInterval = TimeSpan.FromDays(30);',
          '            options.LicenseKey = "eyJhbGciOiJQUzI1NiIsImtpZCI6IklkZW50aXR5U2VydmVyTGljZW5zZWtleS83Y2VhZmNiZC";',
          '        })',
          '            .AddSigningCredential(LoadCertificate())',
          '            .AddDeveloperSigningCredential();',
        ].join('\n'),
      ),
      'Host/tempkey.jwk': '{"KeyId":"x"}',
      'Host/Duende_IdentityServer_License.key': 'key',
    });
    const { scan: s } = await planOf(dir);
    expect(s.signing.signingCredential).toEqual([{ path: 'Host/Startup.cs', line: 14, text: '.AddSigningCredential(LoadCertificate())', note: 'key source not recognised' }]);
    expect(s.signing.developerCredential).toEqual([{ path: 'Host/Startup.cs', line: 15, text: '.AddDeveloperSigningCredential();' }]);
    expect(s.signing.validationKeys).toEqual([]);
    expect(s.signing.keyManagement).toEqual([{ path: 'Host/Startup.cs', line: 11, text: 'options.KeyManagement.RotationInterval = TimeSpan.FromDays(30);' }]);
    expect(s.signing.licenseKey).toEqual([{ path: 'Host/Startup.cs', line: 12, text: 'options.LicenseKey = "***";', note: 'licence key set' }]);
    expect(s.signing.tempKeyFiles).toEqual(['Host/tempkey.jwk']);
    expect(s.signing.licenseFiles).toEqual(['Host/Duende_IdentityServer_License.key']);
  });
});

describe('signing-keys step', () => {
  it('keeps certificate passwords out of the evidence', async () => {
    const dir = tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer().AddSigningCredential(new X509Certificate2("idsrv.pfx", "S3cr3t!"));') });
    const { step } = await planOf(dir);
    expect(step.evidence).toEqual([{ path: 'Host/Startup.cs', line: 7, text: 'services.AddIdentityServer().AddSigningCredential(new X509Certificate2("***", "‹masked›"));', note: 'certificate from a file' }]);
  });

  it('is not applicable with only the developer credential, and says it was temporary', async () => {
    const { step } = await planOf(tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer().AddDeveloperSigningCredential();') }));
    expect(step.status).toBe('not-applicable');
    expect(step.warnings.join(' ')).toMatch(/temporary key/);
  });

  it('is not applicable without any signing setup', async () => {
    const { step } = await planOf(tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer();') }));
    expect(step.status).toBe('not-applicable');
    expect(step.warnings).toEqual([]);
  });


  it('is pending with AddSigningCredential, offering three choices; keep (the default) changes no file and gives dated follow-ups', async () => {
    const { step } = await planOf(tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer()\n            .AddSigningCredential(cert);') }));
    expect(step.status).toBe('pending');
    expect(step.evidence).toEqual([{ path: 'Host/Startup.cs', line: 8, text: '.AddSigningCredential(cert);', note: 'key source not recognised' }]);
    expect(step.variants!.map((v) => v.id)).toEqual(['keep', 'auto', 'disable-auto']);
    expect(step.choice).toBe('keep');
    expect(step.statusNote).toBe('will keep the current key');
    expect(step.changes).toEqual([]);
    expect(step.commands).toEqual([]);
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const follow = step.followUps.join('\n');
    expect(follow).toContain('Keep AddSigningCredential (Host/Startup.cs:8)');
    expect(follow).toContain(`Not before ${day(1)}`);
    expect(follow).toContain(`so from ${day(15)}: replace AddSigningCredential(x) with AddValidationKey(x)`);
    expect(follow).toMatch(/remove the AddValidationKey\(x\) call/);
  });

  it('auto: the caution is one line, said before applying', async () => {
    const { step } = await planOf(tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer().AddSigningCredential(cert);') }), { keys: 'auto' });
    const auto = step.variants!.find((v) => v.id === 'auto')!;
    expect(step.choice).toBe('auto');
    expect(auto.caution).toMatch(/cached the old discovery document reject new tokens.*24 hours/);
    expect(auto.caution).not.toContain('\n');
  });
});

/** The text of a file after the plan's splices. */
function after(dir: string, changes: FileChange[], rel: string): string {
  const c = changes.find((x) => x.path === rel);
  const text = readFileSync(path.join(dir, rel), 'utf8');
  return c && c.kind === 'edit' ? applySplices(text, c.splices) : text;
}

describe('signing-keys: where the key comes from, and the rename to AddValidationKey', () => {
  const cases: { name: string; code: string; note: string; renamed: boolean }[] = [
    { name: 'store by thumbprint', code: 'b.AddSigningCredential("6B7ACC520305BFDB4F7252DAEB2177CC091FAAE1", StoreLocation.LocalMachine, NameType.Thumbprint);', note: 'certificate from the store by thumbprint', renamed: true },
    { name: 'store by subject (named arguments)', code: 'b.AddSigningCredential(name: "CN=idsrv", location: StoreLocation.CurrentUser);', note: 'certificate from the store by subject name', renamed: true },
    { name: 'file', code: 'b.AddSigningCredential(new X509Certificate2(Path.Combine(env.ContentRootPath, "idsrv.pfx"), pwd));', note: 'certificate from a file', renamed: true },
    { name: 'file, from configuration', code: 'b.AddSigningCredential(new X509Certificate2(Configuration["Signing:Path"], Configuration["Signing:Password"]));', note: 'certificate from a file (settings from configuration)', renamed: true },
    { name: 'PEM file', code: 'b.AddSigningCredential(X509Certificate2.CreateFromPemFile("cert.pem", "key.pem"), "PS256");', note: 'certificate from a file', renamed: true },
    { name: 'certificate in a local', code: 'var cert = new X509Certificate2("a.pfx");\n        b.AddSigningCredential(cert);', note: 'certificate from a file', renamed: true },
    { name: 'certificate from a method of the file', code: 'b.AddSigningCredential(Load());\n    }\n    static X509Certificate2 Load() => null;\n    void M() {', note: 'certificate from a file', renamed: true },
    { name: 'store lookup by thumbprint', code: 'using var store = new X509Store(StoreName.My, StoreLocation.LocalMachine);\n        store.Open(OpenFlags.ReadOnly);\n        var cert = store.Certificates.Find(X509FindType.FindByThumbprint, thumb, false)[0];\n        b.AddSigningCredential(cert);', note: 'certificate from the store by thumbprint', renamed: true },
    { name: 'RSA key', code: 'b.AddSigningCredential(new RsaSecurityKey(rsa), IdentityServerConstants.RsaSigningAlgorithm.PS256);', note: 'RSA key', renamed: true },
    { name: 'RSA key with a string algorithm', code: 'b.AddSigningCredential(new RsaSecurityKey(rsa), "RS256");', note: 'RSA key', renamed: false },
    { name: 'JWK', code: 'var jwk = new JsonWebKey(File.ReadAllText("key.json"));\n        b.AddSigningCredential(jwk, "RS256");', note: 'JSON web key (JWK)', renamed: false },
    { name: 'signing credentials', code: 'b.AddSigningCredential(new SigningCredentials(key, "RS256"));', note: 'signing credentials', renamed: false },
    { name: 'unknown', code: 'b.AddSigningCredential(keys.Current);', note: 'key source not recognised', renamed: false },
    { name: 'configuration, unknown type', code: 'b.AddSigningCredential(Configuration.GetSection("Key").Get<Key>());', note: 'key loaded from configuration (settings from configuration)', renamed: false },
  ];
  it.each(cases)('$name', async ({ code, note, renamed }) => {
    const dir = tree({ 'Host/Startup.cs': startup(`        var b = services.AddIdentityServer();\n        ${code}`) });
    const { step } = await planOf(dir, { keys: 'auto' });
    expect(step.evidence.map((e) => e.note)).toEqual([note]);
    const text = after(dir, step.changes, 'Host/Startup.cs');
    const original = readFileSync(path.join(dir, 'Host/Startup.cs'), 'utf8');
    if (renamed) {
      // only the method name changes: the key loading stays, it is still needed to validate
      expect(text).toBe(original.replace('AddSigningCredential', 'AddValidationKey'));
      expect(step.followUps.filter((f) => f.includes('by hand'))).toEqual([]);
    } else {
      expect(text).toBe(original);
      expect(step.followUps.join('\n')).toMatch(/Host\/Startup\.cs:\d+: .*by hand/);
    }
  });

  it('leaves VB files alone with a follow-up', async () => {
    const dir = tree({ 'Host/Startup.vb': 'Public Class Startup\n    Sub ConfigureServices(services As IServiceCollection)\n        services.AddIdentityServer().AddSigningCredential(New X509Certificate2("a.pfx"))\n    End Sub\nEnd Class\n' });
    const { step } = await planOf(dir, { keys: 'auto' });
    expect(step.changes.filter((c) => c.path.endsWith('.vb'))).toEqual([]);
    expect(step.followUps.join('\n')).toContain('Host/Startup.vb:3: only C# files are edited');
  });
});

describe('signing-keys: disable-auto writes KeyManagement.Enabled = false into the options lambda', () => {
  const cases: { name: string; before: string; after: string }[] = [
    { name: 'no options yet', before: 'services.AddIdentityServer().AddSigningCredential(cert);', after: 'services.AddIdentityServer(options => options.KeyManagement.Enabled = false).AddSigningCredential(cert);' },
    {
      name: 'a block lambda over several lines, with a trailing comment',
      before: 'services.AddIdentityServer(opt =>\n        {\n            opt.EmitStaticAudienceClaim = true; // audience\n        })\n            .AddSigningCredential(cert);',
      after: 'services.AddIdentityServer(opt =>\n        {\n            opt.EmitStaticAudienceClaim = true; // audience\n            opt.KeyManagement.Enabled = false;\n        })\n            .AddSigningCredential(cert);',
    },
    { name: 'a block lambda on one line', before: 'services.AddIdentityServer((IdentityServerOptions o) => { o.IssuerUri = "x"; }).AddSigningCredential(cert);', after: 'services.AddIdentityServer((IdentityServerOptions o) => { o.IssuerUri = "x"; o.KeyManagement.Enabled = false; }).AddSigningCredential(cert);' },
    { name: 'an empty block', before: 'services.AddIdentityServer(o => { }).AddSigningCredential(cert);', after: 'services.AddIdentityServer(o => { o.KeyManagement.Enabled = false; }).AddSigningCredential(cert);' },
    { name: 'an expression lambda', before: 'services.AddIdentityServer(o => o.EmitStaticAudienceClaim = true).AddSigningCredential(cert);', after: 'services.AddIdentityServer(o => { o.EmitStaticAudienceClaim = true; o.KeyManagement.Enabled = false; }).AddSigningCredential(cert);' },
    { name: 'an expression lambda ending in a string, then a comment', before: 'services.AddIdentityServer(o => o.IssuerUri = "https://id " /* issuer */).AddSigningCredential(cert);', after: 'services.AddIdentityServer(o => { o.IssuerUri = "https://id "; o.KeyManagement.Enabled = false; } /* issuer */).AddSigningCredential(cert);' },
    { name: 'a name "options" already in use', before: 'var options = 1;\n        services.AddIdentityServer().AddSigningCredential(cert);', after: 'var options = 1;\n        services.AddIdentityServer(identityServerOptions => identityServerOptions.KeyManagement.Enabled = false).AddSigningCredential(cert);' },
  ];
  it.each(cases)('$name', async ({ before, after: expected }) => {
    const dir = tree({ 'Host/Startup.cs': startup(`        ${before}`) });
    const { step } = await planOf(dir, { keys: 'disable-auto' });
    expect(step.choice).toBe('disable-auto');
    expect(after(dir, step.changes, 'Host/Startup.cs')).toBe(startup(`        ${expected}`));
  });

  it('CRLF files get CRLF', async () => {
    const crlf = startup('        services.AddIdentityServer(o =>\n        {\n            o.IssuerUri = "x";\n        }).AddSigningCredential(cert);').replace(/\n/g, '\r\n');
    const dir = tree({ 'Host/Startup.cs': crlf });
    const { step } = await planOf(dir, { keys: 'disable-auto' });
    expect(after(dir, step.changes, 'Host/Startup.cs')).toBe(crlf.replace('o.IssuerUri = "x";\r\n', 'o.IssuerUri = "x";\r\n            o.KeyManagement.Enabled = false;\r\n'));
  });

  it('options passed some other way are left alone, with the fix by hand', async () => {
    const dir = tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer(ConfigureOptions).AddSigningCredential(cert);') });
    const { step } = await planOf(dir, { keys: 'disable-auto' });
    expect(step.changes).toEqual([]);
    expect(step.followUps.join('\n')).toMatch(/Host\/Startup\.cs:7: AddIdentityServer is given its options in a form other than a lambda/);
  });

  it('a host without a static key is never given KeyManagement.Enabled = false (it would have no key at all)', async () => {
    const dir = tree({
      'Host/Startup.cs': startup('        services.AddIdentityServer().AddSigningCredential(cert);'),
      'Other/Other.csproj': CSPROJ,
      'Other/Startup.cs': startup('        services.AddIdentityServer();'),
    });
    const { step } = await planOf(dir, { keys: 'disable-auto' });
    expect(step.changes.map((c) => c.path)).toEqual(['Host/Startup.cs']);
  });
});

describe('signing-keys: status', () => {
  const keyed = () => tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer().AddSigningCredential(cert);') });
  const recorded = (choice?: string): UpgradeState => {
    const state = newState('5.2.4');
    state.steps['signing-keys'] = { status: 'done', at: new Date().toISOString(), files: [], commandsDone: [], ...(choice ? { choice } : {}) };
    return state;
  };

  it('is done once a choice was applied, saying which (keep: the schedule stays)', async () => {
    const { step } = await planOf(keyed(), {}, recorded('keep'));
    expect(step.status).toBe('done');
    expect(step.choice).toBe('keep');
    expect(step.statusNote).toBe('kept the current key');
    // what still holds stays (for the report), but nothing says the work is missing
    expect(step.warnings.join(' ')).toMatch(/No Duende licence was found/);
    expect(step.warnings.join(' ')).not.toMatch(/missing again|already done/);
    expect(step.followUps.join(' ')).toContain('AddValidationKey(x)');
  });

  it('is not "done" when AddValidationKey was put there by hand: not applicable, saying why', async () => {
    const { step } = await planOf(tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer().AddValidationKey(oldKey);') }));
    expect(step.status).toBe('not-applicable');
    expect(step.warnings.join(' ')).toMatch(/made by hand, so there is nothing for this step to do/);
  });

  it('is not applicable when automatic key management is already switched off by hand', async () => {
    const { step, scan: s } = await planOf(
      tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer(options => { options.KeyManagement.Enabled = false; })\n            .AddSigningCredential(cert);') }),
    );
    expect(s.signing.keyManagement[0]!.note).toBe('automatic key management disabled');
    expect(step.status).toBe('not-applicable');
    expect(step.warnings.join(' ')).toMatch(/already turned off/);
  });

  it('stays pending with AddSigningCredential next to AddValidationKey, and says the static key still signs', async () => {
    const { step } = await planOf(tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer().AddSigningCredential(cert).AddValidationKey(old);') }));
    expect(step.status).toBe('pending');
    expect(step.warnings.join(' ')).toMatch(/still there next to AddValidationKey/);
  });
});

describe('signing-keys: warnings, each only where it applies', () => {
  const host = (extra: string, files: Record<string, string> = {}) =>
    tree({ 'Host/Startup.cs': startup(`        services.AddIdentityServer()${extra}\n            .AddSigningCredential(cert);`), ...files });

  it('licence: without one, production needs one and automatic keys need Business/Enterprise, so disable-auto is safe', async () => {
    const { step } = await planOf(host(''));
    expect(step.warnings.filter((w) => /licence/.test(w))).toEqual([expect.stringMatching(/production use needs one.*Business or Enterprise.*turned off is the safe choice/)]);
    for (const v of step.variants!) expect(v.warnings.filter((w) => /No Duende licence/.test(w))).toHaveLength(1);
  });

  it('developer credential only: where automatic keys take over, their licence, storage and data-protection needs are said, and not with a licence and a persisted key ring', async () => {
    const dev = (extra = '') => tree({ 'Host/Startup.cs': startup(`        services.AddIdentityServer()\n            .AddDeveloperSigningCredential();${extra}`) });
    const bare = await planOf(dev());
    expect(bare.step.status).toBe('not-applicable');
    const said = bare.step.warnings.join('\n');
    expect(said).toContain('automatic key management takes over');
    expect(said).toMatch(/automatic key management, which signs once the developer credential is gone, needs the Business or Enterprise edition: without one, sign with a key of your own/);
    expect(said).toMatch(/keys\/ under the host's working directory.*add keys\/ to your \.gitignore\./);
    expect(said).toMatch(/Host neither persists its data-protection keys.*Error unprotecting key/);
    const ready = await planOf(
      tree({
        'Host/Startup.cs': startup('        services.AddIdentityServer(o => o.LicenseKey = Configuration["Duende:Key"])\n            .AddDeveloperSigningCredential();\n        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo("/keys"));'),
      }),
    );
    expect(ready.step.warnings.join('\n')).not.toMatch(/licence|data-protection keys/i);
  });

  it('licence: not said with a licence key or a licence file', async () => {
    const a = await planOf(tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer(o => o.LicenseKey = Configuration["Duende:Key"]).AddSigningCredential(cert);') }));
    expect(a.step.warnings.join(' ')).not.toMatch(/licence/i);
    const b = await planOf(host('', { 'Host/Duende_IdentityServer_License.key': 'key' }));
    expect(b.step.warnings.join(' ')).not.toMatch(/licence/i);
  });

  it('key location: keys/ without the operational store, offering keys/ in .gitignore under auto', async () => {
    const dir = host('', { '.gitignore': 'bin/\nobj/' });
    const { step } = await planOf(dir, { keys: 'auto' });
    expect(step.warnings.join(' ')).toMatch(/written as files to keys\/ under the host's working directory/);
    expect(after(dir, step.changes, '.gitignore')).toBe('bin/\nobj/\n# Duende IdentityServer automatic signing keys (file system key store)\nkeys/\n');
    const keep = step.variants!.find((v) => v.id === 'keep')!;
    expect(keep.changes).toEqual([]);
  });

  it('key location: no .gitignore edit when keys/ is ignored already', async () => {
    const { step } = await planOf(host('', { '.gitignore': 'bin/\n/keys/\n' }), { keys: 'auto' });
    expect(step.changes.map((c) => c.path)).not.toContain('.gitignore');
    expect(step.warnings.join(' ')).toMatch(/\.gitignore already ignores keys\//);
  });

  it('key location: with the EF operational store, the Keys table, and no .gitignore edit', async () => {
    // the EF operational store comes with its package (another package's AddOperationalStore is no EF store)
    const ef = CSPROJ.replace('<PackageReference Include="IdentityServer4" Version="4.1.2" />', '<PackageReference Include="IdentityServer4" Version="4.1.2" /><PackageReference Include="IdentityServer4.EntityFramework" Version="4.1.2" />');
    const { step } = await planOf(host('\n            .AddOperationalStore(o => { })', { '.gitignore': 'bin/\n', 'Host/Host.csproj': ef }), { keys: 'auto' });
    expect(step.warnings.join(' ')).toMatch(/operational store's Keys table/);
    expect(step.warnings.join(' ')).not.toMatch(/keys\/ under/);
    expect(step.changes.map((c) => c.path)).not.toContain('.gitignore');
  });

  it('key location: from a Duende source the Keys table is there already (5.0 brought it)', async () => {
    const duende = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="Duende.IdentityServer.EntityFramework" Version="6.1.8" />\n  </ItemGroup>\n</Project>\n';
    const { step } = await planOf(host('\n            .AddOperationalStore(o => { })', { 'Host/Host.csproj': duende }), { keys: 'auto', target: '7.4.8' });
    expect(step.warnings.join(' ')).toContain("operational store's Keys table (there since Duende IdentityServer 5.0)");
  });

  it('data protection: warned when the host neither persists keys nor sets an application name', async () => {
    const { step } = await planOf(host(''));
    expect(step.warnings.join(' ')).toMatch(/Host neither persists its data-protection keys.*Error unprotecting key/);
  });

  it.each([
    ['PersistKeysToFileSystem', 'services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo("/keys"));'],
    ['PersistKeysToDbContext', 'services.AddDataProtection().PersistKeysToDbContext<KeysContext>();'],
    ['SetApplicationName', 'services.AddDataProtection().SetApplicationName("identity");'],
  ])('data protection: not warned with %s', async (_name, code) => {
    const dir = tree({ 'Host/Startup.cs': startup(`        ${code}\n        services.AddIdentityServer().AddSigningCredential(cert);`) });
    const { step } = await planOf(dir);
    expect(step.warnings.join(' ')).not.toMatch(/Error unprotecting key/);
  });

  it('data protection and key location are not warned about when automatic keys are turned off', async () => {
    const { step } = await planOf(host(''), { keys: 'disable-auto' });
    expect(step.warnings.join(' ')).not.toMatch(/Error unprotecting key|keys\/ under/);
  });
});
