// Hunks cut from the splices (src/core/plan/hunks.ts) must be byte for byte the
// `diff` package's output they replace: on every planned change of every fixture,
// on a generated monorepo, and on random texts and splices, including the cases
// where the cut is refused and the diff runs instead.
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { changeDiff, myersPatch } from '../../../src/core/plan/diff.js';
import { patchFromSplices } from '../../../src/core/plan/hunks.js';
import { makePlan, type Plan } from '../../../src/core/plan/plan.js';
import { maskSecrets } from '../../../src/core/text/secrets.js';
import { escapeControl } from '../../../src/core/text/shown.js';
import { applySplices } from '../../../src/core/text/edit.js';
import { DEFAULT_OPTIONS, type FileChange, type Splice } from '../../../src/core/types.js';
import { displayOf } from '../../../src/core/workspace.js';
import { REPO, removeDir, tempDir } from '../../helpers/cli.js';

const FIXTURES = path.join(REPO, 'test', 'fixtures');

/** What changeDiff printed before hunks were cut from splices: the diff package's output. */
function myersDiff(plan: Plan, change: Extract<FileChange, { kind: 'edit' }>): string {
  const file = plan.workspace.read(change.path);
  return maskSecrets(myersPatch(escapeControl(change.path), displayOf(file), displayOf(file, applySplices(file.text, change.splices))).replace(/\r(?=\n)/g, ''));
}

/** Every edit a plan holds (each step's and each choice's), compared; how many took the cut. */
function compareAll(plan: Plan): { edits: number; cut: number } {
  let edits = 0;
  let cut = 0;
  for (const s of plan.steps) {
    for (const c of [...s.changes, ...(s.variants ?? []).flatMap((v) => v.changes)]) {
      if (c.kind !== 'edit') continue;
      edits++;
      expect(changeDiff(plan.workspace, c), c.path).toBe(myersDiff(plan, c));
      const file = plan.workspace.read(c.path);
      if (file.encoding.kind !== 'bytes' && patchFromSplices('a', 'b', file.text, applySplices(file.text, c.splices), c.splices, 3) !== undefined) cut++;
    }
  }
  return { edits, cut };
}

describe('hunks cut from splices', () => {
  const fixtures = readdirSync(FIXTURES).filter((n) => existsSync(path.join(FIXTURES, n, 'before')));

  const total = { edits: 0, cut: 0 };
  it.each(fixtures)('are the diff package\'s bytes on every planned edit of the %s fixture', async (name) => {
    let plan: Plan;
    try {
      plan = await makePlan(path.join(FIXTURES, name, 'before'), DEFAULT_OPTIONS);
    } catch (error) {
      // a fixture the tool refuses (IdentityServer4 older than 4.0) has no plan
      expect(error).toBeInstanceOf(InputError);
      return;
    }
    const r = compareAll(plan);
    total.edits += r.edits;
    total.cut += r.cut;
  }, 240_000);

  it('take the cut on most edits of the fixtures (so the comparison above tests it)', () => {
    expect(total.edits).toBeGreaterThan(20);
    expect(total.cut / total.edits).toBeGreaterThan(0.5);
  });

  describe('on a generated monorepo (bench/generate.mjs, 40 projects, 400 source files)', () => {
    let dir = '';
    beforeAll(async () => {
      dir = path.join(tempDir('hunks-'), 'tree');
      await execa(process.execPath, [path.join(REPO, 'bench', 'generate.mjs'), dir, '--projects', '40', '--files', '400', '--seed', '11']);
    });
    afterAll(() => dir && removeDir(path.dirname(dir)));

    it('are the diff package\'s bytes on every planned edit', async () => {
      const r = compareAll(await makePlan(dir, DEFAULT_OPTIONS));
      console.log(`generated tree: ${r.cut} of ${r.edits} edits cut from splices`);
      expect(r.edits).toBeGreaterThan(50);
      expect(r.cut / r.edits).toBeGreaterThan(0.8);
    }, 240_000);
  });

  it('are the diff package\'s bytes on random texts and splices, or refused', () => {
    // A seeded generator, so a failure can be run again.
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const eols = ['\n', '\r\n'];
    let cut = 0;
    const runs = 3000;
    for (let run = 0; run < runs; run++) {
      // few distinct lines in some texts (ties likely), many in others
      const words = run % 3 === 0 ? ['a', 'b', '', 'c'] : Array.from({ length: 40 }, (_, i) => `line ${i} of ${run}`);
      const eol = eols[rand(2)]!;
      const count = rand(30);
      let text = Array.from({ length: count }, () => words[rand(words.length)]! + eol).join('');
      if (rand(4) === 0) text += words[rand(words.length)]!; // no line ending at the end
      const splices: Splice[] = [];
      let at = 0;
      while (at <= text.length && splices.length < 5) {
        const start = at + rand(Math.max(1, Math.min(60, text.length - at + 1)));
        if (start > text.length) break;
        const end = Math.min(text.length, start + rand(12));
        const pieces = ['x', 'new line' + eol, eol, `using Duende.${run};${eol}`, '', words[rand(words.length)]! + eol, 'tail'];
        splices.push({ start, end, text: pieces[rand(pieces.length)]! + (rand(3) === 0 ? pieces[rand(pieces.length)]! : '') });
        at = end + rand(40);
        if (rand(3) === 0) at = end; // splices that touch
      }
      const after = applySplices(text, splices);
      const fast = patchFromSplices('a/f.cs', 'b/f.cs', text, after, splices, 3);
      if (fast === undefined) continue;
      cut++;
      expect(fast, JSON.stringify({ text, splices })).toBe(myersPatch('f.cs', text, after));
    }
    // Most random cases take the cut, so the comparison is not empty.
    expect(cut).toBeGreaterThan(400);
  });
});
