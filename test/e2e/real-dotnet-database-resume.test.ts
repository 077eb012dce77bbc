/**
 * The database step with the real SDK and dotnet-ef: Ctrl+C while `dotnet ef migrations add` builds, then
 * a resume that finishes without adding a migration twice; and --db script writing SQL for a DBA.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, ensureBuilt, removeDir, runCli } from '../helpers/cli.js';
import { describeRealDotnet, dotnetEfAvailable, makeSampleHost, sqlite, sqlite3Available, stringEnv } from '../helpers/dotnet.js';

const EF_MISSING = 'dotnet-ef is not installed (.ci/run installs it: dotnet tool install --global dotnet-ef --version 10.0.15)';
const MIGRATIONS = ['Data/Migrations/IdentityServer/PersistedGrantDb', 'Data/Migrations/IdentityServer/ConfigurationDb'];

const added = (dir: string) => MIGRATIONS.map((m) => readdirSync(path.join(dir, m)).filter((f) => /_UpdateToDuende_v5\.cs$/.test(f)).length);

describeRealDotnet('real dotnet: database step, interrupted and resumed', () => {
  const dirs: string[] = [];
  beforeAll(async () => {
    await ensureBuilt();
  });
  afterAll(() => {
    for (const d of dirs) removeDir(d);
  });

  it('real dotnet: Ctrl+C during migrations add, then a resume adds each migration once and updates the database', async () => {
    const { dir, env } = await makeSampleHost();
    dirs.push(dir);
    expect(dotnetEfAvailable(env), EF_MISSING).toBe(true);
    const child = execa(process.execPath, [BIN, dir, '--yes'], { cwd: dir, env: { ...stringEnv(env), NO_COLOR: '1' }, extendEnv: false, reject: false, stdin: 'ignore' });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        // dotnet ef is building the host for the first migration: the moment a user loses patience.
        if (/\$ dotnet ef migrations add[^\n]*\n(?:[^\n]*\n)*?\s*│ Build started/.test(out)) resolve();
      });
      child.on('exit', () => reject(new Error(`the run ended before migrations add started:\n${out}`)));
    });
    child.kill('SIGINT');
    const first = await child;
    expect(first.exitCode, `${out}\n${first.stderr}`).toBe(130);
    const state = JSON.parse(readFileSync(path.join(dir, '.duende-upgrade', 'state.json'), 'utf8'));
    expect(state.steps.database.status).toBe('interrupted');
    expect(added(dir)).toEqual([0, 0]);

    const second = await runCli([dir, '--yes'], { cwd: dir, env: stringEnv(env) });
    expect(second.code, `${second.stdout}\n${second.stderr}`).toBe(0);
    expect(second.stdout).toContain('only the expected schema changes');
    expect(added(dir)).toEqual([1, 1]);
    if (sqlite3Available) {
      const history = sqlite(path.join(dir, 'IdentityServer.db'), 'SELECT MigrationId FROM __EFMigrationsHistory');
      expect(history.filter((m) => m.endsWith('_UpdateToDuende_v5'))).toHaveLength(2);
    }
    const third = await runCli([dir, '--yes'], { cwd: dir, env: stringEnv(env) });
    expect(third.code).toBe(0);
    expect(third.stdout).not.toContain('$ dotnet ef');
    expect(added(dir)).toEqual([1, 1]);
  }, 900_000);

  it('real dotnet: --db script writes a SQL script per context (not idempotent on SQLite, which EF cannot do) and leaves the database alone', async () => {
    const { dir, env } = await makeSampleHost();
    dirs.push(dir);
    expect(dotnetEfAvailable(env), EF_MISSING).toBe(true);
    const r = await runCli([dir, '--yes', '--db', 'script'], { cwd: dir, env: stringEnv(env) });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).not.toContain('database update');
    expect(r.stdout).toMatch(/\$ dotnet ef migrations script \S+_InitialIdentityServerPersistedGrantDbMigration UpdateToDuende_v5 -o duende-upgrade-sql\/UpdateToDuende_v5\.PersistedGrantDbContext\.sql/);
    expect(r.stdout).toContain('SQLite: EF Core cannot make it idempotent');
    const op = readFileSync(path.join(dir, 'duende-upgrade-sql', 'UpdateToDuende_v5.PersistedGrantDbContext.sql'), 'utf8');
    const conf = readFileSync(path.join(dir, 'duende-upgrade-sql', 'UpdateToDuende_v5.ConfigurationDbContext.sql'), 'utf8');
    expect(op).toMatch(/CREATE TABLE "Keys"/);
    expect(op).toContain('_UpdateToDuende_v5');
    expect(conf).toMatch(/RequireResourceIndicator/);
    // Only the new migration: the initial one is already in the database the script is for.
    expect(op).not.toMatch(/CREATE TABLE "PersistedGrants"/);
    expect(existsSync(path.join(dir, 'IdentityServer.db'))).toBe(false);
  }, 900_000);
});
