import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyChanges } from '../../../src/core/apply/apply.js';
import { newState } from '../../../src/core/apply/state.js';
import { planFromScan } from '../../../src/core/plan/plan.js';
import { scan } from '../../../src/core/scan/index.js';
import { DEFAULT_OPTIONS, type StepId } from '../../../src/core/types.js';
import { removeDir, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const CSPROJ = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup><TargetFramework>net5.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityServer4" Version="4.1.2" /></ItemGroup>\n</Project>\n';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function tree(files: Record<string, string | Buffer>): string {
  const dir = tempDir('devcred-');
  dirs.push(dir);
  for (const [rel, body] of Object.entries({ 'Host/Host.csproj': CSPROJ, ...files })) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), body);
  }
  return dir;
}

async function stepOf(dir: string, id: StepId) {
  const { scan: s, workspace } = await scan(dir);
  return { step: planFromScan(s, workspace, DEFAULT_OPTIONS).steps.find((x) => x.id === id)!, workspace };
}

describe('dev-signing-credential step on real files', () => {
  it("leaves a key file alone beside a project that never calls AddDeveloperSigningCredential (an API's leftover, a host on a certificate)", async () => {
    const api = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup><TargetFramework>net5.0</TargetFramework></PropertyGroup>\n</Project>\n';
    const host = 'public class Startup\n{\n    public void ConfigureServices(IServiceCollection services)\n    {\n        services.AddIdentityServer()\n            .AddDeveloperSigningCredential();\n    }\n}\n';
    const onCert = 'public class Startup\n{\n    public void ConfigureServices(IServiceCollection services)\n    {\n        services.AddIdentityServer()\n            .AddSigningCredential(new X509Certificate2("idsrv.pfx"));\n    }\n}\n';
    // with a call in the host: its key file goes, the API's stays
    const both = tree({ 'Host/Startup.cs': host, 'Host/tempkey.rsa': '{}', 'Api/Api.csproj': api, 'Api/tempkey.rsa': '{}' });
    const { step } = await stepOf(both, 'dev-signing-credential');
    expect(step.changes.map((c) => `${c.kind} ${c.path}`)).toEqual(['edit Host/Startup.cs', 'delete Host/tempkey.rsa']);
    expect(step.warnings.join(' ')).toContain('Deleting Host/tempkey.rsa:');
    // no call anywhere: nothing to do, the key file of the host on a certificate included
    const none = tree({ 'Host/Startup.cs': onCert, 'Host/tempkey.rsa': '{}' });
    expect((await stepOf(none, 'dev-signing-credential')).step).toMatchObject({ status: 'not-applicable', changes: [] });
  });

  it('removes the call and the key file, keeps BOM and CRLF, then reports done', async () => {
    const startup = Buffer.concat([
      BOM,
      Buffer.from(
        [
          'using IdentityServer4.Models;',
          '',
          'public class Startup',
          '{',
          '    public void ConfigureServices(IServiceCollection services)',
          '    {',
          '        services.AddIdentityServer()',
          '            .AddInMemoryClients(new Client[0])',
          '            // not recommended for production',
          '            .AddDeveloperSigningCredential();',
          '    }',
          '}',
          '',
        ].join('\r\n'),
      ),
    ]);
    const dir = tree({ 'Host/Startup.cs': startup, 'Host/tempkey.jwk': '{"KeyId":"abc"}' });
    const { step, workspace } = await stepOf(dir, 'dev-signing-credential');
    expect(step.status).toBe('pending');
    expect(step.evidence).toEqual([
      { path: 'Host/Startup.cs', line: 10, text: '.AddDeveloperSigningCredential();' },
      { path: 'Host/tempkey.jwk', line: 0, text: 'tempkey.jwk', note: 'developer signing key file' },
    ]);
    expect(step.changes.map((c) => `${c.kind} ${c.path}`)).toEqual(['edit Host/Startup.cs', 'delete Host/tempkey.jwk']);
    expect(step.warnings.join(' ')).toMatch(/tokens issued with the old key stop validating.*backup/);

    await applyChanges(workspace, step.changes);
    const after = readFileSync(path.join(dir, 'Host/Startup.cs'));
    expect(after.subarray(0, 3)).toEqual(BOM);
    expect(after.toString('utf8').slice(1)).toBe(
      [
        'using IdentityServer4.Models;',
        '',
        'public class Startup',
        '{',
        '    public void ConfigureServices(IServiceCollection services)',
        '    {',
        '        services.AddIdentityServer()',
        '            .AddInMemoryClients(new Client[0]);',
        '            // not recommended for production',
        '    }',
        '}',
        '',
      ].join('\r\n'),
    );
    expect(existsSync(path.join(dir, 'Host/tempkey.jwk'))).toBe(false);

    const again = await stepOf(dir, 'dev-signing-credential');
    expect(again.step.status).toBe('done');
    expect(again.step.changes).toEqual([]);
  });

  it('is not applicable when there never was a developer credential', async () => {
    const dir = tree({ 'Host/Startup.cs': 'using IdentityServer4.Models;\nclass S { void M(IServiceCollection s) { s.AddIdentityServer().AddSigningCredential(c); } }\n' });
    expect((await stepOf(dir, 'dev-signing-credential')).step.status).toBe('not-applicable');
  });

  it('after a run that did what it safely could, stays pending and still lists what is left by hand', async () => {
    const dir = tree({ 'Host/Startup.cs': 'class S { IIdentityServerBuilder Dev(IIdentityServerBuilder b) => b.AddDeveloperSigningCredential(); }\n' });
    const { scan: s, workspace } = await scan(dir);
    const state = newState('5.2.4');
    state.steps['dev-signing-credential'] = { status: 'done', at: new Date().toISOString(), files: [], commandsDone: [] };
    const step = planFromScan(s, workspace, DEFAULT_OPTIONS, state).steps.find((x) => x.id === 'dev-signing-credential')!;
    expect(step.status).toBe('pending');
    expect(step.changes).toEqual([]);
    expect(step.followUps).toHaveLength(1);
    expect(step.followUps[0]).toContain('Host/Startup.cs:1');
  });

  it('stays pending and says why when the only call cannot be removed safely', async () => {
    const dir = tree({ 'Host/Startup.cs': 'class S { IIdentityServerBuilder Dev(IIdentityServerBuilder b) => b.AddDeveloperSigningCredential(); }\n' });
    const { step } = await stepOf(dir, 'dev-signing-credential');
    expect(step.status).toBe('pending');
    expect(step.changes).toEqual([]);
    expect(step.followUps).toEqual([
      'Host/Startup.cs:1: class S { IIdentityServerBuilder Dev(IIdentityServerBuilder b) => b.AddDeveloperSigningCredential(); } was left in place: it is the whole body of an expression-bodied member or lambda. Remove the developer credential there by hand.',
    ]);
  });
});
