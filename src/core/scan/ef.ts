import path from 'node:path';
import { existsSync, readdirSync, type Dirent } from 'node:fs';
import { codeMask, csharpRegions, type Region } from '../lang/csharp.js';
import { lexFile } from '../lang/index.js';
import { LineIndex } from '../text/edit.js';
import type { Evidence } from '../types.js';
import type { TextFile, Workspace } from '../workspace.js';
import type { EfContext, EfScan, Scan } from './model.js';

/** The part of the scan that EF detection can rely on. */
export type ScanSoFar = Omit<Scan, 'ef' | 'signing'> & { otherFiles: string[] };

type Store = 'operational' | 'configuration';

/** The IdentityServer4 (and Duende) EF package's own context classes. */
const STORE_BASES: Record<string, Store> = {
  PersistedGrantDbContext: 'operational',
  ConfigurationDbContext: 'configuration',
};
const DEFAULT_CONTEXT: Record<Store, string> = { operational: 'PersistedGrantDbContext', configuration: 'ConfigurationDbContext' };

interface ClassDecl {
  name: string;
  bases: string[];
  evidence: Evidence;
  project?: string;
}

interface Registration {
  store: Store;
  context?: string;
  evidence: Evidence;
  /** The project whose code holds the call. */
  project?: string;
  /** The project dotnet ef starts (--startup-project): the project itself when it runs, else a project that runs and references it. */
  host?: string;
  file: string;
  /** The call's argument list in the file's text: a MigrationsAssembly(...) inside it belongs to this store. */
  argsStart: number;
  argsEnd: number;
  /** A name in the arguments that only another store package's options have (RedisConnectionString…). */
  foreign?: string;
}

interface MigrationFile {
  context: string;
  /** Present on designers; the snapshot has none. */
  id?: string;
  file: string;
  evidence: Evidence;
  project?: string;
}

interface AssemblyCall {
  evidence: Evidence;
  file: string;
  offset: number;
  project?: string;
  /** Root-relative path of the project it names, when that could be worked out. */
  resolved?: string;
  arg: string;
}

interface SourceView {
  file: TextFile;
  mask: string;
  lines: LineIndex;
  project?: string;
}

/** Where a type is declared, for typeof(X).Assembly. */
interface TypeSite {
  file: string;
  project?: string;
}

/** What one host's registration of one store leads to. */
interface Planned extends EfContext {
  hostOrder: number;
}

/**
 * EF Core store detection: AddConfigurationStore/AddOperationalStore, the store
 * contexts (the package's or subclasses), their migrations folders and projects.
 * Reads C# through the lexer's code mask, so comments and strings never count.
 *
 * A context is planned per host: the same class names recur in every
 * IdentityServer host of a monorepo, and each host's migrations live in its own
 * migrations assembly, which is where dotnet ef must add the new one, with that
 * host as the startup project (its configuration names the database).
 */
export function scanEf(workspace: Workspace, scan: ScanSoFar, prefiltered: readonly string[]): EfScan {
  const projects = projectIndex(workspace, scan);
  const template = templateContent(workspace);
  const views = candidateFiles(workspace, scan, prefiltered)
    // `dotnet new` template content (a folder with .template.config) is not an application.
    .filter((rel) => !template(rel))
    .map((rel): SourceView | undefined => {
      const r = workspace.tryRead(rel);
      if (!r.ok) return undefined;
      // The shared lex: the namespaces step and the signing detector read the same files.
      const lexed = lexFile(r.file);
      const regions = lexed?.regions ?? csharpRegions(r.file.text);
      // Code under `#if false` is never compiled: a registration there does not count.
      const mask = blankInactive(lexed?.mask ?? codeMask(r.file.text, regions), r.file.text, regions);
      return { file: r.file, mask, lines: new LineIndex(r.file.text), project: projects.owner(rel) };
    })
    .filter((v): v is SourceView => v !== undefined);

  const classes = new Map<string, ClassDecl[]>();
  const types = new Map<string, TypeSite[]>();
  const registrations: Registration[] = [];
  const migrationFiles: MigrationFile[] = [];
  const calls: AssemblyCall[] = [];
  const callViews: SourceView[] = [];
  const warnings: string[] = [];

  for (const v of views) {
    const ev = (offset: number, note?: string): Evidence => ({ path: v.file.path, line: v.lines.line(offset), text: v.lines.lineText(offset).trim(), ...(note ? { note } : {}) });
    for (const m of v.mask.matchAll(/\bclass\s+(\w+)\s*(?:<[^>{]*>)?\s*(?:\([^)]*\))?\s*:\s*([^{;]+?)\s*(?:\bwhere\b[^{]*)?\{/g)) {
      const bases = splitTopLevel(m[2]!).map(lastSegment);
      push(classes, m[1]!, { name: m[1]!, bases, evidence: ev(m.index!, 'context class'), project: v.project });
    }
    for (const m of v.mask.matchAll(/\b(?:class|record|struct|interface)\s+(\w+)/g)) push(types, m[1]!, { file: v.file.path, project: v.project });
    for (const m of v.mask.matchAll(/\b(AddOperationalStore|AddConfigurationStore)\s*(?:<\s*([\w.]+)\s*>)?\s*\(/g)) {
      const store: Store = m[1] === 'AddOperationalStore' ? 'operational' : 'configuration';
      const argsStart = m.index! + m[0].length;
      const argsEnd = closingParen(v, argsStart);
      const foreign = /\b(?:Redis|Mongo|Raven)\w*/.exec(v.mask.slice(argsStart, argsEnd))?.[0];
      registrations.push({
        store,
        context: m[2] ? lastSegment(m[2]) : undefined,
        evidence: ev(m.index!, `${store} store registration`),
        project: v.project,
        file: v.file.path,
        argsStart,
        argsEnd,
        ...(foreign ? { foreign } : {}),
      });
    }
    for (const m of v.mask.matchAll(/\[\s*(?:[\w.]+\.)?DbContext(?:Attribute)?\s*\(\s*typeof\s*\(\s*([\w.]+)\s*\)\s*\)/g)) {
      const id = migrationIdIn(v);
      migrationFiles.push({ context: lastSegment(m[1]!), id, file: v.file.path, evidence: ev(m.index!, id ? `migration ${id}` : 'model snapshot'), project: v.project });
    }
    for (const m of v.mask.matchAll(/\bMigrationsAssembly\s*\(/g)) {
      const open = m.index! + m[0].length;
      calls.push({ evidence: ev(m.index!, 'MigrationsAssembly'), file: v.file.path, offset: m.index!, project: v.project, arg: v.file.text.slice(open, closingParen(v, open)) });
      callViews.push(v);
    }
  }
  dropOtherStores(scan, registrations, warnings);
  calls.forEach((c, i) => {
    c.resolved = resolveAssembly(c.arg, callViews[i]!, types, projects, 0).project;
  });
  resolveTypeParameters(registrations, views, classes, warnings);

  // Subclasses of subclasses count too: iterate until no new context type appears.
  const storeOf = new Map<string, Store>(Object.entries(STORE_BASES));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, decls] of classes) {
      if (storeOf.has(name)) continue;
      const base = decls.flatMap((c) => c.bases).map((b) => storeOf.get(b)).find((s) => s !== undefined);
      if (base) {
        storeOf.set(name, base);
        changed = true;
      }
    }
  }
  for (const r of registrations) if (r.context && !storeOf.has(r.context)) storeOf.set(r.context, r.store);

  // Migration files by context, then by project.
  const filesOf = new Map<string, Map<string | undefined, MigrationFile[]>>();
  for (const f of migrationFiles) {
    if (!storeOf.has(f.context)) continue;
    const byProject = filesOf.get(f.context) ?? new Map<string | undefined, MigrationFile[]>();
    push(byProject, f.project, f);
    filesOf.set(f.context, byProject);
  }
  const migrationFolders = [...new Set([...filesOf.values()].flatMap((byProject) => [...byProject.values()].flat().map((f) => path.posix.dirname(f.file))))].sort();
  const refs = referenceClosure(scan);
  const hostName = (h: string | undefined) => (h ? path.posix.basename(h).replace(/\.\w+proj$/, '') : 'a file outside any project');
  assignHosts(registrations, scan, refs, template, workspace, views, warnings, hostName);
  const hosts = [...new Set(registrations.map((r) => r.host))].sort(byPath);

  const make = (name: string, store: Store, host: string | undefined, migrationsProject: string | undefined): Planned => {
    const c: Planned = { name, store, migrations: [], evidence: [], hostOrder: hosts.indexOf(host) };
    if (!(name in STORE_BASES)) {
      const decl = pickDecl(classes.get(name) ?? [], migrationsProject, host, refs);
      if (decl) {
        c.declaredIn = decl.evidence;
        c.evidence.push(decl.evidence);
      }
    }
    if (host) c.startupProject = host;
    const files = filesOf.get(name)?.get(migrationsProject) ?? [];
    if (files.length > 0) {
      const snapshot = files.find((f) => !f.id);
      c.migrationsDir = snapshot ? path.posix.dirname(snapshot.file) : mostCommon(files.map((f) => path.posix.dirname(f.file)));
      c.migrations = [...new Set(files.flatMap((f) => (f.id ? [f.id] : [])))].sort();
    }
    if (migrationsProject) c.migrationsProject = migrationsProject;
    c.evidence.push(...files.map((f) => f.evidence));
    return c;
  };

  const planned: Planned[] = [];
  for (const r of registrations) {
    let target = migrationsTarget(r, calls, filesOf, storeOf, refs, hosts.length);
    const defaulted = 'project' in target && target.defaulted === true;
    if ('project' in target && target.defaulted && r.context) {
      // With no MigrationsAssembly, EF keeps migrations in the assembly that defines the
      // context: a subclass declared in a library has its migrations there, not in the host.
      const own = contextAssembly(classes.get(r.context) ?? [], r.project, refs);
      if (own !== undefined) target = { project: own };
    }
    if ('problem' in target) {
      warnings.push(`${hostName(r.project)} (${r.evidence.path}:${r.evidence.line}): ${target.problem} No migration is planned for its ${r.store} store; run dotnet ef for it by hand.`);
      continue;
    }
    const name = r.context ?? chooseUnnamed(r, target.project, filesOf, storeOf);
    if (typeof name !== 'string') {
      warnings.push(`${hostName(r.project)} (${r.evidence.path}:${r.evidence.line}): ${name.problem} No migration is planned for its ${r.store} store; run dotnet ef for it by hand with the right -c.`);
      continue;
    }
    const sets = filesOf.get(name);
    if (defaulted && sets && !sets.has(target.project)) {
      // No MigrationsAssembly where the store is registered, and none of this context's migrations where EF's
      // default puts them: the assembly is set where the context's options are (AddOperationalDbContext,
      // AddDbContext, a provider chosen at run time). The one set this host can load is meant; with several,
      // a new migration in the default place would start the history over (a migration that creates every table).
      const reach = (p: string | undefined) => p !== undefined && [r.host, r.project].some((from) => from !== undefined && (from === p || refs(from).has(p)));
      const reachable = [...sets.keys()].filter(reach);
      if (reachable.length === 1) target = { project: reachable[0] };
      else {
        const dirs = [...sets.values()].map((files) => path.posix.dirname(files.find((f) => !f.id)?.file ?? files[0]!.file)).sort();
        warnings.push(
          `${hostName(r.project)} (${r.evidence.path}:${r.evidence.line}): no MigrationsAssembly is set where this ${r.store} store is registered, and ${target.project ?? 'the host'}, where EF would then add ${name}'s migrations, has none, while ${dirs.join(', ')} ${dirs.length === 1 ? 'holds' : 'hold'} migrations for it: which set this host uses is decided elsewhere (where the context's options are configured, or at run time). No migration is planned for it; run dotnet ef for it by hand with --project set to the project whose migrations are in use.`,
        );
        continue;
      }
    }
    const existing = planned.find((c) => c.name === name && c.startupProject === r.host && c.migrationsProject === target.project);
    if (existing) {
      existing.evidence.push(r.evidence);
      continue;
    }
    const c = make(name, storeOf.get(name) ?? r.store, r.host, target.project);
    c.evidence.splice(c.declaredIn ? 1 : 0, 0, r.evidence);
    planned.push(c);
  }

  // Migrations that no host's registration leads to, e.g. a context registered through AddDbContext or a helper.
  // A host that already has this context elsewhere does not take them (another provider's set, say), nor
  // does a host that two such sets would both go to: either would be a guess.
  const hasContext = (name: string, host: string | undefined) => planned.some((c) => c.name === name && c.startupProject === host);
  if (registrations.length === 0) {
    // Old migrations with no active registration: said, never planned.
    for (const [name, byProject] of filesOf) {
      for (const files of byProject.values()) {
        const dir = path.posix.dirname(files.find((f) => !f.id)?.file ?? files[0]!.file);
        warnings.push(`migrations for ${name} exist in ${dir}, but no store is registered (no AddOperationalStore/AddConfigurationStore in active code): nothing planned.`);
      }
    }
    filesOf.clear();
  }
  const strays: { name: string; project: string | undefined; dir: string; host: string | undefined }[] = [];
  for (const [name, byProject] of filesOf) {
    for (const [project, files] of byProject) {
      if (planned.some((c) => c.name === name && c.migrationsProject === project)) continue;
      const dir = path.posix.dirname(files.find((f) => !f.id)?.file ?? files[0]!.file);
      const unplanned = (why: string) =>
        warnings.push(`${name}: the migrations in ${dir} are not tied to any host's AddOperationalStore/AddConfigurationStore, and ${why}, so no startup project can be chosen safely. No migration is planned for them; run dotnet ef for them by hand if they are in use.`);
      const referencing = hosts.length === 1 ? hosts : hosts.filter((h) => h !== undefined && (h === project || (project !== undefined && refs(h).has(project))));
      const free = referencing.filter((h) => !hasContext(name, h));
      if (free.length === 1) strays.push({ name, project, dir, host: free[0] });
      else if (referencing.length === 0) unplanned('no host references their project');
      else if (free.length === 0) unplanned(`${referencing.map(hostName).join(', ')} already ${referencing.length === 1 ? 'has' : 'have'} migrations for ${name} elsewhere`);
      else unplanned(`several hosts reference their project (${free.map(hostName).join(', ')})`);
    }
  }
  for (const stray of strays) {
    const rivals = strays.filter((x) => x.name === stray.name && x.host === stray.host);
    if (rivals.length > 1) {
      warnings.push(`${stray.name}: the migrations in ${stray.dir} are not tied to any host's AddOperationalStore/AddConfigurationStore, and ${hostName(stray.host)} could take them or those in ${rivals.filter((x) => x !== stray).map((x) => x.dir).join(', ')}. No migration is planned for them; run dotnet ef for the ones in use by hand.`);
      continue;
    }
    planned.push(make(stray.name, storeOf.get(stray.name)!, stray.host, stray.project));
  }

  // One migrations assembly shared by several hosts gets one migration, made with one of them.
  const contexts: Planned[] = [];
  const sharing = new Map<string, Planned[]>();
  for (const c of planned) {
    const key = `${c.name}\n${c.migrationsProject ?? ''}`;
    const group = sharing.get(key);
    if (group && c.migrationsProject) group.push(c);
    else {
      sharing.set(key, [c]);
      contexts.push(c);
    }
  }
  for (const group of sharing.values()) {
    if (group.length < 2) continue;
    const [first, ...rest] = group.sort((a, b) => a.hostOrder - b.hostOrder);
    for (const other of rest) for (const e of other.evidence) if (!first!.evidence.includes(e)) first!.evidence.push(e);
    warnings.push(
      `${first!.name}: the migrations assembly ${first!.migrationsProject} is shared by ${group.map((c) => hostName(c.startupProject)).join(', ')}; the migration is added once, with ${hostName(first!.startupProject)} as the startup project, and only its database is updated. If another host uses a different database, update it by hand: dotnet ef database update -c ${first!.name} --project ${first!.migrationsProject} --startup-project <that host's project>.`,
    );
  }

  const order = (c: EfContext) => (c.store === 'operational' ? 0 : 1);
  contexts.sort((a, b) => a.hostOrder - b.hostOrder || order(a) - order(b) || a.name.localeCompare(b.name) || byPath(a.migrationsProject, b.migrationsProject));
  return {
    storeRegistrations: registrations.map((r) => r.evidence),
    contexts: contexts.map(({ hostOrder: _, ...c }) => c),
    migrationsAssemblies: calls.map((a) => ({ ...a.evidence, note: a.resolved ? `MigrationsAssembly → ${a.resolved}` : `MigrationsAssembly (not resolved: ${a.arg.trim()})` })),
    ...(warnings.length ? { warnings } : {}),
    ...(migrationFolders.length ? { migrationFolders } : {}),
  };
}

/**
 * The startup project of each registration (issue 9): dotnet ef must start a
 * project that runs, whose configuration names the database. A registration in
 * a project that runs has that project; one in a library has the project that
 * runs and references it; with several, the ones whose code calls the extension
 * method that holds the registration. A registration no project that runs can be
 * tied to is dropped with a warning: a library is never a startup project.
 * Registrations that reach several hosts are repeated, once per host.
 */
function assignHosts(
  registrations: Registration[],
  scan: ScanSoFar,
  refs: (p: string) => Set<string>,
  template: (rel: string) => boolean,
  workspace: Workspace,
  views: readonly SourceView[],
  warnings: string[],
  hostName: (h: string | undefined) => string,
): void {
  const runnable = scan.projects.filter((p) => p.runs && p.role !== 'test' && !template(p.path)).map((p) => p.path);
  const runs = new Set(runnable);
  const out: Registration[] = [];
  for (const r of registrations) {
    if (r.project === undefined || runs.has(r.project)) {
      out.push({ ...r, host: r.project });
      continue;
    }
    const library = r.project;
    let candidates = runnable.filter((h) => refs(h).has(library));
    const where = `${hostName(library)} (${r.evidence.path}:${r.evidence.line})`;
    const byHand = `run dotnet ef for it by hand with --project for its migrations and --startup-project <the project that runs IdentityServer>.`;
    if (candidates.length === 0) {
      warnings.push(`${where}: ${library} is a library, and no web or executable project in this folder references it, so dotnet ef has no startup project for its ${r.store} store. No migration is planned for it; ${byHand}`);
      continue;
    }
    if (candidates.length > 1) {
      const method = enclosingExtension(views.find((v) => v.file.path === r.file), r.argsStart);
      const calling = method ? candidates.filter((h) => projectCalls(workspace, h, scan.projects.map((p) => p.path), method)) : [];
      if (calling.length === 0) {
        warnings.push(`${where}: ${library} is a library referenced by several projects that run (${candidates.map(hostName).join(', ')}), and which of them registers this ${r.store} store is not clear${method ? ` (none calls ${method} in its own code)` : ''}. No migration is planned for it; ${byHand}`);
        continue;
      }
      candidates = calling;
    }
    for (const h of candidates) out.push({ ...r, host: h });
  }
  registrations.splice(0, registrations.length, ...out);
}

/** The extension method (`static … Name(this IServiceCollection services …)`) whose body holds `offset`, if any. */
function enclosingExtension(v: SourceView | undefined, offset: number): string | undefined {
  if (!v) return undefined;
  let name: string | undefined;
  for (const m of v.mask.slice(0, offset).matchAll(/\b(\w+)\s*(?:<[^<>();{}=]*>)?\s*\(\s*this\s/g)) name = m[1];
  return name;
}

/** Whether the C# code of a project (its folder, less nested projects' folders, bin and obj) calls `method`. */
function projectCalls(workspace: Workspace, project: string, allProjects: readonly string[], method: string): boolean {
  const dir = path.posix.dirname(project);
  const nested = new Set(allProjects.map((o) => path.posix.dirname(o)).filter((d) => d !== dir));
  const call = new RegExp(`\\.\\s*${method}\\s*(?:<[^;{}]*?>)?\\s*\\(`);
  const visit = (rel: string): boolean => {
    let entries: Dirent[];
    try {
      entries = readdirSync(workspace.abs(rel), { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      const child = rel === '.' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (/^(bin|obj|node_modules|\.git|\.vs)$/i.test(e.name) || nested.has(child)) continue;
        if (visit(child)) return true;
      } else if (e.isFile() && e.name.endsWith('.cs')) {
        const r = workspace.tryRead(child);
        if (!r.ok) continue;
        const mask = lexFile(r.file)?.mask ?? r.file.text;
        if (call.test(mask)) return true;
      }
    }
    return false;
  };
  return visit(dir);
}

/** `defaulted`: no MigrationsAssembly applies, so EF's own rule decides (see contextAssembly). */
type Target = { project: string | undefined; defaulted?: boolean } | { problem: string };

/**
 * The migrations assembly of one registration: a MigrationsAssembly(...) inside
 * the call, else one in the host's project, else the host itself.
 */
function migrationsTarget(
  r: Registration,
  calls: AssemblyCall[],
  filesOf: Map<string, Map<string | undefined, MigrationFile[]>>,
  storeOf: Map<string, Store>,
  refs: (p: string) => Set<string>,
  hostCount: number,
): Target {
  const inside = calls.filter((c) => c.file === r.file && c.offset >= r.argsStart && c.offset < r.argsEnd);
  const relevant = inside.length > 0 ? inside : calls.filter((c) => c.project === r.project);
  if (relevant.length === 0) return { project: r.project, defaulted: true };
  let named = [...new Set(relevant.map((c) => c.resolved).filter((p): p is string => p !== undefined))];
  if (named.length === 1 && relevant.every((c) => c.resolved)) return { project: named[0] };
  if (inside.length === 0 && named.length > 1 && relevant.every((c) => c.resolved)) {
    // Calls elsewhere in the host may be for its other contexts (ASP.NET Identity's, say): the one that holds this store's migrations is meant.
    const holding = named.filter((p) => [...filesOf].some(([name, byProject]) => storeOf.get(name) === r.store && (!r.context || name === r.context) && byProject.has(p)));
    if (holding.length === 1) return { project: holding[0] };
    if (holding.length > 1) named = holding;
  }
  if (named.length > 1) {
    return { problem: `MigrationsAssembly names several projects (${named.join(', ')}), one per condition, so which one holds this host's migrations is not clear.` };
  }
  // Not worked out: the one project with this store's migrations that the host is or references.
  const unresolved = relevant.filter((c) => !c.resolved).map((c) => c.arg.trim());
  const candidates = new Set<string | undefined>(named);
  for (const [name, byProject] of filesOf) {
    if (storeOf.get(name) !== r.store || (r.context && name !== r.context)) continue;
    for (const p of byProject.keys()) {
      const reached = (from: string | undefined) => from !== undefined && (p === from || (p !== undefined && refs(from).has(p)));
      if (p === r.project || reached(r.project) || reached(r.host) || hostCount <= 1) candidates.add(p);
    }
  }
  if (candidates.size === 1) return { project: [...candidates][0] };
  const what = `MigrationsAssembly(${unresolved.join(', ')}) could not be worked out`;
  if (candidates.size === 0) return { problem: `${what}, and no migrations for this store were found in the host or a project it references.` };
  return { problem: `${what}, and several projects hold migrations for this store (${[...candidates].map((p) => p ?? 'outside any project').join(', ')}).` };
}

/** AddOperationalStore() without a type argument registers the package's context, unless the host's migrations are for one subclass only. */
function chooseUnnamed(r: Registration, project: string | undefined, filesOf: Map<string, Map<string | undefined, MigrationFile[]>>, storeOf: Map<string, Store>): string | { problem: string } {
  const standard = DEFAULT_CONTEXT[r.store];
  const here = [...filesOf].filter(([name, byProject]) => storeOf.get(name) === r.store && byProject.has(project)).map(([name]) => name);
  if (here.length === 0 || here.includes(standard)) return standard;
  if (here.length === 1) return here[0]!;
  return { problem: `the ${r.store} store is registered without a context type, and ${project ?? 'its migrations project'} holds migrations for several contexts of that store (${here.sort().join(', ')}).` };
}

/** The declaration of a context class that the host uses: in its migrations project, the host, a project the host references, else the first. */
function pickDecl(decls: ClassDecl[], migrationsProject: string | undefined, host: string | undefined, refs: (p: string) => Set<string>): ClassDecl | undefined {
  return (
    decls.find((d) => d.project !== undefined && d.project === migrationsProject) ??
    decls.find((d) => d.project !== undefined && d.project === host) ??
    (host ? decls.find((d) => d.project !== undefined && refs(host).has(d.project)) : undefined) ??
    decls[0]
  );
}

const EF_STORE_PACKAGE = /^(?:IdentityServer4|Duende\.IdentityServer)\.EntityFramework(?:\.Storage)?$/i;

/**
 * AddOperationalStore/AddConfigurationStore are also the names other store packages give their
 * registrations (IdentityServer4.Contrib.RedisStore, MongoDB stores). A call without a context type,
 * in a project that neither references an EntityFramework store package nor a project that does, is
 * one of those: no EF Core context, no migration. Removed from `registrations`, with a warning.
 */
function dropOtherStores(scan: ScanSoFar, registrations: Registration[], warnings: string[]): void {
  const byPath = new Map(scan.projects.map((p) => [p.path, p]));
  const closure = referenceClosure(scan);
  const ef = (project: string) => {
    const p = byPath.get(project);
    // a project the scan did not read (outside the folder) may be the one: it counts as EF
    return p === undefined || p.packages.some((pkg) => EF_STORE_PACKAGE.test(pkg.id));
  };
  const kept = registrations.filter((r) => {
    if (r.context !== undefined || r.project === undefined) return true;
    const reach = [r.project, ...closure(r.project)];
    if (reach.some(ef) && r.foreign === undefined) return true;
    const stores = [...new Set(reach.flatMap((x) => byPath.get(x)?.packages ?? []).map((pkg) => pkg.id).filter((id) => /identityserver/i.test(id) && /store|redis|mongo|raven|dapper|nhibernate|cosmos|couchbase|marten/i.test(id)))];
    warnings.push(
      `${r.evidence.path}:${r.evidence.line}: ${r.store === 'operational' ? 'AddOperationalStore' : 'AddConfigurationStore'} is not EF Core's here: ${r.foreign ? `its options name ${r.foreign}` : `${r.project} references no IdentityServer4 or Duende EntityFramework package`}${stores.length ? ` (it comes from ${stores.join(', ')})` : ''}, so this store has no migration to add.`,
    );
    return false;
  });
  registrations.splice(0, registrations.length, ...kept);
}

/** Every project a project references, directly or through others. */
function referenceClosure(scan: ScanSoFar): (project: string) => Set<string> {
  const direct = new Map(scan.projects.map((p) => [p.path, p.projectReferences]));
  const memo = new Map<string, Set<string>>();
  return (project) => {
    let out = memo.get(project);
    if (out) return out;
    out = new Set<string>();
    const queue = [...(direct.get(project) ?? [])];
    while (queue.length > 0) {
      const p = queue.pop()!;
      if (out.has(p)) continue;
      out.add(p);
      queue.push(...(direct.get(p) ?? []));
    }
    memo.set(project, out);
    return out;
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function byPath(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

/**
 * scan.sourceFiles only holds files that still mention IdentityServer4; after the
 * namespace step, designers say Duende.IdentityServer instead, so the files that
 * carry EF markers are found here as well.
 */
/** `prefiltered`: .cs files the scan's walk already found to hold an EF token in their bytes. */
function candidateFiles(workspace: Workspace, scan: ScanSoFar, prefiltered: readonly string[]): string[] {
  const out = new Set(scan.sourceFiles.filter((f) => f.endsWith('.cs')));
  for (const f of prefiltered) {
    if (out.has(f)) continue;
    const r = workspace.tryRead(f);
    if (r.ok && /DbContext|AddOperationalStore|AddConfigurationStore|MigrationsAssembly/.test(r.file.text)) out.add(f);
  }
  return [...out].sort();
}

interface ProjectIndex {
  owner(rel: string): string | undefined;
  byAssemblyName(name: string): string | undefined;
}

function projectIndex(workspace: Workspace, scan: ScanSoFar): ProjectIndex {
  const projects = [...new Set([...scan.projects.map((p) => p.path), ...scan.msbuildFiles.filter((f) => /\.(cs|fs|vb)proj$/.test(f))])];
  // Folder → project, so a file's owner is found by walking up its folders instead of comparing it with every project.
  const byDir = new Map<string, string>();
  const names = new Map<string, string>();
  for (const p of projects) {
    const dir = path.posix.dirname(p);
    if (!byDir.has(dir)) byDir.set(dir, p);
    const r = workspace.tryRead(p);
    const explicit = r.ok ? /<AssemblyName>\s*([^<]+?)\s*<\/AssemblyName>/.exec(r.file.text)?.[1] : undefined;
    names.set(explicit && !explicit.includes('$(') ? explicit : path.posix.basename(p).replace(/\.\w+proj$/, ''), p);
  }
  return {
    owner(rel) {
      for (let dir = path.posix.dirname(rel); ; dir = path.posix.dirname(dir)) {
        const p = byDir.get(dir);
        if (p !== undefined) return p;
        if (dir === '.' || dir === '/' || dir === '..' || dir.endsWith('/..')) return undefined;
      }
    },
    byAssemblyName: (name) => names.get(name),
  };
}

function migrationIdIn(v: SourceView): string | undefined {
  // The literal is masked out: find the call in the mask, read the literal from the text.
  const m = /\bMigration(?:Attribute)?\s*\(/.exec(v.mask);
  if (!m) return undefined;
  const at = m.index + m[0].length;
  const literal = /^\s*@?"([^"]+)"/.exec(v.file.text.slice(at, at + 300));
  return literal?.[1];
}

/** Offset of the ')' that closes the call whose arguments start at `open` (the text's end if it never closes). */
function closingParen(v: SourceView, open: number): number {
  let depth = 0;
  for (let i = open; i < v.mask.length; i++) {
    const c = v.mask[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return Math.min(v.mask.length, open + 200);
}

/** What MigrationsAssembly(...) names: a literal, typeof(X).Assembly..., nameof, or a variable holding one of those. */
function resolveAssembly(arg: string, v: SourceView, types: Map<string, TypeSite[]>, projects: ProjectIndex, depth: number): { project?: string } {
  const a = arg.trim();
  const literal = /^@?"([^"]+)"$/.exec(a);
  if (literal) return { project: projects.byAssemblyName(literal[1]!) };
  const nameOf = /^nameof\s*\(\s*([\w.]+)\s*\)$/.exec(a);
  if (nameOf) return { project: projects.byAssemblyName(lastSegment(nameOf[1]!)) };
  const typeOf = /^typeof\s*\(\s*([\w.]+)\s*\)\s*(?:\.\s*GetTypeInfo\s*\(\s*\))?\s*\.\s*Assembly\b/.exec(a);
  if (typeOf) {
    // Every host has its own Startup: the one in this file or project is meant, else the only one there is.
    const sites = types.get(lastSegment(typeOf[1]!)) ?? [];
    const site = sites.find((s) => s.file === v.file.path) ?? sites.find((s) => s.project !== undefined && s.project === v.project);
    if (site) return { project: site.project };
    const owners = new Set(sites.map((s) => s.project));
    return owners.size === 1 ? { project: [...owners][0] } : {};
  }
  if (/^(?:Assembly\s*\.\s*GetExecutingAssembly\s*\(\s*\)|GetType\s*\(\s*\)\s*\.\s*Assembly)\b/.test(a)) return { project: v.project };
  const variable = /^[A-Za-z_]\w*$/.exec(a);
  if (variable && depth < 3) {
    const assign = new RegExp(`\\b${a}\\s*=\\s*`, 'g');
    for (const m of v.mask.matchAll(assign)) {
      const start = m.index! + m[0].length;
      const end = v.mask.indexOf(';', start);
      if (end === -1) continue;
      const expr = v.file.text.slice(start, end);
      const r = resolveAssembly(expr, v, types, projects, depth + 1);
      if (r.project) return r;
    }
  }
  return {};
}

function splitTopLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of list) {
    if (c === '<') depth++;
    if (c === '>') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

/** `IdentityServer4.EntityFramework.DbContexts.PersistedGrantDbContext<T>` → `PersistedGrantDbContext`. */
function lastSegment(type: string): string {
  const noGeneric = type.replace(/<[\s\S]*$/, '').trim();
  const parts = noGeneric.split('.');
  return parts[parts.length - 1]!.replace(/^global::/, '').trim();
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

/** How the database step names one context's commands, messages and files. */
export interface EfContextNames {
  /** Prefix of its command ids: the store (`operational`), or the context name when a host has several contexts of one store; with several hosts, `<host project name>:` before it. */
  key: string;
  /** For messages: the context name, with its host when there are several. */
  label: string;
  /** For file names: the context name, prefixed with its host's name when there are several. */
  fileLabel: string;
}

/** Names for each context, in order: stable, and unique across hosts. */
export function efContextNames(contexts: readonly EfContext[]): EfContextNames[] {
  const hosts = [...new Set(contexts.map((c) => c.startupProject))];
  const bare = (p: string | undefined) => (p ? path.posix.basename(p).replace(/\.\w+proj$/, '') : 'no-host');
  // Two hosts may share a project name in different folders: then the folder tells them apart.
  const counts = new Map<string, number>();
  for (const h of hosts) counts.set(bare(h), (counts.get(bare(h)) ?? 0) + 1);
  const hostName = (p: string | undefined) => (counts.get(bare(p))! > 1 && p ? path.posix.dirname(p) : bare(p));
  const several = hosts.length > 1;
  const perStore = new Map<string, number>();
  const storeKey = (c: EfContext) => `${c.startupProject ?? ''}\n${c.store}`;
  for (const c of contexts) perStore.set(storeKey(c), (perStore.get(storeKey(c)) ?? 0) + 1);
  const names = contexts.map((c) => {
    const local = perStore.get(storeKey(c))! > 1 ? c.name : c.store;
    return {
      key: several ? `${hostName(c.startupProject)}:${local}` : local,
      label: several ? `${c.name} (${hostName(c.startupProject)})` : c.name,
      fileLabel: several ? `${hostName(c.startupProject).replace(/[\\/:]/g, '_')}.${c.name}` : c.name,
    };
  });
  // One host with one context in two migrations projects (one per provider): the project tells them apart.
  const seen = new Map<string, number>();
  for (const n of names) seen.set(n.key, (seen.get(n.key) ?? 0) + 1);
  return names.map((n, i) => {
    if (seen.get(n.key)! < 2) return n;
    const project = bare(contexts[i]!.migrationsProject);
    return { key: `${n.key}@${project}`, label: `${n.label} in ${project}`, fileLabel: `${n.fileLabel}.${project}` };
  });
}

/**
 * The mask with the code of `#if false` blocks blanked (up to their #else, #elif or
 * #endif, nested blocks included): it is never compiled, so nothing there registers
 * a store. Other conditions are kept, since either branch may be built.
 */
export function blankInactive(mask: string, text: string, regions: readonly Region[]): string {
  const directives = regions.filter((r) => r.kind === 'preprocessor');
  if (!directives.some((d) => /^#\s*if\s+false\b/.test(text.slice(d.start, d.end)))) return mask;
  const ranges: [number, number][] = [];
  // per open #if: is this branch dead, and was it dead because of a literal false
  const stack: { dead: boolean; falseBranch: boolean }[] = [];
  let deadFrom = -1;
  const isDead = () => stack.some((s) => s.dead);
  for (const d of directives) {
    const line = text.slice(d.start, d.end).trim();
    const wasDead = isDead();
    if (/^#\s*if\b/.test(line)) stack.push({ dead: /^#\s*if\s+false\b/.test(line), falseBranch: /^#\s*if\s+false\b/.test(line) });
    else if (/^#\s*(else|elif)\b/.test(line) && stack.length) {
      const top = stack[stack.length - 1]!;
      // after `#if false` the other branch is live; after any other #if it may be either
      top.dead = top.falseBranch ? false : top.dead;
      top.falseBranch = false;
    } else if (/^#\s*endif\b/.test(line) && stack.length) stack.pop();
    else continue;
    const nowDead = isDead();
    if (!wasDead && nowDead) deadFrom = d.end;
    if (wasDead && !nowDead) ranges.push([deadFrom, d.start]);
  }
  if (isDead()) ranges.push([deadFrom, mask.length]);
  if (ranges.length === 0) return mask;
  const parts: string[] = [];
  let at = 0;
  for (const [a, b] of ranges) {
    parts.push(mask.slice(at, a), mask.slice(a, b).replace(/[^\r\n]/g, ' '));
    at = b;
  }
  parts.push(mask.slice(at));
  return parts.join('');
}

/** Whether a root-relative path lies in `dotnet new` template content (a folder holding .template.config). */
function templateContent(workspace: Workspace): (rel: string) => boolean {
  const memo = new Map<string, boolean>();
  const check = (dir: string): boolean => {
    if (dir === '.' || dir === '' || dir.startsWith('..')) return false;
    let hit = memo.get(dir);
    if (hit === undefined) {
      hit = existsSync(workspace.abs(`${dir}/.template.config`)) || check(path.posix.dirname(dir));
      memo.set(dir, hit);
    }
    return hit;
  };
  return (rel) => check(path.posix.dirname(rel));
}

/**
 * `AddOperationalStore<TContext>()` inside a generic helper names the helper's type
 * parameter, not a context. It is resolved through the calls that supply the type
 * argument (`services.AddStores<..., MyGrants, ...>()`): one registration per calling
 * project. Where no call supplies it, the registration is dropped with a warning.
 */
function resolveTypeParameters(registrations: Registration[], views: readonly SourceView[], classes: Map<string, ClassDecl[]>, warnings: string[]): void {
  for (const r of [...registrations]) {
    if (!r.context || r.context in STORE_BASES || classes.has(r.context)) continue;
    const view = views.find((v) => v.file.path === r.file);
    if (!view) continue;
    const offset = r.argsStart;
    // the nearest generic method declared before the call that has this type parameter
    let decl: { method: string; index: number } | undefined;
    for (const m of view.mask.slice(0, offset).matchAll(/\b(\w+)\s*<([^<>();{}=]*)>\s*\(/g)) {
      if (m[1] === 'AddOperationalStore' || m[1] === 'AddConfigurationStore') continue;
      const params = m[2]!.split(',').map((p) => p.trim().replace(/^(in|out)\s+/, ''));
      const index = params.indexOf(r.context);
      if (index !== -1) decl = { method: m[1]!, index };
    }
    if (!decl) continue;
    registrations.splice(registrations.indexOf(r), 1);
    const supplied: Registration[] = [];
    const call = new RegExp(`\\b${decl.method}\\s*<`, 'g');
    for (const v of views) {
      for (const m of v.mask.matchAll(call)) {
        const open = m.index! + m[0].length - 1;
        const close = closingAngle(v.mask, open);
        if (close === -1 || !/^\s*\(/.test(v.mask.slice(close + 1))) continue;
        const args = splitTopLevel(v.mask.slice(open + 1, close)).map((a) => a.trim());
        const arg = args[decl.index];
        // the declaration itself, or a call that passes a type parameter on
        if (!arg || /^(in|out)\s/.test(arg) || arg === r.context) continue;
        const line = v.lines.line(m.index!);
        supplied.push({ ...r, context: lastSegment(arg), project: v.project, evidence: { path: v.file.path, line, text: v.lines.lineText(m.index!).trim(), note: `${r.store} store registration through ${decl.method}` } });
      }
    }
    if (supplied.length === 0) {
      warnings.push(`${r.evidence.path}:${r.evidence.line}: the ${r.store} store's context is the type parameter ${r.context} of ${decl.method}, and no call that supplies it was found; nothing is planned for it. Run dotnet ef for that context by hand.`);
      continue;
    }
    registrations.push(...supplied);
  }
}

function closingAngle(mask: string, open: number): number {
  let depth = 0;
  for (let j = open; j < mask.length; j++) {
    const c = mask[j];
    if (c === '<') depth++;
    else if (c === '>' && --depth === 0) return j;
    else if (c === ';' || c === '{' || c === '}') return -1;
  }
  return -1;
}

/**
 * The one project that declares a context subclass, when it is not the host itself
 * and the host references it; undefined otherwise (the host keeps the migrations).
 */
function contextAssembly(decls: readonly ClassDecl[], host: string | undefined, refs: (p: string) => Set<string>): string | undefined {
  const projects = [...new Set(decls.map((d) => d.project).filter((p): p is string => p !== undefined))];
  if (projects.length !== 1 || projects[0] === host) return undefined;
  return host === undefined || refs(host).has(projects[0]!) ? projects[0] : undefined;
}
