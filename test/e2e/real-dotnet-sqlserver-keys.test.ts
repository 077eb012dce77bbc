/**
 * Duende 7.0 widens ServerSideSessions.Id, the table's primary key, from int to bigint. SQL Server refuses
 * to alter a column its primary key holds, so the database step patches the generated migration
 * (src/core/db/sss-patch.ts). SQLite stores both as INTEGER and EF generates no change there, so the
 * SQLite tests cannot see the patch at work: this one moves the sample host to the SQL Server provider.
 * No server is needed: `dotnet ef migrations add` and `migrations script` read the model, not a database,
 * and `--db script` leaves the applying to a DBA. The SQL the real EF Core 10 SQL Server provider writes
 * from the patched migration must drop the key before the column changes and add it back after.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuilt, removeDir } from '../helpers/cli.js';
import { describeRealDotnet, dotnetEfAvailable, makeSampleHost } from '../helpers/dotnet.js';
import { edit, freshInitialMigrations, migrationsNamed, sampleOnDuende, stepOf, upgrade } from '../helpers/later-hosts.js';

const EF_MISSING = 'dotnet-ef is not installed (.ci/run installs it: dotnet tool install --global dotnet-ef --version 10.0.15)';
const MIGRATION = 'Update_DuendeIdentityServer_v7_4';

describeRealDotnet('real dotnet: the ServerSideSessions key on SQL Server', () => {
  const dirs: string[] = [];
  beforeAll(async () => {
    await ensureBuilt();
  });
  afterAll(() => {
    for (const d of dirs) removeDir(d);
  });

  it('real dotnet: Duende 6.1.8 → 7.4.8 on SQL Server with --db script: the key is dropped before Id becomes bigint and added back after, in the SQL EF writes', async () => {
    const { dir, env } = await makeSampleHost();
    dirs.push(dir);
    expect(dotnetEfAvailable(env), EF_MISSING).toBe(true);
    sampleOnDuende(dir, '6.1.8');
    edit(path.join(dir, 'IdentityServerHost.csproj'), (t) => t.replace('Include="Microsoft.EntityFrameworkCore.Sqlite"', 'Include="Microsoft.EntityFrameworkCore.SqlServer"'));
    for (const f of ['Startup.cs', 'SeedData.cs']) edit(path.join(dir, f), (t) => t.replaceAll('UseSqlite(', 'UseSqlServer('));
    // A server that is not there: nothing in this test may connect.
    edit(path.join(dir, 'appsettings.json'), (t) =>
      t.replace('"Data Source=IdentityServer.db"', '"Server=127.0.0.1,1;Database=IdentityServer;User Id=sa;Password=unused;TrustServerCertificate=True;Connect Timeout=2"'),
    );
    await freshInitialMigrations(dir, env);

    const r = await upgrade(dir, env, ['--target-version', '7.4.8', '--db', 'script']);
    expect(r.code, `--yes --target-version 7.4.8 --db script:\n${JSON.stringify(r.report.result)}\n${r.stderr}`).toBe(0);
    expect(stepOf(r.report, 'database')?.status).toBe('done');
    expect(stepOf(r.report, 'verify')?.status).toBe('done');

    const [grants] = migrationsNamed(dir, MIGRATION).filter((f) => f.includes('PersistedGrant'));
    expect(grants, 'the PersistedGrantDbContext migration').toBeDefined();
    const migration = readFileSync(path.join(dir, grants!), 'utf8');
    const up = migration.slice(migration.indexOf('void Up('), migration.indexOf('void Down('));
    const down = migration.slice(migration.indexOf('void Down('));
    for (const body of [up, down]) {
      const drop = body.indexOf('DropPrimaryKey(');
      const alter = body.search(/AlterColumn<\w+>\(\s*name: "Id",\s*table: "ServerSideSessions"/);
      const add = body.indexOf('AddPrimaryKey(');
      expect(drop, 'DropPrimaryKey').toBeGreaterThan(-1);
      expect(alter, 'the AlterColumn of ServerSideSessions.Id').toBeGreaterThan(drop);
      expect(add, 'AddPrimaryKey').toBeGreaterThan(alter);
    }

    const sql = readFileSync(path.join(dir, 'duende-upgrade-sql', `${MIGRATION}.PersistedGrantDbContext.sql`), 'utf8');
    const dropSql = sql.indexOf('ALTER TABLE [ServerSideSessions] DROP CONSTRAINT [PK_ServerSideSessions];');
    const alterSql = sql.indexOf('ALTER TABLE [ServerSideSessions] ALTER COLUMN [Id] bigint NOT NULL;');
    const addSql = sql.indexOf('ALTER TABLE [ServerSideSessions] ADD CONSTRAINT [PK_ServerSideSessions] PRIMARY KEY ([Id]);');
    expect(dropSql, `the key dropped, in:\n${sql}`).toBeGreaterThan(-1);
    expect(alterSql, 'Id widened after the key is dropped').toBeGreaterThan(dropSql);
    expect(addSql, 'the key added back after').toBeGreaterThan(alterSql);
    // idempotent, as the tool asks of SQL Server scripts: each step guarded by the migration history
    expect(sql).toContain(`WHERE [MigrationId] = N'`);
  }, 1_800_000);
});
