import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeAtomic } from '../apply/atomic.js';
import { describeTarget, dataTarget, targetLines } from '../db/connection.js';
import { analyzeEfFailure, compilerErrors } from '../db/failure.js';
import { checkMigration, describeOperation } from '../db/migration-check.js';
import { dataRisks, describeRisk } from '../db/data-risks.js';
import { schemaChanges } from '../db/schema-delta.js';
import { patchServerSideSessionsKey, needsServerSideSessionsPatch } from '../db/sss-patch.js';
import { describePair, IS4_SOURCE, migrationNameFor } from '../releases.js';
import { findOnPath, majorOf, projectEf } from '../db/preflight.js';
import { compareVersions, localEfTool, newManifestPath, planEfTool } from '../db/ef-tool.js';
import { checkRuntime, runtimeNeed, type RuntimeProblem } from '../db/runtime-check.js';
import { probeDotnetEfSync, type DotnetTools } from '../env/probe.js';
import { CommandError } from '../errors.js';
import type { RunResult } from '../run/runner.js';
import { efContextNames } from '../scan/ef.js';
import type { EfContext } from '../scan/model.js';
import type { Evidence, FileChange, PlanOptions, PlannedCommand, StepPlan, StepVariant } from '../types.js';
import { packageReferenceInsert } from './version-sites.js';
import { usesCentralVersions } from '../scan/source.js';
import type { ApplyContext, Step, StepContext } from './step.js';

/** A failure of the step that is not a command's exit code, e.g. the migration check. Exit code 1. */
export class DatabaseStepError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseStepError';
  }
}

/** The version the solution starts from. */
export function sourceOf(options: PlanOptions): string {
  return options.source ?? IS4_SOURCE;
}

/** The migration the step adds: the name given, else the one Duende's guide uses for the pair. */
export function migrationNameOf(options: PlanOptions): string {
  return options.migrationName ?? migrationNameFor(sourceOf(options), options.target);
}

/** One store context and what remains to do for it. */
interface ContextWork {
  context: EfContext;
  /** Stable prefix of its command ids: the store, or the context name when one store has several contexts; host-qualified when there are several hosts. */
  key: string;
  /** The context in messages: its name, with its host when there are several. */
  label: string;
  /** The context in file names. */
  fileLabel: string;
  /** The store's schema is the same at the source and the target: no migration. */
  unchanged: boolean;
  /** The new migration already exists on disk (added by hand or by an earlier run). */
  migrationExists: boolean;
  /** An earlier run added the migration but was stopped before the database got it. */
  applyPending: boolean;
  /** Root-relative folder that receives the new migration. */
  outDirRel: string;
  /** The same folder, relative to the migrations project (dotnet ef's -o). */
  outDirArg: string;
  projectArg?: string;
  startupArg?: string;
}

const DESIGN = 'Microsoft.EntityFrameworkCore.Design';

function contextWork(ctx: StepContext): ContextWork[] {
  const { contexts } = ctx.scan.ef;
  const names = efContextNames(contexts);
  const record = ctx.earlier.record('database');
  const resumable = record && (record.status === 'interrupted' || record.status === 'failed') ? record.commandsDone : [];
  const name = migrationNameOf(ctx.options);
  const source = sourceOf(ctx.options);
  return contexts.map((c, i) => {
    const { key, label, fileLabel } = names[i]!;
    const projectDir = c.migrationsProject ? path.posix.dirname(c.migrationsProject) : '.';
    const outDirRel = c.migrationsDir ?? path.posix.join(projectDir, 'Migrations', c.name);
    const outDirArg = path.posix.relative(projectDir === '.' ? '' : projectDir, outDirRel) || '.';
    const migrationExists = c.migrations.some((id) => id === name || id.endsWith(`_${name}`)) || findNewMigration(ctx.root, outDirRel, name) !== undefined;
    const applied = resumable.includes(`${key}:update`) || resumable.includes(`${key}:script`);
    return {
      context: c,
      key,
      label,
      fileLabel,
      unchanged: !schemaChanges(c.store, source, ctx.options.target),
      migrationExists,
      applyPending: migrationExists && resumable.includes(`${key}:add`) && !applied,
      outDirRel,
      outDirArg,
      projectArg: c.migrationsProject,
      startupArg: c.startupProject,
    };
  });
}

/** The generated migration's main file (not its .Designer.cs), if it is on disk. */
function findNewMigration(root: string, dirRel: string, name: string): string | undefined {
  const abs = path.join(root, ...dirRel.split('/'));
  if (!existsSync(abs)) return undefined;
  const file = readdirSync(abs)
    .filter((f) => f === `${name}.cs` || new RegExp(`^\\d+_${name}\\.cs$`).test(f))
    .sort()
    .pop();
  return file ? path.join(abs, file) : undefined;
}

const isPending = (w: ContextWork) => !w.unchanged && (!w.migrationExists || w.applyPending);

function projectArgs(w: ContextWork): string[] {
  return [...(w.projectArg ? ['--project', w.projectArg] : []), ...(w.startupArg ? ['--startup-project', w.startupArg] : [])];
}

function commandsFor(ctx: StepContext, works: ContextWork[]): PlannedCommand[] {
  const name = migrationNameOf(ctx.options);
  const adds: PlannedCommand[] = [];
  const applies: PlannedCommand[] = [];
  for (const w of works.filter(isPending)) {
    const c = w.context;
    if (!w.migrationExists) {
      adds.push({
        id: `${w.key}:add`,
        title: `Add migration ${name} for ${w.label}`,
        file: 'dotnet',
        args: ['ef', 'migrations', 'add', name, '-c', c.name, '-o', w.outDirArg, ...projectArgs(w)],
        cwd: ctx.root,
        ...efEnv(ctx),
        purpose: { kind: 'migration-add', context: w.key },
      });
    }
    if (ctx.options.dbMode === 'script') {
      const from = c.migrations.filter((id) => !(id === name || id.endsWith(`_${name}`))).at(-1) ?? '0';
      // EF Core's SQLite provider refuses idempotent scripts ("not currently supported by SQLite").
      const idempotent = providerOf(ctx, c) !== 'SQLite';
      applies.push({
        id: `${w.key}:script`,
        title: `Write the SQL script for ${w.label}`,
        file: 'dotnet',
        args: ['ef', 'migrations', 'script', from, name, ...(idempotent ? ['--idempotent'] : []), '-o', scriptPath(name, w.fileLabel), '-c', c.name, ...projectArgs(w)],
        cwd: ctx.root,
        ...efEnv(ctx),
        purpose: { kind: 'migration-script', context: w.key },
      });
    } else {
      applies.push({
        id: `${w.key}:update`,
        title: `Update the database of ${w.label}`,
        file: 'dotnet',
        args: ['ef', 'database', 'update', '-c', c.name, ...projectArgs(w)],
        cwd: ctx.root,
        ...efEnv(ctx),
        purpose: { kind: 'database-update', context: w.key },
      });
    }
  }
  // Every migration is added and checked before any database is touched.
  return [...adds, ...applies];
}

/** DOTNET_ROLL_FORWARD=Major for the dotnet ef commands alone, when the person chose roll-forward. */
function efEnv(ctx: StepContext): { env?: Record<string, string> } {
  return ctx.options.rollForward ? { env: { DOTNET_ROLL_FORWARD: 'Major' } } : {};
}

function registrationFiles(c: EfContext): string[] {
  return [...new Set(c.evidence.filter((e) => e.note?.endsWith('store registration')).map((e) => e.path))];
}

function providerOf(ctx: StepContext, c: EfContext): string | undefined {
  return dataTarget(ctx.workspace, registrationFiles(c), c.startupProject).provider;
}

export function scriptPath(migrationName: string, context: string): string {
  return `duende-upgrade-sql/${migrationName}.${context}.sql`;
}

/** The EF Core version the tool must match: the startup project's, else the migrations project's. */
function efVersionFor(ctx: StepContext, works: ContextWork[]): string | undefined {
  for (const w of works) {
    for (const p of [w.startupArg, w.projectArg]) {
      if (!p) continue;
      const v = projectEf(ctx.workspace, ctx.scan, p).efCoreVersion;
      if (v && majorOf(v)) return v;
    }
  }
  return undefined;
}

/** The tools probed when the plan began; a blocking probe only for a plan made straight from a scan. */
function toolsOf(ctx: StepContext): DotnetTools {
  if (ctx.tools) return ctx.tools;
  const dotnetPath = findOnPath('dotnet');
  return dotnetPath ? { dotnetPath, ef: probeDotnetEfSync(ctx.root) } : {};
}

interface Preflight {
  warnings: string[];
  commands: PlannedCommand[];
  changes: FileChange[];
}

/** The startup project the commands run (the first pending context's), with its framework. */
function startupOf(ctx: StepContext, works: ContextWork[]): { project: string; framework?: string; web: boolean } | undefined {
  const w = works.filter(isPending).find((x) => x.startupArg ?? x.projectArg);
  const project = w?.startupArg ?? w?.projectArg;
  if (!project) return undefined;
  const info = ctx.scan.projects.find((p) => p.path === project);
  // the scanner read the project's Sdk (attribute or <Sdk> element); a web or Razor SDK needs ASP.NET Core's runtime too
  const web = /^Microsoft\.NET\.Sdk\.(Web|Razor)\b/i.test(info?.sdk ?? '');
  return { project, framework: info?.targetFrameworks[0], web };
}

/** The runtime and SDK problem that stops the step before its first command, if any (from the probed tools). */
export function runtimeProblemOf(ctx: StepContext, works: ContextWork[]): RuntimeProblem | undefined {
  const tools = toolsOf(ctx);
  const startup = startupOf(ctx, works);
  if (!startup?.framework || !tools.runtimes) return undefined;
  const need = runtimeNeed(startup.framework, startup.web);
  if (!need) return undefined;
  const problem = checkRuntime(startup.project, need, tools.runtimes, tools.sdk);
  // Roll-forward answers a missing runtime when a later major is there; it cannot make an SDK build a newer framework.
  if (problem?.kind === 'runtime-missing' && ctx.options.rollForward && problem.rollForwardTo) return undefined;
  return problem;
}

function preflight(ctx: StepContext, works: ContextWork[]): Preflight {
  const out: Preflight = { warnings: [], commands: [], changes: [] };
  const efVersion = efVersionFor(ctx, works);
  const tools = toolsOf(ctx);
  const startup = startupOf(ctx, works);
  if (!tools.dotnetPath || !tools.ef) {
    out.warnings.push('dotnet is not on PATH: install the .NET SDK (https://dotnet.microsoft.com/download) before this step can run.');
  } else {
    const problem = runtimeProblemOf(ctx, works);
    if (problem) out.warnings.push(`${problem.message} The step stops before its first command. ${problem.fixes.join(' ')}`);
    if (ctx.options.rollForward) out.warnings.push('Roll-forward chosen: the dotnet ef commands run with DOTNET_ROLL_FORWARD=Major (set for them alone).');
    // ef.dll runs on the startup project's runtime; with roll-forward chosen, that is the later major the host rolls to.
    const rolled = ctx.options.rollForward ? runtimeProblemOf({ ...ctx, options: { ...ctx.options, rollForward: false } }, works)?.rollForwardTo : undefined;
    const runsOn = rolled ? `net${rolled.split('.').slice(0, 2).join('.')}` : startup?.framework;
    const choice = planEfTool(ctx.root, tools.ef, efVersion, runsOn);
    if (choice.kind === 'use') {
      out.warnings.push(`Uses the installed dotnet-ef ${choice.version} (${choice.scope} tool): it serves EF Core ${efVersion ?? '(version not read)'}${startup?.framework ? ` on ${startup.framework}` : ''}${rolled ? ` rolled forward to .NET ${rolled}` : ''}.`);
    } else if (choice.kind === 'install-local') {
      if (choice.createManifest) {
        out.commands.push({ id: 'tool:manifest', title: `Create a local tool manifest (${newManifestPath(tools.sdk)})`, file: 'dotnet', args: ['new', 'tool-manifest'], cwd: ctx.root, purpose: { kind: 'tool-manifest' } });
      }
      const local = localEfTool(ctx.root);
      const downgrade = local?.version && compareVersions(local.version, choice.version) > 0;
      out.commands.push({
        id: `tool:dotnet-ef:${choice.version}`,
        title: `Install dotnet-ef ${choice.version} as a local tool`,
        file: 'dotnet',
        args: ['tool', 'install', '--local', 'dotnet-ef', '--version', choice.version, ...(downgrade ? ['--allow-downgrade'] : [])],
        cwd: ctx.root,
        purpose: { kind: 'tool-install', tool: 'dotnet-ef', version: choice.version },
      });
      out.warnings.push(
        `${choice.reason}: the step installs dotnet-ef ${choice.version} (the project's EF Core version) as a local tool, ${choice.createManifest ? `creating ${newManifestPath(tools.sdk)} in this folder` : `recorded in ${path.relative(ctx.root, local!.manifest) || local!.manifest}`} (commit it; \`dotnet tool restore\` brings it back). Global tools are never changed.`,
      );
    } else {
      out.warnings.push(`${choice.reason}. Install a dotnet-ef that matches the project's EF Core version as a local tool (dotnet new tool-manifest; dotnet tool install dotnet-ef --version <EF Core version>), then run again.`);
    }
  }
  // dotnet ef reads project metadata before it builds, and that needs restored assets: a fresh clone has none.
  const involved = [...new Set(works.filter(isPending).flatMap((w) => [w.startupArg, w.projectArg]).filter((p): p is string => !!p))];
  for (const project of involved) {
    if (existsSync(path.join(ctx.root, path.dirname(project), 'obj', 'project.assets.json'))) continue;
    out.commands.push({ id: `preflight:restore:${project}`, title: `Restore ${project}`, file: 'dotnet', args: ['restore', project], cwd: ctx.root, purpose: { kind: 'restore', project } });
    out.warnings.push(`${project} has not been restored (no obj/project.assets.json), which dotnet ef needs first; the step runs dotnet restore.`);
  }
  const startups = [...new Set(works.filter(isPending).map((w) => w.startupArg).filter((p): p is string => !!p))];
  for (const startup of startups) {
    const facts = projectEf(ctx.workspace, ctx.scan, startup);
    if (facts.hasEfDesign) continue;
    const version = facts.efCoreVersion ?? efVersion;
    const central = usesCentralVersions(ctx.scan);
    const file = ctx.workspace.tryRead(startup);
    if (version && !central && file.ok && /^\d[\w.-]*$/.test(version)) {
      // An edit, not `dotnet add package`: it shows as a diff in the preview, needs no network, and goes through apply's hash check and backup.
      const splice = packageReferenceInsert(file.file, DESIGN, version);
      // the line it will be on once written, so the undo can name it
      const before = file.file.text.slice(0, splice.start) + splice.text.slice(0, splice.text.indexOf('<PackageReference'));
      const line = before.split('\n').length;
      out.changes.push({
        kind: 'edit',
        path: startup,
        splices: [splice],
        undo: {
          what: `added ${DESIGN} ${version} (line ${line}), which dotnet ef needs on the startup project`,
          how: `delete line ${line} of ${startup}: <PackageReference Include="${DESIGN}" Version="${version}" />`,
        },
      });
      out.warnings.push(`${startup} does not reference ${DESIGN}, which dotnet ef needs on the startup project; it is added at EF Core ${version}.`);
    } else {
      out.warnings.push(
        `${startup} does not reference ${DESIGN}, which dotnet ef needs on the startup project. Add it${version ? ` at ${version}` : ''}: dotnet add ${startup} package ${DESIGN}${version ? ` --version ${version}` : ''}${central ? ' (with central package management, add its PackageVersion to Directory.Packages.props)' : ''}.`,
      );
    }
  }
  return out;
}

export const databaseStep: Step = {
  id: 'database',
  kind: 'decision',
  title: 'Add and apply the EF Core migrations',
  why: 'Duende IdentityServer 5 adds a Keys table to the operational store and new columns and tables to the configuration store.',
  dependsOn: [
    {
      step: 'packages',
      notApplicableIsEnough: false,
      consequence: 'the migration holds none of the Duende schema changes: it would be made from the IdentityServer4 model (or fail to build).',
    },
  ],
  detect(ctx) {
    const { ef } = ctx.scan;
    if (ef.contexts.length === 0 && ef.warnings?.length) {
      const evidence = [...ef.storeRegistrations, ...ef.migrationsAssemblies];
      if (ef.storeRegistrations.length === 0) {
        return { status: 'not-applicable', evidence, warnings: ['No EF Core store is registered in active code, so there is no database to migrate; migrations found for one are listed below.', ...ef.warnings] };
      }
      const pair = describePair(sourceOf(ctx.options), ctx.options.target);
      if (!schemaChanges('operational', sourceOf(ctx.options), ctx.options.target) && !schemaChanges('configuration', sourceOf(ctx.options), ctx.options.target)) {
        return { status: 'not-applicable', evidence, warnings: [`The store schema does not change from ${pair}, so no migration is needed.`, ...ef.warnings] };
      }
      // Stores are registered and their schema changes, but no migration could be tied to a host safely:
      // never "not needed" (the host would meet the old schema); blocked, with what to do by hand.
      const name = migrationNameOf(ctx.options);
      const where = ef.storeRegistrations[0]!;
      return {
        status: 'blocked',
        blocked: {
          reason:
            `EF Core stores are registered (${where.path}:${where.line}) and their schema changes from ${pair}, but this tool cannot tie their migrations to one host and project safely (see the warnings), so it cannot add them. ` +
            `Add and apply the ${name} migration for each store's DbContext by hand (PersistedGrantDbContext and ConfigurationDbContext, or the classes derived from them that the warnings name): dotnet ef migrations add ${name} -c <context> with the --project that holds its migrations and the host as --startup-project, then dotnet ef database update -c <context>; or run with --skip database to upgrade the code first.`,
        },
        evidence,
        warnings: [...ef.warnings],
      };
    }
    if (ef.contexts.length === 0) {
      return {
        status: 'not-applicable',
        evidence: [],
        warnings: ['No EF Core stores: AddOperationalStore/AddConfigurationStore are not used (in-memory configuration), so there is no database to migrate.'],
      };
    }
    const works = contextWork(ctx);
    const evidence: Evidence[] = [];
    const seen = new Set<string>();
    for (const c of ef.contexts) {
      for (const e of c.evidence) {
        const k = `${e.path}:${e.line}`;
        if (!seen.has(k)) evidence.push(e);
        seen.add(k);
      }
    }
    evidence.push(...ef.migrationsAssemblies);
    const warnings: string[] = [...(ef.warnings ?? [])];
    const name = migrationNameOf(ctx.options);
    const pair = describePair(sourceOf(ctx.options), ctx.options.target);
    if (works.every((w) => w.unchanged)) {
      return { status: 'not-applicable', evidence, warnings: [...warnings, `The store schema does not change from ${pair}, so no migration is needed.`] };
    }
    for (const w of works) {
      const c = w.context;
      if (w.unchanged) {
        warnings.push(`${w.label}: its schema does not change from ${pair}, so it gets no migration.`);
        continue;
      }
      if (!c.startupProject) warnings.push(`${w.label}: no host project registers this store, so dotnet ef gets no --startup-project; pass one by hand if the command fails.`);
      if (!c.migrationsDir && !w.migrationExists) warnings.push(`${w.label}: no existing migrations were found for it, so the new one goes to ${w.outDirRel}.`);
      if (w.migrationExists && !w.applyPending) warnings.push(`${w.label}: migration ${name} already exists, so this context counts as done.`);
      if (w.applyPending) warnings.push(`${w.label}: migration ${name} was added by an interrupted run; the database still needs it.`);
    }
    return { status: works.some(isPending) ? 'pending' : 'done', evidence, warnings };
  },
  plan(ctx) {
    const works = contextWork(ctx);
    const own = workOf(ctx, works);
    // The wizard's choices: update now, or scripts for a DBA (skip is the wizard's own). When the host's
    // runtime is missing but a later one is here, both run the dotnet ef commands with roll-forward,
    // since without it neither could run; the caution says the risk.
    const problem = runtimeProblemOf({ ...ctx, options: { ...ctx.options, rollForward: false } }, works);
    const rollForward = ctx.options.rollForward || (problem?.kind === 'runtime-missing' && problem.rollForwardTo !== undefined);
    const variants: StepVariant[] = (['update', 'script'] as const).map((dbMode) => {
      const options = { ...ctx.options, dbMode, ...(rollForward ? { rollForward: true } : {}) };
      const work = dbMode === ctx.options.dbMode && Boolean(options.rollForward) === Boolean(ctx.options.rollForward) ? own : workOf({ ...ctx, options }, works);
      const to = rollForward && problem?.rollForwardTo ? problem.rollForwardTo : undefined;
      const label = to
        ? dbMode === 'update'
          ? `Roll forward to .NET ${to}, then apply now`
          : `Roll forward to .NET ${to}, then write SQL scripts only`
        : dbMode === 'update'
          ? 'Apply now: add the migrations, update the database'
          : 'Script only: add the migrations, write SQL for a DBA';
      return {
        id: dbMode,
        label,
        // the risk in one line, fitting 80 columns with the wizard's "! Caution: "
        ...(to && !ctx.options.rollForward ? { caution: `the startup code runs on .NET ${to}, not the ${problem!.need} it targets.` } : {}),
        options: { dbMode, ...(rollForward ? { rollForward: true } : {}) },
        flags: `--db ${dbMode}${rollForward ? ' --roll-forward' : ''}`,
        changes: work.changes,
        commands: work.commands,
        warnings: work.warnings,
        followUps: work.followUps,
      };
    });
    const pending = works.filter(isPending);
    const touches = [...new Set(pending.flatMap((w) => targetLines(dataTarget(ctx.workspace, registrationFiles(w.context), w.context.startupProject))))];
    const contexts = pending.map((w) => w.context.name).join(' and ');
    return {
      ...own,
      variants,
      // --yes without --roll-forward keeps the commands that stop before running; the wizard picks a variant
      ...(rollForward && !ctx.options.rollForward ? {} : { choice: ctx.options.dbMode }),
      touches,
      skipConsequence: `Duende IdentityServer ${ctx.options.target} would run against a database schema it does not expect (${contexts} without the ${describePair(sourceOf(ctx.options), ctx.options.target)} changes) and fail on the missing tables and columns until the migrations are applied. The commands to apply them are listed in the summary and the report.`,
    };
  },
  async run(ctx, plan) {
    await runDatabase(ctx, plan);
  },
};

/** What the step does with these options: the file changes, the commands, and the notes. */
function workOf(ctx: StepContext, works: ContextWork[]): { changes: FileChange[]; commands: PlannedCommand[]; warnings: string[]; followUps: string[] } {
  const pre = preflight(ctx, works);
  const followUps: string[] = [];
  const warnings = [...pre.warnings, ...riskWarnings(ctx, works.filter(isPending))];
  if (ctx.options.dbMode === 'script') {
    for (const w of works.filter(isPending)) {
      const sqlite = providerOf(ctx, w.context) === 'SQLite';
      followUps.push(
        `Give ${scriptPath(migrationNameOf(ctx.options), w.fileLabel)} to whoever applies SQL to the ${w.label} database${sqlite ? ' (SQLite: EF Core cannot make it idempotent, so apply it exactly once, to a database at the previous migration)' : ''}.`,
      );
    }
  }
  return { changes: pre.changes, commands: [...pre.commands, ...commandsFor(ctx, works)], warnings, followUps };
}

async function runDatabase(ctx: ApplyContext, plan: StepPlan): Promise<void> {
  const notice = (lines: string[]) => ctx.notice?.(lines);
  const tools = toolsOf(ctx);
  if (!tools.dotnetPath) throw new DatabaseStepError('dotnet is not on PATH. Install the .NET SDK, then run again.');
  const works = contextWork(ctx);
  const byKey = new Map(works.map((w) => [w.key, w]));
  const contextNames = ctx.scan.ef.contexts.map((c) => c.name);
  // Before the first command: a startup project that cannot run here would fail every dotnet ef command.
  const problem = runtimeProblemOf(ctx, works);
  if (problem) throw new DatabaseStepError([`${problem.message} Nothing was run.`, ...problem.fixes].join('\n  '));
  const installHint = `dotnet new tool-manifest (once, in ${ctx.root}); dotnet tool install --local dotnet-ef --version ${efVersionFor(ctx, works) ?? '<EF Core version>'}`;
  const fail = async (command: PlannedCommand, r: RunResult): Promise<never> => {
    let lines = r.tail;
    // dotnet ef only says "Build failed."; a build of the startup project names the errors.
    if (/^Build failed\./m.test(r.tail.join('\n')) && compilerErrors(r.tail).length === 0) {
      const after = (flag: string) => (command.args.includes(flag) ? command.args[command.args.indexOf(flag) + 1] : undefined);
      const startup = after('--startup-project') ?? after('--project');
      if (startup && !ctx.runner.running) {
        // Through the same door as every command: live output, the step's log, and no MSBuild node outliving the step.
        const build = await ctx.runCommand({
          id: `diagnose:build:${startup}:${Date.now()}`,
          title: `Build ${startup} to find the errors`,
          file: 'dotnet',
          args: ['build', startup, '--nologo', '-nodeReuse:false'],
          cwd: ctx.root,
          purpose: { kind: 'build', target: startup },
        });
        if (build !== 'already-done') lines = [...r.tail, ...build.tail];
      }
    }
    const a = analyzeEfFailure(lines, { contexts: contextNames, installCommand: installHint, root: ctx.root });
    throw new CommandError([`${command.title} failed (exit ${r.exitCode}). ${a.cause}`, ...a.details.map((d) => `  ${d}`)].join('\n'), command.file, command.args, r.exitCode, r.tail.slice(-20));
  };

  let checked = false;
  for (const command of plan.commands) {
    const purpose = command.purpose;
    if (purpose?.kind === 'tool-manifest' && localEfTool(ctx.root) && !path.relative(ctx.root, localEfTool(ctx.root)!.manifest).startsWith('..')) {
      notice(['A local tool manifest is already there; not creating another.']);
      continue;
    }
    if (purpose?.kind === 'tool-manifest' || purpose?.kind === 'tool-install' || purpose?.kind === 'restore') {
      const r = await ctx.runCommand(command);
      if (r !== 'already-done' && r.exitCode !== 0) await fail(command, r);
      continue;
    }
    const kind = purpose?.kind;
    const w = purpose && 'context' in purpose ? byKey.get(purpose.context) : undefined;
    if (kind === 'migration-add' && w) {
      const existing = findNewMigration(ctx.root, w.outDirRel, migrationNameOf(ctx.options));
      if (existing) {
        // Resume after an interruption: never add the same migration twice.
        notice([`${path.relative(ctx.root, existing)} already exists; not adding it again.`]);
        continue;
      }
    }
    if ((kind === 'database-update' || kind === 'migration-script') && !checked) {
      patchNewMigrations(ctx, works.filter(isPending), notice);
      checkNewMigrations(ctx, works.filter(isPending), notice);
      checked = true;
      if (ctx.options.dbMode === 'update') {
        notice(describeTargets(ctx, works.filter(isPending)));
        const risks = riskWarnings(ctx, works.filter(isPending));
        if (risks.length > 0) notice(['Before the databases change, check the data the migrations may fail on:', ...risks]);
      }
    }
    const r = await ctx.runCommand(command);
    if (r !== 'already-done' && r.exitCode !== 0) await fail(command, r);
  }
}

/** The data each pending context's migration may fail on, with the queries to check it. */
function riskWarnings(ctx: StepContext, works: ContextWork[]): string[] {
  const out: string[] = [];
  for (const w of works) {
    for (const r of dataRisks(w.context.store, sourceOf(ctx.options), ctx.options.target, providerOf(ctx, w.context))) out.push(describeRisk(r, w.label));
  }
  return out;
}

/**
 * From 6.1–6.3 to 7.0 or later, ServerSideSessions.Id goes from int to bigint while
 * it is the primary key: SQL Server refuses the generated AlterColumn unless the key
 * is dropped before and added again after it, so the new migration is patched.
 */
function patchNewMigrations(ctx: ApplyContext, works: ContextWork[], notice: (lines: string[]) => void): void {
  if (!needsServerSideSessionsPatch(sourceOf(ctx.options), ctx.options.target)) return;
  for (const w of works) {
    if (w.context.store !== 'operational') continue;
    const file = findNewMigration(ctx.root, w.outDirRel, migrationNameOf(ctx.options));
    if (!file) continue;
    const rel = path.relative(ctx.root, file).split(path.sep).join('/');
    const result = patchServerSideSessionsKey(readFileSync(file, 'utf8'));
    if (result.kind === 'patched') {
      writeAtomic(ctx.root, file, result.text);
      notice([`${rel}: ServerSideSessions.Id changes from int to bigint while it is the primary key; the migration now drops PK_ServerSideSessions before the change and adds it again after (in Up and Down), which SQL Server needs.`]);
    } else if (result.kind === 'no-alter') {
      notice([`${rel}: has no AlterColumn for ServerSideSessions.Id (int → bigint), which some EF versions leave out; the column stays int. Add the change by hand (drop PK_ServerSideSessions, alter Id to bigint, add the key again) if you want the 7.0 schema exactly.`]);
    }
  }
}

/** Compare each new migration with the pair's schema delta; anything else stops the step unless --force. */
function checkNewMigrations(ctx: ApplyContext, works: ContextWork[], notice: (lines: string[]) => void): void {
  const problems: string[] = [];
  const source = sourceOf(ctx.options);
  for (const w of works) {
    const file = findNewMigration(ctx.root, w.outDirRel, migrationNameOf(ctx.options));
    const rel = file ? path.relative(ctx.root, file).split(path.sep).join('/') : undefined;
    if (!file || !rel) {
      problems.push(`${w.label}: the new migration was not found in ${w.outDirRel}, so it could not be checked.`);
      continue;
    }
    const result = checkMigration(readFileSync(file, 'utf8'), w.context.store, ctx.options.target, source);
    if (result.unknown) {
      problems.push(`${rel}: there is no schema data for ${describePair(source, ctx.options.target)}, so its operations could not be checked.`);
      continue;
    }
    if (result.missing.length) notice([`${rel}: lacks ${result.missing.join(', ')} — does the project build against Duende ${ctx.options.target} yet?`]);
    if (result.unexpected.length) {
      problems.push(`${rel} holds operations beyond the known ${describePair(source, ctx.options.target)} schema change:`, ...result.unexpected.map((o) => `  ${describeOperation(o)}`));
    } else {
      notice([`${rel}: only the expected schema changes (${result.operations.length} operation${result.operations.length === 1 ? '' : 's'}).`]);
    }
  }
  if (problems.length === 0) return;
  if (ctx.options.force) {
    notice([...problems, 'Going on because --force was given.']);
    return;
  }
  throw new DatabaseStepError(
    [...problems, 'The database was not changed. Review the migration; run again with --force to apply it anyway, or remove it (dotnet ef migrations remove) and fix the model.'].join('\n  '),
  );
}

function describeTargets(ctx: ApplyContext, works: ContextWork[]): string[] {
  const lines: string[] = [];
  for (const w of works) {
    lines.push(...describeTarget(dataTarget(ctx.workspace, registrationFiles(w.context), w.context.startupProject), w.label));
  }
  return lines;
}
