import { existsSync } from 'node:fs';
import path from 'node:path';
import { CommandError, InputError, InterruptedError, StaleFileError, describeError } from '../errors.js';
import { leftForPerson } from '../plan/deps.js';
import { makePlan, replanChanged, type Plan } from '../plan/plan.js';
import { ProcessRunner, type RunResult, type Runner } from '../run/runner.js';
import { stepById } from '../steps/index.js';
import type { ApplyContext } from '../steps/step.js';
import type { PlanOptions, PlannedCommand, StepId, StepPlan } from '../types.js';
import { readFileSync } from 'node:fs';
import { maskSecrets } from '../text/secrets.js';
import { applyChanges } from './apply.js';
import { clearJournal, noteWriting } from './journal.js';
import { earlierRuns } from './earlier-runs.js';
import { writeAtomic } from './atomic.js';
import { skippedOutcome, type LeftEdit, type Outcomes, type StepOutcome } from '../outcome.js';
import { STATE_DIR, ensureStateDir, newState, saveState, type UpgradeState } from './state.js';

export const LOG_DIR = `${STATE_DIR}/logs`;

/** A command a session ran: what, where, how it ended and how long it took. */
export interface CommandRun {
  step: StepId;
  title: string;
  file: string;
  args: string[];
  cwd: string;
  exitCode: number;
  durationMs: number;
  interrupted: boolean;
}

export type EngineEvent =
  | { type: 'file'; step: StepId; path: string; index: number; total: number }
  | { type: 'command-start'; step: StepId; command: PlannedCommand }
  | { type: 'output'; step: StepId; lines: string[] }
  | { type: 'command-end'; step: StepId; command: PlannedCommand; result: RunResult };

export type { StepOutcome, Outcomes } from '../outcome.js';

/**
 * Carries out a plan's steps one at a time and records each outcome in the
 * state file at once. The command line (--yes) and the wizard both drive this.
 */
export class UpgradeSession {
  readonly state: UpgradeState;
  /** What happened to each step carried out (or skipped) in this run; the plan itself is never changed. */
  readonly outcomes: Outcomes = {};
  private stopAsked = false;
  /** Every command this session ran, in order, for the report. */
  readonly commandsRun: CommandRun[] = [];

  constructor(
    public plan: Plan,
    state: UpgradeState | undefined,
    readonly runner: Runner = new ProcessRunner(),
  ) {
    this.state = state ?? newState(plan.options.target, plan.root, plan.source, plan.options.targetFramework);
  }

  /**
   * Ctrl+C: a running command's process tree is stopped, and file writing stops
   * at the next file boundary; the step then ends 'interrupted' with what it
   * wrote recorded.
   */
  interrupt(): void {
    this.stopAsked = true;
    if (this.runner.running) this.runner.interrupt();
  }

  get interrupted(): boolean {
    return this.stopAsked;
  }

  /**
   * Plan again from the files as they are now: after a step wrote files, the
   * later steps' splices must be made against the new text. Only the files
   * written since the last plan (and any whose hash changed) are read again
   * (replanChanged); after a command ran (it may have made files anywhere), or
   * where the walk must look, the tree is scanned afresh.
   */
  async replan(): Promise<Plan> {
    const { written, commands } = this.sincePlan;
    this.sincePlan = { written: new Set(), commands: false };
    this.plan = (!commands ? await replanChanged(this.plan, [...written], this.state) : undefined) ?? (await makePlan(this.plan.root, this.plan.options, this.state));
    return this.plan;
  }

  /** What changed on disk since this.plan was made, by this session. */
  private sincePlan = { written: new Set<string>(), commands: false };

  step(id: StepId): StepPlan {
    const s = this.plan.steps.find((p) => p.id === id);
    if (!s) throw new Error(`no step ${id} in the plan`);
    return s;
  }

  /**
   * A step recorded as begun ('interrupted') whose work the files now show done
   * was finished by that earlier run, which was stopped before it could record
   * so (a kill between its last write and the state file): record it done.
   */
  async settleBegun(): Promise<void> {
    let changed = false;
    for (const s of this.plan.steps) {
      const r = this.state.steps[s.id];
      if (r?.status === 'interrupted' && s.status === 'done') {
        this.state.steps[s.id] = { ...r, status: 'done' };
        changed = true;
      }
    }
    if (changed) await saveState(this.plan.root, this.state);
  }

  /**
   * Pick one choice of a decision step (signing-keys): its changes become the
   * step's, and later plans keep it (the option is part of the plan options).
   */
  choose(id: StepId, variant: string): StepPlan {
    const plan = this.step(id);
    const v = plan.variants?.find((x) => x.id === variant);
    if (!v) throw new Error(`step ${id} has no choice ${variant}`);
    if (id === 'signing-keys') this.plan.options = { ...this.plan.options, keys: v.id as PlanOptions['keys'] };
    if (v.options) this.plan.options = { ...this.plan.options, ...v.options };
    Object.assign(plan, { changes: v.changes, warnings: v.warnings, followUps: v.followUps, choice: v.id, ...(v.commands ? { commands: v.commands } : {}) });
    return plan;
  }

  async skip(id: StepId): Promise<StepOutcome> {
    this.step(id);
    // A failure recorded by an earlier run counts as much as one in this run.
    const earlier = this.state.steps[id];
    const before = this.outcomes[id] ?? (earlier?.status === 'failed' ? { id, status: 'failed' as const, files: earlier.files, message: earlier.message } : undefined);
    const outcome = skippedOutcome(id, before);
    await this.record(id, { status: 'skipped', files: outcome.files, ...(outcome.status === 'failed-then-skipped' ? { afterFailure: true, message: outcome.message } : {}) });
    return this.settle(outcome);
  }

  private settle(outcome: StepOutcome): StepOutcome {
    this.outcomes[outcome.id] = outcome;
    return outcome;
  }

  /**
   * Apply one step. A `blocked` step is refused (InputError), except one blocked only
   * by a dependency when the user confirmed applying it anyway (`confirmed`), knowing
   * the consequence its block names.
   */
  async apply(id: StepId, onEvent: (e: EngineEvent) => void = () => {}, options: { confirmed?: boolean } = {}): Promise<StepOutcome> {
    const plan = this.step(id);
    if (plan.status === 'blocked' && !(options.confirmed && plan.blocked?.dependency)) {
      throw new InputError(`${plan.title} [${id}] is blocked: ${plan.blocked?.reason ?? ''} Nothing was written.`);
    }
    if (leftForPerson(plan)) {
      throw new InputError(`${plan.title} [${id}] has nothing this tool can change; what is left is for a person: ${plan.followUps.join(' ')}`);
    }
    const step = stepById(id);
    const previous = this.state.steps[id];
    const commandsDone = new Set(previous?.status === 'interrupted' || previous?.status === 'failed' ? previous.commandsDone : []);
    const files: string[] = [];
    // An interrupted step's earlier files stay recorded when it is carried on.
    const earlier = previous?.status === 'interrupted' ? previous.files : [];
    try {
      // Recorded as begun before the first write: a kill in the middle leaves 'interrupted',
      // so the next run knows the files it finds changed were changed by this tool (settleBegun()).
      if (plan.changes.length > 0) await this.record(id, { status: 'interrupted', files: earlier, commandsDone: [...commandsDone] });
      await applyChanges(this.plan.workspace, plan.changes, {
        onFile: (p, index, total) => onEvent({ type: 'file', step: id, path: p, index, total }),
        onWriting: (p, bytes) => noteWriting(this.plan.root, id, p, bytes),
        onWritten: (p) => {
          files.push(p);
          this.sincePlan.written.add(p);
        },
        stopRequested: () => this.stopAsked,
      });
      if (step.run) {
        // what a step's own code does on disk (commands, patches) is not told file by file
        this.sincePlan.commands = true;
        const ctx: ApplyContext = {
          root: this.plan.root,
          scan: this.plan.scan,
          workspace: this.plan.workspace,
          options: this.plan.options,
          source: this.plan.source,
          target: this.plan.target,
          ...(this.plan.tools ? { tools: this.plan.tools } : {}),
          earlier: earlierRuns(this.plan.root, this.state),
          runner: this.runner,
          runCommand: async (command) => {
            if (commandsDone.has(command.id)) return 'already-done';
            onEvent({ type: 'command-start', step: id, command });
            const result = await this.runner.run(
              { file: command.file, args: command.args, cwd: command.cwd, ...(command.env ? { env: command.env } : {}), logFile: this.logFile(id) },
              { onLines: (lines) => onEvent({ type: 'output', step: id, lines: lines.map(maskSecrets) }) },
            );
            maskLog(this.plan.root, this.logFile(id));
            onEvent({ type: 'command-end', step: id, command, result });
            this.commandsRun.push({ step: id, title: command.title, file: command.file, args: command.args, cwd: command.cwd, exitCode: result.exitCode, durationMs: Math.round(result.durationMs), interrupted: result.interrupted });
            if (result.interrupted) throw new InterruptedError(`interrupted: ${command.title}`);
            if (result.exitCode === 0) {
              commandsDone.add(command.id);
              await this.record(id, { status: 'interrupted', files: union(earlier, files), commandsDone: [...commandsDone] });
            }
            return result;
          },
          notice: (lines) => onEvent({ type: 'output', step: id, lines: lines.map(maskSecrets) }),
        };
        await step.run(ctx, plan);
      }
      await this.record(id, { status: 'done', files: union(earlier, files), commandsDone: [...commandsDone], choice: plan.choice });
      // a decision that was made (signing-keys: keep) is done even when it writes nothing
      const nothing = files.length === 0 && plan.commands.length === 0 && !plan.choice;
      return this.settle({ id, status: nothing ? 'not-needed' : 'done', files });
    } catch (error) {
      const interrupted = error instanceof InterruptedError;
      const message = describeError(error);
      await this.record(id, { status: interrupted ? 'interrupted' : 'failed', files: union(earlier, files), commandsDone: [...commandsDone], message });
      if (!interrupted && !(error instanceof CommandError) && !(error instanceof Error && 'exitCode' in error)) {
        // A bug of ours: keep the stack for the log.
        return this.settle({ id, status: 'failed', files, message: (error as Error).stack ?? message });
      }
      const log = existsSync(this.logFile(id)) ? `${LOG_DIR}/${id}.log` : undefined;
      const left = leftInPlace(plan, files, this.outcomes[id]?.leftInPlace);
      return this.settle({
        id,
        status: interrupted ? 'interrupted' : 'failed',
        files,
        message,
        tail: error instanceof CommandError ? error.tail.map((l) => maskSecrets(l.split(`${this.plan.root}${path.sep}`).join(''))) : undefined,
        ...(log ? { log } : {}),
        ...(left.length ? { leftInPlace: left } : {}),
        ...(error instanceof StaleFileError && error.location ? { staleFile: error.location.path } : {}),
      });
    }
  }

  private async record(id: StepId, r: { status: 'done' | 'skipped' | 'failed' | 'interrupted'; files: string[]; commandsDone?: string[]; message?: string; afterFailure?: boolean; choice?: string }): Promise<void> {
    this.state.target = this.plan.options.target;
    // The first record fixes the source: later plans scan files this upgrade has already changed.
    if (!this.state.source && this.plan.source) this.state.source = this.plan.source;
    this.state.sourceFrameworks ??= Object.fromEntries(this.plan.scan.projects.map((p) => [p.path, p.targetFrameworks]));
    if (this.plan.options.targetFramework) this.state.targetFramework = this.plan.options.targetFramework;
    else delete this.state.targetFramework;
    this.state.steps[id] = {
      status: r.status,
      at: new Date().toISOString(),
      files: r.files,
      commandsDone: r.commandsDone ?? [],
      ...(r.message ? { message: r.message } : {}),
      ...(r.afterFailure ? { afterFailure: true } : {}),
      ...(r.choice ? { choice: r.choice } : {}),
    };
    await saveState(this.plan.root, this.state);
    // the state now holds every file the journal noted
    clearJournal(this.plan.root);
  }

  logFile(id: StepId): string {
    ensureStateDir(this.plan.root);
    return path.join(this.plan.root, LOG_DIR, `${id}.log`);
  }
}

/**
 * The edits a failed step wrote so its commands could run (they stay), and those an
 * earlier failure of it in this run left: a retry plans without them, as they are on disk.
 */
function leftInPlace(plan: StepPlan, written: readonly string[], earlier: readonly LeftEdit[] = []): LeftEdit[] {
  const out = [...earlier];
  for (const c of plan.changes) {
    if (c.kind !== 'edit' || !c.undo || !written.includes(c.path)) continue;
    if (!out.some((e) => e.path === c.path && e.what === c.undo!.what)) out.push({ path: c.path, what: c.undo.what, undo: c.undo.how });
  }
  return out;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/**
 * The command wrote its output straight into the log; a password it printed
 * (a connection string in an error, say) is masked there once it has ended.
 */
function maskLog(root: string, file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  const masked = maskSecrets(text);
  if (masked !== text) writeAtomic(root, file, masked, 0o644);
}
