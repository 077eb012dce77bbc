import path from 'node:path';
import { globbySync } from 'globby';
import { codeMask } from '../lang/csharp.js';
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
  project?: string;
  file: string;
}

interface MigrationFile {
  context: string;
  /** Present on designers; the snapshot has none. */
  id?: string;
  file: string;
  evidence: Evidence;
  project?: string;
}

interface SourceView {
  file: TextFile;
  mask: string;
  lines: LineIndex;
  project?: string;
}

/**
 * EF Core store detection: AddConfigurationStore/AddOperationalStore, the store
 * contexts (the package's or subclasses), their migrations folders and projects.
 * Reads C# through the lexer's code mask, so comments and strings never count.
 */
export function scanEf(workspace: Workspace, scan: ScanSoFar, prefiltered?: readonly string[]): EfScan {
  const projects = projectIndex(workspace, scan);
  const views = candidateFiles(workspace, scan, prefiltered)
    .map((rel): SourceView | undefined => {
      const r = workspace.tryRead(rel);
      if (!r.ok) return undefined;
      return { file: r.file, mask: codeMask(r.file.text), lines: new LineIndex(r.file.text), project: projects.owner(rel) };
    })
    .filter((v): v is SourceView => v !== undefined);

  const classes = new Map<string, ClassDecl>();
  const registrations: Registration[] = [];
  const migrationFiles: MigrationFile[] = [];
  const assemblyEvidence: Evidence[] = [];
  const assemblyProjects: { evidence: Evidence; project?: string; unresolved?: string }[] = [];

  for (const v of views) {
    const ev = (offset: number, note?: string): Evidence => ({ path: v.file.path, line: v.lines.line(offset), text: v.lines.lineText(offset).trim(), ...(note ? { note } : {}) });
    for (const m of v.mask.matchAll(/\bclass\s+(\w+)\s*(?:<[^>{]*>)?\s*(?:\([^)]*\))?\s*:\s*([^{;]+?)\s*(?:\bwhere\b[^{]*)?\{/g)) {
      const bases = splitTopLevel(m[2]!).map(lastSegment);
      classes.set(m[1]!, { name: m[1]!, bases, evidence: ev(m.index!, 'context class'), project: v.project });
    }
    for (const m of v.mask.matchAll(/\b(AddOperationalStore|AddConfigurationStore)\s*(?:<\s*([\w.]+)\s*>)?\s*\(/g)) {
      const store: Store = m[1] === 'AddOperationalStore' ? 'operational' : 'configuration';
      registrations.push({ store, context: m[2] ? lastSegment(m[2]) : undefined, evidence: ev(m.index!, `${store} store registration`), project: v.project, file: v.file.path });
    }
    for (const m of v.mask.matchAll(/\[\s*(?:[\w.]+\.)?DbContext(?:Attribute)?\s*\(\s*typeof\s*\(\s*([\w.]+)\s*\)\s*\)/g)) {
      const id = migrationIdIn(v);
      migrationFiles.push({ context: lastSegment(m[1]!), id, file: v.file.path, evidence: ev(m.index!, id ? `migration ${id}` : 'model snapshot'), project: v.project });
    }
    for (const m of v.mask.matchAll(/\bMigrationsAssembly\s*\(/g)) {
      const open = m.index! + m[0].length;
      const arg = argumentText(v, open);
      const evidence = ev(m.index!, 'MigrationsAssembly');
      assemblyEvidence.push(evidence);
      const resolved = resolveAssembly(arg, v, views, classes, projects, 0);
      assemblyProjects.push(resolved.project ? { evidence, project: resolved.project } : { evidence, unresolved: arg.trim() });
    }
  }

  // Subclasses of subclasses count too: iterate until no new context type appears.
  const storeOf = new Map<string, Store>(Object.entries(STORE_BASES));
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of classes.values()) {
      if (storeOf.has(c.name) && !(c.name in STORE_BASES)) continue;
      const base = c.bases.map((b) => storeOf.get(b)).find((s) => s !== undefined);
      if (base && !storeOf.has(c.name)) {
        storeOf.set(c.name, base);
        changed = true;
      }
    }
  }
  for (const r of registrations) if (r.context && !storeOf.has(r.context)) storeOf.set(r.context, r.store);

  const byName = new Map<string, EfContext>();
  const contextFor = (name: string, store: Store): EfContext => {
    let c = byName.get(name);
    if (!c) {
      const decl = classes.get(name);
      c = { name, store, migrations: [], evidence: [], ...(decl && !(name in STORE_BASES) ? { declaredIn: decl.evidence } : {}) };
      if (c.declaredIn) c.evidence.push(c.declaredIn);
      byName.set(name, c);
    }
    return c;
  };

  for (const r of registrations) {
    const c = contextFor(r.context ?? DEFAULT_CONTEXT[r.store], r.store);
    c.evidence.push(r.evidence);
    c.startupProject ??= r.project;
  }
  for (const name of new Set(migrationFiles.map((f) => f.context))) {
    const store = storeOf.get(name);
    if (!store) continue;
    const c = contextFor(name, store);
    const files = migrationFiles.filter((f) => f.context === name);
    // Several migration sets for one context (one per database provider) are told apart by MigrationsAssembly.
    const projectsWithFiles = [...new Set(files.map((f) => f.project))];
    const named = assemblyProjects.map((a) => a.project).find((p) => p && projectsWithFiles.includes(p));
    const chosenProject = named ?? projectsWithFiles[0];
    const chosen = files.filter((f) => f.project === chosenProject);
    const snapshot = chosen.find((f) => !f.id);
    const dirs = chosen.map((f) => path.posix.dirname(f.file));
    c.migrationsDir = snapshot ? path.posix.dirname(snapshot.file) : mostCommon(dirs);
    c.migrationsProject = chosenProject;
    c.migrations = [...new Set(chosen.flatMap((f) => (f.id ? [f.id] : [])))].sort();
    for (const f of chosen) c.evidence.push(f.evidence);
  }
  // Without migrations on disk, MigrationsAssembly (or else the host itself) says where new ones go.
  for (const c of byName.values()) {
    if (c.migrationsProject) continue;
    const named = assemblyProjects.find((a) => a.project)?.project;
    c.migrationsProject = named ?? c.startupProject;
  }
  // A context known only from its migrations: the host that registers any store is its startup project.
  const anyHost = registrations.find((r) => r.project)?.project;
  for (const c of byName.values()) c.startupProject ??= anyHost;

  const order = (c: EfContext) => (c.store === 'operational' ? 0 : 1);
  const contexts = [...byName.values()].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
  return {
    storeRegistrations: registrations.map((r) => r.evidence),
    contexts,
    migrationsAssemblies: assemblyEvidence.map((e, i) => {
      const a = assemblyProjects[i]!;
      return a.project ? { ...e, note: `MigrationsAssembly → ${a.project}` } : { ...e, note: `MigrationsAssembly (not resolved: ${a.unresolved})` };
    }),
  };
}

/**
 * scan.sourceFiles only holds files that still mention IdentityServer4; after the
 * namespace step, designers say Duende.IdentityServer instead, so the files that
 * carry EF markers are found here as well.
 */
/** `prefiltered`: .cs files the scan's walk already found to hold an EF token; without it the tree is globbed here. */
function candidateFiles(workspace: Workspace, scan: ScanSoFar, prefiltered?: readonly string[]): string[] {
  const out = new Set(scan.sourceFiles.filter((f) => f.endsWith('.cs')));
  let all: readonly string[] = [];
  if (prefiltered) all = prefiltered;
  else try {
    all = globbySync('**/*.cs', {
      cwd: workspace.root,
      gitignore: true,
      ignore: ['**/bin/**', '**/obj/**', '**/node_modules/**', '**/.git/**', '**/.duende-upgrade/**'],
      followSymbolicLinks: false,
    });
  } catch {
    all = [];
  }
  for (const f of all) {
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
  const dirs = projects.map((p) => ({ path: p, dir: path.posix.dirname(p) }));
  const names = new Map<string, string>();
  for (const p of projects) {
    const r = workspace.tryRead(p);
    const explicit = r.ok ? /<AssemblyName>\s*([^<]+?)\s*<\/AssemblyName>/.exec(r.file.text)?.[1] : undefined;
    names.set(explicit && !explicit.includes('$(') ? explicit : path.posix.basename(p).replace(/\.\w+proj$/, ''), p);
  }
  return {
    owner(rel) {
      let best: { path: string; dir: string } | undefined;
      for (const d of dirs) {
        const inside = d.dir === '.' || rel.startsWith(`${d.dir}/`);
        if (inside && (!best || d.dir.length > best.dir.length)) best = d;
      }
      return best?.path;
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

/** The text of a call's argument list, from just after '(' to its matching ')'. */
function argumentText(v: SourceView, open: number): string {
  let depth = 0;
  for (let i = open; i < v.mask.length; i++) {
    const c = v.mask[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return v.file.text.slice(open, i);
      depth--;
    }
  }
  return v.file.text.slice(open, Math.min(v.mask.length, open + 200));
}

/** What MigrationsAssembly(...) names: a literal, typeof(X).Assembly..., nameof, or a variable holding one of those. */
function resolveAssembly(arg: string, v: SourceView, views: SourceView[], classes: Map<string, ClassDecl>, projects: ProjectIndex, depth: number): { project?: string } {
  const a = arg.trim();
  const literal = /^@?"([^"]+)"$/.exec(a);
  if (literal) return { project: projects.byAssemblyName(literal[1]!) };
  const nameOf = /^nameof\s*\(\s*([\w.]+)\s*\)$/.exec(a);
  if (nameOf) return { project: projects.byAssemblyName(lastSegment(nameOf[1]!)) };
  const typeOf = /^typeof\s*\(\s*([\w.]+)\s*\)\s*(?:\.\s*GetTypeInfo\s*\(\s*\))?\s*\.\s*Assembly\b/.exec(a);
  if (typeOf) {
    const name = lastSegment(typeOf[1]!);
    const decl = classes.get(name);
    if (decl) return { project: decl.project };
    const declaring = views.find((w) => new RegExp(`\\b(?:class|record|struct|interface)\\s+${name}\\b`).test(w.mask));
    return { project: declaring?.project };
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
      const r = resolveAssembly(expr, v, views, classes, projects, depth + 1);
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
