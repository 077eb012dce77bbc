import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyChanges } from '../../../src/core/apply/apply.js';
import { planFromScan } from '../../../src/core/plan/plan.js';
import { scan } from '../../../src/core/scan/index.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { FIXTURES, removeDir, tempDir } from '../../helpers/cli.js';
import { treeMismatches } from '../../helpers/fixtures.js';

// Quickstart-shaped hosts (the IdentityServer4 4.1 quickstart UI with a profile service,
// Duende's 5.2 and 6.1 hosts), upgraded by the api-changes step alone, must come out
// exactly as after-<target>/, and a second plan has nothing left.
const BASE = path.join(FIXTURES, 'api-changes', 'quickstart-ui');
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

async function planFor(dir: string, source: string, target: string) {
  const { scan: s, workspace } = await scan(dir);
  // no dotnet probe: this step runs no command
  const plan = planFromScan(s, workspace, { ...DEFAULT_OPTIONS, source, target }, undefined, {});
  return { plan, workspace, step: plan.steps.find((x) => x.id === 'api-changes')! };
}

const CASES: [string, string, string][] = [
  ['quickstart-ui', '4.1.1', '7.4.8'],
  ['quickstart-ui', '4.1.1', '8.0.3'],
  // Duende's own 5.2 host (MVC quickstart UI) and 6.1 host (Razor Pages, CIBA, server-side sessions)
  ['duende-5.2-quickstart', '5.2.4', '8.0.3'],
  ['duende-6.1-pages', '6.1.8', '7.4.8'],
  ['duende-6.1-pages', '6.1.8', '8.0.3'],
];

describe.each(CASES)('api-changes on %s, %s → %s', (name, source, target) => {
  it('rewrites to the expected files byte for byte, and a second plan finds nothing to rewrite', async () => {
    const dir = tempDir('api-changes-');
    dirs.push(dir);
    cpSync(path.join(FIXTURES, 'api-changes', name, 'before'), dir, { recursive: true });
    const first = await planFor(dir, source, target);
    expect(first.step.status).toBe('pending');
    expect(first.step.evidence.length).toBeGreaterThan(0);
    await applyChanges(first.workspace, first.step.changes);
    expect(treeMismatches(dir, path.join(FIXTURES, 'api-changes', name, `after-${target}`))).toEqual([]);
    const second = await planFor(dir, source, target);
    expect(second.step.changes).toEqual([]);
    expect(second.step.status).toBe('not-applicable');
  });
});

describe('api-changes in the plan', () => {
  it('is not applicable, and says why, for IdentityServer4 → 5.2.4; later pairs list the runtime-only changes they cross', async () => {
    const five = await planFor(path.join(BASE, 'before'), '4.1.1', '5.2.4');
    expect(five.step.status).toBe('not-applicable');
    expect(five.step.warnings).toEqual(['IdentityServer4 4.1.1 → Duende IdentityServer 5.2.4 crosses no API change this step rewrites.']);
    expect(five.step.followUps).toEqual([]);
    const eight = await planFor(path.join(BASE, 'before'), '4.1.1', '8.0.3');
    expect(eight.step.followUps.filter((f) => f.startsWith('Runtime change')).map((f) => f.slice(0, 25))).toEqual([
      'Runtime change in 6.3 (no',
      'Runtime change in 7.3 (no',
      'Runtime change in 8.0 (no',
    ]);
    expect(eight.plan.steps.map((s) => s.id).indexOf('api-changes')).toBe(eight.plan.steps.map((s) => s.id).indexOf('namespaces') + 1);
  });
});
