import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { copyFixture, FIXTURES, removeDir, runCli } from '../helpers/cli.js';
import { parsePlan, stepOf, treeMismatches } from '../helpers/fixtures.js';

// Issue 13 §1: each signing-keys choice through the built CLI, on a fixture with two hosts (a
// Startup with a block options lambda and a certificate from the store by thumbprint; a minimal
// Program.cs with no options and a certificate file named in configuration), compared byte for
// byte with the expected tree. "keep" must leave every file as it was.

const FIXTURE = path.join(FIXTURES, 'signing-keys');
// several CLI runs per test: on a shared, loaded machine one run can take tens of seconds
vi.setConfig({ testTimeout: 300_000 });
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const fresh = () => {
  const dir = copyFixture('signing-keys');
  dirs.push(dir);
  return dir;
};
const output = (r: { stdout: string; stderr: string }) => `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

describe('signing-keys fixture, each choice under --yes --keys', () => {
  it.each([
    ['keep', 'before', 'kept the current key'],
    ['auto', 'after-auto', 'switched to automatic keys'],
    ['disable-auto', 'after-disable-auto', 'kept the key, automatic keys off'],
  ])('--keys %s gives exactly %s/, and the status says what was chosen', async (keys, expected, note) => {
    const dir = fresh();
    const r = await runCli([dir, '--yes', '--only', 'signing-keys', '--keys', keys]);
    expect(r.code, output(r)).toBe(0);
    expect(treeMismatches(dir, path.join(FIXTURE, expected))).toEqual([]);
    expect(r.stdout).toContain(`✔ Choose how signing keys are managed: done (${note})`);

    const p = await runCli([dir, '--plan', '--json']);
    const step = stepOf(parsePlan(p.stdout), 'signing-keys') as ReturnType<typeof stepOf> & { choice?: string; statusNote?: string };
    expect({ status: step.status, choice: step.choice, statusNote: step.statusNote }).toEqual({ status: 'done', choice: keys, statusNote: note });

    // a second run changes nothing
    const again = await runCli([dir, '--yes', '--only', 'signing-keys', '--keys', keys]);
    expect(again.code, output(again)).toBe(0);
    expect(treeMismatches(dir, path.join(FIXTURE, expected))).toEqual([]);
  });

  it('--keys auto says, before any file is written, that cached discovery documents reject new tokens for a while', async () => {
    const dir = fresh();
    const r = await runCli([dir, '--yes', '--only', 'signing-keys', '--keys', 'auto']);
    const lines = r.stdout.split('\n');
    const caution = lines.findIndex((l) => l.startsWith('  caution: ') && /cached the old discovery document/.test(l));
    const firstFile = lines.findIndex((l) => l === '  src/Admin/Program.cs' || l === '  src/Identity/Startup.cs');
    expect(caution, output(r)).toBeGreaterThan(-1);
    expect(caution).toBeLessThan(firstFile);
  });

  it('--plan lists the three choices, the default marked; --dry-run --keys shows that choice\'s diff', async () => {
    const dir = fresh();
    const plan = await runCli([dir, '--plan']);
    expect(plan.stdout).toContain('(•) Keep the current key for now (default) [--keys keep]: no file changes');
    expect(plan.stdout).toContain('( ) Switch to automatic key management now [--keys auto]: src/Admin/Program.cs, src/Identity/Startup.cs, .gitignore');
    expect(plan.stdout).toContain('( ) Keep the key and turn automatic key management off [--keys disable-auto]: src/Admin/Program.cs, src/Identity/Startup.cs');
    const dry = await runCli([dir, '--dry-run', '--keys', 'disable-auto']);
    expect(dry.stdout).toContain('+                    options.KeyManagement.Enabled = false;');
    expect(dry.stdout).toContain('+builder.Services.AddIdentityServer(options => options.KeyManagement.Enabled = false)');
    expect(treeMismatches(dir, path.join(FIXTURE, 'before'))).toEqual([]);
  });

  it('--keys with anything else is bad usage: exit 2, named, nothing changed', async () => {
    const dir = fresh();
    const r = await runCli([dir, '--yes', '--keys', 'rotate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--keys takes keep, auto, disable-auto, not "rotate"');
    expect(treeMismatches(dir, path.join(FIXTURE, 'before'))).toEqual([]);
  });
});
