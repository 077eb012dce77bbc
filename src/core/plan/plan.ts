import { probeTools, type DotnetTools } from '../env/probe.js';
import { releaseLexes } from '../lang/index.js';
import { rescan, scan as scanFolder } from '../scan/index.js';
import type { Scan } from '../scan/model.js';
import { STEPS } from '../steps/index.js';
import type { StepContext, StepWork } from '../steps/step.js';
import { blockOnDependencies, leftForPerson } from './deps.js';
import { compareVersions, describeSource, lineOf, NAMESPACE_RENAMES, targetsFrom, type Source, type Target } from '../releases.js';
import { detectSource } from '../scan/source.js';
import { frameworksAfter } from '../steps/framework.js';
import type { Evidence, PlanOptions, StepPlan } from '../types.js';
import { maskSecrets } from '../text/secrets.js';
import { displayOf, type Workspace } from '../workspace.js';
import type { UpgradeState } from '../apply/state.js';
import { earlierRuns } from '../apply/earlier-runs.js';

export { resolveOptions } from '../apply/earlier-runs.js';
import path from 'node:path';

export interface Plan {
  root: string;
  options: PlanOptions;
  /** What the solution is on (see StepContext.source), and where the upgrade goes. */
  source?: Source;
  target: Target;
  /** The frameworks the projects that reference IdentityServer will be on once upgraded (never lowered). */
  frameworks: string[];
  /** Set when the source is already past the target: every step is not-applicable with this reason. */
  nothingToDo?: string;
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
  // Files that name a namespace the target renames besides IdentityServer4 (IdentityModel from 7.1) are read too.
  const tokens = NAMESPACE_RENAMES.filter((r) => r.from !== 'IdentityServer4' && compareVersions(options.target, `${r.since}.0`) >= 0).map((r) => r.from);
  // a target that no longer brings AutoMapper: the packages step looks for code that uses it
  if (lineOf(options.target) && !lineOf(options.target)!.autoMapper) tokens.push('AutoMapper');
  const [{ scan, workspace }, probed] = await Promise.all([scanFolder(root, undefined, { tokens }), tools]);
  return planFromScan(scan, workspace, options, state, probed);
}

/**
 * The plan again after files changed, without walking the tree (issue 16): the
 * scan is kept, the changed files and any the plan read whose hash changed are
 * read again (rescan), and every step plans afresh from that. The same plan as
 * makePlan(); undefined where only a walk can tell (see rescan), and the
 * caller makes the plan from scratch.
 */
export async function replanChanged(previous: Plan, changed: readonly string[], state?: UpgradeState): Promise<Plan | undefined> {
  const tools = probeTools(path.resolve(previous.root));
  const next = rescan(previous.scan, previous.workspace, changed);
  if (!next) return undefined;
  return planFromScan(next.scan, next.workspace, previous.options, state, await tools);
}

/** Evidence from a legacy-encoded file, in its real characters rather than the byte view (issue 6). */
function readable(workspace: Workspace, e: Evidence): Evidence {
  const r = workspace.tryRead(e.path);
  const text = r.ok && r.file.encoding.kind === 'bytes' ? displayOf(r.file, e.text) : e.text;
  // evidence is a line of the user's file: a password or client secret on it is masked (issue 11)
  const masked = maskSecrets(text);
  return masked === e.text ? e : { ...e, text: masked };
}

/** "To go further, pass --target-version 6.3.10, 7.4.8 or 8.0.3." for a source past the default target. */
function laterTargets(source: Source): string {
  const versions = [...new Set(targetsFrom(source).map((t) => t.version))];
  if (versions.length === 0) return 'It is at or past the newest version this tool knows.';
  const list = versions.length === 1 ? versions[0]! : `${versions.slice(0, -1).join(', ')} or ${versions.at(-1)!}`;
  return `To go further, choose a later target: --target-version ${list}.`;
}

export function planFromScan(scan: Scan, workspace: Workspace, requested: PlanOptions, state?: UpgradeState, tools?: DotnetTools): Plan {
  // The source this upgrade began from, as recorded, else as found: after the packages step the scan sees the new versions.
  const earlier = earlierRuns(scan.root, state);
  const source = earlier.source() ?? detectSource(scan);
  const target: Target = { version: requested.target, ...(requested.targetFramework ? { framework: requested.targetFramework } : {}) };
  // The database step names its migration and computes its schema delta from options.source (releases.ts).
  const options: PlanOptions = { ...requested, ...(source ? { source: source.version } : {}) };
  // Already past the target: nothing to plan. At the target exactly, each step still looks for its own unfinished work.
  const nothingToDo =
    source?.product === 'Duende' && compareVersions(source.version, target.version) > 0
      ? `${describeSource(source)} is already past the target ${target.version}: nothing to do. ${laterTargets(source)}`
      : undefined;
  const ctx: StepContext = { root: scan.root, scan, workspace, options, earlier, tools, source, target };
  const steps = STEPS.map((step): StepPlan => {
    if (nothingToDo) {
      return { id: step.id, title: step.title, why: step.why, status: 'not-applicable', kind: step.kind, reason: nothingToDo, evidence: [], changes: [], commands: [], warnings: [], followUps: [] };
    }
    const detection = step.detect(ctx);
    const work: StepWork = detection.status === 'pending' ? step.plan(ctx, detection) : { changes: [], commands: [] };
    // A step blocked on its own (by detection, or found while planning) has nothing to apply.
    const blocked = detection.blocked ?? work.blocked;
    const plan: StepPlan = {
      id: step.id,
      title: step.title,
      why: step.why,
      status: blocked ? 'blocked' : detection.status,
      ...(detection.reason ? { reason: detection.reason } : {}),
      kind: step.kind,
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
  if (nothingToDo) warnings.unshift(nothingToDo);
  return { root: scan.root, options, source, target, frameworks: frameworksAfter(scan, target), ...(nothingToDo ? { nothingToDo } : {}), steps, warnings, scan, workspace, ...(tools ? { tools } : {}) };
}
