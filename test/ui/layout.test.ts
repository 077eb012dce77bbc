import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import type { Plan } from '../../src/core/plan/plan.js';
import type { StepPlan } from '../../src/core/types.js';
import { diffRows, evidenceText, noteLines, overviewLines, stepLayout, type FileDiff } from '../../src/ui/state/views.js';
import { initialState, reducer, type WizardState } from '../../src/ui/state/wizard.js';
import { clip, clipStart, fold, wrap } from '../../src/ui/text.js';
import { copyFixture, removeDir } from '../helpers/cli.js';
import { OPTIONS, scriptedPlan } from './helpers.js';

/** Issue 12 §4: text measured in terminal columns, diffs at 80 columns, warnings and hints where they belong. */

const width = (lines: string[]) => Math.max(...lines.map((l) => stringWidth(l)));

describe('text is measured in terminal columns, not UTF-16 units', () => {
  it.each([
    ['CJK', '配置数据库上下文和操作数据库上下文都需要新的迁移文件才能继续升级'],
    ['emoji', '🔑🔑🔑 signing keys 🔑🔑🔑 rotate 🔑🔑🔑 every 90 days 🔑🔑🔑 and keep 🔑🔑🔑 the old one'],
    ['combining marks', 'Zertifikatsprüfung e\u0301e\u0301e\u0301 fu\u0308r die Schlu\u0308ssel des Servers und der Clients'],
  ])('%s: wrap, clip and clipStart never pass the width', (_, text) => {
    for (const w of [12, 20, 33]) {
      expect(width(wrap(text, w))).toBeLessThanOrEqual(w);
      expect(width(wrap(text, w, 2))).toBeLessThanOrEqual(w);
      expect(stringWidth(clip(text, w))).toBeLessThanOrEqual(w);
      expect(stringWidth(clipStart(text, w))).toBeLessThanOrEqual(w);
      expect(width(fold(text, w))).toBeLessThanOrEqual(w);
    }
    // Nothing is lost by folding: the rows put together are the text (as wrap-ansi gives it, in NFC).
    expect(fold(text, 20).join('')).toBe(text.normalize());
  });

  it('a wide character counts two columns: 10 CJK characters do not fit in 12', () => {
    const t = '迁移文件迁移文件迁移';
    expect(clip(t, 20)).toBe(t);
    expect(clip(t, 12)).toMatch(/…$/);
    expect(stringWidth(clip(t, 12))).toBeLessThanOrEqual(12);
  });

  it('evidence with a CJK path gives way from the left at the right column count', () => {
    const t = evidenceText({ path: 'src/身份服务器/数据/迁移/配置数据库上下文模型快照.cs', line: 22, text: 'using IdentityServer4;' }, 60);
    expect(stringWidth(t)).toBeLessThanOrEqual(60);
    expect(t.startsWith('…')).toBe(true);
    expect(t).toMatch(/\.cs:22 {2}using IdentityServer4;$/);
  });
});

describe('a diff at 80 columns', () => {
  const csproj = (v: string, id: string) => `    <PackageReference Include="${id}" Version="${v}" PrivateAssets="all" IncludeAssets="runtime; build" />`;
  const diff: FileDiff = {
    path: 'src/Host/Host.csproj',
    kind: 'edit',
    lines: [
      { text: '@@ -8,3 +8,3 @@', tone: 'hunk' },
      { text: ` ${csproj('10.0.15', 'Microsoft.EntityFrameworkCore.Design.Something.Long')}`, tone: 'plain' },
      { text: `-${csproj('4.1.1', 'IdentityServer4.EntityFramework.Storage')}`, tone: 'del' },
      { text: `+${csproj('5.2.4', 'Duende.IdentityServer.EntityFramework.Storage')}`, tone: 'add' },
    ],
  };

  it('shows every changed character: a wide changed line is folded onto rows marked ↪, never clipped', () => {
    const rows = diffRows(diff, 80);
    expect(width(rows.map((r) => r.text))).toBeLessThanOrEqual(80);
    const added = rows.filter((r) => r.tone === 'add').map((r) => r.text);
    expect(added.length).toBeGreaterThan(1);
    expect(added[0]!.startsWith('+')).toBe(true);
    expect(added.slice(1).every((r) => r.startsWith('↪'))).toBe(true);
    // Joined again, the rows are the whole line: the version is in view.
    expect(`+${added.map((r) => r.slice(1)).join('')}`).toBe(diff.lines[3]!.text);
    expect(added.map((r) => r.slice(1)).join('')).toContain('Version="5.2.4"');
    expect(rows.filter((r) => r.tone === 'del').map((r) => r.text.slice(1)).join('')).toContain('Version="4.1.1"');
  });

  it('a context line is clipped to one row; a line that fits is left as it is', () => {
    const rows = diffRows(diff, 80);
    const context = rows.filter((r) => r.tone === 'plain');
    expect(context).toHaveLength(1);
    expect(context[0]!.text).toMatch(/…$/);
    expect(diffRows(diff, 200).map((r) => r.text)).toEqual(diff.lines.map((l) => l.text));
  });

  it('a very long changed line takes at most 12 rows, the last saying it goes on', () => {
    const long: FileDiff = { path: 'a.min.js', kind: 'edit', lines: [{ text: `+${'x'.repeat(5000)}`, tone: 'add' }] };
    const rows = diffRows(long, 80);
    expect(rows).toHaveLength(12);
    expect(rows[11]!.text).toMatch(/…$/);
  });
});

describe('warnings never run into one line', () => {
  const w1 = 'Deleting src/Host/tempkey.jwk: tokens signed with the old key stop validating.';
  const w2 = 'src/Host/Host.csproj pins Microsoft.EntityFrameworkCore 3.1.';

  it('one warning wraps onto two lines; two get a line each, each starting with "!"', () => {
    expect(noteLines([`${w1} ${w1}`], 80)).toHaveLength(2);
    const two = noteLines([w1, w2], 80).map((l) => l.text);
    expect(two).toEqual([`! ${w1}`, `! ${w2}`]);
  });

  it('more than two: the first, and how many more the details hold', () => {
    const three = noteLines([w1, w2, 'a third'], 80).map((l) => l.text);
    expect(three[0]).toBe(`! ${w1}`);
    expect(three[1]).toBe('! … and 2 more notes: press d for details');
  });

  it('the step screen uses them', () => {
    const step = { id: 'packages', title: 'Swap', why: 'because', status: 'pending', evidence: [], changes: [], commands: [], warnings: [w1, w2], followUps: [] } as unknown as StepPlan;
    expect(stepLayout(step, 80, 20).notes.map((l) => l.text)).toEqual([`! ${w1}`, `! ${w2}`]);
  });
});

describe('the overview', () => {
  let dir: string;
  let plan: Plan;
  beforeAll(async () => {
    // A solution with EF stores, for which the dotnet-ef hint matters.
    dir = copyFixture('ef-quickstart');
    plan = await scriptedPlan(dir, OPTIONS, 'ok');
  });
  afterAll(() => removeDir(dir));

  const overview = (env: WizardState['env']) => {
    const s = reducer({ ...initialState(), env }, { type: 'loaded', plan, state: undefined });
    return overviewLines({ ...s, env }, 80).map((l) => l.text);
  };

  it('puts the dotnet-ef install hint right under the Tools row, not under Git', () => {
    const lines = overview({ dotnet: { found: true, version: '10.0.100' }, dotnetEf: { found: false }, git: { kind: 'clean', branch: 'main' } });
    const tools = lines.findIndex((l) => l.startsWith('Tools'));
    expect(tools).toBeGreaterThanOrEqual(0);
    expect(lines[tools + 1]).toMatch(/^ {13}dotnet ef: the database step installs it as a local tool/);
    expect(lines[tools + 2]).toMatch(/^Git /);
  });

  it('counts the upgrade’s own changed files apart from the user’s', () => {
    const text = (env: WizardState['env']) => overview(env).join(' ').replace(/ +/g, ' ');
    expect(text({ git: { kind: 'clean', branch: 'main', ours: 3 } })).toContain("Git clean on main apart from the upgrade's 3 changed files: git can undo every change");
    expect(text({ git: { kind: 'dirty', branch: 'main', changed: 1, ours: 3 } })).toContain("Git 1 uncommitted change (besides the upgrade's 3 files): commit first");
    expect(text({ git: { kind: 'dirty', branch: 'main', changed: 2 } })).toContain('Git 2 uncommitted changes: commit first');
  });
});
