import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newState } from '../../src/core/apply/state.js';
import { REPORT_FILE, renderReport, writeReport } from '../../src/core/report.js';
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
    expect(md).toContain('## Left to do by hand\n\n- [ ] Add the Duende licence key before going to production.');
    expect(md).toContain('Originals of changed files are in `.duende-upgrade/backup/`.');
  });

  it('is written under .duende-upgrade and says where', async () => {
    const rel = await writeReport(plan, newState('5.2.4'));
    expect(rel).toBe(REPORT_FILE);
    expect(readFileSync(path.join(dir, rel), 'utf8')).toMatch(/^# duende-upgrade report\n/);
  });
});
