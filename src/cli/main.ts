import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EngineEvent, UpgradeSession } from '../core/apply/session.js';
import { InputError, describeError, exitCodeOf } from '../core/errors.js';
import { escapeControl } from '../core/text/shown.js';
import type { RequestedOptions, StepId } from '../core/types.js';
import { clip as clipText } from '../ui/text.js';
import { USAGE, parseCliArgs, type CliArgs } from './args.js';

// The engine (zod, execa, fast-xml-parser, diff, iconv-lite, …) and Ink are
// imported once the mode is known: the wizard draws its first frame before
// loading them (issue 5: first screen under 300 ms), and --help/--version need none.
const engine = () => import('./engine.js');

/**
 * The wizard's first frame in plain text (title and "Scanning…"), written before
 * Ink and the engine are loaded; erased just before Ink draws the same screen.
 * Returns the escape sequence that erases it.
 */
function writeFirstFrame(io: Io, root: string, dir: string): string {
  const shown = path.normalize(dir) === '.' ? path.basename(root) : dir;
  const columns = Math.max((process.stdout.columns ?? 80) - 1, 20);
  const clip = (t: string) => clipText(t, columns);
  const bold = (t: string) => (process.env.NO_COLOR ? t : `\x1b[1m${t}\x1b[22m`);
  io.out(`${bold(clip(`duende-upgrade · ${shown}`))}\r\n${clip(`Scanning ${shown} and planning the upgrade…`)}`);
  // back to the first line's start, then clear to the end of the screen
  return '\r\x1b[1A\x1b[J';
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * The argument must be a folder. A solution or project file is a common first
 * guess: name the folder that holds it instead of failing later on the state file.
 */
function checkFolder(root: string, given: string): void {
  let stat;
  try {
    stat = statSync(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError('no such folder', { path: given }, 'Give the folder that holds the solution (.sln) or the projects.');
    throw new InputError(`cannot read it (${code ?? (error as Error).message})`, { path: given });
  }
  if (stat.isDirectory()) return;
  const kind = /\.(sln|slnx|slnf)$/i.test(given) ? 'a solution file' : /\.(cs|fs|vb)proj$/i.test(given) ? 'a project file' : 'a file';
  const parent = path.dirname(given);
  const run = `duende-upgrade ${/^[\w@%+=:,./-]+$/.test(parent) ? parent : `'${parent.replace(/'/g, `'\\''`)}'`}`;
  throw new InputError(`is ${kind}, not a folder; give the folder that holds the solution`, { path: given }, `Run: ${run}`);
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
  color: boolean;
}

const processIo = (): Io => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
});

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.mode === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (args.mode === 'version') {
      io.out(`${version()}\n`);
      return 0;
    }
    if (args.demo) {
      const { startDemo } = await import('./demo.js');
      const demo = await startDemo(io);
      // From the copy's parent, so the wizard's title names the solution, not the temp path.
      process.chdir(path.dirname(demo.root));
      args.dir = path.basename(demo.root);
      args.target = demo.target;
    }
    const root = path.resolve(args.dir);
    checkFolder(root, args.dir);
    const options: RequestedOptions = {
      ...(args.target !== undefined ? { target: args.target } : {}),
      ...(args.targetFramework !== undefined ? { targetFramework: args.targetFramework } : {}),
      ...(args.migrationName !== undefined ? { migrationName: args.migrationName } : {}),
      dbMode: args.dbMode,
      force: args.force,
      ...(args.rollForward ? { rollForward: true } : {}),
      keys: args.keys,
    };
    if (args.mode === 'wizard' && io.isTTY) {
      const erase = writeFirstFrame(io, root, args.dir);
      // The dotnet probes (cached per root and PATH) run in their own processes while Ink loads.
      const { probeTools, dotnetState } = await import('../core/env/probe.js');
      void probeTools(root);
      void dotnetState(root);
      const { runWizard } = await import('../ui/run-wizard.js');
      io.out(erase);
      const code = await runWizard({ root, dir: args.dir, options, restart: args.restart });
      if (args.demo) io.out(`The demo solution is in ${root}\n`);
      return code;
    }
    // Ctrl+C while planning: nothing was written, so stop at once and say so.
    const signals = new Signals(io);
    try {
      return await planAndRun(root, options, args, io, signals);
    } finally {
      signals.dispose();
    }
  } catch (error) {
    io.err(`duende-upgrade: ${describeError(error)}\n`);
    return exitCodeOf(error);
  }
}

/**
 * SIGINT and SIGTERM for the prompt-free modes, installed before planning.
 * While planning, the first one exits 130 at once (nothing was written yet);
 * while applying, it asks the session to stop at the next file boundary or
 * stop its command, and a second one exits at once.
 */
class Signals {
  count = 0;
  private session: UpgradeSession | undefined;
  private readonly handler = () => this.on();

  constructor(private readonly io: Io) {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
  }

  applying(session: UpgradeSession): void {
    this.session = session;
  }

  private on(): void {
    this.count++;
    if (!this.session) {
      this.io.err('\nInterrupted while planning: nothing was changed.\n');
      process.exit(130);
    }
    this.session.interrupt();
    if (this.count > 1) {
      this.io.err('\nInterrupted again: stopping now. Progress so far is saved; running again continues.\n');
      process.exit(130);
    }
  }

  dispose(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }
}

async function planAndRun(root: string, options: RequestedOptions, args: CliArgs, io: Io, signals: Signals): Promise<number> {
  const { forgetState, loadState, makePlan, resolveOptions, writePlanJson, renderPlan, renderDryRun, selectedSteps, UpgradeSession, assertStateDirInside, acquireLock, removeLeftovers } = await engine();
  // A .duende-upgrade that is a link (or holds one) would send our writes elsewhere: refused before anything.
  assertStateDirInside(root);
  const lock = args.mode === 'yes' ? acquireLock(root) : undefined;
  try {
    if (lock) removeLeftovers(root);
    if (args.restart && args.mode === 'yes') forgetState(root);
    const state = args.restart ? undefined : loadState(root);
    const plan = await makePlan(root, resolveOptions(options, state), state);
    // --plan and --dry-run show the steps --only/--skip select, as --yes would run them.
    const shown = selectedSteps(args.only, args.skip);
    switch (args.mode) {
      case 'plan':
        if (args.json) writePlanJson({ ...plan, steps: plan.steps.filter((s) => shown(s.id)) }, io.out);
        else io.out(renderPlan(plan, shown));
        return 0;
      case 'dry-run':
        io.out(renderDryRun(plan, io.color, shown));
        return 0;
      case 'wizard':
        io.out(renderPlan(plan));
        io.err('\nNot a terminal, so the wizard cannot ask. Pass --yes to apply the pending steps, --dry-run to see every change, or --plan to see this plan again.\n');
        return 2;
      case 'yes': {
        const session = new UpgradeSession(plan, state);
        await session.settleBegun();
        signals.applying(session);
        return await applyAll(session, args, io);
      }
      default:
        throw new Error(`no plan for mode ${args.mode}`);
    }
  } finally {
    lock?.release();
  }
}

/**
 * Apply the selected steps, then write .duende-upgrade/report.md and name it
 * (with --json, print the report's content as JSON instead, the progress going
 * to stderr). A run stopped by bad input before any step writes no report.
 */
async function applyAll(session: UpgradeSession, args: CliArgs, io: Io): Promise<number> {
  const progress: Io = args.json ? { ...io, out: io.err } : io;
  // A step blocked on its own, or whose dependency is not done and not part of this run, stops the
  // run before anything is written (no half-upgrades), the report included: exit 2 changes nothing.
  const { refusals } = await engine();
  const refused = refusals(session.plan.steps, selectedIds(session, args));
  if (refused.length > 0) {
    io.err(`duende-upgrade: nothing was changed:\n${refused.map((r) => `  ${r}\n`).join('')}`);
    return 2;
  }
  const code = await runSteps(session, args, progress);
  const { writeReport, buildReport, maskSecrets } = await engine();
  const rel = await writeReport(session.plan, session.state, session.outcomes, session.commandsRun);
  if (args.json) io.out(`${maskSecrets(JSON.stringify(buildReport(session.plan, session.state, session.outcomes, session.commandsRun), null, 2))}\n`);
  progress.out(`\nReport: ${path.join(args.dir, rel)}\n`);
  return code;
}

/** The steps this --yes run is asked to apply: --only/--skip over the ones with work left. */
function selectedIds(session: UpgradeSession, args: CliArgs): StepId[] {
  return session.plan.steps
    .filter(
      (s) =>
        (args.only.length === 0 ? s.kind !== 'optional' : args.only.includes(s.id)) &&
        !args.skip.includes(s.id) &&
        (s.status === 'pending' || s.status === 'blocked' || (s.status === 'skipped' && args.only.includes(s.id))),
    )
    .map((s) => s.id);
}

async function runSteps(session: UpgradeSession, args: CliArgs, io: Io): Promise<number> {
  const { commandLine } = await engine();
  let last: { title: string; files: number } | undefined;
  const stopped = () => {
    io.err(`Interrupted${last ? ` after ${last.title} (done, ${last.files} file${last.files === 1 ? '' : 's'} written)` : ' before the first step wrote anything'}. Run duende-upgrade again to continue.\n`);
    return 130;
  };
  {
    // Every file the selected steps will write is checked before the first write.
    const { checkChanges } = await engine();
    const ids = selectedIds(session, args);
    const selected = session.plan.steps.filter((s) => ids.includes(s.id));
    checkChanges(session.plan.workspace, selected.flatMap((s) => s.changes));
    // Files left alone (binary, undecodable, too large…) are named here as in --plan and --dry-run.
    for (const w of session.plan.warnings) io.out(`warning: ${escapeControl(w)}\n`);
    for (const id of session.plan.steps.map((s) => s.id)) {
      const s = session.step(id);
      // an optional step runs only when named in --only
      const wanted = args.only.length === 0 ? s.kind !== 'optional' : args.only.includes(id);
      if (!wanted && s.kind === 'optional' && s.status === 'pending' && !args.skip.includes(id)) {
        io.out(`– ${s.title}: optional, not run (pass --only ${id} to run it)\n`);
        continue;
      }
      if (!wanted || args.skip.includes(id)) {
        // a blocked step skipped on purpose is recorded too: the summary and report then say it was skipped
        if ((s.status === 'pending' || s.status === 'blocked') && args.skip.includes(id)) {
          await session.skip(id);
          io.out(`↷ ${s.title}: skipped\n`);
        }
        continue;
      }
      if (s.status === 'blocked') {
        io.err(`✖ ${s.title}: blocked: ${s.blocked?.reason ?? ''}\n`);
        return 2;
      }
      // --only names a step skipped in an earlier run: it runs again.
      const runnable = s.status === 'pending' || (s.status === 'skipped' && args.only.includes(id));
      if (!runnable) {
        const why = s.status === 'skipped' ? ' (skipped earlier; pass --only ' + id + ' to run it)' : '';
        io.out(`${s.status === 'done' ? '✔' : s.status === 'skipped' ? '↷' : '–'} ${s.title}: ${s.status === 'not-applicable' ? 'not needed' : s.status}${why}\n`);
        continue;
      }
      if (session.interrupted) return stopped();
      const { leftForPerson } = await engine();
      if (leftForPerson(s)) {
        // never "done" while the work is still there: it stays pending, for a person
        io.out(`○ ${s.title}: pending, left for you (nothing this tool can change)\n`);
        for (const f of s.followUps) io.out(`  by hand: ${f}\n`);
        continue;
      }
      io.out(`● ${s.title}\n`);
      if (s.variants && s.choice) {
        const v = s.variants.find((x) => x.id === s.choice);
        io.out(`  choice: ${v?.label ?? s.choice} (${v?.flags ?? `--keys ${s.choice}`})\n`);
        if (v?.caution) io.out(`  caution: ${v.caution}\n`);
      }
      for (const w of s.warnings) io.out(`  warning: ${escapeControl(w)}\n`);
      const outcome = await session.apply(id, (e) => printEvent(e, io, commandLine));
      if (outcome.status === 'interrupted') {
        // one line: the step, how many of its files were written, and that running again continues
        io.err(`✖ ${s.title}: ${outcome.message ?? 'interrupted'}. Run duende-upgrade again to continue from there.\n`);
        return 130;
      }
      if (outcome.status === 'failed') {
        io.err(`✖ ${s.title}: failed\n  ${outcome.message ?? ''}\n`);
        for (const line of outcome.tail ?? []) io.err(`  │ ${line}\n`);
        for (const e of outcome.leftInPlace ?? []) io.err(`  left in place: ${e.path}: ${e.what}. To undo it: ${e.undo}\n`);
        break;
      }
      await session.replan();
      // the plan made after the step says what was done (a decision step names the choice)
      const note = session.step(id).statusNote;
      io.out(`✔ ${s.title}: ${outcome.status === 'not-needed' ? 'nothing needed changing' : 'done'}${note ? ` (${note})` : ''}${outcome.files.length ? ` (${outcome.files.length} file${outcome.files.length === 1 ? '' : 's'})` : ''}\n`);
      last = { title: s.title, files: outcome.files.length };
      for (const f of s.followUps) io.out(`  by hand: ${escapeControl(f)}\n`);
    }
    if (session.interrupted) return stopped();
    const { verdictOf } = await engine();
    const verdict = verdictOf(session.plan.steps, session.outcomes);
    if (!verdict.allHandled) {
      io.err(`\nNot all steps handled (exit code ${verdict.exitCode}):\n`);
      for (const p of verdict.problems) io.err(`  ${p}\n`);
    }
    return verdict.exitCode;
  }
}

function printEvent(e: EngineEvent, io: Io, commandLine: (c: import('../core/types.js').PlannedCommand) => string): void {
  switch (e.type) {
    case 'file':
      io.out(`  ${escapeControl(e.path)}\n`);
      break;
    case 'command-start':
      io.out(`  $ ${commandLine(e.command)}\n`);
      break;
    case 'output':
      io.out(e.lines.map((l) => `  │ ${l}\n`).join(''));
      break;
    case 'command-end':
      io.out(`  ${e.result.exitCode === 0 ? 'ok' : `exit ${e.result.exitCode}`} in ${(e.result.durationMs / 1000).toFixed(1)} s\n`);
      break;
  }
}
