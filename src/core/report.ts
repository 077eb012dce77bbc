import path from 'node:path';
import { writeAtomic } from './apply/atomic.js';
import { maskSecrets } from './text/secrets.js';
import { LOG_DIR, type CommandRun } from './apply/session.js';
import { SHOWN_LABEL, manualCommands, shownStatus, verdictOf, type Outcomes } from './outcome.js';
import { STATE_DIR, type UpgradeState } from './apply/state.js';
import { supportNote } from './releases.js';
import type { Plan } from './plan/plan.js';
import { hasLicence } from './steps/licence.js';
import type { StepId } from './types.js';

export const REPORT_FILE = `${STATE_DIR}/report.md`;

/**
 * The report's content, the one shape behind both report.md and `--yes --json`
 * (documented in README.md, "The report and `--yes --json`"). Version 1.
 */
export interface ReportJson {
  version: 1;
  root: string;
  target: string;
  /** The date the report was made (YYYY-MM-DD); the follow-ups' dates count from it. */
  date: string;
  startedAt: string;
  updatedAt: string;
  solution: {
    solutions: string[];
    projects: { path: string; role: string; targetFrameworks: string[]; packages: { id: string; version?: string }[] }[];
    identityServer4Versions: string[];
    efStores: { context: string; store: string; startupProject?: string; migrations: number }[];
    signing: { path: string; line: number; text: string; note?: string }[];
    licence: { found: boolean; where: string[] };
    /** Set when the target is out of support. */
    support?: string;
  };
  result: { allHandled: boolean; exitCode: number; problems: string[] };
  steps: {
    id: StepId;
    title: string;
    /** What happened (done, not needed, skipped by choice, failed, …) as the summary says it. */
    status: string;
    /** A decision step's choice and what it means ("kept the current key"). */
    choice?: string;
    statusNote?: string;
    files: string[];
    commands: { command: string; cwd: string; exitCode: number; durationMs: number; interrupted: boolean }[];
    /** Why it was skipped or not needed, when it was. */
    reason?: string;
    message?: string;
    warnings: string[];
    followUps: string[];
    log?: string;
    /** Edits written so its commands could run that stay after it failed, with how to undo each. */
    leftInPlace?: { path: string; what: string; undo: string }[];
  }[];
  skipped: { id: StepId; title: string; reason: string }[];
  warnings: string[];
  followUps: { step: StepId; text: string }[];
}

const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

function reasonOf(status: string, step: Plan['steps'][number]): string | undefined {
  if (status === 'skipped by choice' || status === 'skipped (in an earlier run)') return 'skipped by the person running the upgrade';
  if (step.status === 'not-applicable') return step.warnings[0] ?? 'nothing in this solution needs it';
  if (step.status === 'pending' && step.kind === 'optional') return 'optional: run it with --only ' + step.id;
  return undefined;
}

/** Everything the report says, from the plan (as it is after the run), the state, the outcomes and the commands run. */
export function buildReport(plan: Plan, state: UpgradeState, outcomes: Outcomes = {}, commands: readonly CommandRun[] = [], now: Date = new Date()): ReportJson {
  const { scan } = plan;
  const verdict = verdictOf(plan.steps, outcomes);
  const steps = plan.steps.map((s) => {
    const outcome = outcomes[s.id];
    const record = state.steps[s.id];
    const shown = shownStatus(s, outcome);
    const status = outcome || !record || s.status !== 'pending' ? SHOWN_LABEL[shown] : record.status === 'skipped' && record.afterFailure ? SHOWN_LABEL['failed-then-skipped'] : record.status;
    const message = outcome?.message ?? record?.message;
    const ran = commands.filter((c) => c.step === s.id);
    const reason = reasonOf(status, s);
    return {
      id: s.id,
      title: s.title,
      status,
      ...(s.choice && s.status !== 'pending' ? { choice: s.choice } : {}),
      ...(s.statusNote && s.status !== 'pending' ? { statusNote: s.statusNote } : {}),
      // the record: what the step wrote in every run, a run stopped part-way included
      files: record?.files ?? outcome?.files ?? [],
      commands: ran.map((c) => ({ command: [c.file, ...c.args].map(quote).join(' '), cwd: c.cwd, exitCode: c.exitCode, durationMs: c.durationMs, interrupted: c.interrupted })),
      ...(reason ? { reason } : {}),
      ...(message && status !== 'done' ? { message: message.split('\n')[0]! } : {}),
      warnings: s.warnings,
      followUps: s.followUps,
      ...(s.commands.length || record?.commandsDone.length || ran.length ? { log: `${LOG_DIR}/${s.id}.log` } : {}),
      ...(outcome?.leftInPlace?.length ? { leftInPlace: outcome.leftInPlace } : {}),
    };
  });
  const support = supportNote(plan.target, now);
  return {
    version: 1,
    root: plan.root,
    target: plan.options.target,
    date: now.toISOString().slice(0, 10),
    startedAt: state.startedAt,
    updatedAt: state.updatedAt,
    solution: {
      solutions: scan.solutions,
      projects: scan.projects.map((p) => ({ path: p.path, role: p.role, targetFrameworks: p.targetFrameworks, packages: p.packages.map((x) => ({ id: x.id, ...(x.version ? { version: x.version } : {}) })) })),
      identityServer4Versions: scan.is4Versions,
      efStores: scan.ef.contexts.map((c) => ({ context: c.name, store: c.store, ...(c.startupProject ? { startupProject: c.startupProject } : {}), migrations: c.migrations.length })),
      signing: [...scan.signing.signingCredential, ...scan.signing.validationKeys, ...scan.signing.developerCredential, ...scan.signing.keyManagement],
      licence: { found: hasLicence(scan), where: [...scan.signing.licenseKey.map((e) => `${e.path}:${e.line}`), ...scan.signing.licenseFiles] },
      ...(support ? { support } : {}),
    },
    result: { allHandled: verdict.allHandled, exitCode: verdict.exitCode, problems: verdict.problems },
    steps,
    skipped: steps.filter((s) => s.reason && /skipped|optional/.test(s.reason)).map((s) => ({ id: s.id, title: s.title, reason: s.reason! })),
    warnings: [...(support ? [support] : []), ...plan.warnings, ...plan.steps.flatMap((s) => s.warnings.map((w) => `${s.id}: ${w}`))],
    followUps: plan.steps.flatMap((s) => s.followUps.map((text) => ({ step: s.id, text }))),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The Markdown record of the run, for the pull request or the team's notes:
 * what was found, each step's outcome with its files and commands, what was
 * skipped and why, the warnings, and the dated follow-ups.
 */
export function renderReport(plan: Plan, state: UpgradeState, outcomes: Outcomes = {}, commands: readonly CommandRun[] = [], now: Date = new Date()): string {
  const r = buildReport(plan, state, outcomes, commands, now);
  const out: string[] = [];
  out.push('# duende-upgrade report', '');
  out.push(`- Folder: ${r.root}`);
  out.push(`- Target: Duende IdentityServer ${r.target}`);
  out.push(`- Report of ${r.date} (started ${r.startedAt}, updated ${r.updatedAt})`);
  out.push(`- Result: ${r.result.allHandled ? 'all steps handled' : `not all handled (exit code ${r.result.exitCode})`}`);
  for (const p of r.result.problems) out.push(`  - ${p}`);
  if (r.solution.support) out.push(`- Support: ${r.solution.support}`);
  out.push('');
  out.push('## Solution found', '');
  if (r.solution.solutions.length) out.push(`- Solutions: ${r.solution.solutions.join(', ')}`);
  if (r.solution.identityServer4Versions.length) out.push(`- IdentityServer4: ${r.solution.identityServer4Versions.join(', ')}`);
  for (const p of r.solution.projects) {
    const pk = p.packages.map((x) => `${x.id}${x.version ? ` ${x.version}` : ''}`).join(', ');
    out.push(`- \`${p.path}\` (${p.role}${p.targetFrameworks.length ? `, ${p.targetFrameworks.join(';')}` : ''})${pk ? `: ${pk}` : ''}`);
  }
  out.push(`- EF stores: ${r.solution.efStores.length ? r.solution.efStores.map((c) => `${c.context} (${c.store}${c.startupProject ? `, host ${c.startupProject}` : ''}, ${c.migrations} migration${c.migrations === 1 ? '' : 's'})`).join('; ') : 'none'}`);
  out.push(`- Signing: ${r.solution.signing.length ? r.solution.signing.map((e) => `\`${e.text}\` at ${e.path}:${e.line}${e.note ? ` (${e.note})` : ''}`).join('; ') : 'nothing registered'}`);
  out.push(`- Licence: ${r.solution.licence.found ? `found (${r.solution.licence.where.join(', ')})` : 'none found'}`);
  out.push('');
  out.push('## Steps', '');
  for (const s of r.steps) {
    out.push(`### ${s.title} (${s.id}): ${s.status}${s.statusNote ? ` — ${s.statusNote}` : ''}`, '');
    if (s.reason) out.push(`- why: ${s.reason}`);
    for (const f of s.files) out.push(`- changed \`${f}\``);
    for (const c of s.commands) out.push(`- ran \`${c.command}\` in \`${c.cwd}\`: ${c.interrupted ? 'interrupted' : `exit code ${c.exitCode}`}, ${seconds(c.durationMs)}`);
    if (s.message) out.push(`- ${s.message}`);
    for (const e of s.leftInPlace ?? []) out.push(`- left in place after the failure: \`${e.path}\`: ${e.what}. To undo it: ${e.undo}`);
    for (const w of s.warnings) out.push(`- note: ${w}`);
    if (s.log) out.push(`- log: \`${s.log}\``);
    out.push('');
  }
  const manual = manualCommands(plan.steps, outcomes);
  if (manual.length) {
    out.push('## Commands not run', '', 'Run them in the folder that was upgraded, as they are:', '');
    for (const m of manual) out.push(`${m.title}:`, '', '```sh', ...m.lines, '```', '');
  }
  if (r.skipped.length) {
    out.push('## Skipped', '');
    for (const s of r.skipped) out.push(`- ${s.title} (${s.id}): ${s.reason}`);
    out.push('');
  }
  if (r.warnings.length) {
    out.push('## Warnings', '');
    for (const w of r.warnings) out.push(`- ${w}`);
    out.push('');
  }
  if (r.followUps.length) {
    out.push(`## Left to do by hand (as of ${r.date})`, '');
    for (const f of r.followUps) out.push(`- [ ] ${f.text} (${f.step})`);
    out.push('');
  }
  out.push(`Originals of changed files are in \`${STATE_DIR}/backup/\`.`, '');
  return out.join('\n');
}

/** Write the report atomically; returns its root-relative path. */
export async function writeReport(plan: Plan, state: UpgradeState, outcomes: Outcomes = {}, commands: readonly CommandRun[] = []): Promise<string> {
  writeAtomic(plan.root, path.join(plan.root, REPORT_FILE), maskSecrets(renderReport(plan, state, outcomes, commands)), 0o644);
  return REPORT_FILE;
}
