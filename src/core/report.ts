import path from 'node:path';
import { writeAtomic } from './apply/atomic.js';
import { maskSecrets } from './text/secrets.js';
import { LOG_DIR } from './apply/session.js';
import { SHOWN_LABEL, manualCommands, shownStatus, verdictOf, type Outcomes } from './outcome.js';
import { STATE_DIR, ensureStateDir, type UpgradeState } from './apply/state.js';
import type { Plan } from './plan/plan.js';

export const REPORT_FILE = `${STATE_DIR}/report.md`;

/**
 * A short Markdown record of the run, for the pull request or the team's notes:
 * each step's outcome, the files it changed, and what is left to do by hand.
 * Written by whichever front end finishes a run; it reads only engine data.
 */
export function renderReport(plan: Plan, state: UpgradeState, outcomes: Outcomes = {}): string {
  const out: string[] = [];
  out.push('# duende-upgrade report', '');
  out.push(`- Folder: ${plan.root}`);
  out.push(`- Target: Duende IdentityServer ${plan.options.target}`);
  if (plan.scan.is4Versions.length) out.push(`- IdentityServer4 found: ${plan.scan.is4Versions.join(', ')}`);
  out.push(`- Started: ${state.startedAt}`, `- Updated: ${state.updatedAt}`);
  const verdict = verdictOf(plan.steps, outcomes);
  out.push(`- Result: ${verdict.allHandled ? 'all steps handled' : `not all handled (exit code ${verdict.exitCode})`}`);
  for (const p of verdict.problems) out.push(`  - ${p}`);
  out.push('');
  out.push('## Steps', '');
  for (const s of plan.steps) {
    const outcome = outcomes[s.id];
    const record = state.steps[s.id];
    // An outcome of this run first; else what an earlier run recorded; else what the files show.
    const shown = shownStatus(s, outcome);
    const status = outcome || !record || s.status !== 'pending' ? SHOWN_LABEL[shown] : record.status === 'skipped' && record.afterFailure ? SHOWN_LABEL['failed-then-skipped'] : record.status;
    out.push(`### ${s.title} (${s.id}): ${status}`, '');
    const files = outcome?.files ?? record?.files ?? [];
    for (const f of files) out.push(`- changed \`${f}\``);
    const message = outcome?.message ?? record?.message;
    if (message && status !== 'done') out.push(`- ${message.split('\n')[0]}`);
    for (const w of s.warnings) out.push(`- note: ${w}`);
    for (const f of s.followUps) out.push(`- [ ] by hand: ${f}`);
    if (s.commands.length || record?.commandsDone.length) out.push(`- log: \`${LOG_DIR}/${s.id}.log\``);
    out.push('');
  }
  const manual = manualCommands(plan.steps, outcomes);
  if (manual.length) {
    out.push('## Commands not run', '', 'Run them in the folder that was upgraded, as they are:', '');
    for (const m of manual) out.push(`${m.title}:`, '', '```sh', ...m.lines, '```', '');
  }
  const followUps = plan.steps.flatMap((s) => s.followUps);
  if (followUps.length) {
    out.push('## Left to do by hand', '');
    for (const f of followUps) out.push(`- [ ] ${f}`);
    out.push('');
  }
  out.push(`Originals of changed files are in \`${STATE_DIR}/backup/\`.`, '');
  return out.join('\n');
}

/** Write the report atomically; returns its root-relative path. */
export async function writeReport(plan: Plan, state: UpgradeState, outcomes: Outcomes = {}): Promise<string> {
  writeAtomic(plan.root, path.join(plan.root, REPORT_FILE), maskSecrets(renderReport(plan, state, outcomes)), 0o644);
  return REPORT_FILE;
}
