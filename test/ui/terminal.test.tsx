import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReactElement } from 'react';
import { removeDir } from '../helpers/cli.js';
import { OPTIONS, scriptedDeps, waitFor, writeSolution } from './helpers.js';

// Colour support is decided when chalk loads: force it, so that the NO_COLOR test
// can tell coloured frames from plain ones. Hence the dynamic imports below.
process.env.FORCE_COLOR = '1';
const { render } = await import('ink');
const { App } = await import('../../src/ui/App.js');
const { COLOR_THEME, PLAIN_THEME, themeFor } = await import('../../src/ui/theme.js');

/** A terminal of a given size that can be resized, unlike ink-testing-library's fixed 100 columns. */
class Terminal extends EventEmitter {
  isTTY = true;
  frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
  last = () => this.frames.at(-1) ?? '';
  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

class Keyboard extends EventEmitter {
  constructor(public isTTY: boolean) {
    super();
  }
  data: string | null = null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  press(data: string) {
    this.data = data;
    this.emit('readable');
  }
}

let dir: string;
beforeAll(() => {
  dir = writeSolution();
});
afterAll(() => removeDir(dir));

function mount(opts: { columns?: number; rows?: number; tty?: boolean; theme?: typeof COLOR_THEME }) {
  const out = new Terminal(opts.columns ?? 80, opts.rows ?? 24);
  const keys = new Keyboard(opts.tty ?? true);
  let code: number | undefined;
  const app = render(
    (<App root={dir} dir="sol" options={OPTIONS} restart={false} deps={scriptedDeps()} theme={opts.theme ?? PLAIN_THEME} onExit={(c) => (code = c)} />) as ReactElement,
    { stdout: out as unknown as NodeJS.WriteStream, stderr: new Terminal(80, 24) as unknown as NodeJS.WriteStream, stdin: keys as unknown as NodeJS.ReadStream, debug: true, exitOnCtrlC: false, patchConsole: false },
  );
  const see = (text: string) => waitFor(() => out.last().includes(text), () => `${text} in:\n${out.last()}`);
  return { out, keys, app, see, code: () => code };
}

// eslint-disable-next-line no-control-regex
const COLOUR = /\u001B\[(3[0-9]|9[0-7]|4[0-9]|10[0-7])m/;

describe('the wizard in a terminal', () => {
  it('without raw mode it never asks: prints the plan and says which flag to pass, exit 2', async () => {
    const t = mount({ tty: false });
    await waitFor(() => t.code() !== undefined, () => `exit; last:\n${t.out.last()}`);
    expect(t.code()).toBe(2);
    const all = t.out.frames.join('');
    expect(all).toContain('duende-upgrade plan for');
    expect(all).toContain('Pass --yes to apply the pending steps, or --dry-run to see every change.');
  });

  it('fits 80×24 (a frame one line short of the screen) and adapts on resize', async () => {
    const t = mount({ columns: 80, rows: 24 });
    await t.see('Go through the steps');
    t.keys.press('\r');
    await t.see('Step 1 of 6');
    // eslint-disable-next-line no-control-regex
    const lines = (f: string) => f.replace(/\u001B\[[0-9;]*m/g, '').replace(/\n$/, '').split('\n');
    expect(lines(t.out.last()).length).toBe(23);
    expect(Math.max(...lines(t.out.last()).map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(t.out.last()).toContain('– dev-signing  ');
    t.out.resize(120, 40);
    await t.see('– dev-signing-credential  ');
    expect(lines(t.out.last()).length).toBe(39);
    t.out.resize(50, 12);
    await t.see('The terminal is 50×12');
    t.out.resize(80, 24);
    await t.see('Step 1 of 6');
    t.app.unmount();
  });

  it('colours the diff and marks, and NO_COLOR turns every colour off', async () => {
    expect(themeFor({ NO_COLOR: '1' })).toBe(PLAIN_THEME);
    expect(themeFor({ NO_COLOR: '' })).toBe(COLOR_THEME);
    expect(themeFor({})).toBe(COLOR_THEME);
    const coloured = mount({ theme: COLOR_THEME });
    await coloured.see('Go through the steps');
    coloured.keys.press('\r');
    await coloured.see('Step 1 of 6');
    expect(coloured.out.last()).toMatch(COLOUR);
    coloured.app.unmount();
    const plain = mount({ theme: PLAIN_THEME });
    await plain.see('Go through the steps');
    plain.keys.press('\r');
    await plain.see('Step 1 of 6');
    expect(plain.out.last()).not.toMatch(COLOUR);
    plain.app.unmount();
  });
});
