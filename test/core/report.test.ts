import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newState } from '../../src/core/apply/state.js';
import { REPORT_FILE, buildReport, renderReport, writeReport } from '../../src/core/report.js';
import type { Plan } from '../../src/core/plan/plan.js';
import { removeDir } from '../helpers/cli.js';
import { OPTIONS, scriptedPlan, writeSolution } from '../ui/helpers.js';

let dir: string;
let plan: Plan;
beforeAll(async () => {
  dir = writeSolution();
  plan = await scriptedPlan(dir, OPTIONS, 'ok');
});
afterAll(() => removeDir(dir));

describe('run report', () => {
  it('lists each step with its outcome, files, notes, follow-ups and logs', () => {
    const state = newState('5.2.4');
    state.steps.namespaces = { status: 'skipped', at: 'x', files: [], commandsDone: [] };
    state.steps.database = { status: 'failed', at: 'x', files: [], commandsDone: [], message: 'fake-ef exited with code 3\nmore detail' };
    const md = renderReport(plan, state, { packages: { id: 'packages', status: 'done', files: ['src/Host/Host.csproj'] } });
    expect(md).toContain('- Target: Duende IdentityServer 5.2.4');
    expect(md).toContain('### Swap the packages (packages): done\n\n- changed `src/Host/Host.csproj`');
    expect(md).toContain('### Rename the namespaces (namespaces): skipped');
    expect(md).toContain('### Migrate the database (database): failed\n\n- fake-ef exited with code 3\n');
    expect(md).not.toContain('more detail');
    expect(md).toContain('- log: `.duende-upgrade/logs/database.log`');
    expect(md).toContain('### Keep the developer signing key (dev-signing-credential): not needed');
    expect(md).toMatch(/## Left to do by hand \(as of \d{4}-\d{2}-\d{2}\)\n\n- \[ \] Add the Duende licence key before going to production\. \(/);
    expect(md).toContain('Originals of changed files are in `.duende-upgrade/backup/`.');
  });

  it('is written under .duende-upgrade and says where', async () => {
    const rel = await writeReport(plan, newState('5.2.4'));
    expect(rel).toBe(REPORT_FILE);
    expect(readFileSync(path.join(dir, rel), 'utf8')).toMatch(/^# duende-upgrade report\n/);
  });

  it('says what was found, the commands run with exit code and duration, what was skipped and why, the warnings, and the date', () => {
    const state = newState('5.2.4');
    state.steps.namespaces = { status: 'skipped', at: 'x', files: [], commandsDone: [] };
    const commands = [{ step: 'database' as const, title: 'migrations add', file: 'dotnet', args: ['ef', 'migrations', 'add', 'UpdateToDuende_v5', '-c', 'PersistedGrantDbContext'], cwd: dir, exitCode: 0, durationMs: 12_345, interrupted: false }];
    const now = new Date('2026-12-01T10:00:00Z');
    const md = renderReport(plan, state, { namespaces: { id: 'namespaces', status: 'skipped', files: [] } }, commands, now);
    expect(md).toContain('## Solution found');
    for (const p of plan.scan.projects) expect(md).toContain(`- \`${p.path}\` (${p.role}`);
    expect(md).toMatch(/- EF stores: /);
    expect(md).toMatch(/- Signing: /);
    expect(md).toMatch(/- Licence: (none found|found \()/);
    expect(md).toContain(`- ran \`dotnet ef migrations add UpdateToDuende_v5 -c PersistedGrantDbContext\` in \`${dir}\`: exit code 0, 12.3 s`);
    expect(md).toContain('## Skipped\n\n- Rename the namespaces (namespaces): skipped by the person running the upgrade');
    expect(md).toContain('- Report of 2026-12-01');
    // the target is 5.x: out of support, said once at the top and once among the warnings
    expect(md.match(/out of support since 2022-12-13/g)).toHaveLength(2);
    expect(md).toContain('## Warnings');
  });

  it('has the same content as JSON (buildReport), in the documented shape', () => {
    const state = newState('5.2.4');
    const now = new Date('2026-12-01T10:00:00Z');
    const r = buildReport(plan, state, {}, [], now);
    expect(Object.keys(r)).toEqual(['version', 'root', 'target', 'date', 'startedAt', 'updatedAt', 'solution', 'result', 'steps', 'skipped', 'warnings', 'followUps']);
    expect(r.version).toBe(1);
    expect(r.date).toBe('2026-12-01');
    expect(r.solution.support).toMatch(/Duende IdentityServer 5 has been out of support since 2022-12-13/);
    expect(r.steps.map((s) => s.id)).toEqual(plan.steps.map((s) => s.id));
    const md = renderReport(plan, state, {}, [], now);
    for (const f of r.followUps) expect(md).toContain(f.text);
    for (const w of r.warnings) expect(md).toContain(w);
  });

  it('says nothing about support for a target still supported', () => {
    const r = buildReport({ ...plan, options: { ...plan.options, target: '8.0.3' }, target: { version: '8.0.3' } }, newState('8.0.3'), {}, [], new Date('2026-12-01T10:00:00Z'));
    expect(r.solution.support).toBeUndefined();
    expect(r.warnings.join(' ')).not.toMatch(/out of support/);
  });
});
