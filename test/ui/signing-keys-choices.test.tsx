import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { engineDeps } from '../../src/ui/engine.js';
import { PLAIN_THEME } from '../../src/ui/theme.js';
import { copyFixture, FIXTURES, removeDir } from '../helpers/cli.js';
import { treeMismatches } from '../helpers/fixtures.js';
import { OPTIONS, waitFor, waitForFrame } from './helpers.js';

// Issue 13 §1 in the wizard, on the real engine: the signing-keys fixture (its packages and
// namespaces are Duende already, so the wizard opens on the decision), each choice picked
// from the list, compared with the fixture's expected tree and the state it records.
const TITLE = 'Choose how signing keys are managed';
const LIST = [
  'Keep the current key for now (default) (1)',
  'Switch to automatic key management now (2)',
  'Keep the key and turn automatic key management off (3)',
  'Skip this step (s)',
  'Details: all evidence and reasoning (d)',
  'Save and quit (q)',
];
const KEY = { enter: '\r', down: '\u001B[B' };
const dirs: string[] = [];
const apps: { unmount(): void }[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.unmount();
  for (const d of dirs.splice(0)) removeDir(d);
});

/** The choice list as drawn: each line's text, and which one the cursor is on. */
function listOf(frame: string): { lines: string[]; at: number } {
  const rows = frame.split('\n').filter((l) => LIST.some((t) => l.trimEnd().endsWith(t)));
  return { lines: rows.map((l) => l.replace(/^[❯ ] /, '').trimEnd()), at: rows.findIndex((l) => l.startsWith('❯')) };
}

async function open() {
  const dir = copyFixture('signing-keys');
  dirs.push(dir);
  const r = render(<App root={dir} dir="sk" options={OPTIONS} restart={false} deps={{ ...engineDeps, probe: async () => {} }} theme={PLAIN_THEME} onExit={() => {}} />);
  apps.push(r);
  await waitForFrame(r.lastFrame, 'Go through the steps');
  r.stdin.write(KEY.enter);
  const frame = await waitForFrame(r.lastFrame, TITLE, LIST[5]!);
  return { dir, r, frame };
}

/** What the state file says of signing-keys; undefined until the wizard has written it. */
const recorded = (dir: string) => {
  const file = path.join(dir, '.duende-upgrade/state.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { steps: Record<string, { status: string; choice?: string }> }).steps['signing-keys'];
};

describe('wizard: the signing-keys choice list', () => {
  it('offers keep, auto and disable-auto in that order, each line as written, the cursor on keep (the default), previewing the choice under it', async () => {
    const { r, frame } = await open();
    expect(listOf(frame)).toEqual({ lines: LIST, at: 0 });
    // its place among the ten steps, not 0 (the preview of the highlighted choice is a copy of the step)
    expect(frame).toContain(`Step 9 of 10: ${TITLE}`);
    expect(frame).toContain('No file changes in this step.');
    r.stdin.write(KEY.down);
    const auto = await waitForFrame(r.lastFrame, '❯ Switch to automatic key management now (2)');
    expect(listOf(auto).at).toBe(1);
    expect(auto).toContain('Caution: The first automatic key signs at once');
    expect(auto).not.toContain('No file changes in this step.');
    r.stdin.write(KEY.down);
    const off = await waitForFrame(r.lastFrame, '❯ Keep the key and turn automatic key management off (3)');
    expect(listOf(off).at).toBe(2);
    expect(off).not.toContain('Caution:');
  }, 120_000);

  it.each([
    // how the choice is made: Enter on the default; arrow down then Enter; the number key
    ['keep', 'before', 'kept the current key', [KEY.enter]],
    ['auto', 'after-auto', 'switched to automatic keys', [KEY.down, KEY.enter]],
    ['disable-auto', 'after-disable-auto', 'kept the key, automatic keys off', ['3']],
  ])('choosing %s applies exactly that choice (%s/) and records it', async (choice, expected, note, keys) => {
    const { dir, r } = await open();
    for (const k of keys) {
      r.stdin.write(k);
      // the cursor has moved (drawn) before the next key
      if (k === KEY.down) await waitForFrame(r.lastFrame, `❯ ${LIST[1]}`);
    }
    await waitFor(() => recorded(dir)?.status === 'done', () => `not recorded:\n${r.lastFrame()}`);
    expect(recorded(dir)).toMatchObject({ status: 'done', choice });
    expect(treeMismatches(dir, path.join(FIXTURES, 'signing-keys', expected))).toEqual([]);
    // the wizard goes on to the next step; the step list shows signing-keys done
    await waitForFrame(r.lastFrame, 'Verify the build');
    expect(r.lastFrame()).toMatch(/✔ ✔ – – – – – ✔ ●/);
    // and a plan made afresh shows the choice as done, with what it means
    const { makePlan } = await import('../../src/core/plan/plan.js');
    const { loadState } = await import('../../src/core/apply/state.js');
    const step = (await makePlan(dir, OPTIONS, loadState(dir))).steps.find((s) => s.id === 'signing-keys')!;
    expect({ status: step.status, choice: step.choice, statusNote: step.statusNote }).toEqual({ status: 'done', choice, statusNote: note });
  }, 120_000);
});
