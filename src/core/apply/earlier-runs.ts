import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { StepId } from '../types.js';
import { BACKUP_DIR } from './apply.js';
import type { StepRecord, UpgradeState } from './state.js';

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
