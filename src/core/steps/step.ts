import type { Scan } from '../scan/model.js';
import type { Source, Target } from '../releases.js';
import type { Evidence, FileChange, PlanOptions, PlannedCommand, StepBlock, StepId, StepKind, StepPlan, StepVariant } from '../types.js';
import type { Workspace } from '../workspace.js';
import type { RunResult, Runner } from '../run/runner.js';
import type { EarlierRuns } from '../apply/earlier-runs.js';
import type { DotnetTools } from '../env/probe.js';

export interface StepContext {
  root: string;
  scan: Scan;
  workspace: Workspace;
  options: PlanOptions;
  /**
   * The pair the plan is for: what the solution was on when this upgrade began
   * (the state's record once a run has saved it, else what the scan finds;
   * undefined when no IdentityServer package is referenced) and where it goes.
   * Steps read version facts for the pair from releases.ts (crossed, lineOf).
   */
  source?: Source;
  target: Target;
  /**
   * What earlier runs recorded (e.g. a step left interrupted) and the originals
   * they backed up: the only way a step reads `.duende-upgrade/`.
   */
  earlier: EarlierRuns;
  /**
   * dotnet and dotnet-ef as probed when the plan began (concurrently with the
   * scan); steps read this instead of starting processes while planning.
   * Absent when a plan is made straight from a scan (planFromScan without tools).
   */
  tools?: DotnetTools;
}

export interface Dependency {
  step: StepId;
  /** Whether the dependency being `not-applicable` is enough (nothing of it to do here). */
  notApplicableIsEnough: boolean;
  /** What happens when this step is applied without it, for the confirmation. */
  consequence: string;
}

/** What a step finds on its own: is its work still to do, already done, or not for this solution? */
export interface Detection {
  /** `blocked`: the work is there but cannot be done from this folder; `blocked` says why and how. */
  status: 'pending' | 'done' | 'not-applicable' | 'blocked';
  blocked?: StepBlock;
  /** Why the step is not needed (not-applicable) or already done, in a sentence, when no evidence line says it. */
  reason?: string;
  evidence: Evidence[];
  warnings?: string[];
  followUps?: string[];
  /** A decision step: the choice that was made (status done). */
  choice?: string;
  /** What the status means here, in a few words. */
  statusNote?: string;
}

/** What a pending step would do: file splices and deletions, and commands to run. */
export interface StepWork {
  /** Set when planning finds the work cannot be done from this folder: the step is then `blocked`, with nothing to apply. */
  blocked?: StepBlock;
  changes: FileChange[];
  commands: PlannedCommand[];
  warnings?: string[];
  followUps?: string[];
  /** A decision step: every choice with its own work; the fields above are those of `choice`. */
  variants?: StepVariant[];
  choice?: string;
  statusNote?: string;
  /** What it changes outside the files (StepPlan.touches). */
  touches?: string[];
  /** What skipping it leaves broken (StepPlan.skipConsequence). */
  skipConsequence?: string;
}

export interface ApplyContext extends StepContext {
  /** For quick side commands (e.g. `dotnet ef --version`); their output is not streamed. */
  runner: Runner;
  /**
   * Run one planned command: output streams to the UI or console and to
   * `.duende-upgrade/logs/<step>.log`. A command that already succeeded in an
   * earlier, interrupted run is not run again ('already-done'). A non-zero exit
   * is returned, not thrown; Ctrl+C throws InterruptedError.
   */
  runCommand(command: PlannedCommand): Promise<RunResult | 'already-done'>;
  /** Tell the user something between commands (e.g. which database an update changes); shown like output. */
  notice?(lines: string[]): void;
}

/**
 * One upgrade step. Adding a step means adding a module that exports one of these
 * and listing it in steps/index.ts. File changes are written by the engine's
 * apply; a step's own `run` only runs its commands (database, verify).
 */
export interface Step {
  id: StepId;
  title: string;
  why: string;
  /**
   * Steps whose work this one needs first (e.g. renamed namespaces need the Duende
   * packages). Each must be done, or be applied earlier in the same run; otherwise
   * this step is `blocked` with the dependency named (plan/deps.ts).
   */
  dependsOn?: readonly Dependency[];
  /** work, decision (a choice among variants) or optional (types.ts, StepKind). */
  kind: StepKind;
  detect(ctx: StepContext): Detection;
  plan(ctx: StepContext, detection: Detection): StepWork;
  /** Run the step's commands, after its file changes were written. Throws CommandError on failure. */
  run?(ctx: ApplyContext, plan: StepPlan): Promise<void>;
}
