import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { newState, saveState } from '../../src/core/apply/state.js';
import { App } from '../../src/ui/App.js';
import { engineDeps } from '../../src/ui/engine.js';
import { PLAIN_THEME } from '../../src/ui/theme.js';
import { copyFixture, removeDir } from '../helpers/cli.js';
import { OPTIONS, waitForFrame } from './helpers.js';

// Issue 14 §1 in the wizard, on the real engine: the overview offers the target list before
// any step; the list has one line per target with its support window; picking one plans again
// for it (the title, the steps, the framework step); a resumed upgrade keeps its target.
const KEY = { enter: '\r', down: '\u001B[B', escape: '\u001B' };
const dirs: string[] = [];
const apps: { unmount(): void }[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.unmount();
  for (const d of dirs.splice(0)) removeDir(d);
});

function open(fixture: string, prepare?: (dir: string) => Promise<void>) {
  const dir = copyFixture(fixture);
  dirs.push(dir);
  return (prepare ?? (async () => {}))(dir).then(() => {
    const r = render(<App root={dir} dir={fixture} options={OPTIONS} restart={false} deps={{ ...engineDeps, probe: async () => {} }} theme={PLAIN_THEME} onExit={() => {}} />);
    apps.push(r);
    return { dir, r };
  });
}

/** The list rows under the cursor mark column, as drawn. */
const rows = (frame: string) => frame.split('\n').filter((l) => /^[❯ ] \S/.test(l) && /\(\d\)$|\(Esc\)$/.test(l.trimEnd())).map((l) => l.trimEnd());

describe('wizard: choosing the target', () => {
  it('from IdentityServer4: every offered target with its support window, the cursor on the planned one; picking 8.0.3 plans the framework move', async () => {
    const { dir, r } = await open('ef-quickstart');
    const overview = await waitForFrame(r.lastFrame, 'Go through the steps', 'Choose another target version (t)');
    expect(overview).toContain('IdentityServer4 4.1.2  →  Duende IdentityServer 5.2.4 on netcoreapp3.1');
    expect(overview).toContain('Support      Duende IdentityServer 5 has been out of support since 2022-12-13');
    r.stdin.write('t');
    const list = await waitForFrame(r.lastFrame, 'Back, keep the target (Esc)');
    expect(list).toContain('Upgrading from IdentityServer4 4.1.2.');
    expect(rows(list)).toEqual([
      '❯ 5.2.4: the v5 guide; out of support since 2022-12-13 (1)',
      '  6.3.10: the last v6; out of support since 2024-11-12 (2)',
      '  7.4.8 on net8.0: out of support since 2026-11-10 (3)',
      '  7.4.8 on net10.0: supported until 2028-11-14 (4)',
      '  8.0.3 on net10.0: supported until 2028-11-14 (5)',
      '  Back, keep the target (Esc)',
    ]);
    r.stdin.write('5');
    const again = await waitForFrame(r.lastFrame, 'Duende IdentityServer 8.0.3 on net10.0', 'Go through the steps');
    expect(again).toContain('to Duende IdentityServer 8.0.3');
    expect(again).toContain('Support      supported until 2028-11-14');
    r.stdin.write(KEY.enter);
    const step = await waitForFrame(r.lastFrame, 'Step 1 of 10: Move to the target framework');
    expect(step).toContain('+    <TargetFramework>net10.0</TargetFramework>');
    // nothing is written by choosing
    expect(existsSync(path.join(dir, '.duende-upgrade', 'state.json'))).toBe(false);
  });

  it('Esc goes back with the target unchanged; the arrow keys pick as well', async () => {
    const { r } = await open('ef-quickstart');
    await waitForFrame(r.lastFrame, 'Choose another target version (t)');
    r.stdin.write('t');
    await waitForFrame(r.lastFrame, 'Back, keep the target (Esc)');
    r.stdin.write(KEY.escape);
    const back = await waitForFrame(r.lastFrame, '❯ Choose another target version (t)');
    expect(back).toContain('Duende IdentityServer 5.2.4 on netcoreapp3.1');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Back, keep the target (Esc)');
    for (let i = 0; i < 3; i++) r.stdin.write(KEY.down);
    await waitForFrame(r.lastFrame, '❯ 7.4.8 on net10.0: supported until 2028-11-14 (4)');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Duende IdentityServer 7.4.8 on net10.0', 'Go through the steps');
  });

  it('from Duende 6.1, past the default 5.2.4: the target list comes first, with only the targets above 6.1', async () => {
    const { r } = await open('duende61-to-v74');
    const overview = await waitForFrame(r.lastFrame, '❯ Choose another target version (t)');
    expect(overview).toContain('is already past the target 5.2.4: nothing to do.');
    r.stdin.write('t');
    const list = await waitForFrame(r.lastFrame, 'Back, keep the target (Esc)');
    expect(list).toContain('Upgrading from Duende IdentityServer 6.1');
    expect(rows(list).map((l) => l.slice(2).split(':')[0])).toEqual(['6.3.10', '7.4.8 on net8.0', '7.4.8 on net10.0', '8.0.3 on net10.0', 'Back, keep the target (Esc)']);
  });

  it('a resumed upgrade carries on to its recorded target: no target list', async () => {
    const { r } = await open('ef-quickstart', async (dir) => {
      const state = newState('5.2.4', dir);
      state.steps.packages = { status: 'skipped', at: new Date().toISOString(), files: [], commandsDone: [] };
      await saveState(dir, state);
    });
    const overview = await waitForFrame(r.lastFrame, 'Resuming:', 'Go through the steps');
    expect(overview).not.toContain('Choose another target version');
    r.stdin.write('t');
    await new Promise((res) => setTimeout(res, 200));
    expect(r.lastFrame()).not.toContain('Back, keep the target');
  });
});
