import { assertStateDirInside, removeLeftovers } from '../core/apply/atomic.js';
import { acquireLock } from '../core/apply/lock.js';
import { UpgradeSession } from '../core/apply/session.js';
import { forgetState, loadState, type UpgradeState } from '../core/apply/state.js';
import { dotnetEfState, dotnetState, gitState } from '../core/env/probe.js';
import { makePlan, resolveOptions } from '../core/plan/plan.js';
import { writeReport } from '../core/report.js';
import type { RequestedOptions } from '../core/types.js';
import type { Environment } from './state/wizard.js';

/** The part of the engine's session the wizard drives; tests pass a scripted one. */
export type WizardSession = Pick<UpgradeSession, 'plan' | 'state' | 'apply' | 'skip' | 'replan' | 'runner' | 'logFile'> & Partial<Pick<UpgradeSession, 'interrupt' | 'choose' | 'commandsRun'>>;

export interface Opened {
  session: WizardSession;
  /** The state file as found, before this run; undefined on a fresh start or --restart. */
  previous?: UpgradeState;
}

/** Everything the wizard asks of the outside world, so tests can swap a piece for a stand-in. */
export interface WizardDeps {
  open(root: string, options: RequestedOptions, restart: boolean): Promise<Opened>;
  /** Reports each finding as it arrives: dotnet ef can take seconds. */
  probe(root: string, report: (env: Environment) => void): Promise<void>;
  writeReport: typeof writeReport;
}

export const engineDeps: WizardDeps = {
  async open(root, options, restart) {
    // As --yes: no writing through a linked .duende-upgrade, one run at a time (the lock
    // goes when the process exits), and what a killed run left under .duende-upgrade/tmp goes.
    assertStateDirInside(root);
    // opened again for another target (the overview's target list): acquireLock gives back the lock this process holds
    acquireLock(root);
    removeLeftovers(root);
    // --restart forgets what was done, but never the backups of the originals.
    if (restart) forgetState(root);
    const previous = restart ? undefined : loadState(root);
    const plan = await makePlan(root, resolveOptions(options, previous), previous);
    const session = new UpgradeSession(plan, previous);
    await session.settleBegun();
    return { session, previous };
  },
  async probe(root, report) {
    await Promise.all([
      gitState(root, filesWritten(root)).then((git) => report({ git })),
      dotnetState(root).then((dotnet) => report({ dotnet })),
      dotnetEfState(root).then((dotnetEf) => report({ dotnetEf })),
    ]);
  },
  writeReport,
};

/** Files earlier runs wrote or deleted: git shows them changed, but they are the upgrade's, not the user's. */
function filesWritten(root: string): string[] {
  try {
    return Object.values(loadState(root)?.steps ?? {}).flatMap((r) => r?.files ?? []);
  } catch {
    // A state file that does not load is reported by open(); here it only means no files to set apart.
    return [];
  }
}
