import { readFileSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { Source } from '../releases.js';
import { STEP_IDS } from '../types.js';
import { STATE_DIR, writeAtomic } from './atomic.js';
import { clearJournal, withJournal } from './journal.js';

export { STATE_DIR, ensureStateDir } from './atomic.js';
export const STATE_FILE = `${STATE_DIR}/state.json`;
/** 2: the state records the source and the target framework (1 had the target only; it is read and migrated). */
export const STATE_SCHEMA_VERSION = 2;

const stepRecord = z.object({
  status: z.enum(['done', 'skipped', 'failed', 'interrupted']),
  at: z.string(),
  /** Files this step wrote or deleted. */
  files: z.array(z.string()).default([]),
  /** Commands that finished successfully, by id, so resume never repeats them. */
  commandsDone: z.array(z.string()).default([]),
  message: z.string().optional(),
  /** A skip that came after the step failed: its work is not done, and the run did not succeed. */
  afterFailure: z.boolean().optional(),
  /** A decision step's choice (signing-keys: keep, auto, disable-auto). */
  choice: z.string().optional(),
});

const v1Schema = z.object({
  schemaVersion: z.literal(1),
  tool: z.literal('duende-upgrade'),
  /** The folder this state belongs to (real path); a state copied or moved from elsewhere is refused. */
  root: z.string().optional(),
  target: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  steps: z.partialRecord(z.enum(STEP_IDS), stepRecord),
});

const stateSchema = v1Schema.extend({
  schemaVersion: z.literal(STATE_SCHEMA_VERSION),
  /** What the solution was on when the first step of this upgrade was applied; a resume keeps to it. */
  source: z.object({ product: z.enum(['IdentityServer4', 'Duende']), version: z.string() }).optional(),
  /** The framework chosen with the target, where its line offers several. */
  targetFramework: z.string().optional(),
  /**
   * Each project's target frameworks (by root-relative path) when the first step of this upgrade was
   * applied: the framework step changes them, and a step that depends on what a host ran on before
   * (the data-protection application name) reads them here.
   */
  sourceFrameworks: z.record(z.string(), z.array(z.string())).optional(),
});

export type UpgradeState = z.infer<typeof stateSchema>;
export type StepRecord = z.infer<typeof stepRecord>;

export function newState(target: string, root?: string, source?: Source, targetFramework?: string): UpgradeState {
  const now = new Date().toISOString();
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    tool: 'duende-upgrade',
    ...(root ? { root: realRoot(root) } : {}),
    ...(source ? { source } : {}),
    target,
    ...(targetFramework ? { targetFramework } : {}),
    startedAt: now,
    updatedAt: now,
    steps: {},
  };
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return path.resolve(root);
  }
}

/**
 * Load the state file, or undefined when there is none. A file that is not
 * valid JSON, or not a state this version understands, is an input error:
 * never a silent fresh start, which would forget what was done.
 */
export function loadState(root: string): UpgradeState | undefined {
  const file = path.join(root, STATE_FILE);
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`cannot read the state file: ${(error as Error).message}`, { path: STATE_FILE });
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? raw.slice(0, Number(at[1])).split('\n').length : undefined;
    throw new InputError(`the state file is not valid JSON (${message})`, { path: STATE_FILE, line }, 'Fix it, or pass --restart to start over (backups are kept).');
  }
  const version = data && typeof data === 'object' && 'schemaVersion' in data ? (data as { schemaVersion: unknown }).schemaVersion : undefined;
  if (version !== undefined && version !== 1 && version !== STATE_SCHEMA_VERSION) {
    throw new InputError(
      `the state file has schema version ${String((data as { schemaVersion: unknown }).schemaVersion)}, this tool understands ${STATE_SCHEMA_VERSION}`,
      { path: STATE_FILE },
      'Use the duende-upgrade version that wrote it, or pass --restart to start over (backups are kept).',
    );
  }
  // Version 1 knew only the target, a 5.x, and upgraded from IdentityServer4 4.0 or 4.1 only (3.x was refused, Duende was not a source).
  const parsed =
    version === 1
      ? v1Schema.transform((old): UpgradeState => ({ ...old, schemaVersion: STATE_SCHEMA_VERSION, source: { product: 'IdentityServer4', version: '4.x' } })).safeParse(data)
      : stateSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || '(top level)' : '';
    throw new InputError(`the state file is not a duende-upgrade state: ${where}: ${issue?.message ?? 'invalid'}`, { path: STATE_FILE }, 'Fix it, or pass --restart to start over (backups are kept).');
  }
  const here = realRoot(root);
  if (parsed.data.root !== undefined && parsed.data.root !== here) {
    throw new InputError(
      `the state file belongs to ${parsed.data.root}, not to this folder (${here}); it was left as it is and nothing was changed`,
      { path: STATE_FILE },
      'It was copied or moved here with the code. Pass --restart to start over here (backups are kept), or delete the .duende-upgrade folder.',
    );
  }
  // files written after the state was last saved (a kill mid-step) count as written
  return withJournal(root, parsed.data);
}

/** --restart: forget what earlier runs did (the state and its journal); the backups stay. */
export function forgetState(root: string): void {
  rmSync(path.join(root, STATE_FILE), { force: true });
  clearJournal(root);
}

export async function saveState(root: string, state: UpgradeState): Promise<void> {
  state.updatedAt = new Date().toISOString();
  state.root ??= realRoot(root);
  writeAtomic(root, path.join(root, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, 0o644);
}
