import { analyzeApiChanges, type ApiAnalysis, type ApiSource } from '../api/api-changes.js';
import { describePair, runtimeChangesFor } from '../releases.js';
import type { FileChange } from '../types.js';
import { sourceOf } from './database.js';
import type { Step, StepContext } from './step.js';

// One analysis per scan and pair: detect and plan ask for the same thing.
const cache = new WeakMap<object, Map<string, ApiAnalysis>>();

function analysisFor(ctx: StepContext): ApiAnalysis {
  const key = `${sourceOf(ctx.options)}→${ctx.options.target}`;
  let byPair = cache.get(ctx.scan);
  if (!byPair) cache.set(ctx.scan, (byPair = new Map()));
  let a = byPair.get(key);
  if (!a) {
    const files: ApiSource[] = [];
    for (const p of ctx.scan.sourceFiles) {
      const r = ctx.workspace.tryRead(p);
      if (r.ok) files.push(r.file);
    }
    a = analyzeApiChanges(files, sourceOf(ctx.options), ctx.options.target);
    byPair.set(key, a);
  }
  return a;
}

/** The runtime-only changes of the pair, as follow-ups: no build shows them. */
export function runtimeFollowUps(source: string, target: string): string[] {
  return runtimeChangesFor(source, target).map((c) => `Runtime change in ${c.at} (no build shows it): ${c.title}. ${c.advice}`);
}

export const apiChangesStep: Step = {
  id: 'api-changes',
  kind: 'work',
  title: 'Rewrite the changed APIs',
  why: 'Duende IdentityServer 6, 7 and 8 rename, remove and extend APIs that code written for earlier versions calls; the mechanical ones are rewritten, the rest listed.',
  dependsOn: [
    {
      step: 'packages',
      notApplicableIsEnough: true,
      consequence: 'the build breaks: the code would call the new Duende APIs while the projects still reference the old packages.',
    },
  ],
  detect(ctx) {
    const source = sourceOf(ctx.options);
    const a = analysisFor(ctx);
    const followUps = [
      ...a.manual.map((x) => `${x.evidence.path}:${x.evidence.line}: ${x.evidence.text} — ${x.advice}.`),
      ...runtimeFollowUps(source, ctx.options.target),
    ];
    if (!a.rulesApply) {
      return { status: 'not-applicable', evidence: [], warnings: [`${describePair(source, ctx.options.target)} crosses no API change this step rewrites.`] };
    }
    const evidence = [...a.evidence, ...a.manual.map((x) => ({ ...x.evidence, note: 'needs a person' }))];
    const doneBefore = ctx.earlier.record('api-changes')?.status === 'done';
    // an earlier run rewrote what it could; what is left is a person's to do, so the step stays done and keeps saying it
    if (a.edits.size === 0 && a.manual.length > 0 && doneBefore) return { status: 'done', evidence, followUps };
    if (a.edits.size > 0 || a.manual.length > 0) return { status: 'pending', evidence, followUps };
    if (doneBefore) return { status: 'done', evidence: [], followUps };
    return { status: 'not-applicable', evidence: [], warnings: [`No code uses an API that changes from ${describePair(source, ctx.options.target)}.`], followUps };
  },
  plan(ctx) {
    const a = analysisFor(ctx);
    const changes: FileChange[] = [...a.edits].map(([path, splices]) => ({ kind: 'edit', path, splices }));
    const warnings = a.manual.length > 0 ? [`${a.manual.length} place${a.manual.length === 1 ? '' : 's'} need${a.manual.length === 1 ? 's' : ''} a person; see the follow-ups.`] : [];
    return { changes, commands: [], warnings, followUps: [] };
  },
};
