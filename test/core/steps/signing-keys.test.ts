import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newState } from '../../../src/core/apply/state.js';
import { planFromScan } from '../../../src/core/plan/plan.js';
import { scan } from '../../../src/core/scan/index.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
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

async function planOf(dir: string) {
  const { scan: s, workspace } = await scan(dir);
  const plan = planFromScan(s, workspace, DEFAULT_OPTIONS);
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
    expect(s.signing.signingCredential).toEqual([{ path: 'Host/Startup.cs', line: 14, text: '.AddSigningCredential(LoadCertificate())' }]);
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
    expect(step.evidence).toEqual([{ path: 'Host/Startup.cs', line: 7, text: 'services.AddIdentityServer().AddSigningCredential(new X509Certificate2("***", "***"));' }]);
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

  it('is pending with AddSigningCredential: no code change, the schedule and the licence warning', async () => {
    const { step } = await planOf(tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer()\n            .AddSigningCredential(cert);') }));
    expect(step.status).toBe('pending');
    expect(step.evidence).toEqual([{ path: 'Host/Startup.cs', line: 8, text: '.AddSigningCredential(cert);' }]);
    expect(step.changes).toEqual([]);
    expect(step.commands).toEqual([]);
    const follow = step.followUps.join('\n');
    expect(follow).toContain('Keep AddSigningCredential (Host/Startup.cs:8)');
    expect(follow).toMatch(/24 hours.*14 days.*AddValidationKey\(x\)/s);
    expect(follow).toContain('options.KeyManagement.Enabled = false');
    expect(step.warnings.join(' ')).toMatch(/No licence key was found.*development and testing/);
  });

  it('names the Starter-licence log message when a licence is configured', async () => {
    const { step } = await planOf(tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer(o => o.LicenseKey = Configuration["Duende:Key"]).AddSigningCredential(cert);') }));
    expect(step.status).toBe('pending');
    expect(step.warnings.join(' ')).toContain('You have automatic key management enabled, but you do not have a valid license for that feature');
  });

  it('is done once applied (the state says so), keeping the schedule, without a "missing again" warning', async () => {
    const dir = tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer().AddSigningCredential(cert);') });
    const { scan: s, workspace } = await scan(dir);
    const state = newState('5.2.4');
    state.steps['signing-keys'] = { status: 'done', at: new Date().toISOString(), files: [], commandsDone: [] };
    const step = planFromScan(s, workspace, DEFAULT_OPTIONS, state).steps.find((x) => x.id === 'signing-keys')!;
    expect(step.status).toBe('done');
    expect(step.warnings).toEqual([]);
    expect(step.followUps.join(' ')).toContain('AddValidationKey(x)');
  });

  it('is done when AddValidationKey is used', async () => {
    const { step } = await planOf(tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer().AddValidationKey(oldKey);') }));
    expect(step.status).toBe('done');
  });

  it('is done when automatic key management is switched off', async () => {
    const { step, scan: s } = await planOf(
      tree({ 'Host/Startup.cs': startup('        services.AddIdentityServer(options => { options.KeyManagement.Enabled = false; })\n            .AddSigningCredential(cert);') }),
    );
    expect(s.signing.keyManagement[0]!.note).toBe('automatic key management disabled');
    expect(step.status).toBe('done');
  });
});
