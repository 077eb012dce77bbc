/**
 * The database step against the real SDK and the real dotnet-ef, on the sample host: the exact planned
 * commands, and the messages for the failures users meet most (a host that does not build, a context
 * name dotnet ef does not know, dotnet-ef not on PATH).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { UpgradeSession } from '../../src/core/apply/session.js';
import { makePlan } from '../../src/core/plan/plan.js';
import { DEFAULT_OPTIONS } from '../../src/core/types.js';
import { ensureBuilt, removeDir, runCli } from '../helpers/cli.js';
import { DOTNET_TOOLS, describeRealDotnet, dotnetEfAvailable, makeSampleHost, stringEnv } from '../helpers/dotnet.js';

const EF_MISSING = 'dotnet-ef is not installed (.ci/run installs it: dotnet tool install --global dotnet-ef --version 10.0.15)';
const HOST = 'IdentityServerHost.csproj';

const withoutTools = (p: string | undefined) => (p ?? '').split(path.delimiter).filter((d) => d && d !== DOTNET_TOOLS).join(path.delimiter);

describeRealDotnet('real dotnet: database step on the sample host', () => {
  const dirs: string[] = [];
  const fresh = async () => {
    const h = await makeSampleHost();
    dirs.push(h.dir);
    return h;
  };

  beforeAll(async () => {
    await ensureBuilt();
  });
  afterAll(() => {
    for (const d of dirs) removeDir(d);
  });

  it('real dotnet: --plan --json lists exactly the dotnet ef commands for the sample host', async () => {
    const { dir, env } = await fresh();
    expect(dotnetEfAvailable(env), EF_MISSING).toBe(true);
    const r = await runCli([dir, '--plan', '--json'], { cwd: dir, env: stringEnv(env) });
    expect(r.code, r.stderr).toBe(0);
    const step = JSON.parse(r.stdout).steps.find((s: { id: string }) => s.id === 'database');
    const p = ['--project', HOST, '--startup-project', HOST];
    expect(step.commands.map((c: { file: string; args: string[]; cwd: string }) => [c.file, ...c.args, c.cwd === dir ? '(root)' : c.cwd])).toEqual([
      // A fresh copy was never restored, and dotnet ef reads project metadata before it builds.
      ['dotnet', 'restore', HOST, '(root)'],
      ['dotnet', 'ef', 'migrations', 'add', 'UpdateToDuende_v5', '-c', 'PersistedGrantDbContext', '-o', 'Data/Migrations/IdentityServer/PersistedGrantDb', ...p, '(root)'],
      ['dotnet', 'ef', 'migrations', 'add', 'UpdateToDuende_v5', '-c', 'ConfigurationDbContext', '-o', 'Data/Migrations/IdentityServer/ConfigurationDb', ...p, '(root)'],
      ['dotnet', 'ef', 'database', 'update', '-c', 'PersistedGrantDbContext', ...p, '(root)'],
      ['dotnet', 'ef', 'database', 'update', '-c', 'ConfigurationDbContext', ...p, '(root)'],
    ]);
    expect(step.warnings).toEqual([
      expect.stringMatching(/^Uses the installed dotnet-ef 10\.\d+\.\d+ \(global tool\): it serves EF Core 10\.\d+\.\d+ on net10\.0\.$/),
      `${HOST} has not been restored (no obj/project.assets.json), which dotnet ef needs first; the step runs dotnet restore.`]);
  });

  it('real dotnet: a host that does not build fails with its compiler errors listed', async () => {
    const { dir, env } = await fresh();
    expect(dotnetEfAvailable(env), EF_MISSING).toBe(true);
    writeFileSync(path.join(dir, 'Broken.cs'), 'namespace IdentityServerHost\n{\n    public static class Broken\n    {\n        public static int M() => UndefinedThing();\n    }\n}\n');
    const r = await runCli([dir, '--yes', '--only', 'packages,namespaces,database'], { cwd: dir, env: stringEnv(env) });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toContain('The project does not build, so dotnet ef cannot load it.');
    expect(r.stderr).toMatch(/Broken\.cs\(5\): error CS0103: The name 'UndefinedThing' does not exist in the current context/);
    expect(r.stdout).not.toContain('database update');
  }, 600_000);

  it('real dotnet: a context name dotnet ef does not know is reported with the contexts the scan found', async () => {
    const { dir, env } = await fresh();
    expect(dotnetEfAvailable(env), EF_MISSING).toBe(true);
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const plan = await makePlan(dir, DEFAULT_OPTIONS);
      const step = plan.steps.find((s) => s.id === 'database')!;
      // As if detection had picked a wrong name (a renamed class, a stale migration designer).
      const add = step.commands.find((c) => c.id === 'operational:add')!;
      add.args[add.args.indexOf('-c') + 1] = 'PersistedGrantsContext';
      const outcome = await new UpgradeSession(plan, undefined).apply('database');
      expect(outcome.status).toBe('failed');
      expect(outcome.message, outcome.tail?.join('\n')).toContain("No DbContext named 'PersistedGrantsContext' in the startup or migrations project.");
      expect(outcome.message).toContain('Contexts found by the scan: PersistedGrantDbContext, ConfigurationDbContext.');
      expect(outcome.tail?.join('\n')).toContain("No DbContext named 'PersistedGrantsContext' was found.");
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  }, 600_000);

  it('real dotnet: dotnet-ef missing from PATH plans a local tool at the project\'s exact EF Core version, never a global one', async () => {
    const { dir, env } = await fresh();
    const bare = { ...stringEnv(env), PATH: withoutTools(env.PATH) };
    const plan = JSON.parse((await runCli([dir, '--plan', '--json'], { cwd: dir, env: bare })).stdout);
    const step = plan.steps.find((s: { id: string }) => s.id === 'database');
    expect(step.commands.slice(0, 2)).toEqual([
      { file: 'dotnet', args: ['new', 'tool-manifest'], cwd: dir },
      { file: 'dotnet', args: ['tool', 'install', '--local', 'dotnet-ef', '--version', '10.0.15'], cwd: dir },
    ]);
    expect(JSON.stringify(step)).not.toContain('--global');
    // Running it is real-dotnet-ef-tool.test.ts's business.
  }, 600_000);
});
