import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, removeDir, runCli, tempDir } from '../../helpers/cli.js';
import { writeEfHost } from '../../stand-ins/ef-host.js';
import { standInPath } from '../../stand-ins/stand-in-path.js';

const HOST = 'src/IdentityServer/IdentityServer.csproj';
const OP_DIR = 'src/IdentityServer/Data/Migrations/IdentityServer/PersistedGrantDb';
const CONF_DIR = 'src/IdentityServer/Data/Migrations/IdentityServer/ConfigurationDb';

interface Call {
  tool: string;
  args: string[];
  cwd: string;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

/** A fresh sample host and a PATH whose dotnet (and dotnet-ef, unless withEf is false) are stand-ins. */
function setup(opts: { withEf?: boolean; design?: boolean; restored?: boolean; env?: Record<string, string> } = {}) {
  const dir = tempDir('db-step-');
  dirs.push(dir);
  const root = path.join(dir, 'solution with spaces');
  writeEfHost(root, { design: opts.design, restored: opts.restored });
  const { PATH, toolsDir } = standInPath(dir, { withEf: opts.withEf });
  const log = path.join(dir, 'calls.jsonl');
  const env = { PATH, FAKE_DOTNET_LOG: log, ...opts.env };
  const calls = (): Call[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Call) : []);
  const efCalls = () => calls().filter((c) => c.tool === 'dotnet-ef' && c.args[0] !== '--version').map((c) => c.args.slice(0, c.args[1] === 'update' ? 2 : 3).concat(c.args.includes('-c') ? [c.args[c.args.indexOf('-c') + 1]!] : []).join(' '));
  return { root, env, calls, efCalls, toolsDir };
}

function newMigrations(dirRel: string, root: string): string[] {
  return readdirSync(path.join(root, dirRel)).filter((f) => f.includes('UpdateToDuende_v5'));
}

beforeAll(async () => {
  await ensureBuilt();
});

describe('database step with a stand-in dotnet', () => {
  it('plans one add and one update per store context, exactly, in --plan --json', async () => {
    const s = setup();
    const r = await runCli([s.root, '--plan', '--json'], { env: s.env });
    expect(r.code, r.stderr).toBe(0);
    const step = JSON.parse(r.stdout).steps.find((x: { id: string }) => x.id === 'database');
    expect(step.status).toBe('pending');
    const common = ['--project', HOST, '--startup-project', HOST];
    expect(step.commands).toEqual([
      { file: 'dotnet', args: ['ef', 'migrations', 'add', 'UpdateToDuende_v5', '-c', 'PersistedGrantDbContext', '-o', 'Data/Migrations/IdentityServer/PersistedGrantDb', ...common], cwd: s.root },
      { file: 'dotnet', args: ['ef', 'migrations', 'add', 'UpdateToDuende_v5', '-c', 'ConfigurationDbContext', '-o', 'Data/Migrations/IdentityServer/ConfigurationDb', ...common], cwd: s.root },
      { file: 'dotnet', args: ['ef', 'database', 'update', '-c', 'PersistedGrantDbContext', ...common], cwd: s.root },
      { file: 'dotnet', args: ['ef', 'database', 'update', '-c', 'ConfigurationDbContext', ...common], cwd: s.root },
    ]);
    const paths = step.evidence.map((e: { path: string; line: number }) => `${e.path}:${e.line}`);
    expect(paths).toContain('src/IdentityServer/Startup.cs:18');
    expect(paths).toContain('src/IdentityServer/Startup.cs:23');
    expect(paths).toContain(`${OP_DIR}/PersistedGrantDbContextModelSnapshot.cs:8`);
    // The comment that mentions AddOperationalStore<NotAContext> is not a registration.
    expect(JSON.stringify(step)).not.toContain('NotAContext');
  });

  it('adds both migrations, checks them, shows the masked data source, updates, and a second run does nothing', async () => {
    const s = setup();
    const r = await runCli([s.root, '--yes', '--only', 'packages,database'], { env: s.env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(s.efCalls()).toEqual([
      'migrations add UpdateToDuende_v5 PersistedGrantDbContext',
      'migrations add UpdateToDuende_v5 ConfigurationDbContext',
      'database update PersistedGrantDbContext',
      'database update ConfigurationDbContext',
    ]);
    expect(s.calls().every((c) => c.cwd === s.root)).toBe(true);
    expect(newMigrations(OP_DIR, s.root)).toHaveLength(2);
    expect(newMigrations(CONF_DIR, s.root)).toHaveLength(2);
    expect(r.stdout).toContain('only the expected schema changes');
    expect(r.stdout).toContain('PersistedGrantDbContext: updates SQLite database Data Source=IdentityServer.db;Password=‹masked›; (ConnectionStrings:DefaultConnection in src/IdentityServer/appsettings.json:4)');
    expect(r.stdout + r.stderr).not.toContain('hunter2');

    const before = s.calls().length;
    const plan = JSON.parse((await runCli([s.root, '--plan', '--json'], { env: s.env })).stdout);
    expect(plan.steps.find((x: { id: string }) => x.id === 'database').status).toBe('done');
    const again = await runCli([s.root, '--yes', '--only', 'packages,database'], { env: s.env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Add and apply the EF Core migrations: done/);
    expect(s.calls().slice(before).filter((c) => c.tool === 'dotnet-ef' && c.args[0] !== '--version')).toEqual([]);
  });

  it('resumes after Ctrl+C during migrations add without adding a migration twice', async () => {
    const s = setup();
    const pids = path.join(path.dirname(s.root), 'pids');
    const child = execa(process.execPath, [BIN, s.root, '--yes', '--only', 'packages,database'], { env: { NO_COLOR: '1', ...s.env, FAKE_EF_WAIT: 'ConfigurationDbContext', FAKE_EF_PIDS: pids }, reject: false, stdin: 'ignore' });
    let seen = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('STAND-IN: migrations add is waiting to be interrupted')) resolve();
      });
      child.on('exit', () => reject(new Error(`the CLI ended before the marker:\n${seen}`)));
    });
    child.kill('SIGINT');
    const first = await child;
    expect(first.exitCode, String(first.stderr)).toBe(130);
    expect(String(first.stderr)).toContain('interrupted');
    // The stand-in dotnet-ef that was waiting is gone with its whole process group.
    const pid = Number(readFileSync(pids, 'utf8').trim());
    await expect.poll(() => alive(pid), { timeout: 10_000, interval: 50 }).toBe(false);
    const state = JSON.parse(readFileSync(path.join(s.root, '.duende-upgrade/state.json'), 'utf8'));
    expect(state.steps.database.status).toBe('interrupted');
    expect(state.steps.database.commandsDone).toEqual(['operational:add']);
    expect(newMigrations(OP_DIR, s.root)).toHaveLength(2);
    expect(newMigrations(CONF_DIR, s.root)).toHaveLength(0);

    const second = await runCli([s.root, '--yes', '--only', 'packages,database'], { env: s.env });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(s.efCalls()).toEqual([
      'migrations add UpdateToDuende_v5 PersistedGrantDbContext',
      'migrations add UpdateToDuende_v5 ConfigurationDbContext',
      'migrations add UpdateToDuende_v5 ConfigurationDbContext',
      'database update PersistedGrantDbContext',
      'database update ConfigurationDbContext',
    ]);
    expect(newMigrations(OP_DIR, s.root)).toHaveLength(2);
    expect(newMigrations(CONF_DIR, s.root)).toHaveLength(2);
  });

  it('stops with exit 1 before any update when a generated migration drops a table, and goes on with --force', async () => {
    const s = setup({ env: { FAKE_EF_EXTRA: 'drop' } });
    const r = await runCli([s.root, '--yes', '--only', 'packages,database'], { env: s.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DropTable Clients');
    expect(r.stderr).toContain('changes or removes existing data');
    expect(r.stderr).toContain('--force');
    expect(s.efCalls().filter((c) => c.startsWith('database update'))).toEqual([]);

    const forced = await runCli([s.root, '--yes', '--only', 'packages,database', '--force'], { env: s.env });
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toContain('Going on because --force was given.');
    expect(s.efCalls()).toEqual([
      'migrations add UpdateToDuende_v5 PersistedGrantDbContext',
      'migrations add UpdateToDuende_v5 ConfigurationDbContext',
      'database update PersistedGrantDbContext',
      'database update ConfigurationDbContext',
    ]);
  });

  it('writes an idempotent SQL script per context with --db script, and never updates', async () => {
    const s = setup();
    const plan = JSON.parse((await runCli([s.root, '--plan', '--json', '--db', 'script'], { env: s.env })).stdout);
    const cmds = plan.steps.find((x: { id: string }) => x.id === 'database').commands.map((c: { args: string[] }) => c.args);
    // The host is on SQLite, whose EF provider cannot make idempotent scripts.
    expect(cmds[2]).toEqual(['ef', 'migrations', 'script', '20200702080123_InitialIdentityServerPersistedGrantDbMigration', 'UpdateToDuende_v5', '-o', 'duende-upgrade-sql/UpdateToDuende_v5.PersistedGrantDbContext.sql', '-c', 'PersistedGrantDbContext', '--project', HOST, '--startup-project', HOST]);
    const r = await runCli([s.root, '--yes', '--only', 'packages,database', '--db', 'script'], { env: s.env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(s.efCalls()).toEqual([
      'migrations add UpdateToDuende_v5 PersistedGrantDbContext',
      'migrations add UpdateToDuende_v5 ConfigurationDbContext',
      'migrations script 20200702080123_InitialIdentityServerPersistedGrantDbMigration PersistedGrantDbContext',
      'migrations script 20200702080150_InitialIdentityServerConfigurationDbMigration ConfigurationDbContext',
    ]);
    expect(readFileSync(path.join(s.root, 'duende-upgrade-sql/UpdateToDuende_v5.ConfigurationDbContext.sql'), 'utf8')).toContain('20200702080150_InitialIdentityServerConfigurationDbMigration -> UpdateToDuende_v5');
    expect(r.stdout).toContain('by hand: Give duende-upgrade-sql/UpdateToDuende_v5.PersistedGrantDbContext.sql to whoever applies SQL to the PersistedGrantDbContext database (SQLite: EF Core cannot make it idempotent');
  });

  it('asks for an idempotent script where the provider supports it (SQL Server)', async () => {
    const s = setup();
    const startup = path.join(s.root, 'src/IdentityServer/Startup.cs');
    writeFileSync(startup, readFileSync(startup, 'utf8').replaceAll('UseSqlite(', 'UseSqlServer('));
    const plan = JSON.parse((await runCli([s.root, '--plan', '--json', '--db', 'script'], { env: s.env })).stdout);
    const cmds = plan.steps.find((x: { id: string }) => x.id === 'database').commands.map((c: { args: string[] }) => c.args);
    expect(cmds.slice(2).map((a: string[]) => a.includes('--idempotent'))).toEqual([true, true]);
  });

  it.each([
    ['nocontext', "No DbContext named 'PersistedGrantDbContext'", 'Contexts found by the scan: PersistedGrantDbContext, ConfigurationDbContext.'],
    ['cert', 'The design-time host failed', "(Parameter 'certificate')"],
    ['exists', 'The table PersistedGrants already exists', '__EFMigrationsHistory'],
  ])('explains a failure (%s) with its likely cause and the last lines', async (fail, cause, detail) => {
    const s = setup({ env: { FAKE_EF_FAIL: fail } });
    const r = await runCli([s.root, '--yes', '--only', 'packages,database'], { env: s.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(cause);
    expect(r.stderr).toContain(detail);
    expect(r.stderr).toMatch(/│ .+/);
    const state = JSON.parse(readFileSync(path.join(s.root, '.duende-upgrade/state.json'), 'utf8'));
    expect(state.steps.database.status).toBe('failed');
  });

  it('lists the compiler errors when dotnet ef says the build failed', async () => {
    const s = setup({ env: { FAKE_EF_FAIL: 'build', FAKE_BUILD: 'fail' } });
    const r = await runCli([s.root, '--yes', '--only', 'packages,database'], { env: s.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The project does not build');
    expect(r.stderr).toMatch(/src\/IdentityServer\/Services\/TokenService\.cs\(42\): error CS1501: No overload for method 'CreateRefreshTokenAsync'/);
    expect(r.stderr).toContain('hint: IRefreshTokenService in v5 takes');
    expect(s.calls().some((c) => c.tool === 'dotnet' && c.args[0] === 'build' && c.args[1] === HOST)).toBe(true);
  });

  it('plans a local dotnet-ef at the exact EF Core version when none is installed, and fails clearly when it cannot install', async () => {
    const s = setup({ withEf: false });
    const plan = JSON.parse((await runCli([s.root, '--plan', '--json'], { env: s.env })).stdout);
    const step = plan.steps.find((x: { id: string }) => x.id === 'database');
    expect(step.commands.slice(0, 2)).toEqual([
      { file: 'dotnet', args: ['new', 'tool-manifest'], cwd: s.root },
      { file: 'dotnet', args: ['tool', 'install', '--local', 'dotnet-ef', '--version', '10.0.0'], cwd: s.root },
    ]);
    expect(step.warnings.join('\n')).toContain("dotnet-ef is not installed: the step installs dotnet-ef 10.0.0 (the project's EF Core version) as a local tool");
    expect(JSON.stringify(plan)).not.toContain('--global');

    const r = await runCli([s.root, '--yes', '--only', 'packages,database'], { env: s.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Install dotnet-ef 10.0.0 as a local tool failed');
    expect(s.efCalls()).toEqual([]);
  });

  it('creates the manifest, installs the local tool, then runs the migrations', async () => {
    const s = setup({ withEf: false });
    const r = await runCli([s.root, '--yes', '--only', 'packages,database'], { env: { ...s.env, FAKE_TOOLS_DIR: s.toolsDir } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('$ dotnet new tool-manifest');
    expect(r.stdout).toContain('$ dotnet tool install --local dotnet-ef --version 10.0.0');
    expect(existsSync(path.join(s.root, '.config', 'dotnet-tools.json'))).toBe(true);
    expect(s.efCalls()).toHaveLength(4);
  });

  it('uses an existing manifest without creating another; an older dotnet-ef gets a local one at the EF Core version, never a global update', async () => {
    const missing = setup({ withEf: false });
    mkdirSync(path.join(missing.root, '.config'));
    writeFileSync(path.join(missing.root, '.config/dotnet-tools.json'), '{ "version": 1, "isRoot": true, "tools": {} }\n');
    const plan = JSON.parse((await runCli([missing.root, '--plan', '--json'], { env: missing.env })).stdout);
    expect(plan.steps.find((x: { id: string }) => x.id === 'database').commands[0].args).toEqual(['tool', 'install', '--local', 'dotnet-ef', '--version', '10.0.0']);

    const old = setup({ env: { FAKE_EF_VERSION: '9.0.1' } });
    const plan9 = JSON.parse((await runCli([old.root, '--plan', '--json'], { env: old.env })).stdout);
    const step = plan9.steps.find((x: { id: string }) => x.id === 'database');
    expect(step.commands[1].args).toEqual(['tool', 'install', '--local', 'dotnet-ef', '--version', '10.0.0']);
    expect(step.warnings.join('\n')).toContain('dotnet-ef 9.0.1 is older than EF Core 10.0.0 used by the project: the step installs dotnet-ef 10.0.0');

    const newer = setup({ env: { FAKE_EF_VERSION: '10.0.15' } });
    const planNew = JSON.parse((await runCli([newer.root, '--plan', '--json'], { env: newer.env })).stdout);
    const used = planNew.steps.find((x: { id: string }) => x.id === 'database');
    expect(used.commands.some((c: { args: string[] }) => c.args[0] === 'tool' || c.args[0] === 'new')).toBe(false);
    expect(used.warnings).toContain('Uses the installed dotnet-ef 10.0.15 (global tool): it serves EF Core 10.0.0 on net10.0.');
  });

  it('adds Microsoft.EntityFrameworkCore.Design to the startup project at its EF Core version when it is missing', async () => {
    const s = setup({ design: false });
    const plan = JSON.parse((await runCli([s.root, '--plan', '--json'], { env: s.env })).stdout);
    const step = plan.steps.find((x: { id: string }) => x.id === 'database');
    expect(step.changes).toHaveLength(1);
    expect(step.changes[0].path).toBe(HOST);
    expect(step.changes[0].diff).toContain('+    <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="10.0.0" />');
    const r = await runCli([s.root, '--yes', '--only', 'packages,database'], { env: s.env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const csproj = readFileSync(path.join(s.root, HOST), 'utf8');
    expect(csproj).toContain('    <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="10.0.0" />\n    <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="10.0.0" />\n  </ItemGroup>');
  });

  it('names the Design reference it added, with its line and how to undo it, when the step then fails (stderr and report.md)', async () => {
    const s = setup({ design: false, env: { FAKE_EF_FAIL: 'cert' } });
    const r = await runCli([s.root, '--yes', '--only', 'packages,database'], { env: s.env });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const lines = readFileSync(path.join(s.root, HOST), 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('Microsoft.EntityFrameworkCore.Design')) + 1;
    expect(at).toBeGreaterThan(0);
    const left = `${HOST}: added Microsoft.EntityFrameworkCore.Design 10.0.0 (line ${at}), which dotnet ef needs on the startup project. To undo it: delete line ${at} of ${HOST}: <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="10.0.0" />`;
    expect(r.stderr).toContain(`left in place: ${left}`);
    const report = readFileSync(path.join(s.root, '.duende-upgrade', 'report.md'), 'utf8');
    expect(report).toContain(`- left in place after the failure: \`${HOST}\`: added Microsoft.EntityFrameworkCore.Design 10.0.0 (line ${at})`);
    // a later run plans without the edit (it is on disk now), so only the first run's report names it
    const again = await runCli([s.root, '--yes', '--only', 'database'], { env: s.env });
    expect(again.code).toBe(1);
    expect(again.stderr).not.toContain('left in place');
  });

  it('restores a project that was never restored before dotnet ef reads its metadata', async () => {
    const s = setup({ restored: false });
    const plan = JSON.parse((await runCli([s.root, '--plan', '--json'], { env: s.env })).stdout);
    const step = plan.steps.find((x: { id: string }) => x.id === 'database');
    expect(step.commands[0]).toEqual({ file: 'dotnet', args: ['restore', HOST], cwd: s.root });
    expect(step.commands).toHaveLength(5);
    const r = await runCli([s.root, '--yes', '--only', 'packages,database'], { env: s.env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // The probes (--version, --list-runtimes) are not the step's commands.
    const order = s.calls().filter((c) => c.args[0] !== '--version' && c.args[0] !== '--list-runtimes' && !(c.tool === 'dotnet' && c.args[0] === 'ef')).map((c) => `${c.tool} ${c.args[0]}`);
    expect(order).toEqual(['dotnet restore', 'dotnet-ef migrations', 'dotnet-ef migrations', 'dotnet-ef database', 'dotnet-ef database']);
  });

  it('is not applicable, and says so, with in-memory stores', async () => {
    const s = setup();
    const startup = path.join(s.root, 'src/IdentityServer/Startup.cs');
    writeFileSync(startup, 'using IdentityServer4.Models;\n\npublic class Startup\n{\n    public void ConfigureServices(IServiceCollection services)\n    {\n        services.AddIdentityServer()\n            .AddInMemoryClients(Config.Clients);\n    }\n}\n');
    for (const d of [OP_DIR, CONF_DIR]) removeDir(path.join(s.root, d));
    const plan = JSON.parse((await runCli([s.root, '--plan', '--json'], { env: s.env })).stdout);
    const step = plan.steps.find((x: { id: string }) => x.id === 'database');
    expect(step.status).toBe('not-applicable');
    expect(step.warnings.join('\n')).toContain('in-memory configuration');
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
