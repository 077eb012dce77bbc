/**
 * The engine's vocabulary. Everything the scanner finds, every step's plan and
 * every outcome is one of these shapes; the CLI's JSON and the wizard read them.
 */

import { DEFAULT_TARGET } from './releases.js';

export { DEFAULT_TARGET };

/** The steps, in the order the plan shows and runs them; steps/index.ts maps each id to its module. */
export const STEP_IDS = [
  'framework',
  'packages',
  'namespaces',
  'api-changes',
  'access-token-validation',
  'dev-signing-credential',
  'database',
  'data-protection',
  'signing-keys',
  'verify',
] as const;
export type StepId = (typeof STEP_IDS)[number];

/**
 * What the files (and the state's record of a skip) say about a step when it is
 * planned. What happened when it was carried out is an outcome (core/outcome.ts), not a status.
 *
 * `blocked`: the step cannot be applied as things stand. Either its own work cannot
 * be done from this folder (the reason says the exact fix), or a step it depends on
 * is not done (`blocked.dependency`), so applying it would leave a solution that
 * does not build.
 */
export type StepStatus = 'pending' | 'done' | 'not-applicable' | 'skipped' | 'blocked';

/**
 * What a step is, declared by its module (never inferred from what it planned):
 * `work` changes files or runs commands, and with none of those left what remains
 * is a person's; `decision` is a choice among variants (signing-keys' key management,
 * the database's apply now or script only), applied by recording the choice even
 * when it changes no file; `optional` is work that --yes runs only
 * when named in --only, and that the wizard calls optional.
 */
export type StepKind = 'work' | 'decision' | 'optional';

/** Why a step is `blocked`. */
export interface StepBlock {
  /** What stops it, with the fix, in a sentence or two. */
  reason: string;
  /** The step it waits for; absent when the step blocks on its own (nothing to apply). */
  dependency?: StepId;
  /** What applying it anyway would do, named in the wizard's confirmation. */
  consequence?: string;
}

/** Why a step has its status: a place in a file, root-relative with forward slashes. */
export interface Evidence {
  path: string;
  /** 1-based; 0 when the evidence is the file as a whole. */
  line: number;
  /** The text of that line, trimmed. */
  text: string;
  /** What this line shows, in a few words. */
  note?: string;
}

/** Replace text[start, end) of a file's decoded text with `text`. Offsets are into the original. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

export type FileChange =
  | { kind: 'edit'; path: string; splices: Splice[]; undo?: EditUndo }
  | { kind: 'delete'; path: string; reason: string };

/**
 * An edit made so that the step's commands can run (the EF Core Design reference
 * dotnet ef needs): if the step then fails, the edit stays, and the failure
 * screen and the report name it with how to take it back alone.
 */
export interface EditUndo {
  /** What the edit is, e.g. "added Microsoft.EntityFrameworkCore.Design 3.1.0 (line 14), which dotnet ef needs". */
  what: string;
  /** How to take back this edit alone, exact. */
  how: string;
}

export interface PlannedCommand {
  /** Stable id within the step, so resume can tell which commands already ran. */
  id: string;
  title: string;
  file: string;
  args: string[];
  /** Absolute working directory. */
  cwd: string;
  /** Variables set for this command alone (e.g. DOTNET_ROLL_FORWARD for dotnet ef). */
  env?: Record<string, string>;
  /** What the command is for, with what its step needs to handle it; never parsed back out of the id. */
  purpose?: CommandPurpose;
}

/** The database step's commands, typed. */
export type CommandPurpose =
  | { kind: 'tool-manifest' }
  | { kind: 'tool-install'; tool: 'dotnet-ef'; version: string }
  | { kind: 'restore'; project: string }
  | { kind: 'migration-add'; context: string }
  | { kind: 'database-update'; context: string }
  | { kind: 'migration-script'; context: string }
  | { kind: 'build'; target: string };

export interface StepPlan {
  id: StepId;
  title: string;
  /** Why the upgrade guide asks for this step, in a sentence. */
  why: string;
  status: StepStatus;
  /** Why the step is not needed or already done, when no evidence line says it. */
  reason?: string;
  kind: StepKind;
  evidence: Evidence[];
  changes: FileChange[];
  commands: PlannedCommand[];
  warnings: string[];
  /** Things a person has to do by hand afterwards. */
  followUps: string[];
  /** Steps whose work this one needs (from the step's definition); skipping one of them leaves the upgrade unfinished. */
  dependsOn?: StepId[];
  /** Set when status is `blocked`. A dependency-blocked step keeps its planned work, applied only on explicit confirmation. */
  blocked?: StepBlock;
  /**
   * A step that is a decision (signing-keys): every choice, each with its own
   * work, so each can be previewed. changes/warnings/followUps above are those
   * of the choice in `choice`.
   */
  variants?: StepVariant[];
  /** The id of the variant chosen (pending: the one that would be applied; done: the one that was). */
  choice?: string;
  /** What the status means here, in a few words ("kept the current key"). */
  statusNote?: string;
  /** What the step changes outside the files, one line each (the database, its masked connection string and where it comes from). */
  touches?: string[];
  /** What skipping it leaves broken, named in the wizard's confirmation before a skip. */
  skipConsequence?: string;
}

/** One choice of a decision step, with what it would do. */
export interface StepVariant {
  id: string;
  /** Short, for a list of choices: "Keep the current key (default)". */
  label: string;
  /** Said in one line before this choice is applied (e.g. what stops working for a while). */
  caution?: string;
  /** The plan options this choice stands for (database: dbMode, rollForward); choosing it sets them. */
  options?: Partial<Pick<PlanOptions, 'dbMode' | 'rollForward'>>;
  /** The command-line flags that make the same choice under --yes. */
  flags?: string;
  /** Its commands, where they differ by choice (database); absent: the step's. */
  commands?: PlannedCommand[];
  changes: FileChange[];
  warnings: string[];
  followUps: string[];
}

/** The signing-keys step's choices (--keys). */
export const KEYS_CHOICES = ['keep', 'auto', 'disable-auto'] as const;
export type KeysChoice = (typeof KEYS_CHOICES)[number];

export interface PlanOptions {
  /** Duende IdentityServer version to move to: an exact published version (releases.ts). */
  target: string;
  /** The version the solution starts from (set by the plan from the scan, or the state on a resume); absent means IdentityServer4 4.1. */
  source?: string;
  /** The framework to build on, where the target's line offers a choice (7.4: net8.0 or net10.0); else its lowest. */
  targetFramework?: string;
  /** Name of the EF migration the database step adds; when absent, the name Duende's guide gives the (source, target) pair. */
  migrationName?: string;
  /** Database step: update the database now, or write SQL scripts for a DBA. */
  dbMode: 'update' | 'script';
  /** Go on when a generated migration holds operations beyond the known schema delta. */
  force: boolean;
  /** Run the dotnet ef commands with DOTNET_ROLL_FORWARD=Major when the startup project's runtime is missing. */
  rollForward?: boolean;
  /** signing-keys: keep the current key (default), switch to automatic keys, or keep it and turn automatic keys off. */
  keys?: KeysChoice;
}

/** The options as asked for: without a target, a resume keeps the recorded one (resolveOptions in plan.ts). */
export type RequestedOptions = Omit<PlanOptions, 'target'> & { target?: string };

export const DEFAULT_OPTIONS: PlanOptions = {
  target: DEFAULT_TARGET,
  dbMode: 'update',
  force: false,
};
