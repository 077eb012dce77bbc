import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import type { Workspace } from '../workspace.js';
import { API_AUTHORIZATION, familyOf, FRAMEWORK_FAMILIES, globMatches, isPattern, RENAMES, versionNumbers, type Family } from './families.js';
import type { AssemblyReference, PackageSite, PackageSiteKind, ProjectInfo, ProjectPackage, ProjectRole, TargetFrameworkSite } from './model.js';
import { attr, child, descendants, firstInvalidUtf8Line, parseMsbuild, type AttrValue, type MsbuildDoc, type XmlElement } from './msbuild.js';
import { projectKind, type ProjectKind } from './project-kind.js';

/**
 * What the MSBuild files say: every package site we care about, and for each
 * project the packages it ends up with after MSBuild's evaluation order
 * (Directory.Build.props, Directory.Packages.props, the project, then
 * Directory.Build.targets; Update items only touch items defined before them).
 */

export const DIRECTORY_FILES = ['Directory.Build.props', 'Directory.Packages.props', 'Directory.Build.targets'] as const;
type DirectoryFile = (typeof DIRECTORY_FILES)[number];

interface Property {
  name: string;
  value: AttrValue;
  path: string;
  line: number;
}

/** One package item in a file, before we know which projects see it. */
interface Item {
  kind: PackageSiteKind;
  id: string;
  idSpan: AttrValue['span'];
  version?: AttrValue;
  el: XmlElement;
  path: string;
  line: number;
}

interface Parsed {
  path: string;
  /** Root-relative folder ('' for the root, '..' above it). */
  dir: string;
  doc: MsbuildDoc;
  properties: Property[];
  items: Item[];
  /** Imports the same-named file above (GetPathOfFileAbove or an explicit ../ import). */
  chainsUp: boolean;
  /** Other .props/.targets files it imports by a path we can resolve (root-relative), and whether before its own properties and items. */
  imports: { path: string; before: boolean }[];
}

export interface MsbuildResult {
  projects: ProjectInfo[];
  /** .props/.targets files found through <Import>, beyond the ones the walk listed. */
  imported: string[];
  packageSites: PackageSite[];
  frameworkSites: PackageSite[];
  /** IdentityServer4 core versions in use, each with where it is written. */
  is4Versions: { version: string; path: string; line: number }[];
  warnings: string[];
}

const PROJECT_RE = /\.(cs|fs|vb)proj$/i;

/** Imports into build output or packages are not the solution's own files. */
function ignoredPath(rel: string): boolean {
  return rel.split('/').some((seg) => ['bin', 'obj', 'node_modules', '.git', '.duende-upgrade', 'packages'].includes(seg.toLowerCase()));
}

function readDoc(workspace: Workspace, rel: string): MsbuildDoc {
  const r = workspace.tryRead(rel);
  if (!r.ok) {
    if (r.reason === 'unreadable') throw new InputError(`cannot be read: ${r.message}`, { path: rel });
    throw new InputError(`is not a text file MSBuild can load (${r.message})`, { path: rel }, 'Nothing was changed.');
  }
  const doc = parseMsbuild(r.file);
  if (r.file.encoding.kind === 'bytes') {
    // MSBuild reads a file without an encoding declaration as UTF-8 and fails on anything else.
    const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(r.file.text)?.[1];
    if (!declared || /^utf-?8$/i.test(declared)) {
      const bytes = Buffer.from(Array.from(r.file.text, (c) => c.charCodeAt(0) & 0xff));
      throw new InputError('is not valid UTF-8 and declares no other encoding, so MSBuild cannot load it', { path: rel, line: firstInvalidUtf8Line(bytes) }, 'Save it as UTF-8 and run again. Nothing was changed.');
    }
  }
  return doc;
}

function splitIds(value: AttrValue): { id: string; span: AttrValue['span'] }[] {
  const out: { id: string; span: AttrValue['span'] }[] = [];
  const raw = value.value;
  // Only split when the raw text and value agree (no entities), so spans stay exact.
  const src = value.span.end - value.span.start === raw.length ? raw : undefined;
  if (!src) return [{ id: raw.trim(), span: value.span }];
  let at = 0;
  for (const part of src.split(';')) {
    const lead = part.length - part.trimStart().length;
    const id = part.trim();
    if (id) out.push({ id, span: { start: value.span.start + at + lead, end: value.span.start + at + lead + id.length } });
    at += part.length + 1;
  }
  return out;
}

function parseFile(workspace: Workspace, rel: string): Parsed {
  const doc = readDoc(workspace, rel);
  const isPackagesConfig = /(^|\/)packages\.config$/i.test(rel);
  const properties: Property[] = [];
  const items: Item[] = [];
  let chainsUp = false;
  const imports: Parsed['imports'] = [];
  let seenContent = false;
  const base = path.posix.basename(rel);
  const dir = path.posix.dirname(rel);
  for (const el of descendants(doc.root)) {
    const lower = el.name.toLowerCase();
    const line = el.line;
    if (isPackagesConfig) {
      if (lower !== 'package') continue;
      const id = attr(el, 'id');
      if (id) items.push({ kind: 'packages.config', id: id.value.trim(), idSpan: id.span, version: attr(el, 'version'), el, path: rel, line });
      continue;
    }
    if (lower === 'propertygroup' || lower === 'itemgroup') seenContent = true;
    if (el.parent?.name.toLowerCase() === 'propertygroup' && el.text) {
      properties.push({ name: el.name, value: el.text, path: rel, line });
      continue;
    }
    if (lower === 'import') {
      const project = attr(el, 'Project')?.value ?? '';
      if (/GetPathOfFileAbove|GetDirectoryNameOfFileAbove/i.test(project) || (project.includes('..') && project.toLowerCase().endsWith(base.toLowerCase()))) chainsUp = true;
      else {
        const target = importPath(project, dir, PROJECT_RE.test(rel));
        if (target) imports.push({ path: target, before: !seenContent });
      }
      continue;
    }
    if (lower !== 'packagereference' && lower !== 'packageversion' && lower !== 'globalpackagereference') continue;
    const versionChild = child(el, 'Version') ?? child(el, 'VersionOverride');
    const version = attr(el, 'VersionOverride') ?? attr(el, 'Version') ?? (versionChild?.text ? versionChild.text : undefined);
    const include = attr(el, 'Include');
    const update = attr(el, 'Update');
    const remove = attr(el, 'Remove');
    const kind: Item['kind'] = lower === 'packageversion' ? 'PackageVersion' : include ? 'PackageReference' : update ? 'PackageReferenceUpdate' : 'PackageReferenceRemove';
    const spec = include ?? update ?? remove;
    if (!spec) continue;
    for (const { id, span } of splitIds(spec)) items.push({ kind, id, idSpan: span, version, el, path: rel, line });
  }
  return { path: rel, dir: dir === '.' ? '' : dir, doc, properties, items, chainsUp, imports };
}

/**
 * The root-relative path of an imported .props/.targets file, when it is written as a plain
 * path (optionally from $(MSBuildThisFileDirectory), or $(MSBuildProjectDirectory) in a project).
 */
function importPath(project: string, dir: string, isProject: boolean): string | undefined {
  let p = project.trim().replace(/\$\(MSBuildThisFileDirectory\)/gi, '');
  if (isProject) p = p.replace(/\$\(MSBuildProjectDirectory\)[\\/]?/gi, '');
  if (!p || p.includes('$(') || p.includes('@(') || p.includes('%(') || /[*?]/.test(p) || path.isAbsolute(p) || /^[a-z]:/i.test(p)) return undefined;
  if (!/\.(props|targets)$/i.test(p)) return undefined;
  return path.posix.normalize(path.posix.join(dir, p.replace(/\\/g, '/')));
}

/** '' → [], 'a/b' → ['a/b','a',''], then the parents: '..', '../..'. */
function dirsUpward(dir: string, parentDepth: number): string[] {
  const out: string[] = [];
  if (dir.startsWith('..')) {
    for (let d = dir; ; d = path.posix.dirname(d)) {
      out.push(d);
      if (!d.includes('/')) break;
    }
    let up = dir.split('/').length;
    for (; up < parentDepth; up++) out.push(Array(up + 1).fill('..').join('/'));
    return out;
  }
  for (let d = dir; d !== ''; d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '') out.push(d);
  out.push('');
  for (let up = 1; up <= parentDepth; up++) out.push(Array(up).fill('..').join('/'));
  return out;
}

function resolveProps(raw: string, props: Map<string, Property>, depth = 0): string | undefined {
  if (!raw.includes('$(')) return raw;
  if (depth > 8) return undefined;
  let unresolved = false;
  const out = raw.replace(/\$\(\s*([A-Za-z_][\w.-]*)\s*\)/g, (_all, name: string) => {
    const p = props.get(name.toLowerCase());
    if (!p) {
      unresolved = true;
      return '';
    }
    return resolveProps(p.value.value, props, depth + 1) ?? ((unresolved = true), '');
  });
  return unresolved || out.includes('$(') ? undefined : out;
}

/** A single $(Name) that makes up the whole version: the property we could change instead of the site. */
function soleProperty(raw: string): string | undefined {
  return /^\s*\$\(\s*([A-Za-z_][\w.-]*)\s*\)\s*$/.exec(raw)?.[1];
}

export function scanMsbuild(workspace: Workspace, msbuildFiles: readonly string[], parentDepth: number): MsbuildResult {
  const parsed = new Map<string, Parsed>();
  for (const rel of msbuildFiles) parsed.set(rel, parseFile(workspace, rel));
  // Follow <Import>s to files of our own (build/versions.props and the like), breadth first, each once.
  const imported: string[] = [];
  for (let queue = [...parsed.values()]; queue.length > 0; ) {
    const next: Parsed[] = [];
    for (const f of queue) {
      for (const imp of f.imports) {
        if (parsed.has(imp.path) || ignoredPath(imp.path) || !existsSync(workspace.abs(imp.path))) continue;
        const p = parseFile(workspace, imp.path);
        parsed.set(imp.path, p);
        imported.push(imp.path);
        next.push(p);
      }
    }
    queue = next;
  }
  /** A file with the files it imports around it, in MSBuild's order. */
  const expand = (f: Parsed, seen = new Set<Parsed>()): Parsed[] => {
    if (seen.has(f)) return [];
    seen.add(f);
    const around = (before: boolean) => f.imports.filter((i) => i.before === before).flatMap((i) => (parsed.has(i.path) ? expand(parsed.get(i.path)!, seen) : []));
    return [...around(true), f, ...around(false)];
  };

  const directoryFiles = new Map<string, Parsed>(); // `${dir}|${name}` → file
  for (const p of parsed.values()) {
    const name = DIRECTORY_FILES.find((n) => n.toLowerCase() === path.posix.basename(p.path).toLowerCase());
    if (name) directoryFiles.set(`${p.dir}|${name}`, p);
  }
  // Every $(Name) use in every file, so that a shared version property is never changed under someone else.
  const uses = new Map<string, number>();
  for (const p of parsed.values()) {
    for (const m of p.doc.file.text.matchAll(/\$\(\s*([A-Za-z_][\w.-]*)\s*\)/g)) {
      const key = m[1]!.toLowerCase();
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
  }

  /** The Directory.* file MSBuild imports for a project in `dir`, and those it chains to, outermost first. */
  const chainFor = (dir: string, name: DirectoryFile): Parsed[] => {
    const out: Parsed[] = [];
    for (const d of dirsUpward(dir, parentDepth)) {
      const f = directoryFiles.get(`${d}|${name}`);
      if (!f) continue;
      out.unshift(f);
      if (!f.chainsUp) break;
    }
    return out;
  };

  const sites: PackageSite[] = [];
  const frameworkSites: PackageSite[] = [];
  const siteOf = new Map<Item, PackageSite>();
  const is4Versions: MsbuildResult['is4Versions'] = [];
  const warnings: string[] = [];

  const makeSite = (item: Item, props: Map<string, Property>): PackageSite | undefined => {
    const existing = siteOf.get(item);
    const family = familyOf(item.id);
    if (!family) return undefined;
    const text = parsed.get(item.path)!.doc.lines.lineText(item.idSpan.start).trim();
    const site: PackageSite = existing ?? {
      path: item.path,
      line: parsed.get(item.path)!.doc.lines.line(item.idSpan.start),
      kind: item.kind,
      id: item.id,
      idSpan: item.idSpan,
      text,
      elementStart: item.el.start,
    };
    if (item.version) {
      site.version = item.version.value;
      site.versionSpan = item.version.span;
      const resolved = resolveProps(item.version.value, props);
      if (resolved !== undefined) site.resolvedVersion = resolved;
      const name = soleProperty(item.version.value);
      const def = name ? props.get(name.toLowerCase()) : undefined;
      if (def) {
        site.versionProperty = { name: def.name, path: def.path, line: def.line, value: def.value.value, span: def.value.span, uses: uses.get(def.name.toLowerCase()) ?? 0 };
      }
    }
    if (!existing) {
      siteOf.set(item, site);
      (FRAMEWORK_FAMILIES.has(family) ? frameworkSites : sites).push(site);
    }
    return site;
  };

  /** packages.config projects load each package's assembly through a <Reference> with a <HintPath> into packages/. */
  const linkAssemblyReferences = (project: Parsed, config: Parsed) => {
    const refs: AssemblyReference[] = [];
    for (const el of descendants(project.doc.root)) {
      if (el.name !== 'Reference') continue;
      const include = attr(el, 'Include');
      if (!include) continue;
      const comma = include.value.indexOf(',');
      const name = (comma === -1 ? include.value : include.value.slice(0, comma)).trim();
      const lead = include.value.length - include.value.trimStart().length;
      const hint = child(el, 'HintPath')?.text;
      refs.push({
        path: project.path,
        line: el.line,
        text: project.doc.lines.lineText(el.start).trim(),
        name,
        nameSpan: { start: include.span.start + lead, end: include.span.start + lead + name.length },
        ...(hint ? { hintPath: { value: hint.value, span: hint.span } } : {}),
      });
    }
    for (const item of config.items) {
      const site = makeSite(item, new Map());
      if (!site) continue;
      const id = item.id.toLowerCase();
      const folder = `${id}.${(item.version?.value ?? '').toLowerCase()}`;
      const mine = refs.filter((r) => r.name.toLowerCase() === id || (r.hintPath && r.hintPath.value.toLowerCase().replace(/\\/g, '/').split('/').includes(folder)));
      if (mine.length > 0) site.assemblyReferences = mine;
    }
  };

  const projects: ProjectInfo[] = [];
  const unresolved = new Set<string>();
  const unresolvedVersions: { id: string; value: string; path: string; line: number }[] = [];
  for (const p of [...parsed.values()].filter((f) => PROJECT_RE.test(f.path) && !f.path.startsWith('..'))) {
    const seen = new Set<Parsed>();
    const order: Parsed[] = [...chainFor(p.dir, 'Directory.Build.props'), ...chainFor(p.dir, 'Directory.Packages.props'), p].flatMap((f) => expand(f, seen));
    const packagesConfig = parsed.get(p.dir ? `${p.dir}/packages.config` : 'packages.config');
    if (packagesConfig) order.push(packagesConfig);
    const targets = chainFor(p.dir, 'Directory.Build.targets').flatMap((f) => expand(f, seen));
    order.push(...targets);

    // Properties are evaluated in a pass before items, so the last definition anywhere wins.
    const props = new Map<string, Property>();
    const propsBeforeTargets = new Map<string, Property>();
    for (const f of order) {
      for (const prop of f.properties) {
        props.set(prop.name.toLowerCase(), prop);
        if (!targets.includes(f)) propsBeforeTargets.set(prop.name.toLowerCase(), prop);
      }
    }

    interface Effective {
      id: string;
      include: Item;
      version?: Item;
    }
    const refs = new Map<string, Effective>();
    const central = new Map<string, Item>();
    for (const f of order) {
      for (const item of f.items) {
        const lower = item.id.toLowerCase();
        switch (item.kind) {
          case 'PackageReference':
          case 'packages.config':
            refs.set(lower, { id: item.id, include: item, version: item.version ? item : undefined });
            break;
          case 'PackageReferenceUpdate':
            for (const ref of refs.values()) if (globMatches(item.id, ref.id) && item.version) ref.version = item;
            break;
          case 'PackageReferenceRemove':
            for (const [k, ref] of refs) if (globMatches(item.id, ref.id)) refs.delete(k);
            break;
          case 'PackageVersion':
            central.set(lower, item);
            break;
        }
      }
    }

    if (packagesConfig) linkAssemblyReferences(p, packagesConfig);

    const packages: ProjectPackage[] = [];
    const frameworkPackages: ProjectPackage[] = [];
    const families = new Set<Family>();
    let hasEfDesign = false;
    let efCoreVersion: string | undefined;
    for (const ref of refs.values()) {
      const family = familyOf(ref.id);
      if (!family) continue;
      families.add(family);
      // An Update in Directory.Build.props is evaluated before the project's items exist, so MSBuild
      // applies it to none of them (checked with `dotnet msbuild -getItem`); it is a site, never a version.
      const versionItem = ref.version ?? central.get(ref.id.toLowerCase());
      const includeSite = makeSite(ref.include, props);
      const versionSite = versionItem ? makeSite(versionItem, props) : undefined;
      const version = versionItem?.version ? resolveProps(versionItem.version.value, props) ?? versionItem.version.value : undefined;
      const pkg: ProjectPackage = { id: ref.id };
      if (version !== undefined) pkg.version = version;
      if (versionItem && versionItem.path !== p.path) pkg.versionFrom = versionItem.path;
      pkg.site = { path: ref.include.path, line: ref.include.line, id: ref.include.id };
      if (versionItem) pkg.versionSite = { path: versionItem.path, line: versionItem.line, id: versionItem.id };
      if (FRAMEWORK_FAMILIES.has(family)) frameworkPackages.push(pkg);
      if (family === 'aspnetcore' || family === 'ms-identitymodel' || family === 'automapper' || family === 'ef-provider') continue;
      packages.push(pkg);
      if (family === 'ef-core') {
        if (ref.id.toLowerCase() === 'microsoft.entityframeworkcore.design') hasEfDesign = true;
        if (version && (!efCoreVersion || ref.id.toLowerCase() === 'microsoft.entityframeworkcore')) efCoreVersion = version;
      }
      if (family === 'is4' && versionItem?.version && resolveProps(versionItem.version.value, props) === undefined) {
        const key = `${versionItem.path}:${versionItem.line}`;
        if (!unresolved.has(key)) {
          unresolved.add(key);
          unresolvedVersions.push({ id: ref.id, value: versionItem.version.value, path: versionItem.path, line: versionItem.line });
        }
      }
      if (family === 'is4' && version) {
        const where = versionSite?.versionProperty ?? versionItem ?? ref.include;
        is4Versions.push({ version, path: where.path, line: where.line });
      }
      if (family === 'api-authorization' && version && versionNumbers(version)?.[0] === 5 && includeSite) {
        warnings.push(
          `${includeSite.path}:${includeSite.line}: ${ref.id} ${version} brings in IdentityServer4 4.x transitively; Duende needs it at 6.0.x (which brings Duende.IdentityServer and requires net6.0), or IdentityServer referenced directly.`,
        );
      }
    }

    const tfmProp = propsBeforeTargets.get('targetframeworks') ?? propsBeforeTargets.get('targetframework');
    const tfms = tfmProp ? (resolveProps(tfmProp.value.value, propsBeforeTargets) ?? tfmProp.value.value) : '';
    let targetFrameworkSite: TargetFrameworkSite | undefined;
    if (tfmProp) {
      // Follow $(Name) chains to the definition that holds the text itself.
      let def = tfmProp;
      for (let hops = 0; hops < 8; hops++) {
        const name = soleProperty(def.value.value);
        const next = name ? propsBeforeTargets.get(name.toLowerCase()) : undefined;
        if (!next) break;
        def = next;
      }
      const doc = parsed.get(def.path)?.doc;
      targetFrameworkSite = {
        path: def.path,
        line: def.line,
        name: def.name,
        value: def.value.value,
        span: def.value.span,
        text: doc ? doc.lines.lineText(def.value.span.start).trim() : '',
        ...(def.value.value.includes('$(') || def.value.span.end - def.value.span.start !== def.value.value.length ? { indirect: true } : {}),
      };
    }
    const projectEl = p.doc.root.children.find((c) => c.name === 'Project');
    const sdk = (projectEl && attr(projectEl, 'Sdk')?.value) ?? (projectEl ? child(projectEl, 'Sdk') : undefined)?.attrs.get('Name')?.value;
    const projectReferences: string[] = [];
    for (const el of descendants(p.doc.root)) {
      if (el.name !== 'ProjectReference') continue;
      const inc = attr(el, 'Include');
      if (!inc) continue;
      projectReferences.push(...projectReferencePaths(p.dir || '.', inc.value));
    }
    const kind = projectKindOf(workspace, p, props, new Set(refs.keys()));
    const role = roleOf(kind, packages, families, refs);
    const info: ProjectInfo = {
      path: p.path,
      name: path.posix.basename(p.path).replace(PROJECT_RE, ''),
      targetFrameworks: tfms.split(';').map((s) => s.trim()).filter(Boolean),
      role,
      packages,
      frameworkPackages,
      ...(targetFrameworkSite ? { targetFrameworkSite } : {}),
      projectReferences,
      hasEfDesign,
    };
    if (kind.runs) info.runs = kind.runs;
    if (sdk) info.sdk = sdk;
    if (efCoreVersion) info.efCoreVersion = efCoreVersion;
    projects.push(info);
  }

  // Sites in files no project of ours evaluates (a central file in the tree, an unused Update) still count:
  // they are what the packages step renames, and what tells a half-done upgrade.
  for (const f of parsed.values()) {
    if (f.path.startsWith('..')) continue;
    const props = new Map<string, Property>();
    for (const prop of f.properties) props.set(prop.name.toLowerCase(), prop);
    for (const item of f.items) {
      const site = siteOf.get(item) ?? makeSite(item, props);
      if (!site) continue;
      const lower = item.id.toLowerCase();
      const core = RENAMES.has(lower) || (isPattern(item.id) && globMatches(item.id, 'IdentityServer4'));
      // (a version that stays "$(Name)" here is not one: the projects that use it were checked above)
      if (core && site.version !== undefined && site.resolvedVersion !== undefined) {
        const where = site.versionProperty ?? site;
        is4Versions.push({ version: site.resolvedVersion ?? site.version, path: where.path, line: where.line });
      }
    }
  }
  // A version this tool cannot resolve is never taken as one: "$(IsVersion)" with the property defined
  // nowhere it reads (on the command line, in the environment, in a file outside the tree) could be 3.x.
  if (unresolvedVersions.length > 0) {
    const [u, ...more] = unresolvedVersions.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
    const others = more.length ? ` (and ${more.length} more: ${more.map((m) => `${m.path}:${m.line}`).join(', ')})` : '';
    throw new InputError(
      `the ${u!.id} version "${u!.value}" uses an MSBuild property that is not defined in any file this tool reads, so the version cannot be known${others}; nothing was changed`,
      { path: u!.path, line: u!.line },
      'Define the property in the project or a Directory.Build.props (or write the version itself), then run again. This tool upgrades IdentityServer4 4.0.x and 4.1.x only.',
    );
  }
  const bySpan = (a: PackageSite, b: PackageSite) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.idSpan.start - b.idSpan.start);
  sites.sort(bySpan);
  frameworkSites.sort(bySpan);
  projects.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { projects, imported, packageSites: sites, frameworkSites, is4Versions, warnings };
}

/** The IdentityServer packages that make a project that runs an IdentityServer host rather than an API. */
const SERVER_PACKAGES = new Set(['identityserver4', 'duende.identityserver', 'identityserver4.aspnetidentity', 'duende.identityserver.aspnetidentity', 'identityserver4.entityframework', 'duende.identityserver.entityframework']);

/**
 * A host is a project that runs (issue 9: by its type, not because it references
 * IdentityServer4.EntityFramework); one that runs and validates tokens without any
 * IdentityServer package of its own is an API. Test projects are never hosts.
 */
function roleOf(kind: ProjectKind, packages: readonly ProjectPackage[], families: ReadonlySet<Family>, refs: ReadonlyMap<string, unknown>): ProjectRole {
  if (kind.test) return 'test';
  if (!kind.runs) return 'library';
  const server = packages.some((pkg) => SERVER_PACKAGES.has(pkg.id.toLowerCase()));
  const validates = families.has('access-token-validation') || refs.has('microsoft.aspnetcore.authentication.jwtbearer');
  return validates && !server ? 'api' : 'host';
}

/** The project's SDKs, OutputType and test markers, as MSBuild evaluates them. */
function projectKindOf(workspace: Workspace, p: Parsed, props: Map<string, Property>, packageIds: ReadonlySet<string>): ProjectKind {
  const sdks: string[] = [];
  const addSdks = (raw: string | undefined) => {
    // Sdk="Microsoft.NET.Sdk.Web/6.0.0;Other.Sdk": each name, without its version
    for (const part of (raw ?? '').split(';')) if (part.trim()) sdks.push(part.split('/')[0]!.trim());
  };
  const projectEl = p.doc.root.children.find((c) => c.name === 'Project');
  if (projectEl) addSdks(attr(projectEl, 'Sdk')?.value);
  for (const el of descendants(p.doc.root)) {
    if (el.name === 'Sdk') addSdks(attr(el, 'Name')?.value);
    else if (el.name === 'Import') addSdks(attr(el, 'Sdk')?.value);
  }
  const value = (name: string) => {
    const prop = props.get(name);
    if (!prop) return undefined;
    return resolveProps(prop.value.value, props) ?? null;
  };
  const outputType = value('outputtype');
  const isTestProject = value('istestproject') ?? undefined;
  return projectKind({
    sdks,
    outputType,
    ...(isTestProject !== undefined ? { isTestProject } : {}),
    packageIds,
    program() {
      for (const name of ['Program.cs', 'Program.vb', 'Program.fs']) {
        const rel = p.dir ? `${p.dir}/${name}` : name;
        if (!existsSync(workspace.abs(rel))) continue;
        const r = workspace.tryRead(rel);
        if (r.ok) return { path: rel, text: r.file.text };
      }
      return undefined;
    },
  });
}

/** IdentityServer4 before 4.0 stores data in a different schema; that migration is a hand job. */
export function assertSupportedVersions(versions: MsbuildResult['is4Versions']): void {
  const old = versions.find((v) => {
    const n = versionNumbers(v.version);
    return n !== undefined && n[0]! < 4;
  });
  if (old) {
    throw new InputError(
      `IdentityServer4 ${old.version} is older than 4.0, which this tool does not upgrade; nothing was changed`,
      { path: old.path, line: old.line },
      'IdentityServer4 3.x and older need a manual data migration first (the ApiScopes split, table renames) to reach 4.x; upgrade to IdentityServer4 4.1 by hand, then run this tool.',
    );
  }
}

/** The root-relative paths a ProjectReference's Include names (`;`-separated, backslashes or slashes), from the referencing project's folder. */
export function projectReferencePaths(dir: string, include: string): string[] {
  return include
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => path.posix.normalize(path.posix.join(dir, part.replace(/\\/g, '/'))));
}
