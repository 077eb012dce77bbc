import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import type { WizardDeps } from '../../src/ui/engine.js';
import { InputError } from '../../src/core/errors.js';
import { PLAIN_THEME } from '../../src/ui/theme.js';
import { removeDir } from '../helpers/cli.js';
import { CSPROJ, OPTIONS, scriptedDeps, waitFor, waitForFrame, writeSolution, type FakeEfMode } from './helpers.js';

const KEY = { enter: '\r', down: '\u001B[B', up: '\u001B[A', pageDown: '\u001B[6~', escape: '\u001B', ctrlC: '\u0003' };

const dirs: string[] = [];
const apps: { unmount(): void }[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.unmount();
  for (const d of dirs.splice(0)) removeDir(d);
});

function start(opts: { dir?: string; efMode?: FakeEfMode; deps?: WizardDeps; restart?: boolean; signals?: EventEmitter } = {}) {
  const dir = opts.dir ?? writeSolution();
  if (!opts.dir) dirs.push(dir);
  let code: number | undefined;
  let calls = 0;
  const r = render(
    <App
      root={dir}
      dir="sol"
      options={OPTIONS}
      restart={opts.restart ?? false}
      deps={opts.deps ?? scriptedDeps(opts.efMode ?? 'ok')}
      signals={opts.signals}
      theme={PLAIN_THEME}
      onExit={(c) => {
        code = c;
        calls++;
      }}
    />,
  );
  apps.push(r);
  const frame = () => r.lastFrame() ?? '';
  return {
    dir,
    frame,
    see: (...texts: string[]) => waitForFrame(r.lastFrame, ...texts),
    press: (...keys: string[]) => {
      for (const k of keys) r.stdin.write(k);
    },
    exited: async () => {
      await waitFor(() => code !== undefined, () => `exit; last frame:\n${frame()}`);
      return { code: code!, calls };
    },
    file: (rel: string) => readFileSync(path.join(dir, rel), 'utf8'),
    state: () => JSON.parse(readFileSync(path.join(dir, '.duende-upgrade/state.json'), 'utf8')) as { steps: Record<string, { status: string }> },
  };
}

/** From the first screen to step `n`, skipping the ones before it, one key per screen. */
async function skipTo(w: ReturnType<typeof start>, n: number) {
  await w.see('Go through the steps');
  w.press(KEY.enter);
  const at = [1, 2, 4, 6];
  for (const k of at) {
    await w.see(`Step ${k} of 6`);
    if (k === n) return;
    w.press('s');
  }
}

describe('wizard screens', () => {
  it('first screen: solution, projects and roles, versions, EF, signing, tools and git advice', async () => {
    const w = start();
    const f = await w.see('Projects', 'Git');
    expect(f).toContain('duende-upgrade · sol · to Duende IdentityServer 5.2.4');
    expect(f).toContain('● packages  ○ namespaces  – dev-signing-credential  ○ database  – signing-keys  ○ verify');
    expect(f).toContain('Solution     no .sln (projects only)');
    expect(f).toContain('Projects     1 project');
    expect(f).toContain('EF stores');
    expect(f).toContain('Signing');
    expect(f).toContain('dotnet 10.0.100 (stand-in) · dotnet ef not found');
    expect(f).toContain('Git          2 uncommitted changes: commit first');
    expect(f).toContain('4 steps to go. Nothing is written until you choose apply.');
    expect(f).toContain('❯ Go through the steps');
    expect(f).toContain('↑↓ choose · Enter ok · q quit');
    expect(f).not.toContain('Resuming');
  });

  it('outside git the first screen says backups are the only undo', async () => {
    const w = start({ deps: scriptedDeps('ok', { git: { kind: 'none', reason: 'not inside a git repository' } }) });
    await w.see('Git          not a repository: backups are the only undo', 'dotnet checking…');
  });

  it('step screen: why, evidence, the diff, the choices; Enter takes the highlighted choice', async () => {
    const w = start();
    await w.see('Go through the steps');
    w.press(KEY.enter);
    const f = await w.see('Step 1 of 6: Swap the packages');
    expect(f).toContain('Why swap the packages: the Duende guide says so.');
    expect(f).toContain('src/Host/Host.csproj:6  <PackageReference Include="IdentityServer4" Version="4.1.2" />');
    expect(f).toContain('file 1 of 1: src/Host/Host.csproj');
    expect(f).toContain('-    <PackageReference Include="IdentityServer4" Version="4.1.2" />');
    expect(f).toContain('+    <PackageReference Include="Duende.IdentityServer" Version="5.2.4" />');
    expect(f).toMatch(/❯ Apply this step \(a\)\n\s+Skip this step \(s\)/);
    expect(f).toContain('a apply · s skip · d details · q quit');
    // Nothing is written by looking.
    expect(w.file('src/Host/Host.csproj')).toBe(CSPROJ);
    w.press(KEY.down);
    await w.see('❯ Skip this step (s)');
    w.press(KEY.enter);
    await w.see('Step 2 of 6: Rename the namespaces', '↷ packages');
    expect(w.file('src/Host/Host.csproj')).toBe(CSPROJ);
    expect(w.state().steps.packages?.status).toBe('skipped');
  });

  it('n/p move between files with a count; j/k and PgDn scroll a long diff', async () => {
    const w = start();
    await skipTo(w, 2);
    await w.see('file 1 of 2: src/Host/Startup.cs');
    w.press('n');
    let f = await w.see('file 2 of 2: src/Host/Config.cs · lines 1–');
    expect(f).toContain('-using IdentityServer4.Models;');
    w.press(KEY.pageDown);
    // The changed lines are wider than the pane: folded onto a second row ("↪"), never clipped, so the change shows.
    f = await w.see('+        public static ApiScope Api => new ApiScope("api", Duende.IdentityServer', 'lines 7–16 of 16');
    expect(f).toContain('↪tants.StandardScopes.OpenId);');
    expect(f).toContain('↪StandardScopes.OpenId);');
    expect(f).not.toContain('-using IdentityServer4.Models;');
    // Two keys in one read, as a fast typist or a paste delivers them.
    w.press('kk');
    await w.see('lines 5–14 of 16');
    w.press('j');
    await w.see('lines 6–15 of 16');
    w.press('g');
    await w.see('-using IdentityServer4.Models;');
    w.press('p');
    await w.see('file 1 of 2: src/Host/Startup.cs');
  });

  it('d shows the details (all evidence, notes, follow-ups) and Esc comes back', async () => {
    const w = start();
    await skipTo(w, 2);
    w.press('d');
    let f = await w.see('Evidence (3)', 'src/Host/Config.cs:47  IdentityServer4.IdentityServerConstants');
    expect(f).toContain('Files (2)');
    expect(f).toContain('edit src/Host/Config.cs (2 changes)');
    expect(f).toContain('d/Esc back');
    w.press(KEY.escape);
    f = await w.see('Step 2 of 6', 'Apply this step');
    expect(f).not.toContain('Evidence (3)');
  });

  it('apply writes the files, shows the result, and moves to the next step', async () => {
    const w = start();
    await w.see('Go through the steps');
    w.press(KEY.enter);
    await w.see('Step 1 of 6');
    w.press('a');
    const f = await w.see('Step 2 of 6', '✔ packages');
    // The result stays in view on the next step, in the rule under the step list.
    expect(f.split('\n').find((l) => l.startsWith('── ✔'))).toMatch(/^── ✔ Swap the packages: done \(1 file\) ─+$/);
    expect(w.file('src/Host/Host.csproj')).toContain('Include="Duende.IdentityServer" Version="5.2.4"');
    expect(w.state().steps.packages?.status).toBe('done');
    expect(existsSync(path.join(w.dir, '.duende-upgrade/backup/src/Host/Host.csproj'))).toBe(true);
  });

  it('a command streams into a bounded pane and is listed when done', async () => {
    const w = start();
    await skipTo(w, 4);
    const step = await w.see('Step 4 of 6: Migrate the database', '$ ');
    // Every row on its own line: a layout taller than the screen would make Yoga stack rows on one another.
    const rows = step.split('\n');
    expect(rows).toContain('Why migrate the database: the Duende schema adds a Keys table to the operational store and new');
    expect(rows).toContain('columns and tables to the configuration store.');
    expect(rows).toContain('src/Host/Startup.cs:10  services.AddIdentityServer();');
    expect(rows).toContain('… 2 more: press d for details');
    expect(rows).toContain('No file changes in this step.');
    expect(rows.filter((r) => r.startsWith('$ ') && r.includes('-e'))).toHaveLength(5);
    expect(rows.at(-1)).toContain('a apply · s skip');
    w.press('a');
    const f = await w.see('Step 6 of 6', '$ fake-ef database update (stand-in): ok in');
    expect(f).toContain('✔ Migrate the database: done');
    const log = readFileSync(path.join(w.dir, '.duende-upgrade/logs/database.log'), 'utf8');
    expect(log).toContain('fake-ef line 30');
  });

  it('Ctrl+C stops a running command (its tree), marks the step interrupted; a second Ctrl+C exits 130', async () => {
    const w = start({ efMode: 'hang' });
    await skipTo(w, 4);
    w.press('a');
    let f = await w.see('fake-ef tick 3', 's · fake-ef database update (stand-in)');
    expect(f).toContain('Ctrl+C interrupt');
    // The pane keeps its height however much output arrives.
    const paneLines = f.split('\n').filter((l) => l.includes('fake-ef tick')).length;
    expect(paneLines).toBeLessThanOrEqual(14);
    w.press(KEY.ctrlC);
    f = await w.see('✖ Migrate the database: interrupted', 'Retry (r)');
    expect(f).toContain('.duende-upgrade/logs/database.log');
    expect(w.state().steps.database?.status).toBe('interrupted');
    w.press(KEY.ctrlC);
    expect((await w.exited()).code).toBe(130);
  });

  it('a failed command shows its message and last lines; skip goes on; the summary says failed then skipped and exits 1', async () => {
    const w = start({ efMode: 'fail' });
    await w.see('Go through the steps');
    w.press(KEY.enter);
    await w.see('Step 1 of 6');
    w.press('a');
    await w.see('Step 2 of 6');
    w.press('a');
    await w.see('Step 4 of 6');
    w.press('a');
    const f = await w.see('✖ Migrate the database: failed', 'exited with code 3', '│ fake-ef error: the database is locked');
    expect(f).toMatch(/❯ Retry \(r\)\n\s+Skip this step \(s\)\n\s+Save and quit \(q\)/);
    expect(f).toContain('✖ database');
    w.press('r');
    // The retry ran the command again: a second finished line for it.
    await waitFor(() => w.frame().split('(stand-in): exit 3').length === 3 && w.frame().includes('Retry (r)'), () => `second failure:\n${w.frame()}`);
    w.press('s');
    await w.see('Step 6 of 6', '✖ database');
    w.press('a');
    const top = await w.see('Finished, not all handled (exit code 1)');
    expect(top).not.toContain('All steps handled');
    expect(top).toContain('! Migrate the database failed, then was skipped: its work is not done.');
    expect(top).toContain('✔ Swap the packages: done (1 file: src/Host/Host.csproj)');
    expect(top).toContain('✔ Rename the namespaces: done (2 files)');
    expect(top).toContain('✖ Migrate the database: failed, then skipped');
    expect(top).toContain('– Keep the developer signing key: not needed');
    // The commands the skipped step did not run, and the rest, further down.
    w.press('G');
    const s = await w.see('Report: sol/.duende-upgrade/report.md');
    expect(s).toContain('Backups of the originals: sol/.duende-upgrade/backup/');
    expect(s).toContain('Left to do by hand');
    expect(s).toContain('- Add the Duende licence key before going to production.');
    expect(s).toContain(`Logs:   ${path.join('sol', '.duende-upgrade/logs')}/<step>.log`);
    const report = readFileSync(path.join(w.dir, '.duende-upgrade/report.md'), 'utf8');
    expect(report).toContain('### Migrate the database (database): failed, then skipped');
    expect(report).toContain('- Result: not all handled (exit code 1)');
    expect(report).toContain('## Commands not run');
    expect(report).toContain('- [ ] Add the Duende licence key before going to production.');
    w.press(KEY.enter);
    expect(await w.exited()).toEqual({ code: 1, calls: 1 });
  });

  it('retry runs the step again and, when it works, goes on', async () => {
    const w = start({ efMode: 'fail-once' });
    await skipTo(w, 4);
    w.press('a');
    await w.see('✖ Migrate the database: failed', '│ fake-ef error: the database is busy');
    w.press(KEY.enter);
    const f = await w.see('Step 6 of 6', '✔ database');
    expect(f).toContain('── ✔ Migrate the database: done');
    expect(w.state().steps.database?.status).toBe('done');
  });

  it('quitting after a failure exits 1', async () => {
    const w = start({ efMode: 'fail' });
    await skipTo(w, 4);
    w.press('a');
    await w.see('Retry (r)');
    w.press('q');
    expect((await w.exited()).code).toBe(1);
    const again = start({ dir: w.dir });
    const f = await again.see('Last run     Migrate the database failed; it is offered again');
    expect(f).toContain('↷ packages  ↷ namespaces  – dev-signing-credential  ● database');
  });

  it('q saves and quits; started again it resumes at the first unfinished step', async () => {
    const first = start();
    await first.see('Go through the steps');
    first.press(KEY.enter);
    await first.see('Step 1 of 6');
    first.press('a');
    await first.see('Step 2 of 6');
    first.press('s');
    await first.see('Step 4 of 6');
    first.press('q');
    expect((await first.exited()).code).toBe(0);
    expect(first.frame()).toContain('Saved. Run duende-upgrade again to carry on: 2 steps left.');
    expect(existsSync(path.join(first.dir, '.duende-upgrade/report.md'))).toBe(true);

    const again = start({ dir: first.dir });
    const f = await again.see('Resuming: 2 of 4 steps done (1 skipped, 2 not needed)');
    expect(f).toContain('✔ packages  ↷ namespaces  – dev-signing-credential  ● database');
    again.press(KEY.enter);
    await again.see('Step 4 of 6: Migrate the database');

    // --restart forgets the state (not the backups): everything is offered again.
    const fresh = start({ dir: first.dir, restart: true });
    await fresh.see('Go through the steps');
    expect(fresh.frame()).not.toContain('Resuming');
    expect(existsSync(path.join(first.dir, '.duende-upgrade/backup/src/Host/Host.csproj'))).toBe(true);
    dirs.push(first.dir);
  });

  it('a signal (SIGINT outside raw mode) takes the Ctrl+C road', async () => {
    const signals = new EventEmitter();
    const w = start({ signals });
    await w.see('Go through the steps');
    signals.emit('interrupt');
    expect((await w.exited()).code).toBe(130);
  });

  it('a plan that cannot be made is shown in words to act on, exit 2', async () => {
    const deps: WizardDeps = {
      ...scriptedDeps(),
      async open() {
        throw new InputError('IdentityServer4 3.1.4 is not supported: upgrade to 4.1.x first', { path: 'src/Host/Host.csproj', line: 6 }, 'Follow the IdentityServer4 3.1 to 4.0 guide, then run this again.');
      },
    };
    const w = start({ deps });
    const f = await w.see('The upgrade cannot start');
    expect(f).toContain('src/Host/Host.csproj:6: IdentityServer4 3.1.4 is not supported: upgrade to 4.1.x first');
    expect(f).toContain('Follow the IdentityServer4 3.1 to 4.0 guide');
    expect(f).toContain('Nothing was changed.');
    expect((await w.exited()).code).toBe(2);
  });

  it('a broken state file is an input error, not a silent fresh start', async () => {
    const dir = writeSolution();
    dirs.push(dir);
    mkdirSync(path.join(dir, '.duende-upgrade'));
    writeFileSync(path.join(dir, '.duende-upgrade/state.json'), '{ "schemaVersion": 1,');
    const w = start({ dir });
    await w.see('The upgrade cannot start', '.duende-upgrade/state.json', '--restart');
    expect((await w.exited()).code).toBe(2);
  });
});
