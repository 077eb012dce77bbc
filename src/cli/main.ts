import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EngineEvent, UpgradeSession } from '../core/apply/session.js';
import { InputError, describeError, exitCodeOf } from '../core/errors.js';
import type { RequestedOptions } from '../core/types.js';
import { clip as clipText } from '../ui/text.js';
import { USAGE, parseCliArgs, type CliArgs } from './args.js';

// The engine (zod, execa, fast-xml-parser, diff, iconv-lite, …) and Ink are
// imported once the mode is known: the wizard draws its first frame before
// loading them (issue 5: first screen under 300 ms), and --help/--version need none.
const engine = async () => {
  const [state, session, plan, json, render] = await Promise.all([
    import('../core/apply/state.js'),
    import('../core/apply/session.js'),
    import('../core/plan/plan.js'),
    import('../core/plan/json.js'),
    import('./render.js'),
  ]);
  return { ...state, ...session, ...plan, ...json, ...render };
};

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
      args.dir = demo.root;
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
    const { STATE_FILE, loadState, makePlan, resolveOptions, writePlanJson, renderPlan, renderDryRun, selectedSteps, UpgradeSession } = await engine();
    if (args.restart && args.mode === 'yes') rmSync(path.join(root, STATE_FILE), { force: true });
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
      case 'yes':
        return await applyAll(new UpgradeSession(plan, state), args, io);
    }
  } catch (error) {
    io.err(`duende-upgrade: ${describeError(error)}\n`);
    return exitCodeOf(error);
  }
}

async function applyAll(session: UpgradeSession, args: CliArgs, io: Io): Promise<number> {
  const { commandLine } = await import('./render.js');
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (session.runner.running) session.runner.interrupt();
    if (interrupts > 1) {
      io.err('\nInterrupted again: stopping now. Progress so far is saved.\n');
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // Every file the selected steps will write is checked before the first write.
    const { checkChanges } = await import('../core/apply/apply.js');
    const selected = session.plan.steps.filter(
      (s) => (args.only.length === 0 || args.only.includes(s.id)) && !args.skip.includes(s.id) && (s.status === 'pending' || (s.status === 'skipped' && args.only.includes(s.id))),
    );
    checkChanges(session.plan.workspace, selected.flatMap((s) => s.changes));
    for (const id of session.plan.steps.map((s) => s.id)) {
      const s = session.step(id);
      const wanted = args.only.length === 0 || args.only.includes(id);
      if (!wanted || args.skip.includes(id)) {
        if (s.status === 'pending' && args.skip.includes(id)) {
          await session.skip(id);
          io.out(`↷ ${s.title}: skipped\n`);
        }
        continue;
      }
      // --only names a step skipped in an earlier run: it runs again.
      const runnable = s.status === 'pending' || (s.status === 'skipped' && args.only.includes(id));
      if (!runnable) {
        const why = s.status === 'skipped' ? ' (skipped earlier; pass --only ' + id + ' to run it)' : '';
        io.out(`${s.status === 'done' ? '✔' : s.status === 'skipped' ? '↷' : '–'} ${s.title}: ${s.status === 'not-applicable' ? 'not needed' : s.status}${why}\n`);
        continue;
      }
      if (interrupts > 0) return 130;
      io.out(`● ${s.title}\n`);
      for (const w of s.warnings) io.out(`  warning: ${w}\n`);
      const outcome = await session.apply(id, (e) => printEvent(e, io, commandLine));
      if (outcome.status === 'interrupted') {
        io.err(`✖ ${s.title}: interrupted. Run again to carry on from here.\n`);
        return 130;
      }
      if (outcome.status === 'failed') {
        io.err(`✖ ${s.title}: failed\n  ${outcome.message ?? ''}\n`);
        for (const line of outcome.tail ?? []) io.err(`  │ ${line}\n`);
        break;
      }
      io.out(`✔ ${s.title}: ${outcome.status === 'not-needed' ? 'nothing needed changing' : 'done'}${outcome.files.length ? ` (${outcome.files.length} file${outcome.files.length === 1 ? '' : 's'})` : ''}\n`);
      for (const f of s.followUps) io.out(`  by hand: ${f}\n`);
      await session.replan();
    }
    if (interrupts > 0) return 130;
    const { verdictOf } = await import('../core/outcome.js');
    const verdict = verdictOf(session.plan.steps, session.outcomes);
    if (!verdict.allHandled) {
      io.err(`\nNot all steps handled (exit code ${verdict.exitCode}):\n`);
      for (const p of verdict.problems) io.err(`  ${p}\n`);
    }
    return verdict.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function printEvent(e: EngineEvent, io: Io, commandLine: (c: import('../core/types.js').PlannedCommand) => string): void {
  switch (e.type) {
    case 'file':
      io.out(`  ${e.path}\n`);
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
