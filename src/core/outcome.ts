import path from 'node:path';
import { leftForPerson } from './plan/deps.js';
import type { StepId, StepPlan } from './types.js';

/**
 * What became of each step in a run, kept apart from the plan: the plan says
 * what the files show and what a step would do; an outcome says what happened
 * when it was carried out (or not). The summary, the report and the exit code
 * read both, and never mutate either.
 */

export type OutcomeStatus =
  /** Its work is done: files written and commands run. */
  | 'done'
  /** Applied, but there was nothing to change. */
  | 'not-needed'
  /** The person chose not to do it. */
  | 'skipped'
  | 'failed'
  /** It failed, and then the person chose to go on without it. */
  | 'failed-then-skipped'
  | 'interrupted';

export interface StepOutcome {
  id: StepId;
  status: OutcomeStatus;
  /** Files this run wrote or deleted for the step. */
  files: string[];
  /** Why it failed (or for failed-then-skipped, why it had failed). */
  message?: string;
  /** Last lines of a failed command's output. */
  tail?: string[];
  /** The step's log, root-relative, when the file exists (a step can fail before any command wrote one). */
  log?: string;
  /** The file that changed on disk since the plan, when that stopped the step: a retry plans again and shows the new diff first. */
  staleFile?: string;
  /** Edits written so the step's commands could run, which stay after its failure, with how to undo each. */
  leftInPlace?: LeftEdit[];
}

/** An edit that stays after its step failed (e.g. the EF Core Design reference), with how to take it back. */
export interface LeftEdit {
  path: string;
  what: string;
  undo: string;
}

/** Step id → what happened to it in this run. Steps not carried out have no entry. */
export type Outcomes = Partial<Record<StepId, StepOutcome>>;

/** The outcome of skipping a step: the skip remembers a failure that came before it. */
export function skippedOutcome(id: StepId, before: StepOutcome | undefined): StepOutcome {
  if (before?.status === 'failed' || before?.status === 'failed-then-skipped') {
    return { id, status: 'failed-then-skipped', files: before.files, ...(before.message ? { message: before.message } : {}), ...(before.leftInPlace ? { leftInPlace: before.leftInPlace } : {}) };
  }
  return { id, status: 'skipped', files: [] };
}

/** A step's outcome as the wizard shows it and the run counts it, outcome first, else what the plan says. */
export type ShownStatus = OutcomeStatus | 'not-done' | 'done-earlier' | 'skipped-earlier' | 'not-applicable' | 'blocked';

export function shownStatus(step: StepPlan, outcome: StepOutcome | undefined): ShownStatus {
  if (outcome) return outcome.status;
  switch (step.status) {
    case 'done':
      return 'done-earlier';
    case 'skipped':
      return 'skipped-earlier';
    case 'not-applicable':
      return 'not-applicable';
    case 'pending':
      return 'not-done';
    default:
      // A status added to the plan later (e.g. blocked by another step) shows as it is.
      return step.status as ShownStatus;
  }
}

export const SHOWN_LABEL: Record<ShownStatus, string> = {
  done: 'done',
  'not-needed': 'done, nothing needed changing',
  skipped: 'skipped by choice',
  failed: 'failed',
  'failed-then-skipped': 'failed, then skipped',
  interrupted: 'interrupted',
  'not-done': 'not done',
  'done-earlier': 'done',
  'skipped-earlier': 'skipped (in an earlier run)',
  'not-applicable': 'not needed',
  blocked: 'blocked',
};

export const SHOWN_MARK: Record<ShownStatus, string> = {
  done: '✔',
  'not-needed': '✔',
  skipped: '↷',
  failed: '✖',
  'failed-then-skipped': '✖',
  interrupted: '✖',
  'not-done': '○',
  'done-earlier': '✔',
  'skipped-earlier': '↷',
  'not-applicable': '–',
  blocked: '⊘',
};

export interface Verdict {
  /** "All steps handled": nothing failed, nothing interrupted, and no step others depend on was skipped. */
  allHandled: boolean;
  /** 0 only when allHandled; 130 when a step was interrupted; else 1. */
  exitCode: 0 | 1 | 130;
  /** One line per reason it is not all handled, for the summary. */
  problems: string[];
}

/** The steps that list `id` among what they depend on, and are themselves still in play. */
function dependents(steps: readonly StepPlan[], id: StepId): StepPlan[] {
  return steps.filter((s) => s.id !== id && s.status !== 'not-applicable' && (s.dependsOn ?? []).includes(id));
}

/**
 * The verdict on a run. A skipped step with nothing depending on it is a
 * choice the run respects; one that others need leaves the upgrade unfinished.
 */
export function verdictOf(steps: readonly StepPlan[], outcomes: Outcomes): Verdict {
  const problems: string[] = [];
  let interrupted = false;
  for (const s of steps) {
    const status = shownStatus(s, outcomes[s.id]);
    if (status === 'interrupted') {
      interrupted = true;
      problems.push(`${s.title} was interrupted.`);
    } else if (status === 'failed') {
      problems.push(`${s.title} failed.`);
    } else if (status === 'failed-then-skipped') {
      problems.push(`${s.title} failed, then was skipped: its work is not done.`);
    } else if ((status === 'not-done' || status === 'done') && s.kind !== 'optional' && leftForPerson(s)) {
      // nothing this tool could change, but the work is still there: not "handled" until a person does it
      problems.push(`${s.title} is left for you: its work is not done (see its by-hand lines).`);
    } else if (status === 'skipped' || status === 'skipped-earlier' || status === 'blocked') {
      const needing = dependents(steps, s.id);
      if (needing.length) problems.push(`${s.title} was ${status === 'blocked' ? 'blocked' : 'skipped'}, and ${needing.map((d) => d.title).join(', ')} depend${needing.length === 1 ? 's' : ''} on it.`);
    }
  }
  const allHandled = problems.length === 0;
  return { allHandled, exitCode: interrupted ? 130 : allHandled ? 0 : 1, problems };
}

/** A command as one copy-pasteable shell line, its own variables first. */
export function shellLine(c: { file: string; args: readonly string[]; env?: Record<string, string>; cwd?: string }, root?: string): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const line = [...Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${v}`), c.file, ...c.args].map(quote).join(' ');
  const rel = root && c.cwd && c.cwd !== root ? path.relative(root, c.cwd) : '';
  return rel ? `(cd ${quote(rel)} && ${line})` : line;
}

/**
 * What is left to do by hand because a step with commands did not run them:
 * the exact commands (run in the folder being upgraded), and for the database
 * the SQL-script alternative. The summary and the report both list these.
 */
export function manualCommands(steps: readonly StepPlan[], outcomes: Outcomes): { id: StepId; title: string; lines: string[] }[] {
  const out: { id: StepId; title: string; lines: string[] }[] = [];
  for (const s of steps) {
    const status = shownStatus(s, outcomes[s.id]);
    if (!['skipped', 'failed', 'failed-then-skipped', 'skipped-earlier'].includes(status) || s.commands.length === 0) continue;
    const lines = s.commands.map((c) => shellLine(c, c.cwd));
    if (s.id === 'database' && s.commands.some((c) => c.purpose?.kind === 'database-update')) {
      lines.push('# or, to hand SQL scripts to a DBA instead of updating the databases: duende-upgrade --yes --only database --db script');
    }
    out.push({ id: s.id, title: s.title, lines });
  }
  return out;
}
