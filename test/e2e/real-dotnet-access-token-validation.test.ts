/**
 * Issue 13 "Done when": the access-token-validation rewrite compiles with the real SDK and the real
 * Microsoft.AspNetCore.Authentication.JwtBearer package (served by the package source, unlike
 * IdentityServer4.AccessTokenValidation, so only the result can be built). The two rewritten API
 * projects of the fixture target netcoreapp3.1 and are built with its reference pack; the project on
 * reference tokens is left as it was and is not built.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FIXTURES, removeDir, runCli, tempDir } from '../helpers/cli.js';
import { describeRealDotnet, dotnet } from '../helpers/dotnet.js';
import { treeMismatches } from '../helpers/fixtures.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describeRealDotnet('real dotnet: API projects moved to JwtBearer', () => {
  it('real dotnet: the rewritten APIs (JWT only; options in a separate method) build against the real JwtBearer 3.1 package', async () => {
    const dir = tempDir('atv-dotnet-');
    dirs.push(dir);
    cpSync(path.join(FIXTURES, 'access-token-validation', 'before'), dir, { recursive: true });
    const r = await runCli([dir, '--yes', '--only', 'access-token-validation']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(treeMismatches(dir, path.join(FIXTURES, 'access-token-validation', 'after'))).toEqual([]);
    const env = {
      ...process.env,
      // a packages folder of its own: JwtBearer 3.1 and its dependencies only
      NUGET_PACKAGES: path.join(dir, '.packages'),
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
      MSBUILDDISABLENODEREUSE: '1',
      DOTNET_CLI_USE_MSBUILD_SERVER: '0',
      DOTNET_CLI_UI_LANGUAGE: 'en',
    };
    for (const p of ['src/Api.Jwt/Api.Jwt.csproj', 'src/Api.Method/Api.Method.csproj']) {
      // no app host: the package source has no netcoreapp3.1 apphost pack, and a library-style build proves the code compiles
      const out = await dotnet(['build', p, '-nodeReuse:false', '-v:q', '-p:NuGetAudit=false', '-p:UseAppHost=false'], { cwd: dir, env });
      expect(out).toMatch(/Build succeeded|0 Error/);
    }
  }, 600_000);
});
