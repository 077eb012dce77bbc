import path from 'node:path';
import { compileHintsFor } from '../releases.js';
import { apiBreakHints, compilerErrors, diagnosticAdvice, formatErrors } from '../db/failure.js';
import { findOnPath } from '../db/preflight.js';
import { CommandError } from '../errors.js';
import type { PlannedCommand } from '../types.js';
import type { Step, StepContext } from './step.js';

/** What to build: the solutions, or else each project that no other project references. */
function buildTargets(ctx: StepContext): string[] {
  if (ctx.scan.solutions.length) {
    // A solution inside another one's folder is usually a partial view of the same projects.
    const sorted = [...ctx.scan.solutions].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
    const top = sorted.filter((s, i) => !sorted.slice(0, i).some((o) => path.posix.dirname(o) === '.' || s.startsWith(`${path.posix.dirname(o)}/`)));
    return top.length ? top : sorted;
  }
  const projects = ctx.scan.projects.length ? ctx.scan.projects.map((p) => p.path) : ctx.scan.msbuildFiles.filter((f) => /\.(cs|fs|vb)proj$/.test(f));
  const referenced = new Set(ctx.scan.projects.flatMap((p) => p.projectReferences));
  const roots = projects.filter((p) => !referenced.has(p));
  return roots.length ? roots : projects;
}

/**
 * The state's word on whether the build was checked after the last change:
 * verify recorded done, and no other step recorded anything later.
 */
function verifiedSinceLastChange(ctx: StepContext): { verified: boolean; at?: string } {
  const own = ctx.earlier.record('verify');
  if (!own || own.status !== 'done') return { verified: false };
  const later = ctx.earlier.recorded().some((id) => {
    const r = ctx.earlier.record(id)!;
    return id !== 'verify' && r.at > own.at && (r.files.length > 0 || r.commandsDone.length > 0);
  });
  return { verified: !later, at: own.at };
}

export const verifyStep: Step = {
  id: 'verify',
  kind: 'work',
  title: 'Verify the build',
  why: 'The upgraded solution must build; dotnet build shows what the namespace and package changes could not fix.',
  dependsOn: [
    {
      step: 'packages',
      notApplicableIsEnough: true,
      consequence: 'the build checked is still the IdentityServer4 one, which says nothing about the upgrade.',
    },
  ],
  detect(ctx) {
    if (!findOnPath('dotnet')) {
      return { status: 'not-applicable', evidence: [], warnings: ['dotnet is not on PATH, so the build cannot be checked here: run `dotnet build` by hand after the upgrade.'] };
    }
    const targets = buildTargets(ctx);
    if (targets.length === 0) return { status: 'not-applicable', evidence: [], warnings: ['Nothing to build: no solution or project was found.'] };
    const evidence = targets.map((t) => ({ path: t, line: 0, text: t, note: 'built by dotnet build' }));
    const v = verifiedSinceLastChange(ctx);
    if (v.verified) return { status: 'done', evidence, warnings: [`Built successfully at ${v.at}, and no step changed anything since. Edits made by hand are not tracked: run with --only verify to build again.`] };
    // Kept simple on purpose: any change by another step (or no record of a build) means build again.
    return { status: 'pending', evidence };
  },
  plan(ctx) {
    const commands: PlannedCommand[] = buildTargets(ctx).map((t, i) => ({
      id: `build:${i}:${t}`,
      title: `Build ${t}`,
      file: 'dotnet',
      args: ['build', t, '--nologo'],
      cwd: ctx.root,
    }));
    return { changes: [], commands };
  },
  async run(ctx, plan) {
    for (const command of plan.commands) {
      const r = await ctx.runCommand(command);
      if (r === 'already-done' || r.exitCode === 0) continue;
      const errors = compilerErrors(r.tail, ctx.root);
      const hints = apiBreakHints(errors, compileHintsFor(ctx.source, ctx.target));
      // A restore (NU…) or SDK (NETSDK…) error fails the build before the compiler runs: not a "compiler error".
      const kind = errors.every((e) => /^CS\d/.test(e.code)) ? 'compiler error' : 'error';
      const fixes = [...new Set(errors.map(diagnosticAdvice).filter((a): a is string => a !== undefined))];
      const lines = [
        `${command.title} failed (exit ${r.exitCode})${errors.length ? ` with ${errors.length} ${kind}${errors.length === 1 ? '' : 's'}` : ''}:`,
        ...formatErrors(errors).map((e) => `  ${e}`),
        ...fixes.map((f) => `  fix: ${f}`),
        ...hints.map((h) => `  hint: ${h}`),
      ];
      throw new CommandError(lines.join('\n'), command.file, command.args, r.exitCode, r.tail.slice(-20));
    }
  },
};
