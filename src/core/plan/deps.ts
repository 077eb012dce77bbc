import { STEPS } from '../steps/index.js';
import type { Step } from '../steps/step.js';
import type { StepBlock, StepId, StepPlan } from '../types.js';

/**
 * Step dependencies. A step that needs another's work (renamed namespaces need the
 * Duende packages) is only applied when that step is done, or is applied earlier in
 * the same run. Otherwise it is `blocked`, naming the dependency and what applying
 * it anyway would do: a half-upgraded solution that no longer builds.
 */

/**
 * The dependency's state, in words. `explained` are steps whose own block the reader has just been
 * given (a refusal lists them first): for those, the reason is not repeated.
 */
function dependencyState(dep: StepPlan, willRun: ReadonlySet<StepId>, explained: ReadonlySet<StepId> = new Set()): string | undefined {
  switch (dep.status) {
    case 'done':
      return undefined;
    case 'pending':
      return willRun.has(dep.id) ? undefined : 'not part of this run';
    case 'skipped':
      return 'skipped';
    case 'blocked':
      if (explained.has(dep.id)) return 'blocked (the reason is above)';
      // the reason is a sentence of its own: its full stop is the one this sentence ends with
      return `blocked: ${(dep.blocked?.reason ?? 'see that step').replace(/\.+$/, '')}`;
    case 'not-applicable':
      return 'not needed by what was found here: no IdentityServer4 package reference was found in this folder, so the packages the code needs come from somewhere this tool does not see';
  }
}

/** Why `step` cannot run now, or undefined when every dependency is satisfied. */
export function dependencyBlock(
  step: Pick<Step, 'dependsOn'>,
  steps: readonly StepPlan[],
  willRun: ReadonlySet<StepId>,
  explained?: ReadonlySet<StepId>,
): StepBlock | undefined {
  for (const d of step.dependsOn ?? []) {
    const dep = steps.find((s) => s.id === d.step);
    if (!dep) continue;
    if (dep.status === 'not-applicable' && d.notApplicableIsEnough) continue;
    const state = dependencyState(dep, willRun, explained);
    if (state === undefined) continue;
    return {
      reason: `needs "${dep.title}" [${dep.id}] done first, which is ${state}.`,
      dependency: dep.id,
      consequence: d.consequence,
    };
  }
  return undefined;
}

/**
 * Mark every pending step whose dependencies are not met as `blocked` (its planned
 * work is kept, for --dry-run and for an explicit "apply anyway" in the wizard).
 * `willRun` are the steps this run is going to apply; by default every pending one.
 */
export function blockOnDependencies(
  steps: StepPlan[],
  defs: readonly Pick<Step, 'id' | 'dependsOn'>[],
  willRun: ReadonlySet<StepId> = new Set(steps.filter((s) => s.status === 'pending').map((s) => s.id)),
): void {
  for (const s of steps) {
    if (s.status !== 'pending') continue;
    const def = defs.find((d) => d.id === s.id);
    const block = def ? dependencyBlock(def, steps, willRun) : undefined;
    if (block) {
      s.status = 'blocked';
      s.blocked = block;
    }
  }
}

/** One line per blocked step, for refusals and plans. */
export function blockLine(s: StepPlan): string {
  const b = s.blocked;
  if (!b) return `${s.title} [${s.id}] is blocked.`;
  return `${s.title} [${s.id}] is blocked: ${b.reason}${b.consequence ? ` Applying it anyway: ${b.consequence}` : ''}`;
}

/**
 * Why a run of `selected` steps (--yes) cannot go ahead: one line per selected step
 * that is blocked on its own, or whose dependency is neither done nor applied earlier
 * in this run. Empty when the run may start.
 */
export function refusals(steps: readonly StepPlan[], selected: readonly StepId[], defs: readonly Pick<Step, 'id' | 'dependsOn'>[] = STEPS): string[] {
  const ownBlock = (s: StepPlan) => s.status === 'blocked' && !s.blocked?.dependency;
  const chosen = steps.filter((s) => selected.includes(s.id));
  const willRun = new Set(chosen.filter((s) => !ownBlock(s)).map((s) => s.id));
  // Each step as this run treats it: a selected step that can run counts as applied in its turn.
  const view = steps.map((s) => (willRun.has(s.id) ? { ...s, status: 'pending' as const } : s));
  const out: string[] = [];
  const explained = new Set(chosen.filter(ownBlock).map((s) => s.id));
  for (const s of chosen) {
    if (ownBlock(s)) {
      out.push(blockLine(s));
      continue;
    }
    const def = defs.find((d) => d.id === s.id);
    const block = def ? dependencyBlock(def, view, willRun, explained) : undefined;
    if (block) {
      out.push(
        `${s.title} [${s.id}] ${block.reason} Applying it anyway: ${block.consequence ?? ''} Apply [${block.dependency}] first (it cannot be skipped or left out while [${s.id}] runs), or leave this step out with --skip ${s.id}.`,
      );
    }
  }
  return out;
}

/**
 * A pending step with nothing this tool can write or run: what is left is a person's
 * (the follow-ups say what). It is not applied, and never recorded as done.
 */
export function leftForPerson(s: StepPlan): boolean {
  // A decision step (signing-keys) is applied by recording its choice, even one that changes no file.
  return s.status === 'pending' && s.kind !== 'decision' && s.changes.length === 0 && s.commands.length === 0 && s.followUps.length > 0 && !STEPS.find((d) => d.id === s.id)?.run;
}
