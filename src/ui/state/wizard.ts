import type { EngineEvent } from '../../core/apply/session.js';
import { skippedOutcome, verdictOf, type LeftEdit, type Outcomes, type StepOutcome } from '../../core/outcome.js';
import type { UpgradeState } from '../../core/apply/state.js';
import type { GitState, ToolState } from '../../core/env/probe.js';
import { leftForPerson } from '../../core/plan/deps.js';
import type { Plan } from '../../core/plan/plan.js';
import { targetsFrom, type Target } from '../../core/releases.js';
import type { StepId, StepPlan } from '../../core/types.js';

/**
 * The wizard's whole state and the only way it changes: a pure reducer over a
 * typed action union. Side effects (the engine, the clock, exit) live in
 * use-wizard.ts and report back through these actions.
 */

export type Phase =
  | 'loading' // scanning and planning
  | 'blocked' // the plan cannot be made: shown, then exit 2
  | 'no-tty' // no raw mode: the plan is printed, then exit 2
  | 'overview' // what was found
  | 'target' // choosing the Duende version to move to, before any step
  | 'step' // the current step: why, diff, commands, choices
  | 'details' // the current step's full evidence and reasoning
  | 'applying' // files being written, commands running
  | 'failed' // a step failed or was interrupted: retry, skip or quit
  | 'confirm-skip' // skipping a step that leaves something broken (the database): its consequence, then skip or back
  | 'summary' // every step handled
  | 'bye'; // quitting: the last frame before exit

export type Mark = 'done' | 'skipped' | 'current' | 'pending' | 'not-applicable' | 'failed' | 'interrupted' | 'blocked';

export const MARK: Record<Mark, string> = {
  done: '✔',
  skipped: '↷',
  current: '●',
  pending: '○',
  'not-applicable': '–',
  failed: '✖',
  interrupted: '✖',
  blocked: '⊘',
};

export interface Environment {
  git?: GitState;
  dotnet?: ToolState;
  dotnetEf?: ToolState;
}

export interface RunningCommand {
  title: string;
  line: string;
  startedAt: number;
  /** The last lines only: the full output is in the step's log file. */
  tail: string[];
  lineCount: number;
}

/** A line that is finished and printed once through <Static>. */
export interface FinishedLine {
  key: string;
  text: string;
  tone: 'ok' | 'skip' | 'bad' | 'plain';
}

export interface Failure {
  id: StepId;
  message: string;
  tail: string[];
  interrupted: boolean;
  /** Root-relative path of the step's log, only when the file exists. */
  log?: string;
  /** Edits that stay after the failure (the EF Core Design reference), with how to undo each. */
  leftInPlace?: LeftEdit[];
  /** The file that changed on disk since the plan: retry plans again and shows the new diff before applying. */
  staleFile?: string;
}

/** `apply-anyway`: a step blocked by a dependency, applied on explicit confirmation of the consequence its block names. `variant:<id>`: apply that choice of a decision step (signing-keys). */
/** `change-target` opens the target list; `target:<version>[@<framework>]` picks one (targetChoice); `back` leaves the list unchanged. */
export type Choice = 'apply' | 'apply-anyway' | 'skip' | 'skip-confirmed' | 'details' | 'quit' | 'retry' | 'continue' | 'finish' | 'change-target' | 'back' | `variant:${string}` | `target:${string}`;

/** The choice that picks a target, and back. */
export function targetChoice(t: Target): `target:${string}` {
  return `target:${t.version}${t.framework ? `@${t.framework}` : ''}`;
}

export function targetOfChoice(c: Choice): Target | undefined {
  if (!c.startsWith('target:')) return undefined;
  const [version, framework] = c.slice('target:'.length).split('@');
  return { version: version!, ...(framework ? { framework } : {}) };
}

/** The target can change only before an upgrade is under way: a resume carries on to the recorded one. */
export function canChangeTarget(state: WizardState): boolean {
  return state.plan !== undefined && state.resumed === undefined && targetsFrom(state.plan.source).length > (state.plan.nothingToDo ? 0 : 1);
}

export interface WizardState {
  phase: Phase;
  plan?: Plan;
  /** The state file as loaded at start: decides the "Resuming" line. */
  resumed?: { done: number; skipped: number; total: number; notNeeded: number };
  env: Environment;
  current?: StepId;
  /** Steps handled in this run, so a step whose detection cannot see its own work is not offered twice. */
  outcomes: Outcomes;
  /** Earlier runs' failures and interruptions, from the state file. */
  recorded: Partial<Record<StepId, 'failed' | 'interrupted'>>;
  /** Files each step wrote in earlier runs, from the state file, for the summary. */
  earlierFiles: Partial<Record<StepId, string[]>>;
  fileIndex: number;
  scroll: number;
  choice: number;
  /** Files written so far by the step being applied. */
  progress: { path: string; index: number; total: number }[];
  command?: RunningCommand;
  /** Commands of the step being applied that have finished, with their verdict. */
  ran: { title: string; verdict: string; ok: boolean }[];
  replanning: boolean;
  finished: FinishedLine[];
  /** The last step's result, kept on screen on the next one (the <Static> copy scrolls away). */
  lastResult?: FinishedLine;
  failure?: Failure;
  /** On the skip confirmation: the screen it came from, to go back to. */
  confirmFrom?: 'step' | 'details' | 'failed';
  interrupts: number;
  /** Set for 'blocked' and for errors that end the run. */
  error?: string;
  reportPath?: string;
  /** Once set, the root component calls exit() with it. */
  exitCode?: number;
  byeMessage?: string;
}

export type Action =
  | { type: 'loaded'; plan: Plan; state?: UpgradeState }
  | { type: 'blocked'; message: string; code: number }
  | { type: 'no-tty' }
  | { type: 'env'; env: Environment }
  | { type: 'continue' }
  | { type: 'choice-move'; delta: number }
  | { type: 'file-move'; delta: number }
  | { type: 'scroll'; delta: number; max: number }
  | { type: 'scroll-to'; at: 'top' | 'bottom'; max: number }
  | { type: 'details'; open: boolean }
  | { type: 'targets'; open: boolean }
  | { type: 'retarget' }
  | { type: 'confirm-skip'; open: boolean }
  | { type: 'apply-start' }
  | { type: 'engine'; event: EngineEvent; now: number }
  | { type: 'apply-end'; outcome: StepOutcome }
  | { type: 'skipped'; id: StepId; outcome?: StepOutcome }
  | { type: 'replanned'; plan: Plan; stale?: string }
  | { type: 'fatal'; message: string }
  | { type: 'interrupt' }
  | { type: 'quit' }
  | { type: 'report'; path: string }
  | { type: 'finish' };

export const TAIL_KEEP = 50;

export function initialState(): WizardState {
  return { phase: 'loading', env: {}, outcomes: {}, recorded: {}, earlierFiles: {}, fileIndex: 0, scroll: 0, choice: 0, progress: [], ran: [], replanning: false, finished: [], interrupts: 0 };
}

/** The step the wizard works on next: the first pending one not already handled in this run. */
export function nextStep(plan: Plan, outcomes: WizardState['outcomes']): StepId | undefined {
  // a step left for a person has nothing to apply: the summary lists what is left
  return plan.steps.find((s) => (s.status === 'pending' || s.status === 'blocked') && !leftForPerson(s) && !isHandled(outcomes[s.id]))?.id;
}

function isHandled(o: StepOutcome | undefined): boolean {
  return o !== undefined && o.status !== 'failed' && o.status !== 'interrupted';
}

export function currentPlan(state: WizardState): StepPlan | undefined {
  return state.plan?.steps.find((s) => s.id === state.current);
}

/**
 * The step as the highlighted choice would leave it: a decision step previews
 * the choice under the cursor (its changes, and its caution first among the notes).
 */
export function previewOf(step: StepPlan, choice: Choice | undefined): StepPlan {
  const id = choice?.startsWith('variant:') ? choice.slice('variant:'.length) : step.choice;
  const v = step.variants?.find((x) => x.id === id);
  if (!v) return step;
  return { ...step, choice: v.id, changes: v.changes, ...(v.commands ? { commands: v.commands } : {}), warnings: [...(v.caution ? [`Caution: ${v.caution}`] : []), ...v.warnings], followUps: v.followUps };
}

/** The status mark each step shows in the step list. */
export function markOf(state: WizardState, step: StepPlan): Mark {
  const outcome = state.outcomes[step.id];
  if (outcome?.status === 'failed' || outcome?.status === 'failed-then-skipped') return 'failed';
  if (outcome?.status === 'interrupted') return 'interrupted';
  if (step.id === state.current && state.phase !== 'summary') return 'current';
  if (outcome?.status === 'skipped') return 'skipped';
  if (outcome?.status === 'done' || outcome?.status === 'not-needed') return 'done';
  if (step.status === 'pending' && state.recorded[step.id]) return state.recorded[step.id]!;
  return step.status as Mark;
}

/**
 * What the 'a' key picks on a step's screen: a decision step's highlighted choice
 * (else its first); a work step's apply; nothing on a blocked step, where only the
 * choice that names the consequence applies it.
 */
export function applyKeyChoice(state: WizardState): Choice | undefined {
  const choices = choicesOf(state);
  if (currentPlan(state)?.kind === 'decision') {
    const here = choices[state.choice];
    const variant = here?.startsWith('variant:') ? here : choices.find((c) => c.startsWith('variant:'));
    if (variant) return variant;
  }
  return choices.includes('apply') ? 'apply' : undefined;
}

/** The choices the current screen offers, in the order the select list shows them. */
export function choicesOf(state: WizardState): Choice[] {
  switch (state.phase) {
    case 'overview':
      if (!canChangeTarget(state)) return ['continue', 'quit'];
      // a solution already past the planned target has nothing to go through until another is chosen
      return state.plan?.nothingToDo ? ['change-target', 'continue', 'quit'] : ['continue', 'change-target', 'quit'];
    case 'target':
      return [...targetsFrom(state.plan?.source).map(targetChoice), 'back'];
    case 'step':
    case 'details': {
      // A blocked step is never applied by default: skip comes first, and only a
      // dependency block offers applying anyway (its label names the consequence).
      const blocked = currentPlan(state)?.blocked;
      if (blocked) return blocked.dependency ? ['skip', 'apply-anyway', 'details', 'quit'] : ['skip', 'details', 'quit'];
      // a decision step offers each of its choices in place of "apply"
      const step = currentPlan(state);
      if (step?.kind === 'decision' && step.variants && step.status === 'pending') return [...step.variants.map((v): Choice => `variant:${v.id}`), 'skip', 'details', 'quit'];
      return ['apply', 'skip', 'details', 'quit'];
    }
    case 'failed':
      return ['retry', 'skip', 'quit'];
    case 'confirm-skip':
      return ['back', 'skip-confirmed'];
    case 'summary':
      return ['finish'];
    default:
      return [];
  }
}

/** 0 only when every step was handled and nothing failed (core/outcome.ts), 130 when one was interrupted, else 1. */
export function finalExitCode(state: WizardState): number {
  return state.plan ? verdictOf(state.plan.steps, state.outcomes).exitCode : 0;
}

function toStep(state: WizardState, plan: Plan): WizardState {
  const current = nextStep(plan, state.outcomes);
  const base = { ...state, plan, current, fileIndex: 0, scroll: 0, choice: 0, progress: [], command: undefined, replanning: false, failure: undefined, confirmFrom: undefined };
  return current ? { ...base, phase: 'step' } : { ...base, phase: 'summary' };
}

function countRemaining(state: WizardState): number {
  if (!state.plan) return 0;
  return state.plan.steps.filter((s) => (s.status === 'pending' || s.status === 'blocked') && !isHandled(state.outcomes[s.id])).length;
}

export function reducer(state: WizardState, action: Action): WizardState {
  if (state.exitCode !== undefined) return state;
  switch (action.type) {
    case 'loaded': {
      const recorded: WizardState['recorded'] = {};
      const earlierFiles: WizardState['earlierFiles'] = {};
      let resumed: WizardState['resumed'];
      if (action.state && Object.keys(action.state.steps).length > 0) {
        const steps = action.plan.steps;
        const done = steps.filter((s) => s.status === 'done').length;
        const skipped = steps.filter((s) => s.status === 'skipped').length;
        const notNeeded = steps.filter((s) => s.status === 'not-applicable').length;
        resumed = { done: done + skipped, skipped, total: steps.length - notNeeded, notNeeded };
        for (const s of steps) {
          const r = action.state.steps[s.id];
          if ((r?.status === 'failed' || r?.status === 'interrupted') && s.status === 'pending') recorded[s.id] = r.status;
          if (r?.files.length) earlierFiles[s.id] = r.files;
        }
      }
      return { ...state, phase: 'overview', plan: action.plan, resumed, recorded, earlierFiles, current: nextStep(action.plan, state.outcomes), choice: 0 };
    }
    case 'blocked':
      return { ...state, phase: 'blocked', error: action.message, exitCode: action.code };
    case 'no-tty':
      return { ...state, phase: 'no-tty', exitCode: 2 };
    case 'env':
      return { ...state, env: { ...state.env, ...action.env } };
    case 'continue':
      if (state.phase === 'overview' && state.plan) return toStep(state, state.plan);
      if (state.phase === 'details') return { ...state, phase: 'step' };
      return state;
    case 'choice-move': {
      const n = choicesOf(state).length;
      if (n === 0) return state;
      return { ...state, choice: (state.choice + action.delta + n) % n };
    }
    case 'file-move': {
      const step = currentPlan(state);
      if (!step || step.changes.length === 0) return state;
      const fileIndex = Math.min(Math.max(state.fileIndex + action.delta, 0), step.changes.length - 1);
      return fileIndex === state.fileIndex ? state : { ...state, fileIndex, scroll: 0 };
    }
    case 'scroll': {
      const scroll = Math.min(Math.max(state.scroll + action.delta, 0), Math.max(action.max, 0));
      return scroll === state.scroll ? state : { ...state, scroll };
    }
    case 'scroll-to':
      return { ...state, scroll: action.at === 'top' ? 0 : Math.max(action.max, 0) };
    case 'details':
      if (state.phase !== 'step' && state.phase !== 'details') return state;
      return { ...state, phase: action.open ? 'details' : 'step', scroll: 0 };
    case 'targets': {
      if (action.open && state.phase === 'overview' && canChangeTarget(state)) {
        // the cursor starts on the target the plan is for
        const at = choicesOf({ ...state, phase: 'target' }).indexOf(targetChoice(state.plan!.target));
        return { ...state, phase: 'target', choice: Math.max(at, 0) };
      }
      if (!action.open && state.phase === 'target') return { ...state, phase: 'overview', choice: choicesOf({ ...state, phase: 'overview' }).indexOf('change-target') };
      return state;
    }
    case 'retarget':
      // the engine plans again for the chosen target; 'loaded' brings the overview back
      return state.phase === 'target' ? { ...state, phase: 'loading', choice: 0 } : state;
    case 'confirm-skip': {
      if (action.open) {
        if (state.phase !== 'step' && state.phase !== 'details' && state.phase !== 'failed') return state;
        // "back" is highlighted first: skipping is the choice that needs the second key
        return { ...state, phase: 'confirm-skip', confirmFrom: state.phase, choice: 0 };
      }
      if (state.phase !== 'confirm-skip') return state;
      return { ...state, phase: state.confirmFrom ?? 'step', confirmFrom: undefined, choice: 0 };
    }
    case 'apply-start':
      if (!state.current) return state;
      return { ...state, phase: 'applying', progress: [], ran: [], command: undefined, failure: undefined, interrupts: 0 };
    case 'engine': {
      const e = action.event;
      switch (e.type) {
        case 'file':
          return { ...state, progress: [...state.progress, { path: e.path, index: e.index, total: e.total }] };
        case 'command-start':
          return {
            ...state,
            command: { title: e.command.title, line: [e.command.file, ...e.command.args].join(' '), startedAt: action.now, tail: [], lineCount: 0 },
          };
        case 'output': {
          if (!state.command) return state;
          const tail = state.command.tail.length + e.lines.length > TAIL_KEEP ? [...state.command.tail, ...e.lines].slice(-TAIL_KEEP) : [...state.command.tail, ...e.lines];
          return { ...state, command: { ...state.command, tail, lineCount: state.command.lineCount + e.lines.length } };
        }
        case 'command-end': {
          const seconds = (e.result.durationMs / 1000).toFixed(1);
          const ok = e.result.exitCode === 0 && !e.result.interrupted;
          const verdict = e.result.interrupted ? 'interrupted' : ok ? 'ok' : `exit ${e.result.exitCode}`;
          const line: FinishedLine = { key: `cmd-${state.finished.length}`, text: `  $ ${e.command.title}: ${verdict} in ${seconds} s`, tone: ok ? 'plain' : 'bad' };
          return { ...state, finished: [...state.finished, line], ran: [...state.ran, { title: e.command.title, verdict: `${verdict} in ${seconds} s`, ok }] };
        }
      }
      return state;
    }
    case 'apply-end': {
      const o = action.outcome;
      const outcomes = { ...state.outcomes, [o.id]: o };
      const title = state.plan?.steps.find((s) => s.id === o.id)?.title ?? o.id;
      if (o.status === 'done' || o.status === 'not-needed') {
        const files = o.files.length ? ` (${o.files.length} file${o.files.length === 1 ? '' : 's'})` : '';
        const line: FinishedLine = { key: `step-${state.finished.length}`, text: `✔ ${title}: ${o.status === 'done' ? 'done' : 'nothing needed changing'}${files}`, tone: 'ok' };
        return { ...state, outcomes, finished: [...state.finished, line], lastResult: line, replanning: true, command: undefined };
      }
      const interrupted = o.status === 'interrupted';
      const line: FinishedLine = { key: `step-${state.finished.length}`, text: `✖ ${title}: ${interrupted ? 'interrupted' : 'failed'}`, tone: 'bad' };
      const failure: Failure = { id: o.id, message: o.message ?? (interrupted ? 'interrupted' : 'failed'), tail: o.tail ?? state.command?.tail.slice(-8) ?? [], interrupted, ...(o.log ? { log: o.log } : {}), ...(o.leftInPlace ? { leftInPlace: o.leftInPlace } : {}), ...(o.staleFile ? { staleFile: o.staleFile } : {}) };
      // A second Ctrl+C that came while the step was winding down already decided the exit.
      return { ...state, outcomes, finished: [...state.finished, line], lastResult: line, phase: 'failed', failure, command: undefined, choice: 0, replanning: false };
    }
    case 'skipped': {
      const title = state.plan?.steps.find((s) => s.id === action.id)?.title ?? action.id;
      const outcome = action.outcome ?? skippedOutcome(action.id, state.outcomes[action.id]);
      const outcomes = { ...state.outcomes, [action.id]: outcome };
      const afterFailure = outcome.status === 'failed-then-skipped';
      const line: FinishedLine = { key: `step-${state.finished.length}`, text: `${afterFailure ? '✖' : '↷'} ${title}: ${afterFailure ? 'failed, then skipped' : 'skipped'}`, tone: afterFailure ? 'bad' : 'skip' };
      return { ...state, outcomes, finished: [...state.finished, line], lastResult: line, replanning: true };
    }
    case 'replanned': {
      const next = toStep(state, action.plan);
      if (!action.stale || next.current !== state.current) return next;
      // planned again after a file changed on disk: the step is shown again, its new diff first, before anything is written
      const line: FinishedLine = { key: `stale-${state.finished.length}`, text: `↻ ${action.stale} changed on disk: planned again; check the diff`, tone: 'skip' };
      return { ...next, lastResult: line };
    }
    case 'fatal':
      return { ...state, phase: 'failed', error: action.message, failure: { id: state.current ?? 'packages', message: action.message, tail: [], interrupted: false }, replanning: false, choice: 0 };
    case 'interrupt': {
      const interrupts = state.interrupts + 1;
      const running = state.phase === 'applying';
      if (running && interrupts < 2) return { ...state, interrupts };
      const left = countRemaining(state);
      return {
        ...state,
        interrupts,
        phase: 'bye',
        byeMessage: `Interrupted. Progress is saved; run duende-upgrade again to carry on${left ? ` (${left} step${left === 1 ? '' : 's'} left)` : ''}.`,
        exitCode: 130,
      };
    }
    case 'quit': {
      if (state.phase === 'applying') return state;
      const left = countRemaining(state);
      const code = finalExitCode(state);
      return {
        ...state,
        phase: 'bye',
        byeMessage: left ? `Saved. Run duende-upgrade again to carry on: ${left} step${left === 1 ? '' : 's'} left.` : 'Saved. Nothing is left to do.',
        exitCode: code,
      };
    }
    case 'report':
      return { ...state, reportPath: action.path };
    case 'finish':
      if (state.phase !== 'summary') return state;
      return { ...state, exitCode: finalExitCode(state) };
  }
}
