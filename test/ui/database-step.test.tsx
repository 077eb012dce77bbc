/**
 * The wizard's database step on the real engine (real scan, plan, session and
 * apply) with a stand-in dotnet and dotnet-ef on PATH (test/stand-ins): the
 * screens a person reads when the step fails, and the choices it offers. The
 * real-SDK runs of the same paths are in test/e2e/real-dotnet-*.test.ts and in
 * the tmux screens of test/e2e/wizard-tmux.test.ts.
 */
import { readFileSync } from 'node:fs';
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

const KEY = { enter: '\r', down: '\u001B[B', up: '\u001B[A' };
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
        return readFileSync(path.join(dir, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tool: string; args: string[] });
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
    // skipped after the failure: the summary keeps the edit and its undo in view
    w.press('s');
    await w.see('Step 10 of 10: Verify the build');
    w.press('s');
    await w.see('Finished, not all handled');
    const summary = w.frame().replace(/\n[ ]*/g, ' ');
    expect(summary).toContain(`left in place: ${HOST}: added Microsoft.EntityFrameworkCore.Design 10.0.0 (line ${at})`);
  });
});
