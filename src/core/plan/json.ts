import { supportEnds, targetFramework } from '../releases.js';
import { changeDiff } from './diff.js';
import type { Plan } from './plan.js';

/** The stable --plan --json shape (documented in README.md). */
export interface PlanJson {
  version: 1;
  root: string;
  /** What the solution is on: { product: "IdentityServer4" | "Duende", version }, or null when no IdentityServer package is referenced. */
  source: { product: string; version: string } | null;
  target: string;
  /** The framework the target builds on (the chosen one, else the lowest its line supports). */
  targetFramework: string;
  /** The last day of the target's support on that framework (ISO date). */
  targetSupportEnds: string;
  steps: {
    id: string;
    title: string;
    status: string;
    /** Why the step is not needed or already done, when no evidence line says it (absent otherwise). */
    reason?: string;
    evidence: { path: string; line: number; text: string; note?: string }[];
    changes: { path: string; kind: 'edit' | 'delete'; encoding?: string; diff: string }[];
    commands: { file: string; args: string[]; cwd: string; env?: Record<string, string> }[];
    warnings: string[];
    followUps: string[];
    /** Present when status is "blocked": why, the step it waits for, and what applying it anyway would do. */
    blocked?: { reason: string; dependency?: string; consequence?: string };
    /** A decision step (signing-keys): the choice this plan applies, and what the status means. */
    choice?: string;
    statusNote?: string;
    /** Every choice with its own changes (as diffs), warnings and follow-ups; the database's also with its commands and the --yes flags that pick it. */
    variants?: { id: string; label: string; caution?: string; flags?: string; changes: PlanJson['steps'][number]['changes']; commands?: PlanJson['steps'][number]['commands']; warnings: string[]; followUps: string[] }[];
    /** What the step changes outside the files: the database, its masked connection string and where it comes from. */
    touches?: string[];
  }[];
  warnings: string[];
}

type ChangeJson = PlanJson['steps'][number]['changes'][number];

function changeJson(plan: Plan, c: Plan['steps'][number]['changes'][number]): ChangeJson {
  const r = plan.workspace.tryRead(c.path);
  const encoding = r.ok && r.file.encoding.kind !== 'utf8' ? r.file.encoding.name : undefined;
  return { path: c.path, kind: c.kind, ...(encoding ? { encoding } : {}), diff: changeDiff(plan.workspace, c) };
}

/** A value the streaming writer computes only when it gets there. */
class Later {
  constructor(readonly make: () => unknown) {}
}

const commandJson = (c: Plan['steps'][number]['commands'][number]) => ({ file: c.file, args: c.args, cwd: c.cwd, ...(c.env ? { env: c.env } : {}) });

function shape<C>(plan: Plan, change: (c: Plan['steps'][number]['changes'][number]) => C) {
  return {
    version: 1 as const,
    root: plan.root,
    source: plan.source ? { product: plan.source.product, version: plan.source.version } : null,
    target: plan.options.target,
    targetFramework: targetFramework(plan.target),
    frameworks: plan.frameworks,
    targetSupportEnds: supportEnds(plan.target),
    steps: plan.steps.map((s) => ({
      id: s.id,
      title: s.title,
      status: s.status,
      ...(s.reason ? { reason: s.reason } : {}),
      evidence: s.evidence,
      changes: s.changes.map(change),
      commands: s.commands.map(commandJson),
      warnings: s.warnings,
      followUps: s.followUps,
      ...(s.blocked ? { blocked: s.blocked } : {}),
      choice: s.choice,
      statusNote: s.statusNote,
      variants: s.variants?.map((v) => ({ id: v.id, label: v.label, caution: v.caution, flags: v.flags, changes: v.changes.map(change), ...(v.commands ? { commands: v.commands.map(commandJson) } : {}), warnings: v.warnings, followUps: v.followUps })),
      ...(s.touches ? { touches: s.touches } : {}),
    })),
    warnings: plan.warnings,
  };
}

export function planToJson(plan: Plan): PlanJson {
  return shape(plan, (c) => changeJson(plan, c));
}

/**
 * Exactly `JSON.stringify(planToJson(plan), null, 2) + "\n"`, handed to `write`
 * in pieces of about 1 MB, each change's diff made only when it is written: on
 * a 2,000-project tree the whole text is over 20 MB, and holding every diff,
 * the object and the string at once was the plan's peak memory (issue 5).
 */
export function writePlanJson(plan: Plan, write: (chunk: string) => void): void {
  let buf = '';
  const out = (t: string) => {
    buf += t;
    if (buf.length >= 1 << 20) {
      write(buf);
      buf = '';
    }
  };
  const top = shape(plan, (c) => new Later(() => changeJson(plan, c)));
  // Only the path down to the changes is walked here; everything else goes through JSON.stringify.
  const walked = new WeakSet<object>([
    top,
    top.steps,
    ...top.steps.flatMap((s) => [s, s.changes, ...(s.variants ? [s.variants, ...s.variants.flatMap((v) => [v, v.changes])] : [])]),
  ]);
  emit(top, '', out, walked);
  out('\n');
  if (buf) write(buf);
}

/** JSON.stringify's layout with an indent of two spaces; `walked` objects may hold Later values. */
function emit(value: unknown, indent: string, out: (t: string) => void, walked: WeakSet<object>): void {
  if (value instanceof Later) return emit(value.make(), indent, out, walked);
  // Arrays are walked one element at a time, so a long evidence list never becomes one big string.
  if (value === null || typeof value !== 'object' || (!walked.has(value) && !Array.isArray(value))) {
    // JSON strings hold no raw line breaks, so every break is layout and takes the indent
    const text = JSON.stringify(value, null, 2);
    return out(indent && text.includes('\n') ? text.replace(/\n/g, `\n${indent}`) : text);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return out('[]');
    const inner = `${indent}  `;
    out('[');
    value.forEach((v, i) => {
      out(i === 0 ? `\n${inner}` : `,\n${inner}`);
      if (v === undefined || typeof v === 'function') out('null');
      else emit(v, inner, out, walked);
    });
    return out(`\n${indent}]`);
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
    if (entries.length === 0) return out('{}');
    const inner = `${indent}  `;
    out('{');
    entries.forEach(([k, v], i) => {
      out(`${i === 0 ? '\n' : ',\n'}${inner}${JSON.stringify(k)}: `);
      emit(v, inner, out, walked);
    });
    return out(`\n${indent}}`);
  }
  out(JSON.stringify(value));
}
