import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/core/plan/plan.js';
import type { RunResult } from '../../../src/core/run/runner.js';
import { newState } from '../../../src/core/apply/state.js';
import { MARK, TAIL_KEEP, choicesOf, finalExitCode, initialState, markOf, nextStep, reducer, type Action, type WizardState } from '../../../src/ui/state/wizard.js';
import { summaryLines } from '../../../src/ui/state/views.js';
import { removeDir } from '../../helpers/cli.js';
import { OPTIONS, scriptedPlan, writeSolution } from '../helpers.js';

let dir: string;
let plan: Plan;

beforeAll(async () => {
  dir = writeSolution();
  plan = await scriptedPlan(dir, OPTIONS, 'ok');
});
afterAll(() => removeDir(dir));

const run = (actions: Action[], from: WizardState = initialState()) => actions.reduce(reducer, from);
const marks = (s: WizardState) => s.plan!.steps.map((p) => MARK[markOf(s, p)]).join(' ');
const withStatus = (p: Plan, done: Record<string, 'done' | 'skipped'>): Plan => ({ ...p, steps: p.steps.map((s) => (done[s.id] ? { ...s, status: done[s.id]! } : s)) });
const result = (over: Partial<RunResult> = {}): RunResult => ({ exitCode: 0, durationMs: 1234, tail: [], interrupted: false, ...over });

describe('wizard reducer', () => {
  it('loads into the overview and walks to the first pending step', () => {
    const s = run([{ type: 'loaded', plan }]);
    expect(s.phase).toBe('overview');
    expect(s.resumed).toBeUndefined();
    expect(choicesOf(s)).toEqual(['continue', 'change-target', 'quit']);
    const t = reducer(s, { type: 'continue' });
    expect(t.phase).toBe('step');
    expect(t.current).toBe('packages');
    expect(marks(t)).toBe('● ○ – ○ – ○');
    expect(choicesOf(t)).toEqual(['apply', 'skip', 'details', 'quit']);
  });

  it('counts what an earlier run did when it resumes, leaving out the steps that are not needed', () => {
    const state = newState('5.2.4');
    state.steps.packages = { status: 'done', at: 'x', files: ['src/Host/Host.csproj'], commandsDone: [] };
    state.steps.namespaces = { status: 'skipped', at: 'x', files: [], commandsDone: [] };
    state.steps.database = { status: 'failed', at: 'x', files: [], commandsDone: [], message: 'boom' };
    const s = run([{ type: 'loaded', plan: withStatus(plan, { packages: 'done', namespaces: 'skipped' }), state }]);
    expect(s.resumed).toEqual({ done: 2, skipped: 1, total: 4, notNeeded: 2 });
    expect(s.current).toBe('database');
    expect(marks(s)).toBe('✔ ↷ – ● – ○');
    expect(s.earlierFiles).toEqual({ packages: ['src/Host/Host.csproj'] });
    const summary = summaryLines({ ...s, phase: 'summary', reportPath: '.duende-upgrade/report.md' }, 80, 'sol/.duende-upgrade/logs', 'sol/.duende-upgrade').map((l) => l.text);
    expect(summary).toContain('✔ Swap the packages: done (1 file: src/Host/Host.csproj, in an earlier run)');
    expect(summary).toContain('↷ Rename the namespaces: skipped (in an earlier run)');
    expect(summary).toContain('Report: sol/.duende-upgrade/report.md');
    // Before it becomes current, an earlier failure shows as ✖.
    expect(markOf({ ...s, current: 'verify' }, s.plan!.steps[3]!)).toBe('failed');
  });

  it('records a done step, keeps it done even if detection still says pending, and moves on', () => {
    let s = run([{ type: 'loaded', plan }, { type: 'continue' }, { type: 'apply-start' }]);
    expect(s.phase).toBe('applying');
    s = reducer(s, { type: 'engine', now: 0, event: { type: 'file', step: 'packages', path: 'src/Host/Host.csproj', index: 0, total: 1 } });
    expect(s.progress).toEqual([{ path: 'src/Host/Host.csproj', index: 0, total: 1 }]);
    s = reducer(s, { type: 'apply-end', outcome: { id: 'packages', status: 'done', files: ['src/Host/Host.csproj'] } });
    expect(s.replanning).toBe(true);
    expect(s.finished.map((f) => f.text)).toEqual(['✔ Swap the packages: done (1 file)']);
    // The plan after the step still says pending (a detection that cannot see its own work): not offered twice.
    s = reducer(s, { type: 'replanned', plan });
    expect(s.phase).toBe('step');
    expect(s.current).toBe('namespaces');
    expect(marks(s)).toBe('✔ ● – ○ – ○');
    expect(s.fileIndex).toBe(0);
  });

  it('skips, and reaches the summary when nothing is left', () => {
    let s = run([{ type: 'loaded', plan }, { type: 'continue' }]);
    for (const id of ['packages', 'namespaces', 'database', 'verify'] as const) {
      expect(s.current).toBe(id);
      s = run([{ type: 'skipped', id }, { type: 'replanned', plan }], s);
    }
    expect(s.phase).toBe('summary');
    expect(marks(s)).toBe('↷ ↷ – ↷ – ↷');
    expect(reducer(s, { type: 'finish' }).exitCode).toBe(0);
  });

  it('moves between files and scrolls within bounds; a new file starts at the top', () => {
    let s = run([{ type: 'loaded', plan }, { type: 'continue' }, { type: 'skipped', id: 'packages' }, { type: 'replanned', plan }]);
    expect(s.current).toBe('namespaces');
    s = run([{ type: 'scroll', delta: 5, max: 3 }], s);
    expect(s.scroll).toBe(3);
    s = run([{ type: 'scroll', delta: -10, max: 3 }], s);
    expect(s.scroll).toBe(0);
    s = run([{ type: 'scroll-to', at: 'bottom', max: 7 }, { type: 'file-move', delta: 1 }], s);
    expect([s.fileIndex, s.scroll]).toEqual([1, 0]);
    s = run([{ type: 'file-move', delta: 1 }], s);
    expect(s.fileIndex).toBe(1);
    s = run([{ type: 'file-move', delta: -5 }], s);
    expect(s.fileIndex).toBe(0);
  });

  it('wraps the highlighted choice around the list', () => {
    let s = run([{ type: 'loaded', plan }, { type: 'continue' }]);
    s = run([{ type: 'choice-move', delta: -1 }], s);
    expect(choicesOf(s)[s.choice]).toBe('quit');
    s = run([{ type: 'choice-move', delta: 1 }, { type: 'choice-move', delta: 1 }], s);
    expect(choicesOf(s)[s.choice]).toBe('skip');
  });

  it('keeps only the last lines of a command and lists it as finished', () => {
    const command = plan.steps[3]!.commands[0]!;
    let s = run([{ type: 'loaded', plan }, { type: 'continue' }, { type: 'apply-start' }, { type: 'engine', now: 1000, event: { type: 'command-start', step: 'database', command } }]);
    expect(s.command?.startedAt).toBe(1000);
    for (let i = 0; i < 30; i++) s = reducer(s, { type: 'engine', now: 0, event: { type: 'output', step: 'database', lines: [`a${i}`, `b${i}`] } });
    expect(s.command?.tail).toHaveLength(TAIL_KEEP);
    expect(s.command?.tail.at(-1)).toBe('b29');
    expect(s.command?.lineCount).toBe(60);
    s = reducer(s, { type: 'engine', now: 0, event: { type: 'command-end', step: 'database', command, result: result({ exitCode: 3 }) } });
    expect(s.finished.at(-1)).toMatchObject({ text: '  $ fake-ef database update (stand-in): exit 3 in 1.2 s', tone: 'bad' });
  });

  it('a failed step offers retry, skip or quit; quitting then exits 1', () => {
    let s = run([{ type: 'loaded', plan }, { type: 'continue' }, { type: 'apply-start' }, { type: 'apply-end', outcome: { id: 'packages', status: 'failed', files: [], message: 'no write access', tail: ['x'] } }]);
    expect(s.phase).toBe('failed');
    expect(s.failure).toEqual({ id: 'packages', message: 'no write access', tail: ['x'], interrupted: false });
    expect(choicesOf(s)).toEqual(['retry', 'skip', 'quit']);
    expect(marks(s)).toBe('✖ ○ – ○ – ○');
    expect(finalExitCode(s)).toBe(1);
    const q = reducer(s, { type: 'quit' });
    expect([q.phase, q.exitCode]).toEqual(['bye', 1]);
    expect(q.byeMessage).toContain('4 steps left');
    // Retrying and succeeding clears the failure from the exit code.
    const r = run([{ type: 'apply-start' }, { type: 'apply-end', outcome: { id: 'packages', status: 'done', files: [] } }], s);
    expect(finalExitCode(r)).toBe(0);
  });

  it('the first Ctrl+C during a command only stops it; the second exits 130', () => {
    let s = run([{ type: 'loaded', plan }, { type: 'continue' }, { type: 'apply-start' }, { type: 'interrupt' }]);
    expect([s.phase, s.interrupts, s.exitCode]).toEqual(['applying', 1, undefined]);
    s = reducer(s, { type: 'interrupt' });
    expect([s.phase, s.exitCode]).toEqual(['bye', 130]);
    expect(s.byeMessage).toContain('Interrupted');
    // Once the exit is decided nothing changes it.
    expect(reducer(s, { type: 'quit' })).toBe(s);
  });

  it('Ctrl+C away from a running command exits 130 at once; quit never interrupts an apply', () => {
    const s = run([{ type: 'loaded', plan }, { type: 'continue' }, { type: 'interrupt' }]);
    expect(s.exitCode).toBe(130);
    const a = run([{ type: 'loaded', plan }, { type: 'continue' }, { type: 'apply-start' }, { type: 'quit' }]);
    expect([a.phase, a.exitCode]).toEqual(['applying', undefined]);
  });

  it('an interrupted step makes the exit code 130, and blocked input exits with its code', () => {
    const s = run([{ type: 'loaded', plan }, { type: 'continue' }, { type: 'apply-start' }, { type: 'apply-end', outcome: { id: 'packages', status: 'interrupted', files: [], message: 'interrupted' } }]);
    expect(s.failure?.interrupted).toBe(true);
    expect(markOf(s, s.plan!.steps[0]!)).toBe('interrupted');
    expect(reducer(s, { type: 'quit' }).exitCode).toBe(130);
    const b = reducer(initialState(), { type: 'blocked', message: 'src/Host/Host.csproj:6: IdentityServer4 3.1.0 is not supported', code: 2 });
    expect([b.phase, b.exitCode]).toEqual(['blocked', 2]);
  });

  it('nextStep passes over steps handled in this run', () => {
    expect(nextStep(plan, {})).toBe('packages');
    expect(nextStep(plan, { packages: { id: 'packages', status: 'done', files: [] }, namespaces: { id: 'namespaces', status: 'skipped', files: [] } })).toBe('database');
    expect(nextStep(plan, { packages: { id: 'packages', status: 'failed', files: [] } })).toBe('packages');
  });
});

describe('evidence lines', () => {
  it('give way from the left of the path, keeping line number and code', async () => {
    const { evidenceText } = await import('../../../src/ui/state/views.js');
    const e = { path: 'src/IdentityServer/Data/Migrations/IdentityServer/ConfigurationDb/ConfigurationDbContextModelSnapshot.cs', line: 22, text: 'modelBuilder.Entity("IdentityServer4.EntityFramework.Entities.ApiResource", b =>' };
    const t = evidenceText(e, 80);
    expect(t).toHaveLength(80);
    expect(t.startsWith('…')).toBe(true);
    expect(t).toContain('ModelSnapshot.cs:22  modelBuilder.Entity(');
    expect(evidenceText({ path: 'a.cs', line: 3, text: 'using X;' }, 80)).toBe('a.cs:3  using X;');
    expect(evidenceText({ path: 'App.sln', line: 0, text: 'App.sln', note: 'built by dotnet build' }, 80)).toBe('App.sln  (built by dotnet build)');
  });
});
