import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyChanges } from '../../../src/core/apply/apply.js';
import { planFromScan } from '../../../src/core/plan/plan.js';
import { scan } from '../../../src/core/scan/index.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { removeDir, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const CSPROJ = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup><TargetFramework>net5.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityServer4" Version="4.1.2" /></ItemGroup>\n</Project>\n';

async function namespacesOf(dir: string) {
  const { scan: s, workspace } = await scan(dir);
  return { step: planFromScan(s, workspace, DEFAULT_OPTIONS).steps.find((x) => x.id === 'namespaces')!, workspace };
}

describe('namespaces step on real files', () => {
  it('is pending with evidence, writes only the renamed tokens, then is done and finds nothing more', async () => {
    const dir = tempDir('ns-');
    dirs.push(dir);
    const files: Record<string, Buffer> = {
      'Host/Host.csproj': Buffer.from(CSPROJ),
      // a UTF-8 BOM and CRLF, and a connection string that must survive
      'Host/Startup.cs': Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('using IdentityServer4.Models;\r\nusing IdentityServer4.AccessTokenValidation;\r\n\r\nclass Startup\r\n{\r\n    const string Db = "Server=.;Database=IdentityServer4.Quickstart.EntityFramework-4.0.0";\r\n}\r\n'),
      ]),
      'Host/Views/Shared/_Nav.cshtml': Buffer.from('@using IdentityServer4.Extensions\n<a class="navbar-brand" href="~/">IdentityServer4</a>\n'),
    };
    for (const [rel, body] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), body);
    }
    const { step, workspace } = await namespacesOf(dir);
    expect(step.status).toBe('pending');
    expect(step.evidence.map((e) => `${e.path}:${e.line}: ${e.text}`)).toEqual([
      'Host/Startup.cs:1: using IdentityServer4.Models;',
      'Host/Views/Shared/_Nav.cshtml:1: @using IdentityServer4.Extensions',
    ]);
    await applyChanges(workspace, step.changes);
    const startup = readFileSync(path.join(dir, 'Host/Startup.cs'));
    expect(startup).toEqual(Buffer.from(files['Host/Startup.cs']!.toString('latin1').replace('using IdentityServer4.Models;', 'using Duende.IdentityServer.Models;'), 'latin1'));
    expect(readFileSync(path.join(dir, 'Host/Views/Shared/_Nav.cshtml'), 'utf8')).toBe('@using Duende.IdentityServer.Extensions\n<a class="navbar-brand" href="~/">IdentityServer4</a>\n');

    const again = await namespacesOf(dir);
    expect(again.step.status).toBe('done');
    expect(again.step.changes).toEqual([]);
  });
});
