import { changeDiff } from '../core/plan/diff.js';
import type { Plan } from '../core/plan/plan.js';
import { escapeControl } from '../core/text/shown.js';
import type { PlannedCommand, StepId, StepPlan, StepStatus } from '../core/types.js';

export const STATUS_MARK: Record<StepStatus, string> = {
  done: '✔',
  skipped: '↷',
  pending: '○',
  'not-applicable': '–',
  blocked: '⊘',
};

export function commandLine(c: PlannedCommand): string {
  return [...Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${v}`), c.file, ...c.args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The encoding of a file not in UTF-8, named so a reviewer opens it in the right one (issue 6). */
function legacyEncoding(plan: Plan, path: string): string | undefined {
  const r = plan.workspace.tryRead(path);
  return r.ok && r.file.encoding.kind !== 'utf8' ? r.file.encoding.name : undefined;
}

function stepHeader(s: StepPlan, index: number): string {
  return `${STATUS_MARK[s.status]} ${index + 1}. ${s.title} [${s.id}] — ${s.status}${s.statusNote ? ` (${s.statusNote})` : ''}`;
}

/** Steps chosen by --only and --skip (all of them when neither is given). */
export function selectedSteps(only: readonly StepId[] = [], skip: readonly StepId[] = []): (id: StepId) => boolean {
  return (id) => (only.length === 0 || only.includes(id)) && !skip.includes(id);
}

const ALL = () => true;

/** "Left out (--only/--skip): a, b", or nothing when every step is shown. */
function leftOut(plan: Plan, shown: (id: StepId) => boolean): string[] {
  const out = plan.steps.filter((s) => !shown(s.id)).map((s) => s.id);
  return out.length ? [`Left out by --only/--skip: ${out.join(', ')}`] : [];
}

/** The plain-text plan: what was found, and per step its evidence and work. */
export function renderPlan(plan: Plan, shown: (id: StepId) => boolean = ALL): string {
  const out: string[] = [];
  out.push(`duende-upgrade plan for ${plan.root}`);
  out.push(`target: Duende IdentityServer ${plan.options.target}`);
  const { scan } = plan;
  if (scan.is4Versions.length) out.push(`IdentityServer4: ${scan.is4Versions.join(', ')}`);
  for (const p of scan.projects) {
    const pk = p.packages.map((x) => `${x.id}${x.version ? ` ${x.version}` : ''}`).join(', ');
    out.push(`  ${p.path} (${p.role}${p.targetFrameworks.length ? `, ${p.targetFrameworks.join(';')}` : ''})${pk ? `: ${pk}` : ''}`);
  }
  out.push('');
  plan.steps.forEach((s, i) => {
    if (!shown(s.id)) return;
    out.push(stepHeader(s, i));
    if (s.blocked) out.push(`    blocked: ${s.blocked.reason}${s.blocked.consequence ? ` Applying it anyway: ${s.blocked.consequence}` : ''}`);
    for (const t of s.touches ?? []) out.push(`    ${t}`);
    for (const e of s.evidence.slice(0, 20)) out.push(`    ${e.path}${e.line ? `:${e.line}` : ''}  ${e.text}${e.note ? `  (${e.note})` : ''}`);
    if (s.evidence.length > 20) out.push(`    … and ${s.evidence.length - 20} more`);
    for (const v of s.status === 'pending' ? (s.variants ?? []) : []) {
      out.push(`    ${v.id === s.choice ? '(•)' : '( )'} ${v.label} [${v.flags ?? `--keys ${v.id}`}]${v.changes.length ? `: ${v.changes.map((c) => c.path).join(', ')}` : ': no file changes'}`);
      if (v.caution) out.push(`        ${v.caution}`);
    }
    for (const c of s.changes) out.push(`    ${c.kind === 'delete' ? 'delete' : 'edit'} ${c.path}${legacyEncoding(plan, c.path) ? ` (${legacyEncoding(plan, c.path)})` : ''}`);
    for (const c of s.commands) out.push(`    $ ${commandLine(c)}`);
    for (const w of s.warnings) out.push(`    warning: ${w}`);
    for (const f of s.followUps) out.push(`    by hand: ${f}`);
  });
  if (plan.warnings.length) {
    out.push('');
    for (const w of plan.warnings) out.push(`warning: ${w}`);
  }
  const omitted = leftOut(plan, shown);
  if (omitted.length) out.push('', ...omitted);
  // every entry is one line: a file name's control characters must not break it
  return `${out.map(escapeControl).join('\n')}\n`;
}

/** Every change as a unified diff, and every command; ends saying nothing changed. */
export function renderDryRun(plan: Plan, color: boolean, shown: (id: StepId) => boolean = ALL): string {
  // Lines of ours are pushed through `one` (control characters escaped); a diff's own lines are the file's text.
  const out: string[] = [];
  const one = (l: string) => out.push(escapeControl(l));
  const steps = plan.steps.filter((s) => shown(s.id));
  plan.steps.forEach((s, i) => {
    if (!shown(s.id)) return;
    one(stepHeader(s, i));
    if (s.blocked) one(`blocked: ${s.blocked.reason}`);
    for (const c of s.changes) {
      const diff = changeDiff(plan.workspace, c);
      const encoding = legacyEncoding(plan, c.path);
      if (encoding) one(`${c.path} is encoded as ${encoding}; the diff shows its characters decoded`);
      out.push(color ? colorDiff(diff) : diff.trimEnd());
    }
    for (const c of s.commands) one(`$ ${commandLine(c)}    (in ${c.cwd})`);
    for (const w of s.warnings) one(`warning: ${w}`);
    out.push('');
  });
  for (const w of plan.warnings) one(`warning: ${w}`);
  const files = steps.reduce((n, s) => n + s.changes.length, 0);
  const commands = steps.reduce((n, s) => n + s.commands.length, 0);
  out.push(...leftOut(plan, shown));
  out.push(`Dry run: ${files} file change(s) and ${commands} command(s) planned. Nothing was changed.`);
  return `${out.join('\n')}\n`;
}

export function colorDiff(diff: string): string {
  return diff
    .trimEnd()
    .split('\n')
    .map((l) => (l.startsWith('+') && !l.startsWith('+++') ? `\x1b[32m${l}\x1b[39m` : l.startsWith('-') && !l.startsWith('---') ? `\x1b[31m${l}\x1b[39m` : l.startsWith('@@') ? `\x1b[36m${l}\x1b[39m` : l))
    .join('\n');
}
