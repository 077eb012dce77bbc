import { changeDiff } from './diff.js';
import type { Plan } from './plan.js';

/** The stable --plan --json shape (documented in README.md). */
export interface PlanJson {
  version: 1;
  root: string;
  target: string;
  steps: {
    id: string;
    title: string;
    status: string;
    evidence: { path: string; line: number; text: string; note?: string }[];
    changes: { path: string; kind: 'edit' | 'delete'; encoding?: string; diff: string }[];
    commands: { file: string; args: string[]; cwd: string }[];
    warnings: string[];
    followUps: string[];
  }[];
  warnings: string[];
}

export function planToJson(plan: Plan): PlanJson {
  return {
    version: 1,
    root: plan.root,
    target: plan.options.target,
    steps: plan.steps.map((s) => ({
      id: s.id,
      title: s.title,
      status: s.status,
      evidence: s.evidence,
      changes: s.changes.map((c) => {
        const r = plan.workspace.tryRead(c.path);
        const encoding = r.ok && r.file.encoding.kind !== 'utf8' ? r.file.encoding.name : undefined;
        return { path: c.path, kind: c.kind, ...(encoding ? { encoding } : {}), diff: changeDiff(plan.workspace, c) };
      }),
      commands: s.commands.map((c) => ({ file: c.file, args: c.args, cwd: c.cwd })),
      warnings: s.warnings,
      followUps: s.followUps,
    })),
    warnings: plan.warnings,
  };
}
