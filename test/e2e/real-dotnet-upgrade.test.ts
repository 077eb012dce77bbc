/**
 * The tool end to end on the sample host, with the real SDK and the real dotnet-ef: the host starts on
 * IdentityServer4 4.1 with a database at the 4.1 schema, as a production host would, and `--yes` must
 * leave it building on Duende with both UpdateToDuende_v5 migrations applied.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuilt, removeDir, runCli, snapshotTree } from '../helpers/cli.js';
import { SAMPLE_HOST, describeRealDotnet, dotnet, dotnetEfAvailable, makeSampleHost, sqlite, sqlite3Available, sqliteTables, stringEnv } from '../helpers/dotnet.js';

const EF_MISSING = 'dotnet-ef is not installed (.ci/run installs it: dotnet tool install --global dotnet-ef --version 10.0.15)';

/** Build output and the tool's own records are not the user's files. */
const notUserFiles = (rel: string) => rel.startsWith('.duende-upgrade') || /(^|\/)(bin|obj)(\/|$)/.test(rel);

function treeDifferences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const out: string[] = [];
  for (const [rel, bytes] of a) if (!b.has(rel)) out.push(`removed ${rel}`);
  else if (!bytes.equals(b.get(rel)!)) out.push(`changed ${rel}`);
  for (const rel of b.keys()) if (!a.has(rel)) out.push(`added ${rel}`);
  return out;
}

describeRealDotnet('real dotnet: duende-upgrade on the sample host', () => {
  let dir = '';
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    // `npm test` builds first; a bare `npx vitest run` on a fresh clone has no dist/ yet.
    await ensureBuilt();
    ({ dir, env } = await makeSampleHost());
  });

  afterAll(() => {
    if (dir) removeDir(dir);
  });

  it('real dotnet: duende-upgrade --yes upgrades the sample host end to end', async () => {
    expect(dotnetEfAvailable(env), EF_MISSING).toBe(true);

    // Before: the host builds on IdentityServer4 and its database is at the 4.1 schema.
    await dotnet(['build', '-nodeReuse:false'], { cwd: dir, env });
    for (const ctx of ['PersistedGrantDbContext', 'ConfigurationDbContext']) {
      await dotnet(['ef', 'database', 'update', '-c', ctx, '--no-build'], { cwd: dir, env });
    }
    await dotnet(['run', '--no-build', '--', '/seed'], { cwd: dir, env });

    const first = await runCli([dir, '--yes'], { cwd: dir, env: stringEnv(env) });
    expect(first.code, `first --yes run:\n${first.stdout}\n${first.stderr}`).toBe(0);

    // After: it builds, and on the Duende packages, not IdentityServer4.
    await dotnet(['build', '-nodeReuse:false'], { cwd: dir, env });
    const assets = readFileSync(path.join(dir, 'obj', 'project.assets.json'), 'utf8');
    expect(assets).toContain('"Duende.IdentityServer.EntityFramework/5.2.4"');
    expect(assets).not.toMatch(/"IdentityServer4(\.EntityFramework)?\/4\.1\.1"/);
    // What is not ours stays byte for byte: the connection string, prose that merely says IdentityServer4.
    for (const rel of ['appsettings.json', 'Program.cs', 'Views/Shared/_Layout.cshtml']) {
      expect(readFileSync(path.join(dir, rel)).equals(readFileSync(path.join(SAMPLE_HOST, rel))), `${rel} unchanged`).toBe(true);
    }
    expect(readFileSync(path.join(dir, 'Startup.cs'), 'utf8')).toContain('// IdentityServer4 quickstart: configuration and operational data live in the database');

    if (sqlite3Available) {
      const db = path.join(dir, 'IdentityServer.db');
      expect(sqliteTables(db)).toContain('Keys');
      expect(sqlite(db, "SELECT name FROM pragma_table_info('ApiResources')")).toContain('RequireResourceIndicator');
      const history = sqlite(db, 'SELECT MigrationId FROM __EFMigrationsHistory');
      expect(history.filter((m) => m.endsWith('_UpdateToDuende_v5'))).toHaveLength(2);
      // The production data is still there.
      expect(sqlite(db, 'SELECT ClientId FROM Clients ORDER BY ClientId')).toEqual(['client', 'mvc']);
      expect(sqlite(db, 'SELECT Name, RequireResourceIndicator FROM ApiResources')).toEqual(['api1|0']);
    } else {
      console.warn('[real dotnet] sqlite3 is not on PATH: the database checks of the end-to-end test are skipped.');
    }

    // Again: nothing left to do, nothing changes.
    const before = snapshotTree(dir, notUserFiles);
    const second = await runCli([dir, '--yes'], { cwd: dir, env: stringEnv(env) });
    expect(second.code, `second --yes run:\n${second.stdout}\n${second.stderr}`).toBe(0);
    expect(treeDifferences(before, snapshotTree(dir, notUserFiles))).toEqual([]);
  }, 900_000);
});
