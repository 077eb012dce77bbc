/**
 * The wizard's database step on the real engine (real scan, plan, session and
 * apply) with a stand-in dotnet and dotnet-ef on PATH (test/stand-ins): the
 * screens a person reads when the step fails, and the choices it offers. The
 * real-SDK runs of the same paths are in test/e2e/real-dotnet-*.test.ts and in
 * the tmux screens of test/e2e/wizard-tmux.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { engineDeps } from '../../src/ui/engine.js';
import { PLAIN_THEME } from '../../src/ui/theme.js';
import { removeDir, tempDir } from '../helpers/cli.js';
import { writeEfHost } from '../stand-ins/ef-host.js';
import { standInPath } from '../stand-ins/stand-in-path.js';
import { OPTIONS, waitFor, waitForFrame } from './helpers.js';
import type { PlanOptions } from '../../src/core/types.js';

const KEY = { enter: '\r', down: '\u001B[B', up: '\u001B[A', escape: '\u001B' };
const HOST = 'src/IdentityServer/IdentityServer.csproj';
const DB_TITLE = 'Add and apply the EF Core migrations';

const dirs: string[] = [];
const apps: { unmount(): void }[] = [];
const saved = { ...process.env };
afterEach(() => {
  for (const a of apps.splice(0)) a.unmount();
  for (const d of dirs.splice(0)) removeDir(d);
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

/** The sample host with the stand-in tools first on PATH (the engine's probes and commands read process.env). */
function start(opts: { host?: Parameters<typeof writeEfHost>[1]; env?: Record<string, string>; edit?: (root: string) => void; options?: Partial<PlanOptions> } = {}) {
  const dir = tempDir('wizard-db-');
  dirs.push(dir);
  const root = path.join(dir, 'sol');
  writeEfHost(root, opts.host);
  opts.edit?.(root);
  const { PATH, toolsDir } = standInPath(dir);
  Object.assign(process.env, { PATH, FAKE_DOTNET_LOG: path.join(dir, 'calls.jsonl'), FAKE_TOOLS_DIR: toolsDir, ...opts.env });
  let code: number | undefined;
  const r = render(<App root={root} dir="sol" options={{ ...OPTIONS, ...opts.options }} restart={false} deps={{ ...engineDeps, probe: async () => {} }} theme={PLAIN_THEME} onExit={(c) => (code = c)} />);
  apps.push(r);
  const frame = () => r.lastFrame() ?? '';
  return {
    root,
    frame,
    see: (...t: string[]) => waitForFrame(r.lastFrame, ...t),
    press: (...keys: string[]) => keys.forEach((k) => r.stdin.write(k)),
    exited: async () => {
      await waitFor(() => code !== undefined, () => `exit; last frame:\n${frame()}`);
      return code;
    },
    file: (rel: string) => readFileSync(path.join(root, rel), 'utf8'),
    calls: () => {
      try {
        return readFileSync(path.join(dir, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tool: string; args: string[]; rollForward?: string });
      } catch {
        return [];
      }
    },
  };
}

type Wizard = ReturnType<typeof start>;

/** From the first screen to the database step, applying every step before it. */
async function toDatabase(w: Wizard): Promise<string> {
  await w.see('Go through the steps');
  w.press(KEY.enter);
  for (;;) {
    await waitFor(() => /Step \d+ of \d+: /.test(w.frame()), () => `a step screen:\n${w.frame()}`);
    const f = w.frame();
    if (f.includes(`: ${DB_TITLE}`)) return f;
    const header = /Step \d+ of \d+: .*/.exec(f)![0];
    w.press('a');
    await waitFor(() => !w.frame().includes(header), () => `past ${header}:\n${w.frame()}`);
  }
}

describe('wizard: the database step (real engine, stand-in dotnet)', () => {
  it('a failure after the Design reference was added names it on the failure screen, with its line and how to undo it', async () => {
    const w = start({ host: { design: false }, env: { FAKE_EF_FAIL: 'cert' } });
    await toDatabase(w);
    w.press('a');
    const f = await w.see(`✖ ${DB_TITLE}: failed`, 'Retry (r)');
    const at = w.file(HOST).split('\n').findIndex((l) => l.includes('Microsoft.EntityFrameworkCore.Design')) + 1;
    expect(at).toBeGreaterThan(0);
    const text = f.replace(/\n[ ]*/g, ' ');
    expect(text).toContain(`! Left in place: ${HOST}: added Microsoft.EntityFrameworkCore.Design 10.0.0 (line ${at}), which dotnet ef needs on the startup project. To undo: delete line ${at} of ${HOST}`);
    // skipped after the failure (the skip asks first): the summary keeps the edit and its undo in view
    w.press('s');
    await w.see(`Skip "${DB_TITLE}"?`);
    w.press('s');
    await w.see('Step 10 of 10: Verify the build');
    w.press('s');
    await w.see('Finished, not all handled');
    const summary = w.frame().replace(/\n[ ]*/g, ' ');
    expect(summary).toContain(`left in place: ${HOST}: added Microsoft.EntityFrameworkCore.Design 10.0.0 (line ${at})`);
  });

  it('shows the database it will change (provider, masked connection string, file and line) and offers apply now, script only, or skip', async () => {
    const w = start();
    const f = await toDatabase(w);
    const flat = f.replace(/\n/g, ' ');
    expect(flat).toMatch(/Database: SQLite · src\/IdentityServer\/appsettings\.json:4 \(ConnectionStrings:DefaultConnection\) · Data Source=IdentityServer\.db;Password=\S+;/);
    expect(f).not.toContain('hunter2');
    expect(f).toMatch(/❯ Apply now: add the migrations, update the database \(1\)\n\s+Script only: add the migrations, write SQL for a DBA \(2\)\n\s+Skip this step \(s\)/);
    // the script choice previews its own commands
    w.press(KEY.down);
    const script = await w.see('❯ Script only');
    expect(script).toContain('$ dotnet ef migrations add UpdateToDuende_v5');
    expect(script).not.toContain('$ dotnet ef database update');
  });

  it('skip asks first, naming the consequence; back returns to the step; confirmed, the summary lists the commands not run', async () => {
    const w = start();
    await toDatabase(w);
    w.press('s');
    const c = await w.see(`Skip "${DB_TITLE}"?`, 'Go back to the step (Esc)');
    const text = c.replace(/\n[ ]*/g, ' ');
    expect(text).toContain('Duende IdentityServer 5.2.4 would run against a database schema it does not expect');
    expect(text).toContain('until the migrations are applied');
    expect(c).toMatch(/❯ Go back to the step \(Esc\)\n\s+Skip it anyway \(s\)/);
    expect(w.frame()).not.toContain('hunter2');
    // Enter on the highlighted "back", then Esc from a second confirmation: the step is still there
    w.press(KEY.enter);
    await w.see(`: ${DB_TITLE}`, 'Apply now');
    w.press('s');
    await w.see(`Skip "${DB_TITLE}"?`);
    w.press(KEY.escape);
    await w.see(`: ${DB_TITLE}`, 'Apply now');
    expect(w.calls().filter((x) => x.tool === 'dotnet-ef' && x.args[0] !== '--version')).toEqual([]);
    w.press('s');
    await w.see(`Skip "${DB_TITLE}"?`);
    w.press('s');
    await w.see('Step 10 of 10: Verify the build');
    w.press('s');
    // a skip by choice, which no other step depends on: the run respects it, and says what is left to run
    await w.see('All steps handled');
    w.press('G');
    const s = await w.see('Backups of the originals');
    expect(s).toContain('dotnet ef database update -c PersistedGrantDbContext');
    expect(w.calls().filter((x) => x.tool === 'dotnet-ef' && x.args[0] !== '--version')).toEqual([]);
  });

  it('script only: adds the migrations and writes the SQL scripts, and never updates the database', async () => {
    const w = start();
    await toDatabase(w);
    w.press('2');
    await w.see('Step 10 of 10: Verify the build');
    const ef = w.calls().filter((x) => x.tool === 'dotnet-ef' && x.args[0] !== '--version').map((x) => x.args.slice(0, 2).join(' '));
    expect(ef).toEqual(['migrations add', 'migrations add', 'migrations script', 'migrations script']);
  });

  it('a host whose runtime is missing offers roll-forward as the choice, with its risk in one line, and runs dotnet ef with it', async () => {
    const w = start({
      host: { efVersion: '3.1.0' },
      edit: (root) => {
        const file = path.join(root, HOST);
        writeFileSync(file, readFileSync(file, 'utf8').replace('net10.0', 'netcoreapp3.1'));
      },
    });
    const f = await toDatabase(w);
    expect(f).toMatch(/❯ Roll forward to \.NET 10\.0\.12, then apply now \(1\)\n\s+Roll forward to \.NET 10\.0\.12, then write SQL scripts only \(2\)\n\s+Skip this step \(s\)/);
    expect(f).toContain('! Caution: the startup code runs on .NET 10.0.12, not the 3.1 it targets.');
    expect(f).toContain('$ DOTNET_ROLL_FORWARD=Major dotnet ef migrations add');
    w.press('a');
    await w.see('Step 10 of 10: Verify the build');
    const ef = w.calls().filter((x) => x.tool === 'dotnet-ef' && x.args[0] !== '--version');
    expect(ef.map((x) => `${x.args.slice(0, 2).join(' ')} ${x.rollForward}`)).toEqual(['migrations add Major', 'migrations add Major', 'database update Major', 'database update Major']);
  });

  it('after a "file changed on disk" refusal, retry plans again and shows the new diff; only apply then writes', async () => {
    const w = start();
    await w.see('Go through the steps');
    w.press(KEY.enter);
    await w.see('Step 2 of 10: ', '+    <PackageReference Include="Duende.IdentityServer.EntityFramework"');
    // someone saves the project file while the wizard shows its diff
    const file = path.join(w.root, HOST);
    const edited = readFileSync(file, 'utf8').replace('  </ItemGroup>', '    <!-- saved meanwhile -->\n  </ItemGroup>');
    writeFileSync(file, edited);
    w.press('a');
    const f = await w.see('✖ Swap the NuGet packages: failed', 'Plan again and show the new diff (r)');
    expect(f.replace(/\n/g, ' ')).toContain('the file changed on disk since the plan was made, so it was not written');
    expect(w.file(HOST)).toBe(edited);
    w.press('r');
    const again = await w.see('Step 2 of 10: ', 'changed on disk: planned again; check the diff', '<!-- saved meanwhile -->');
    expect(again).toContain('+    <PackageReference Include="Duende.IdentityServer.EntityFramework"');
    // shown, not applied: the file is as it was saved
    expect(w.file(HOST)).toBe(edited);
    w.press('a');
    await waitFor(() => w.file(HOST).includes('Duende.IdentityServer.EntityFramework'), () => `not applied:\n${w.frame()}`);
    expect(w.file(HOST)).toContain('<!-- saved meanwhile -->');
  });
});
