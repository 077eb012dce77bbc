import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { copyFixture, FIXTURES, removeDir, runCli } from '../helpers/cli.js';
import { parsePlan, stepOf, treeMismatches } from '../helpers/fixtures.js';

// Issue 13 §3 through the built CLI: three API projects (JWT only, with a controller naming the
// scheme fully qualified; options in a separate method with a custom scheme; reference tokens).
const FIXTURE = path.join(FIXTURES, 'access-token-validation');
// several CLI runs per test: on a shared, loaded machine one run can take tens of seconds
vi.setConfig({ testTimeout: 300_000 });
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const fresh = () => {
  const dir = copyFixture('access-token-validation');
  dirs.push(dir);
  return dir;
};
const output = (r: { stdout: string; stderr: string }) => `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

describe('access-token-validation fixture', () => {
  it('--yes alone leaves it out (it is optional) and says how to run it', async () => {
    const dir = fresh();
    const r = await runCli([dir, '--yes', '--skip', 'verify']);
    expect(r.code, output(r)).toBe(0);
    expect(r.stdout).toContain('– Move API projects to JwtBearer (optional): optional, not run (pass --only access-token-validation to run it)');
    expect(treeMismatches(dir, path.join(FIXTURE, 'before'))).toEqual([]);
  });

  it('--yes --only access-token-validation gives exactly after/, reports the reference-token API, and a second plan shows it done', async () => {
    const dir = fresh();
    const r = await runCli([dir, '--yes', '--only', 'access-token-validation']);
    expect(r.code, output(r)).toBe(0);
    expect(treeMismatches(dir, path.join(FIXTURE, 'after'))).toEqual([]);
    expect(r.stdout).toMatch(/warning: src\/Api\.Reference\/Api\.Reference\.csproj accepts reference tokens .*ApiSecret is set.*AddOAuth2Introspection/);
    const p = await runCli([dir, '--plan', '--json']);
    const step = stepOf(parsePlan(p.stdout), 'access-token-validation');
    // the reference-token API still has the package: the step stays pending for it, with nothing to change
    expect(step.changes).toEqual([]);
    expect(step.warnings.join(' ')).toMatch(/Api\.Reference.*reference tokens/);
  });
});
