import { probeTools, type DotnetTools } from '../env/probe.js';
import { releaseLexes } from '../lang/index.js';
import { scan as scanFolder } from '../scan/index.js';
import type { Scan } from '../scan/model.js';
import { STEPS } from '../steps/index.js';
import type { StepContext, StepWork } from '../steps/step.js';
import { blockOnDependencies, leftForPerson } from './deps.js';
import type { Evidence, PlanOptions, StepPlan } from '../types.js';
import { maskSecrets } from '../text/secrets.js';
import { displayOf, type Workspace } from '../workspace.js';
import type { UpgradeState } from '../apply/state.js';
import { earlierRuns } from '../apply/earlier-runs.js';
import path from 'node:path';

export interface Plan {
  root: string;
  options: PlanOptions;
  steps: StepPlan[];
  warnings: string[];
  scan: Scan;
  workspace: Workspace;
  /** dotnet, dotnet-ef and the runtimes as probed for this plan; handed to the steps when they run, never probed again. */
  tools?: DotnetTools;
}

/**
 * Scan the folder and ask every step what it finds and what it would do.
 * Nothing is trusted from an earlier run: the state only says which steps the
 * user skipped on purpose, and adds notes where the files disagree with it.
 */
export async function makePlan(root: string, options: PlanOptions, state?: UpgradeState): Promise<Plan> {
  // Started first, so `dotnet ef --version` runs while the tree is read; the
  // wizard's first screen asks the same cached probe.
  const tools = probeTools(path.resolve(root));
  const [{ scan, workspace }, probed] = await Promise.all([scanFolder(root), tools]);
  return planFromScan(scan, workspace, options, state, probed);
}

/** Evidence from a legacy-encoded file, in its real characters rather than the byte view (issue 6). */
function readable(workspace: Workspace, e: Evidence): Evidence {
  const r = workspace.tryRead(e.path);
  const text = r.ok && r.file.encoding.kind === 'bytes' ? displayOf(r.file, e.text) : e.text;
  // evidence is a line of the user's file: a password or client secret on it is masked (issue 11)
  const masked = maskSecrets(text);
  return masked === e.text ? e : { ...e, text: masked };
}

export function planFromScan(scan: Scan, workspace: Workspace, options: PlanOptions, state?: UpgradeState, tools?: DotnetTools): Plan {
  const ctx: StepContext = { root: scan.root, scan, workspace, options, earlier: earlierRuns(scan.root, state), tools };
  const steps = STEPS.map((step): StepPlan => {
    const detection = step.detect(ctx);
    const work: StepWork = detection.status === 'pending' ? step.plan(ctx, detection) : { changes: [], commands: [] };
    // A step blocked on its own (by detection, or found while planning) has nothing to apply.
    const blocked = detection.blocked ?? work.blocked;
    const plan: StepPlan = {
      id: step.id,
      title: step.title,
      why: step.why,
      status: blocked ? 'blocked' : detection.status,
      evidence: detection.evidence.map((e) => readable(workspace, e)),
      changes: blocked ? [] : work.changes,
      commands: blocked ? [] : work.commands,
      warnings: [...(detection.warnings ?? []), ...(work.warnings ?? [])].map(maskSecrets),
      followUps: [...(detection.followUps ?? []), ...(work.followUps ?? [])].map(maskSecrets),
      ...(step.dependsOn ? { dependsOn: step.dependsOn.map((d) => d.step) } : {}),
      ...(blocked ? { blocked } : {}),
    };
    if (work.variants) {
      // the step-level warnings of the detection belong to every choice
      plan.variants = work.variants.map((v) => ({ ...v, warnings: [...(detection.warnings ?? []), ...v.warnings], followUps: [...(detection.followUps ?? []), ...v.followUps] }));
    }
    const choice = work.choice ?? detection.choice;
    if (choice) plan.choice = choice;
    const note = work.statusNote ?? detection.statusNote;
    if (note) plan.statusNote = note;
    if (step.optional) plan.optional = true;
    if (work.touches?.length) plan.touches = work.touches.map(maskSecrets);
    if (work.skipConsequence) plan.skipConsequence = work.skipConsequence;
    const recorded = ctx.earlier.record(step.id);
    if (recorded?.status === 'skipped' && (plan.status === 'pending' || plan.status === 'blocked')) {
      plan.status = 'skipped';
      delete plan.blocked;
    }
    if (recorded?.status === 'done' && plan.status === 'pending' && leftForPerson(plan)) {
      plan.warnings.unshift('An earlier run did what this tool can do here; what is left needs a person (see below), so the step stays pending.');
    } else if (recorded?.status === 'done' && plan.status === 'pending') {
      plan.warnings.unshift('Recorded as done in an earlier run, but the files show its work is missing again (undone by hand?), so it is pending.');
    }
    // (an 'interrupted' record whose work is done: that run wrote it and was stopped before recording so)
    if (recorded && plan.status === 'done' && recorded.status === 'failed') {
      plan.warnings.unshift('Its work was found already done, although no earlier run of this tool did it.');
    }
    return plan;
  });
  blockOnDependencies(steps, STEPS);
  // The lexes served detection and planning; the plan keeps only splices and evidence.
  releaseLexes();
  const warnings = scan.warnings.map(maskSecrets);
  const earlierTarget = ctx.earlier.target();
  if (earlierTarget !== undefined && earlierTarget !== options.target) {
    // Resumed with another --target-version: what earlier runs did was for the recorded one.
    warnings.unshift(
      `The earlier run was upgrading to Duende IdentityServer ${earlierTarget}; this run targets ${options.target}. Every step is checked again against ${options.target} from the files (nothing recorded for ${earlierTarget} counts as done); pass --target-version ${earlierTarget} to carry on as before.`,
    );
  }
  for (const s of scan.skipped) warnings.push(`${s.path}: ${s.reason}`);
  return { root: scan.root, options, steps, warnings, scan, workspace, ...(tools ? { tools } : {}) };
}
