import { describe, expect, it } from 'vitest';
import { manualCommands, shownStatus, skippedOutcome, verdictOf, type Outcomes } from '../../src/core/outcome.js';
import type { StepId, StepPlan, StepStatus } from '../../src/core/types.js';

const step = (id: StepId, status: StepStatus, dependsOn?: StepId[]): StepPlan => ({
  id,
  title: `Step ${id}`,
  why: '',
  status,
  kind: 'work',
  evidence: [],
  changes: [],
  commands: [],
  warnings: [],
  followUps: [],
  ...(dependsOn ? { dependsOn } : {}),
});

describe('outcomes apart from the plan', () => {
  const steps = [step('packages', 'pending'), step('namespaces', 'pending', ['packages']), step('database', 'pending'), step('signing-keys', 'not-applicable'), step('verify', 'pending', ['packages', 'namespaces'])];

  it('all handled when every step is done or not needed: exit 0', () => {
    const outcomes: Outcomes = {
      packages: { id: 'packages', status: 'done', files: ['a.csproj'] },
      namespaces: { id: 'namespaces', status: 'not-needed', files: [] },
      database: { id: 'database', status: 'done', files: [] },
      verify: { id: 'verify', status: 'done', files: [] },
    };
    expect(verdictOf(steps, outcomes)).toEqual({ allHandled: true, exitCode: 0, problems: [] });
  });

  it('a step left for a person (its work still there, nothing this tool can change) is not handled: exit 1, before and after a run', () => {
    const left = { ...step('dev-signing-credential', 'pending'), followUps: ['Startup.cs:8: remove it by hand'] };
    const optional = { ...step('access-token-validation', 'pending'), kind: 'optional' as const, followUps: ['by hand'] };
    for (const outcomes of [{}, { 'dev-signing-credential': { id: 'dev-signing-credential', status: 'done', files: ['Startup.cs'] } }] as Outcomes[]) {
      const v = verdictOf([left, optional], outcomes);
      expect(v).toEqual({ allHandled: false, exitCode: 1, problems: ['Step dev-signing-credential is left for you: its work is not done (see its by-hand lines).'] });
    }
  });

  it('a skip nothing depends on is a choice the run respects', () => {
    const v = verdictOf(steps, { database: { id: 'database', status: 'skipped', files: [] } });
    expect(v.allHandled).toBe(true);
    expect(v.exitCode).toBe(0);
  });

  it('a skip that another step depends on leaves the run unfinished: exit 1, naming both', () => {
    const v = verdictOf(steps, { packages: { id: 'packages', status: 'skipped', files: [] } });
    expect(v.exitCode).toBe(1);
    expect(v.problems).toEqual(['Step packages was skipped, and Step namespaces, Step verify depend on it.']);
  });

  it('a step skipped after it failed still counts as failed: exit 1', () => {
    const failed = { id: 'database' as const, status: 'failed' as const, files: ['src/Host/Host.csproj'], message: 'NU1101' };
    const skipped = skippedOutcome('database', failed);
    expect(skipped).toEqual({ id: 'database', status: 'failed-then-skipped', files: ['src/Host/Host.csproj'], message: 'NU1101' });
    const v = verdictOf(steps, { database: skipped });
    expect(v).toMatchObject({ allHandled: false, exitCode: 1 });
    expect(v.problems[0]).toMatch(/failed, then was skipped/);
    expect(skippedOutcome('database', undefined).status).toBe('skipped');
  });

  it('an interruption wins: exit 130', () => {
    const v = verdictOf(steps, { packages: { id: 'packages', status: 'failed', files: [] }, database: { id: 'database', status: 'interrupted', files: [] } });
    expect(v.exitCode).toBe(130);
  });

  it('shows a step without an outcome by what the plan says', () => {
    expect(shownStatus(step('packages', 'done'), undefined)).toBe('done-earlier');
    expect(shownStatus(step('packages', 'skipped'), undefined)).toBe('skipped-earlier');
    expect(shownStatus(step('packages', 'pending'), undefined)).toBe('not-done');
    expect(shownStatus(step('packages', 'pending'), { id: 'packages', status: 'failed', files: [] })).toBe('failed');
  });
});

describe('commands left to run by hand', () => {
  it('lists a skipped or failed step\'s commands as shell lines, with the SQL-script alternative for the database', () => {
    const db: StepPlan = {
      ...step('database', 'pending'),
      commands: [
        { id: 'a', title: 'Add', file: 'dotnet', args: ['ef', 'migrations', 'add', 'UpdateToDuende_v5', '-c', 'PersistedGrantDbContext', '--project', 'src/My Host/Host.csproj'], cwd: '/r', purpose: { kind: 'migration-add', context: 'operational' } },
        { id: 'u', title: 'Update', file: 'dotnet', args: ['ef', 'database', 'update', '-c', 'PersistedGrantDbContext'], cwd: '/r', env: { DOTNET_ROLL_FORWARD: 'Major' }, purpose: { kind: 'database-update', context: 'operational' } },
      ],
    };
    const failed = { database: { id: 'database' as const, status: 'failed-then-skipped' as const, files: [] } };
    expect(manualCommands([db], failed)).toEqual([
      {
        id: 'database',
        title: 'Step database',
        lines: [
          "dotnet ef migrations add UpdateToDuende_v5 -c PersistedGrantDbContext --project 'src/My Host/Host.csproj'",
          'DOTNET_ROLL_FORWARD=Major dotnet ef database update -c PersistedGrantDbContext',
          '# or, to hand SQL scripts to a DBA instead of updating the databases: duende-upgrade --yes --only database --db script',
        ],
      },
    ]);
    expect(manualCommands([db], { database: { id: 'database', status: 'done', files: [] } })).toEqual([]);
  });
});
