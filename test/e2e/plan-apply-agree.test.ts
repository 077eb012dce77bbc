/**
 * What --plan promises, --yes does. The steps run in order and each one after the first is planned
 * again on what the earlier ones wrote (the framework step moves TargetFramework before the
 * data-protection step looks at it): a step that --plan shows as pending must not turn into "not
 * needed" in the same run. Every fixture, every target line; the database and verify steps are left
 * out (they need dotnet), and optional steps run only when named, so they are not compared.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, runCli } from '../helpers/cli.js';

const FIXTURES = [
  'access-token-validation',
  'aspnet-identity',
  'central-packages',
  'crlf-bom',
  'duende5-to-v8',
  'duende61-to-v74',
  'ef-quickstart',
  'encodings',
  'is4-to-v7',
  'is4-to-v8',
  'multi-project',
  'net6-minimal',
  'signing-keys',
];
const TARGETS = ['5.2.4', '7.4.8', '8.0.3'];
const LEFT_OUT = ['database', 'verify'];

interface PlanJson {
  steps: { id: string; status: string; kind?: string }[];
}
interface ReportJson {
  steps: { id: string; status: string }[];
}

describe('--plan and --yes agree on which steps have work', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) removeDir(d);
  });

  for (const fixture of FIXTURES) {
    for (const target of TARGETS) {
      it(`${fixture} → ${target}`, async () => {
        const dir = copyFixture(fixture);
        dirs.push(dir);
        const planned = await runCli([dir, '--plan', '--json', '--target-version', target]);
        // a pair the tool refuses (a source past the target) has nothing to compare
        if (planned.code === 2) return;
        expect(planned.code, planned.stderr).toBe(0);
        const plan = JSON.parse(planned.stdout) as PlanJson;
        const pending = plan.steps.filter((s) => s.status === 'pending' && s.kind !== 'optional' && !LEFT_OUT.includes(s.id)).map((s) => s.id);

        const ran = await runCli([dir, '--yes', '--json', '--target-version', target, '--skip', LEFT_OUT.join(',')]);
        expect([0, 1], `${ran.stdout}\n${ran.stderr}`).toContain(ran.code);
        const report = JSON.parse(ran.stdout) as ReportJson;
        const outcome = Object.fromEntries(report.steps.map((s) => [s.id, s.status]));
        // each step the plan showed with work is done by the run (a step that found nothing to change says so as not-needed only when the plan had no change for it either)
        expect(Object.fromEntries(pending.map((id) => [id, outcome[id]]))).toEqual(Object.fromEntries(pending.map((id) => [id, expect.stringMatching(/^(done|not done)$/)])));
      }, 120_000);
    }
  }
});
