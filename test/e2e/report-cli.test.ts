import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { copyFixture, removeDir, runCli } from '../helpers/cli.js';

// Issue 13 §4 through the built CLI: --yes writes .duende-upgrade/report.md and names it at the end;
// --yes --json prints the report's content as JSON on stdout (progress on stderr).
// several CLI runs per test: on a shared, loaded machine one run can take tens of seconds
vi.setConfig({ testTimeout: 300_000 });
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const fresh = () => {
  const dir = copyFixture('signing-keys');
  dirs.push(dir);
  return dir;
};

describe('the report after --yes', () => {
  it('--yes writes report.md, names it last, and the report says what was found, chosen, warned and left to do', async () => {
    const dir = fresh();
    const r = await runCli([dir, '--yes', '--only', 'signing-keys', '--keys', 'disable-auto']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe(`Report: ${path.join(dir, '.duende-upgrade/report.md')}`);
    const md = readFileSync(path.join(dir, '.duende-upgrade/report.md'), 'utf8');
    expect(md).toContain('- `src/Identity/Identity.csproj` (host, net5.0): Duende.IdentityServer 5.2.4');
    expect(md).toContain('(certificate from the store by thumbprint)');
    expect(md).toContain('- Licence: none found');
    expect(md).toContain('### Choose how signing keys are managed (signing-keys): done — kept the key, automatic keys off');
    expect(md).toContain('- changed `src/Admin/Program.cs`');
    expect(md).toContain('- changed `src/Identity/Startup.cs`');
    expect(md).toMatch(/- note: No Duende licence was found/);
    expect(md).toContain('- Support: Duende IdentityServer 5 has been out of support since 2022-12-13');
    expect(md).toMatch(/## Left to do by hand \(as of \d{4}-\d{2}-\d{2}\)/);
    expect(md).toContain('rotate it yourself as before');
  });

  it('--yes --json prints the same content as JSON on stdout, and still writes report.md', async () => {
    const dir = fresh();
    const r = await runCli([dir, '--yes', '--json', '--only', 'signing-keys']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { version: number; steps: { id: string; status: string; statusNote?: string; choice?: string }[]; solution: { licence: { found: boolean } }; followUps: { step: string; text: string }[] };
    expect(report.version).toBe(1);
    const step = report.steps.find((s) => s.id === 'signing-keys')!;
    expect({ status: step.status, choice: step.choice, statusNote: step.statusNote }).toEqual({ status: 'done', choice: 'keep', statusNote: 'kept the current key' });
    expect(report.solution.licence.found).toBe(false);
    expect(report.followUps.some((f) => f.step === 'signing-keys' && /Not before \d{4}-\d{2}-\d{2}/.test(f.text))).toBe(true);
    expect(r.stderr).toContain('● Choose how signing keys are managed');
    const md = readFileSync(path.join(dir, '.duende-upgrade/report.md'), 'utf8');
    for (const f of report.followUps) expect(md).toContain(f.text);
  });

  it('bad input writes no report', async () => {
    const dir = fresh();
    const r = await runCli([dir, '--yes', '--keys', 'sometimes']);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(dir, '.duende-upgrade'))).toBe(false);
  });
});
