/**
 * Proves the miniature packages themselves, with the real SDK and the real dotnet-ef: the 4.1 host
 * builds and migrates to the 4.1 schema, and a host upgraded by hand gets exactly the v5 schema delta
 * from `dotnet ef migrations add`. If these fail, the end-to-end test of the tool proves nothing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { removeDir } from '../helpers/cli.js';
import {
  describeRealDotnet,
  dotnet,
  dotnetEfAvailable,
  makeSampleHost,
  sqlite,
  sqlite3Available,
  sqliteTables,
} from '../helpers/dotnet.js';

const PG_DIR = 'Data/Migrations/IdentityServer/PersistedGrantDb';
const CFG_DIR = 'Data/Migrations/IdentityServer/ConfigurationDb';
const EF_MISSING = 'dotnet-ef is not installed (.ci/run installs it: dotnet tool install --global dotnet-ef --version 10.0.15)';

async function migrate41(dir: string, env: NodeJS.ProcessEnv) {
  await dotnet(['build', '-nodeReuse:false'], { cwd: dir, env });
  for (const ctx of ['PersistedGrantDbContext', 'ConfigurationDbContext']) {
    await dotnet(['ef', 'database', 'update', '-c', ctx, '--no-build'], { cwd: dir, env });
  }
  // The quickstart's own seeding path (SeedData, through the miniature's Mappers): rows to carry across.
  await dotnet(['run', '--no-build', '--', '/seed'], { cwd: dir, env });
}

/** The upgrade guide's steps 1-3 done with plain text replacement: enough to prove the Duende miniature. */
function upgradeByHand(dir: string) {
  const edit = (rel: string, f: (s: string) => string) => {
    const abs = path.join(dir, rel);
    const before = readFileSync(abs, 'utf8');
    const after = f(before);
    expect(after, `${rel} should change`).not.toBe(before);
    writeFileSync(abs, after);
  };
  edit('IdentityServerHost.csproj', (s) =>
    s.replace(/Include="IdentityServer4(\.EntityFramework)?" Version="4\.1\.1"/g, 'Include="Duende.IdentityServer$1" Version="5.2.4"'),
  );
  const rename = (s: string) =>
    s
      .replace(/^(\s*@?using )IdentityServer4(?=[.;\s])/gm, '$1Duende.IdentityServer')
      .replace(/typeof\(IdentityServer4\./g, 'typeof(Duende.IdentityServer.')
      .replace(/"IdentityServer4\.EntityFramework\.Entities\./g, '"Duende.IdentityServer.EntityFramework.Entities.');
  const sources = ['Startup.cs', 'Config.cs', 'SeedData.cs', 'Quickstart/TestUsers.cs', 'Quickstart/Home/HomeController.cs', 'Views/Shared/_Nav.cshtml', 'Views/Home/Index.cshtml'];
  for (const d of [PG_DIR, CFG_DIR]) for (const f of readdirSync(path.join(dir, d))) if (f.endsWith('Designer.cs') || f.endsWith('Snapshot.cs')) sources.push(`${d}/${f}`);
  for (const rel of sources) edit(rel, rename);
  edit('Startup.cs', (s) => s.replace(/\)\s*\/\/ not recommended for production[^\n]*\n\s*\.AddDeveloperSigningCredential\(\);/, ');'));
}

function newMigration(dir: string, rel: string): string {
  const files = readdirSync(path.join(dir, rel)).filter((f) => /^\d+_UpdateToDuende_v5\.cs$/.test(f));
  expect(files, `one UpdateToDuende_v5 migration in ${rel}`).toHaveLength(1);
  return readFileSync(path.join(dir, rel, files[0]!), 'utf8');
}

/** The Up method only: Down drops what Up adds, which is no sign of a destructive delta. */
const upOf = (migration: string) => migration.slice(migration.indexOf('void Up('), migration.indexOf('void Down('));

function warnNoSqlite() {
  console.warn('[real dotnet] sqlite3 is not on PATH: the database checks of this test are skipped.');
}

describeRealDotnet('real dotnet: miniature IdentityServer4 and Duende packages', () => {
  const dirs: string[] = [];
  let efReady = false;
  // Builds and migrations are slow on two cores: the second test upgrades the host the first one
  // checked, and makes its own when it runs alone (-t).
  let host41: Promise<{ dir: string; env: NodeJS.ProcessEnv }> | undefined;
  const migratedHost41 = () =>
    (host41 ??= makeSampleHost().then(async (h) => {
      dirs.push(h.dir);
      await migrate41(h.dir, h.env);
      return h;
    }));

  beforeAll(async () => {
    efReady = dotnetEfAvailable();
  });

  afterAll(() => {
    for (const d of dirs) removeDir(d);
  });

  it('real dotnet: the sample host builds on the IdentityServer4 miniature and its migrations create the 4.1 schema', async () => {
    expect(efReady, EF_MISSING).toBe(true);
    const { dir, env } = await migratedHost41();

    const assets = readFileSync(path.join(dir, 'obj', 'project.assets.json'), 'utf8');
    expect(assets).toContain('"IdentityServer4.EntityFramework/4.1.1"');
    expect(assets).not.toContain('Duende.IdentityServer');
    // IdentityServer4 4.x writes the developer key while services are configured, so dotnet ef leaves one.
    expect(existsSync(path.join(dir, 'tempkey.jwk'))).toBe(true);

    const db = path.join(dir, 'IdentityServer.db');
    expect(existsSync(db)).toBe(true);
    if (!sqlite3Available) return warnNoSqlite();
    const tables = sqliteTables(db);
    for (const t of ['PersistedGrants', 'DeviceCodes', 'ApiResources', 'ApiScopes', 'Clients', 'ClientSecrets', 'IdentityResources', '__EFMigrationsHistory']) {
      expect(tables).toContain(t);
    }
    expect(tables).not.toContain('Keys');
    expect(tables).not.toContain('IdentityProviders');
    expect(sqlite(db, "SELECT name FROM pragma_table_info('PersistedGrants')")).toContain('ConsumedTime');
    expect(sqlite(db, "SELECT name FROM pragma_table_info('ApiResources')")).not.toContain('RequireResourceIndicator');
    const indexes = sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'index'");
    expect(indexes).toContain('IX_PersistedGrants_Expiration');
    expect(indexes).not.toContain('IX_PersistedGrants_ConsumedTime');
    expect(sqlite(db, 'SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId').map((m) => m.replace(/^\d+_/, ''))).toEqual([
      'InitialIdentityServerPersistedGrantDbMigration',
      'InitialIdentityServerConfigurationDbMigration',
    ]);
    expect(sqlite(db, 'SELECT ClientId FROM Clients ORDER BY ClientId')).toEqual(['client', 'mvc']);
  }, 600_000);

  it('real dotnet: the Duende miniature carries the v5 schema delta', async () => {
    expect(efReady, EF_MISSING).toBe(true);
    const { dir, env } = await migratedHost41();

    upgradeByHand(dir);
    await dotnet(['build', '-nodeReuse:false'], { cwd: dir, env });
    await dotnet(['ef', 'migrations', 'add', 'UpdateToDuende_v5', '-c', 'PersistedGrantDbContext', '-o', PG_DIR, '--no-build'], { cwd: dir, env });
    await dotnet(['ef', 'migrations', 'add', 'UpdateToDuende_v5', '-c', 'ConfigurationDbContext', '-o', CFG_DIR], { cwd: dir, env });

    const pg = upOf(newMigration(dir, PG_DIR));
    expect(pg).toMatch(/CreateTable\(\s*name: "Keys"/);
    expect(pg).toMatch(/CreateIndex\(\s*name: "IX_Keys_Use",\s*table: "Keys",\s*column: "Use"\)/);
    expect(pg).toMatch(/CreateIndex\(\s*name: "IX_PersistedGrants_ConsumedTime",\s*table: "PersistedGrants",\s*column: "ConsumedTime"\)/);
    const cfg = upOf(newMigration(dir, CFG_DIR));
    expect(cfg).toMatch(/AddColumn<bool>\(\s*name: "RequireResourceIndicator",\s*table: "ApiResources",[^)]*nullable: false,\s*defaultValue: false\)/);
    expect(cfg).toMatch(/CreateTable\(\s*name: "IdentityProviders"/);
    // The miniatures differ by the delta and nothing else: no drop, rename, alter or extra column sneaks in.
    const ops = (up: string) => [...up.matchAll(/migrationBuilder\.(\w+)(?:<\w+>)?\(\s*name: "(\w+)"/g)].map((m) => `${m[1]} ${m[2]}`).sort();
    expect(ops(pg)).toEqual(['CreateIndex IX_Keys_Use', 'CreateIndex IX_PersistedGrants_ConsumedTime', 'CreateTable Keys']);
    // 5.2 has no index on IdentityProviders.Scheme (6.0 added the unique one).
    expect(ops(cfg)).toEqual(['AddColumn RequireResourceIndicator', 'CreateTable IdentityProviders']);
    expect(pg.match(/migrationBuilder\./g)).toHaveLength(3);
    expect(cfg.match(/migrationBuilder\./g)).toHaveLength(2);

    // Built again here: the assembly must hold both new migrations.
    await dotnet(['ef', 'database', 'update', '-c', 'PersistedGrantDbContext'], { cwd: dir, env });
    await dotnet(['ef', 'database', 'update', '-c', 'ConfigurationDbContext', '--no-build'], { cwd: dir, env });

    if (!sqlite3Available) return warnNoSqlite();
    const db = path.join(dir, 'IdentityServer.db');
    const tables = sqliteTables(db);
    expect(tables).toContain('Keys');
    expect(tables).toContain('IdentityProviders');
    expect(sqlite(db, "SELECT name FROM pragma_table_info('ApiResources')")).toContain('RequireResourceIndicator');
    const indexes = sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'index'");
    expect(indexes).toContain('IX_Keys_Use');
    expect(indexes).toContain('IX_PersistedGrants_ConsumedTime');
    const history = sqlite(db, 'SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId');
    expect(history.filter((m) => m.endsWith('_UpdateToDuende_v5'))).toHaveLength(2);
    expect(history).toHaveLength(4);
    // The seeded rows survive, and existing API resources get the column's default.
    expect(sqlite(db, 'SELECT ClientId FROM Clients ORDER BY ClientId')).toEqual(['client', 'mvc']);
    expect(sqlite(db, 'SELECT Name, RequireResourceIndicator FROM ApiResources')).toEqual(['api1|0']);
  }, 600_000);
});
