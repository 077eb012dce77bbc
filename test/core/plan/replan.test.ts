// The replan after a step (issue 16) keeps the scan and reads again only the
// files the step wrote and those whose hash changed. It must be the plan a scan
// from scratch makes, byte for byte as --plan --json prints it: on every
// fixture and on a generated monorepo, after each step that writes files.
import { cpSync, existsSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { UpgradeSession } from '../../../src/core/apply/session.js';
import { InputError } from '../../../src/core/errors.js';
import { planToJson } from '../../../src/core/plan/json.js';
import { makePlan, replanChanged, type Plan } from '../../../src/core/plan/plan.js';
import { stepById } from '../../../src/core/steps/index.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { REPO, removeDir, tempDir } from '../../helpers/cli.js';

const FIXTURES = path.join(REPO, 'test', 'fixtures');
const json = (plan: Plan) => JSON.stringify(planToJson(plan), null, 2);

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
function copy(from: string): string {
  const dir = path.join(tempDir('replan-'), 'tree');
  dirs.push(path.dirname(dir));
  cpSync(from, dir, { recursive: true });
  return dir;
}

/**
 * Apply every step that writes files and runs nothing (the steps with commands
 * make the session scan afresh), one after the other; after each, the
 * incremental plan must equal a full one. Returns how many steps were compared.
 */
async function applyAndCompare(root: string): Promise<number> {
  let plan: Plan;
  try {
    plan = await makePlan(root, DEFAULT_OPTIONS);
  } catch (error) {
    // a solution the tool refuses (IdentityServer4 before 4.0) has no plan to replan
    expect(error).toBeInstanceOf(InputError);
    return 0;
  }
  const session = new UpgradeSession(plan, undefined);
  let compared = 0;
  for (const id of plan.steps.map((s) => s.id)) {
    const before = json(session.plan);
    const s = session.step(id);
    if (s.status !== 'pending' || s.changes.length === 0 || stepById(id).run) continue;
    const outcome = await session.apply(id);
    expect(outcome.status, `${id}: ${outcome.message ?? ''}`).toBe('done');
    const incremental = await replanChanged(session.plan, outcome.files, session.state);
    expect(incremental, `${id}: the replan fell back to a full scan`).toBeDefined();
    const full = await makePlan(root, session.plan.options, session.state);
    expect(json(incremental!), `after ${id}`).toBe(json(full));
    expect(json(incremental!), `${id} changed nothing the plan shows`).not.toBe(before);
    compared++;
    // the session's own replan takes the same road
    const viaSession = await session.replan();
    expect(json(viaSession), `session.replan after ${id}`).toBe(json(full));
  }
  return compared;
}

describe('the replan after a step', () => {
  const fixtures = readdirSync(FIXTURES).filter((n) => existsSync(path.join(FIXTURES, n, 'before')));
  let total = 0;

  it.each(fixtures)('equals a full plan after each step on the %s fixture', async (name) => {
    total += await applyAndCompare(copy(path.join(FIXTURES, name, 'before')));
  }, 300_000);

  it('compared something on the fixtures', () => {
    expect(total).toBeGreaterThan(fixtures.length);
  });

  it('equals a full plan after each step on a generated monorepo (bench/generate.mjs, 40 projects, 400 source files)', async () => {
    const dir = path.join(tempDir('replan-gen-'), 'tree');
    dirs.push(path.dirname(dir));
    await execa(process.execPath, [path.join(REPO, 'bench', 'generate.mjs'), dir, '--projects', '40', '--files', '400', '--seed', '5']);
    expect(await applyAndCompare(dir)).toBeGreaterThanOrEqual(3);
  }, 300_000);

  it('reads again a file the plan read that changed on disk, though no step wrote it', async () => {
    const root = copy(path.join(FIXTURES, 'multi-project', 'before'));
    const plan = await makePlan(root, DEFAULT_OPTIONS);
    // a file the plan read (it names IdentityServer4) gets one more using
    const file = plan.scan.sourceFiles.find((f) => f.endsWith('.cs'))!;
    const abs = path.join(root, file);
    writeFileSync(abs, `using IdentityServer4.Models;\n${readFileSync(abs, 'utf8')}`);
    const incremental = await replanChanged(plan, [], undefined);
    expect(incremental).toBeDefined();
    expect(json(incremental!)).toBe(json(await makePlan(root, DEFAULT_OPTIONS)));
    expect(json(incremental!)).not.toBe(json(plan));
  });

  it('scans afresh when a new file the scan would list has appeared', async () => {
    const root = copy(path.join(FIXTURES, 'multi-project', 'before'));
    const plan = await makePlan(root, DEFAULT_OPTIONS);
    writeFileSync(path.join(root, 'NewStartup.cs'), 'using IdentityServer4;\n');
    expect(await replanChanged(plan, ['NewStartup.cs'], undefined)).toBeUndefined();
  });
});
