import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { DEFAULT_TARGET, type Source } from '../releases.js';
import type { PlanOptions, RequestedOptions, StepId } from '../types.js';
import { BACKUP_DIR } from './apply.js';
import { STATE_FILE, type StepRecord, type UpgradeState } from './state.js';

/**
 * What earlier runs left, as the plan and the steps see it: their records in
 * the state file (journal included, see loadState) and the originals they
 * backed up. The one way in for them: no step or plan module reads
 * `.duende-upgrade/` itself, so how the state and backups are kept can change
 * here alone. Read-only; writing stays with the session.
 */
export interface EarlierRuns {
  /** What earlier runs recorded for this step (status, when, files, commands that finished, choice), if anything. */
  record(id: StepId): Readonly<StepRecord> | undefined;
  /** The Duende version earlier runs were upgrading to; undefined when nothing was recorded. */
  target(): string | undefined;
  /** What the solution was on when the recorded upgrade began; undefined when nothing was recorded. */
  source(): Source | undefined;
  /** A project's target frameworks when this upgrade began (before the framework step moved them); undefined when nothing was recorded. */
  frameworks(projectPath: string): readonly string[] | undefined;
  /** The steps earlier runs recorded anything for. */
  recorded(): readonly StepId[];
  /** Root-relative paths (forward slashes) of every original an earlier run backed up before changing or deleting it. */
  backedUp(): readonly string[];
  /** The backed-up original of a root-relative path, as it was before the first change; undefined when there is none. */
  original(rel: string): Buffer | undefined;
}

/** Earlier runs of the folder at `root`, from the state loadState gave (undefined: none recorded). */
export function earlierRuns(root: string, state: UpgradeState | undefined): EarlierRuns {
  const dir = path.join(root, BACKUP_DIR);
  let listed: string[] | undefined;
  return {
    record: (id) => state?.steps[id],
    target: () => state?.target,
    source: () => state?.source,
    frameworks: (projectPath) => state?.sourceFrameworks?.[projectPath],
    recorded: () => (state ? (Object.keys(state.steps) as StepId[]).filter((id) => state.steps[id] !== undefined) : []),
    backedUp() {
      listed ??= listFiles(dir);
      return listed;
    },
    original(rel) {
      const abs = path.join(dir, ...rel.split('/'));
      // only a plain file inside the backup folder: never a link, never outside
      if (path.relative(dir, abs).startsWith('..')) return undefined;
      try {
        return lstatSync(abs).isFile() ? readFileSync(abs) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** The plain files under dir, relative to it; links are not followed (see assertStateDirInside). */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(abs, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

/**
 * The options a run plans with: the target asked for, else the one the saved
 * progress is for (a resume carries on to the same target), else the default.
 * Asking for another target than the one an upgrade in progress goes to is an
 * input error: finishing half of one upgrade and half of another is not one.
 */
export function resolveOptions(requested: RequestedOptions, state?: UpgradeState): PlanOptions {
  const started = state !== undefined && Object.keys(state.steps).length > 0;
  const framework = requested.targetFramework ?? (started && (requested.target ?? state.target) === state.target ? state.targetFramework : undefined);
  if (started && requested.target !== undefined && (requested.target !== state.target || (requested.targetFramework ?? state.targetFramework) !== state.targetFramework)) {
    const recorded = `${state.target}${state.targetFramework ? ` on ${state.targetFramework}` : ''}`;
    throw new InputError(
      `the saved progress is an upgrade to Duende IdentityServer ${recorded}, not ${requested.target}${requested.targetFramework ? ` on ${requested.targetFramework}` : ''}`,
      { path: STATE_FILE },
      `Leave --target-version out to carry on to ${recorded}, or pass --restart to start over (backups are kept).`,
    );
  }
  const target = requested.target ?? (started ? state.target : undefined) ?? DEFAULT_TARGET;
  const { targetFramework: _, ...rest } = requested;
  return { ...rest, target, ...(framework ? { targetFramework: framework } : {}) };
}
