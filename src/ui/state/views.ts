import { escapeControl } from '../../core/text/shown.js';
import { describeSource, describeTarget, supportEnds, supportNote } from '../../core/releases.js';
import { describeError } from '../../core/errors.js';
import { changeDiff } from '../../core/plan/diff.js';
import type { Plan } from '../../core/plan/plan.js';
import type { Evidence, PlannedCommand, StepPlan } from '../../core/types.js';
import { SHOWN_LABEL, SHOWN_MARK, manualCommands, shownStatus, verdictOf, type ShownStatus } from '../../core/outcome.js';
import { clip, clipStart, columns, fold, plural, wrap, wrapHard } from '../text.js';
import { targetOfChoice, type Choice, type Environment, type WizardState } from './wizard.js';

/**
 * What each screen shows, as lines of text with a tone. Pure, so that the
 * layout (how many lines fit) and the key handling (how far a pane scrolls)
 * agree on one measurement.
 */

export type Tone = 'ok' | 'bad' | 'warn' | 'info' | 'accent' | 'dim' | 'plain' | 'bold' | 'add' | 'del' | 'hunk';
export interface Line {
  text: string;
  tone: Tone;
}

const line = (text: string, tone: Tone = 'plain'): Line => ({ text, tone });

export interface FileDiff {
  path: string;
  kind: 'edit' | 'delete';
  lines: Line[];
}

export function stepDiffs(plan: Plan, step: StepPlan): FileDiff[] {
  return step.changes.map((change) => {
    let text: string;
    try {
      text = changeDiff(plan.workspace, change);
    } catch (error) {
      return { path: change.path, kind: change.kind, lines: [line(`cannot show this change: ${describeError(error)}`, 'bad')] };
    }
    const lines = text
      .replace(/\n$/, '')
      .split('\n')
      .filter((l) => !l.startsWith('--- ') && !l.startsWith('+++ ') && !l.startsWith('Index: '))
      .map((l): Line => (l.startsWith('@@') ? line(l, 'hunk') : l.startsWith('+') ? line(l, 'add') : l.startsWith('-') ? line(l, 'del') : l.startsWith('\\') ? line(l, 'dim') : line(l)));
    if (change.kind === 'delete') lines.unshift(line(`delete: ${change.reason}`, 'warn'));
    return { path: change.path, kind: change.kind, lines };
  });
}

/** Rows of one changed line at most, so a long minified line cannot fill the pane. */
const MAX_FOLD = 12;

/**
 * The rows a file's diff shows at `width` columns. An added or removed line too
 * wide for the screen is folded onto more rows (the continuation rows start with
 * "↪" in the marker column), so its change is always in view; a context line is
 * clipped. The key handling scrolls over these rows, so both use this function.
 */
export function diffRows(diff: FileDiff | undefined, width: number): Line[] {
  if (!diff) return [];
  const out: Line[] = [];
  for (const l of diff.lines) {
    if ((l.tone === 'add' || l.tone === 'del') && columns(l.text) > width) {
      fold(l.text.slice(1), width - 1, MAX_FOLD).forEach((row, i) => out.push({ text: `${i === 0 ? l.text[0] : '↪'}${row}`, tone: l.tone }));
    } else out.push({ ...l, text: clip(l.text, width) });
  }
  return out;
}

export function where(e: Evidence): string {
  return `${e.path}${e.line ? `:${e.line}` : ''}`;
}

/**
 * "path:line  text", or "path  (note)" when the evidence is a whole file. When
 * it is too wide the path gives way from the left, so the line number and the
 * code stay in view.
 */
export function evidenceText(e: Evidence, width = Infinity): string {
  const text = e.text && e.text !== e.path ? `  ${e.text}` : '';
  const tail = `${text}${!text && e.note ? `  (${e.note})` : ''}`;
  const at = where(e);
  if (columns(at) + columns(tail) <= width) return at + tail;
  const room = Math.max(width - columns(tail), Math.min(columns(at), 30));
  return clip(clipStart(at, room) + tail, width);
}

/** "Label        text" wrapped under its own column, at most `max` lines. */
function field(label: string, text: string, width: number, max = 2, tone: Tone = 'plain'): Line[] {
  const pad = ' '.repeat(13);
  return wrap(text, width - 13, max).map((l, i) => line(`${i === 0 ? label.padEnd(13) : pad}${l}`, tone));
}

export function commandText(c: PlannedCommand): string {
  return [...Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${v}`), c.file, ...c.args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The details screen: the reasoning, every piece of evidence, warnings, follow-ups and commands. */
export function detailsLines(plan: Plan, step: StepPlan, width: number): Line[] {
  const out: Line[] = [];
  out.push(line(step.title, 'bold'));
  for (const l of wrap(step.why, width)) out.push(line(l));
  for (const t of step.touches ?? []) for (const l of wrap(t, width)) out.push(line(l, 'accent'));
  // the step screen clips why a step is blocked to two lines; here it is whole, with its fix
  if (step.blocked) {
    out.push(line(''));
    for (const l of wrap(`Blocked: ${step.blocked.reason}${step.blocked.consequence ? ` Applying it anyway: ${step.blocked.consequence}` : ''}`, width)) out.push(line(l, 'bad'));
  }
  out.push(line(''));
  out.push(line(`Evidence (${step.evidence.length})`, 'bold'));
  if (step.evidence.length === 0) out.push(line('  none', 'dim'));
  for (const e of step.evidence) {
    out.push(line(`  ${evidenceText(e, width - 2)}`, 'plain'));
    if (e.note && e.text && e.text !== e.path) out.push(line(clip(`      ${e.note}`, width), 'dim'));
  }
  if (step.changes.length) {
    out.push(line(''));
    out.push(line(`Files (${step.changes.length})`, 'bold'));
    for (const c of step.changes) out.push(line(clip(`  ${c.kind === 'delete' ? 'delete' : 'edit'} ${c.path}${c.kind === 'edit' ? ` (${plural(c.splices.length, 'change')})` : ''}`, width)));
  }
  if (step.commands.length) {
    out.push(line(''));
    out.push(line(`Commands (${step.commands.length})`, 'bold'));
    for (const c of step.commands) {
      out.push(line(clip(`  ${c.title}`, width)));
      for (const l of wrap(`$ ${commandText(c)}`, width - 4)) out.push(line(`    ${l}`, 'info'));
      out.push(line(clip(`    in ${c.cwd}`, width), 'dim'));
    }
  }
  if (step.warnings.length) {
    out.push(line(''));
    out.push(line('Notes', 'bold'));
    for (const w of step.warnings) for (const [k, l] of wrap(w, width - 4).entries()) out.push(line(`${k === 0 ? '  ! ' : '    '}${l}`, 'warn'));
  }
  if (step.followUps.length) {
    out.push(line(''));
    out.push(line('By hand afterwards', 'bold'));
    for (const f of step.followUps) for (const [k, l] of wrap(f, width - 4).entries()) out.push(line(`${k === 0 ? '  - ' : '    '}${l}`));
  }
  void plan;
  return out;
}

const ROLE: Record<string, string> = { host: 'host', api: 'API', library: 'library' };

/** The first screen: what was found, and what stands in the way. */
export function overviewLines(state: WizardState, width: number): Line[] {
  const plan = state.plan;
  if (!plan) return [];
  const { scan } = plan;
  const out: Line[] = [];
  if (state.resumed) {
    const r = state.resumed;
    const extra = [r.skipped ? `${r.skipped} skipped` : '', r.notNeeded ? `${r.notNeeded} not needed` : ''].filter(Boolean).join(', ');
    out.push(line(clip(`Resuming: ${r.done} of ${r.total} steps done${extra ? ` (${extra})` : ''}; files checked again.`, width), 'accent'));
  }
  const solution = scan.solutions.length ? scan.solutions.join(', ') : 'no .sln (projects only)';
  out.push(...field('Solution', solution, width, 1));
  const from = plan.source ? describeSource(plan.source) : scan.is4Versions.length ? `IdentityServer4 ${scan.is4Versions.join(', ')}` : 'IdentityServer4 none left';
  out.push(line(clip(`${from}  →  Duende IdentityServer ${plan.target.version} on ${plan.frameworks.join(', ')}`, width)));
  const withIs = scan.projects.filter((p) => p.packages.length > 0);
  out.push(line(`Projects     ${plural(scan.projects.length, 'project')}${withIs.length !== scan.projects.length ? `, ${withIs.length} with IdentityServer packages` : ''}`));
  const shown = withIs.length ? withIs : scan.projects;
  for (const p of shown.slice(0, 4)) {
    const pk = p.packages.map((x) => `${x.id}${x.version ? ` ${x.version}` : ''}`).join(', ');
    const lines = wrap(`${p.name} (${ROLE[p.role] ?? p.role})${pk ? `: ${pk}` : ''}`, width - 4, shown.length > 2 ? 1 : 2);
    lines.forEach((l, i) => out.push(line(`${i === 0 ? '  ' : '    '}${l}`)));
  }
  if (shown.length > 4) out.push(line(`  … and ${shown.length - 4} more (see --plan)`, 'dim'));
  const stores = [...new Set(scan.ef.contexts.map((c) => c.store))];
  const ef = scan.ef.storeRegistrations.length || scan.ef.contexts.length ? `yes: ${stores.length ? stores.join(' and ') + ' store' + (stores.length > 1 ? 's' : '') : plural(scan.ef.storeRegistrations.length, 'store registration')}, ${plural(scan.ef.contexts.reduce((n, c) => n + c.migrations.length, 0), 'migration')}` : 'no';
  // Migrations found but tied to no host: say how many folders, and that the plan says why.
  const folders = scan.ef.migrationFolders?.length ?? 0;
  const tied = new Set(scan.ef.contexts.map((c) => c.migrationsDir).filter(Boolean)).size;
  const untied = folders > tied ? `; ${plural(folders, 'migration folder')} found, ${folders - tied} not tied to a host (${scan.ef.warnings?.length ? 'why: see --plan' : 'no store registration leads to them'})` : '';
  out.push(...field('EF stores', folders > 0 && (ef === 'no' || untied) ? `${ef}${untied}` : ef, width, 1));
  out.push(...field('Signing', signingText(plan), width, 2));
  const support = supportNote(plan.target);
  out.push(...(support ? field('Support', support, width, 2, 'warn') : field('Support', `supported until ${supportEnds(plan.target)}`, width, 1, 'ok')));
  out.push(...envLines(state.env, width, scan.ef.storeRegistrations.length + scan.ef.contexts.length > 0));
  for (const s of plan.steps) {
    const r = state.recorded[s.id];
    if (r) out.push(...field('Last run', `${s.title} ${r === 'failed' ? 'failed' : 'was interrupted'}; it is offered again, and commands that finished are not run twice.`, width, 2, 'warn'));
  }
  // Files left alone (binary, NUL bytes, undecodable, too large) come first: each is work not done.
  const leftAlone = plan.scan.skipped.map((f) => `left alone: ${escapeControl(f.path)}: ${f.reason}`);
  for (const w of leftAlone.slice(0, 5)) out.push(line(clip(`! ${w}`, width), 'warn'));
  if (leftAlone.length > 5) out.push(line(`  … and ${leftAlone.length - 5} more files left alone (see --plan)`, 'warn'));
  const others = plan.warnings.slice(0, plan.warnings.length - plan.scan.skipped.length).map(escapeControl);
  for (const w of others.slice(0, 3)) out.push(line(clip(`! ${w}`, width), 'warn'));
  if (others.length > 3) out.push(line(`  … and ${others.length - 3} more warnings (see --plan)`, 'dim'));
  const pending = plan.steps.filter((s) => s.status === 'pending').length;
  const blocked = plan.steps.filter((s) => s.status === 'blocked');
  out.push(line(''));
  if (pending) out.push(line(`${plural(pending, 'step')} to go. Nothing is written until you choose apply.`, 'bold'));
  // a blocked step is work not done: never "nothing to do" while one is there
  if (blocked.length) {
    const first = blocked.find((s) => !s.blocked?.dependency) ?? blocked[0]!;
    out.push(line(clip(`${plural(blocked.length, 'step')} blocked (⊘): ${first.title}${blocked.length > 1 ? ' and the steps that need it' : ''}.`, width), 'warn'));
  }
  if (!pending && !blocked.length) out.push(line('Nothing to do: every step is done, skipped or not needed.', 'bold'));
  return out;
}

/** The target list's heading: where the solution is, and what each choice means for support. */
export function targetLines(state: WizardState, width: number): Line[] {
  const plan = state.plan;
  if (!plan) return [];
  const out: Line[] = [];
  out.push(line(clip(`Upgrading from ${plan.source ? describeSource(plan.source) : 'no IdentityServer package found'}.`, width)));
  out.push(line(clip(`Now planned: ${describeTarget(plan.target)}.`, width)));
  out.push(line(''));
  out.push(...field('Choose', 'the Duende IdentityServer version to move to. 5.2.4 is where the upgrade guide ends; the steps, the framework move and the migrations follow the choice. Nothing is written until a step is applied.', width, 4));
  return out;
}

/** Each target choice's one line: "7.4.8 on net10.0: supported until 2028-11-14". */
export function targetLabels(choices: readonly Choice[]): Partial<Record<Choice, string>> {
  const labels: Partial<Record<Choice, string>> = { back: 'Back, keep the target (Esc)' };
  for (const c of choices) {
    const t = targetOfChoice(c);
    if (t) labels[c] = describeTarget(t);
  }
  return labels;
}

function signingText(plan: Plan): string {
  const s = plan.scan.signing;
  const parts: string[] = [];
  if (s.developerCredential.length) parts.push(`AddDeveloperSigningCredential (${where(s.developerCredential[0]!)})`);
  if (s.signingCredential.length) parts.push(`AddSigningCredential ×${s.signingCredential.length}`);
  if (s.validationKeys.length) parts.push(`validation keys ×${s.validationKeys.length}`);
  if (s.keyManagement.length) parts.push('automatic key management');
  if (s.tempKeyFiles.length) parts.push(s.tempKeyFiles.join(', '));
  if (s.licenseFiles.length || s.licenseKey.length) parts.push('licence key found');
  return parts.length ? parts.join('; ') : 'no signing credential found';
}

function envLines(env: Environment, width: number, efUsed: boolean): Line[] {
  const out: Line[] = [];
  const tool = (name: string, t: Environment['dotnet']) => (t === undefined ? `${name} checking…` : t.found ? `${name} ${t.version ?? 'found'}` : `${name} not found`);
  const bad = env.dotnet?.found === false || (efUsed && env.dotnetEf?.found === false);
  out.push(line(clip(`Tools        ${tool('dotnet', env.dotnet)} · ${tool('dotnet ef', env.dotnetEf)}`, width), bad ? 'warn' : 'plain'));
  // The hint belongs to the Tools row it explains, not under the next one.
  if (efUsed && env.dotnetEf?.found === false && env.dotnet?.found) out.push(line(clip('             dotnet ef: the database step installs it as a local tool', width), 'dim'));
  const g = env.git;
  if (!g) out.push(line('Git          checking…'));
  else if (g.kind === 'clean') out.push(...field('Git', `clean${g.branch ? ` on ${g.branch}` : ''}${g.ours ? ` apart from the upgrade's ${plural(g.ours, 'changed file')}` : ''}: git can undo every change`, width, 2, 'ok'));
  else if (g.kind === 'dirty') out.push(...field('Git', `${plural(g.changed, 'uncommitted change')}${g.ours ? ` (besides the upgrade's ${plural(g.ours, 'file')})` : ''}: commit first, to keep the upgrade apart`, width, 2, 'warn'));
  else out.push(line(clip(`Git          ${g.reason === 'git is not installed' ? 'not installed' : 'not a repository'}: backups are the only undo`, width), 'warn'));
  return out;
}

/** Summary lines: why it is not all handled, each step's outcome and files, the follow-ups, and where the log and report are. */
export function summaryLines(state: WizardState, width: number, logDir: string, stateDir: string): Line[] {
  const plan = state.plan;
  if (!plan) return [];
  const out: Line[] = [];
  const verdict = verdictOf(plan.steps, state.outcomes);
  for (const p of verdict.problems) for (const [k, l] of wrap(p, width - 2).entries()) out.push(line(`${k === 0 ? '! ' : '  '}${l}`, 'bad'));
  if (verdict.problems.length) out.push(line(''));
  for (const s of plan.steps) {
    const o = state.outcomes[s.id];
    const status = shownStatus(s, o);
    const tone: Tone = TONE[status];
    const written = o?.files.length ? o.files : status === 'done-earlier' ? (state.earlierFiles[s.id] ?? []) : [];
    const files = written.length ? ` (${plural(written.length, 'file')}${written.length === 1 ? `: ${written[0]}` : ''}${o ? '' : ', in an earlier run'})` : '';
    out.push(line(clip(`${SHOWN_MARK[status]} ${s.title}: ${SHOWN_LABEL[status]}${files}`, width), tone));
    // Why a step was not needed is worth a line: "no EF stores" is a finding, not a gap.
    if (status === 'not-applicable' && s.warnings[0]) out.push(line(clip(`    ${s.warnings[0]}`, width), 'dim'));
    // A failure's first line keeps its error code in view; the rest is in the report and the log.
    if ((status === 'failed' || status === 'failed-then-skipped') && o?.message) {
      const lines = o.message.split('\n');
      const code = lines.slice(1).find((l) => /\berror [A-Z]+\d+:/.test(l));
      for (const l of [lines[0]!, ...(code ? [code.trim()] : [])]) for (const w of wrap(l, width - 4, 3)) out.push(line(`    ${w}`, 'bad'));
      for (const e of o.leftInPlace ?? []) for (const w of wrap(`left in place: ${e.path}: ${e.what}. To undo: ${e.undo}`, width - 4, 3)) out.push(line(`    ${w}`, 'warn'));
    }
  }
  const manual = manualCommands(plan.steps, state.outcomes);
  if (manual.length) {
    out.push(line(''));
    out.push(line('Commands not run (in the folder, as they are)', 'bold'));
    for (const m of manual) {
      out.push(line(`  ${m.title}:`));
      for (const c of m.lines) for (const [k, l] of wrap(c, width - 6).entries()) out.push(line(`${k === 0 ? '    ' : '      '}${l}`, 'info'));
    }
  }
  const followUps = plan.steps.flatMap((s) => s.followUps);
  if (followUps.length) {
    out.push(line(''));
    out.push(line('Left to do by hand', 'bold'));
    for (const f of followUps) for (const [k, l] of wrap(f, width - 4).entries()) out.push(line(`${k === 0 ? '  - ' : '    '}${l}`));
  }
  out.push(line(''));
  out.push(line(clip(`Logs:   ${logDir}/<step>.log`, width), 'dim'));
  out.push(line(clip(`Report: ${state.reportPath ? `${stateDir}/${state.reportPath.split('/').pop()}` : 'writing…'}`, width), 'dim'));
  out.push(line(clip(`Backups of the originals: ${stateDir}/backup/`, width), 'dim'));
  return out;
}

const TONE: Record<ShownStatus, Tone> = {
  done: 'ok',
  'not-needed': 'ok',
  'done-earlier': 'ok',
  failed: 'bad',
  'failed-then-skipped': 'bad',
  interrupted: 'bad',
  skipped: 'warn',
  'skipped-earlier': 'warn',
  'not-done': 'warn',
  blocked: 'warn',
  'not-applicable': 'dim',
};

export interface StepLayout {
  why: Line[];
  /** What the step changes outside the files (the database), in full: a connection string is never cut. */
  touches: Line[];
  notes: Line[];
  evidence: Line[];
  commands: Line[];
  diffHeight: number;
}

export const CHOICE_LINES = 4;

/**
 * A step's warnings in two lines: one warning wraps onto both; two get a line
 * each; more show the first and how many others the details hold. A warning
 * always starts its own line, so two never run into one.
 */
export function noteLines(warnings: readonly string[], width: number): Line[] {
  if (warnings.length === 0) return [];
  if (warnings.length === 1) return wrap(`! ${warnings[0]}`, width, 2).map((l) => line(l, 'warn'));
  const second = warnings.length === 2 ? `! ${warnings[1]}` : `! … and ${warnings.length - 1} more notes: press d for details`;
  return [line(clip(`! ${warnings[0]}`, width), 'warn'), line(clip(second, width), 'warn')];
}

/** Fit the step screen into `height` lines: the diff gets what the rest leaves, at least 3. */
export function stepLayout(step: StepPlan, width: number, height: number, choiceLines = CHOICE_LINES): StepLayout {
  const why = wrap(step.why, width, 2).map((l) => line(l, 'dim'));
  const touches = (step.touches ?? []).slice(0, 2).flatMap((t) => wrapHard(t, width, 4).map((l) => line(l, 'accent')));
  const blockedText = step.blocked ? `Blocked: ${step.blocked.reason}${step.blocked.dependency ? ' Skip it, or apply it anyway below.' : ' Skip it for now.'}` : '';
  const notes = [...(blockedText ? wrap(blockedText, width, 2).map((l) => line(l, 'bad')) : []), ...noteLines(step.warnings, width)];
  const evidence: Line[] = [];
  // the database line takes the evidence's room: the registrations are in the details
  const shownEvidence = touches.length ? 0 : step.evidence.length > 2 ? 1 : step.evidence.length;
  for (const e of step.evidence.slice(0, shownEvidence)) evidence.push(line(evidenceText(e, width), 'info'));
  if (step.evidence.length > shownEvidence) evidence.push(line(shownEvidence ? `… ${step.evidence.length - shownEvidence} more: press d for details` : `Evidence: ${plural(step.evidence.length, 'line')}, press d for details`, 'dim'));
  const commands: Line[] = [];
  // A step without file changes has the diff's room for its commands.
  const room = step.changes.length ? 2 : Math.max(height - (1 + why.length + touches.length + notes.length + evidence.length + 1 + choiceLines), 2);
  const shownCommands = step.commands.length > room ? room - 1 : step.commands.length;
  for (const c of step.commands.slice(0, shownCommands)) commands.push(line(clip(`$ ${commandText(c)}`, width), 'info'));
  if (step.commands.length > shownCommands) commands.push(line(`… ${step.commands.length - shownCommands} more commands: press d for details`, 'dim'));
  // header + diff header (or "no file changes") + the choices
  const fixed = 1 + why.length + touches.length + notes.length + evidence.length + 1 + commands.length + choiceLines;
  return { why, touches, notes, evidence, commands, diffHeight: step.changes.length ? Math.max(3, height - fixed) : 0 };
}
