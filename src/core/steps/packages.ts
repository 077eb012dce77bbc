import { readdirSync } from 'node:fs';
import path from 'node:path';
import { AUTOMAPPER, compareVersions, droppedAutoMapper, targetLine, type ReleaseLine } from '../releases.js';
import { lexFile } from '../lang/index.js';
import { LineIndex } from '../text/edit.js';
import { familyOf, globMatches, IDENTITY_MODEL, isPattern, renamedId, versionBelow, versionNumbers } from '../scan/families.js';
import type { PackageSite, ProjectInfo, Scan, SiteRef } from '../scan/model.js';
import { duendeProjects, projectOwners, usesCentralVersions } from '../scan/source.js';
import { attr, descendants, parseMsbuild } from '../scan/msbuild.js';
import { projectReferencePaths } from '../scan/projects.js';
import { repositoryRoot } from '../scan/walk.js';
import type { Evidence, FileChange, Splice, StepBlock } from '../types.js';
import type { Workspace } from '../workspace.js';
import { accessTokenValidationStep } from './access-token-validation.js';
import type { Detection, Step, StepContext, StepWork } from './step.js';
import { packageReferenceInsert, versionSplices } from './version-sites.js';

/**
 * Step 1 of Duende's v5 upgrade guide: swap the IdentityServer4 packages for
 * Duende.IdentityServer* at the target version, wherever the id or its version
 * is written. Only the id and version values are spliced; nothing else moves.
 */

/**
 * IdentityServer4.AccessTokenValidation has no Duende counterpart, so this step
 * leaves it; the access-token-validation step is the one that moves the API to
 * JwtBearer (and says what to do with reference tokens). Point there, once.
 */
function atvNote(site: PackageSite): string {
  const { id, title } = accessTokenValidationStep;
  return (
    `${site.path}:${site.line}: ${site.id} has no Duende counterpart, so it is not renamed; it keeps working against a Duende server. ` +
    `The step "${title}" [${id}] moves this API to AddJwtBearer (under --yes, name it in --only ${id}).`
  );
}

function sameSite(site: PackageSite, ref: SiteRef | undefined): boolean {
  return ref !== undefined && site.path === ref.path && site.line === ref.line && site.id === ref.id;
}

function evidenceOf(site: PackageSite, note: string): Evidence {
  return { path: site.path, line: site.line, text: site.text, note };
}

/**
 * IdentityModel sites in projects that get Duende: below the target's minimum
 * (a downgrade error, NU1605, otherwise), or still IdentityModel where the
 * target depends on Duende.IdentityModel instead (from 7.1).
 */
function identityModelSites(scan: Scan, wanted: ReleaseLine['identityModel']): PackageSite[] {
  const affected = duendeProjects(scan.projects);
  const out = new Set<PackageSite>();
  const renamed = wanted.id !== 'IdentityModel';
  for (const p of scan.projects) {
    if (!affected.has(p.path)) continue;
    for (const pkg of p.packages) {
      const lower = pkg.id.toLowerCase();
      if (familyOf(pkg.id) !== 'identity-model' || pkg.version === undefined) continue;
      const rename = renamed && lower === IDENTITY_MODEL;
      if (!rename && (lower !== wanted.id.toLowerCase() || !versionBelow(pkg.version, wanted.min))) continue;
      const site = scan.packageSites.find((s) => sameSite(s, pkg.versionSite));
      if (site?.versionSpan) out.add(site);
      // The reference itself carries the id to rename when the version comes from elsewhere.
      if (rename && pkg.site && (!site || !sameSite(site, pkg.site))) {
        const ref = scan.packageSites.find((s) => sameSite(s, pkg.site));
        if (ref) out.add(ref);
      }
    }
  }
  return [...out];
}

/** Duende IdentityServer version sites below the target (a Duende → Duende upgrade). */
function bumpSites(scan: Scan, target: string): PackageSite[] {
  return scan.packageSites.filter((s) => familyOf(s.id) === 'duende' && s.versionSpan !== undefined && versionBelow(s.resolvedVersion ?? s.version!, target));
}

function renameSites(scan: Scan): PackageSite[] {
  return scan.packageSites.filter((s) => renamedId(s.id) !== undefined);
}

/**
 * Projects whose code uses AutoMapper that only the IdentityServer storage
 * packages brought (up to 6.3; 7.0 dropped it): without a reference of their
 * own they stop compiling. One use each (a using directive or a qualified name,
 * in code, not in comments or strings) is the evidence.
 */
function autoMapperUsers(ctx: StepContext): { project: ProjectInfo; use: Evidence }[] {
  if (!droppedAutoMapper(ctx.source, ctx.target)) return [];
  const { scan, workspace } = ctx;
  const affected = duendeProjects(scan.projects);
  const byPath = new Map(scan.projects.map((p) => [p.path, p]));
  // its own AutoMapper* reference, or one through a project it references
  const has = (p: ProjectInfo, seen = new Set<string>()): boolean =>
    p.frameworkPackages.some((pkg) => familyOf(pkg.id) === 'automapper') ||
    p.projectReferences.some((r) => !seen.has(r) && (seen.add(r), byPath.has(r)) && has(byPath.get(r)!, seen));
  const ownerOf = projectOwners(scan.projects);
  const out = new Map<string, { project: ProjectInfo; use: Evidence }>();
  for (const file of scan.sourceFiles) {
    if (!file.endsWith('.cs')) continue;
    const owner = ownerOf(file);
    if (!owner || out.has(owner.path) || !affected.has(owner.path) || has(owner)) continue;
    const r = workspace.tryRead(file);
    if (!r.ok || !r.file.text.includes('AutoMapper')) continue;
    const m = /(?<![\w.@])AutoMapper\s*[.;]/.exec(lexFile(r.file)?.mask ?? '');
    if (!m) continue;
    const lines = new LineIndex(r.file.text);
    const line = lines.line(m.index);
    const text = lines.lineText(m.index).trim();
    out.set(owner.path, { project: owner, use: { path: file, line, text, note: `uses AutoMapper, which Duende IdentityServer ${ctx.target.version} no longer brings` } });
  }
  return [...out.values()];
}

function detect(ctx: StepContext): Detection {
  const { scan } = ctx;
  const warnings: string[] = [];
  const followUps: string[] = [];
  const notes: Evidence[] = [];
  for (const s of scan.packageSites) {
    const family = familyOf(s.id);
    if (s.kind !== 'PackageReference' && s.kind !== 'packages.config') continue;
    if (family === 'access-token-validation') {
      notes.push(evidenceOf(s, 'not renamed: no Duende counterpart'));
      warnings.push(atvNote(s));
    } else if (family === 'is4-third-party') {
      notes.push(evidenceOf(s, 'third-party package built against IdentityServer4'));
      warnings.push(
        `${s.path}:${s.line}: ${s.id} is built against IdentityServer4; next to Duende.IdentityServer it fails with CS0433 ("the type exists in both"). Replace it with a Duende-compatible release or remove it.`,
      );
    }
  }
  const apiAuth = apiAuthorizationBlock(scan);
  if (apiAuth) return { status: 'blocked', blocked: apiAuth.block, evidence: [...apiAuth.evidence, ...notes], warnings, followUps };
  const renames = renameSites(scan);
  const line = targetLine(ctx.target);
  const models = identityModelSites(scan, line.identityModel);
  const bumps = bumpSites(scan, ctx.target.version);
  if (renames.length === 0 && models.length === 0 && bumps.length === 0) {
    const duende = scan.packageSites.filter((s) => familyOf(s.id) === 'duende');
    // an older Duende is not "done" for a newer target
    const older = duende.filter((s) => {
      const v = s.resolvedVersion ?? s.version;
      return v !== undefined && versionBelow(v, ctx.options.target);
    });
    if (older.length > 0) {
      return {
        status: 'pending',
        evidence: [...older.map((s) => evidenceOf(s, `Duende ${s.resolvedVersion ?? s.version}, below the target ${ctx.options.target}`)), ...notes],
        warnings,
        followUps: [...followUps, ...older.map((s) => `${s.path}:${s.line}: ${s.id} is at ${s.resolvedVersion ?? s.version}, below the target ${ctx.options.target}: raise it to ${ctx.options.target} (this step does not change Duende versions).`)],
      };
    }
    if (duende.length > 0) return { status: 'done', evidence: [...duende.map((s) => evidenceOf(s, 'already Duende')), ...notes], warnings, followUps };
    // IdentityServer4 only through a project outside the folder: that is where the upgrade must run
    const referenced = outsideIdentityServer4(ctx.workspace, scan.projects);
    if (referenced.length > 0) return { status: 'blocked', blocked: outsideReferenceBlock(ctx.workspace, referenced, false), evidence: notes, warnings, followUps };
    return { status: 'not-applicable', evidence: notes, warnings, followUps };
  }
  const evidence = [
    ...renames.map((s) => evidenceOf(s, `${s.id} → ${renamedId(s.id)!}`)),
    ...bumps.map((s) => evidenceOf(s, `${s.id} ${s.resolvedVersion ?? s.version} → ${ctx.target.version}`)),
    ...models.map((s) =>
      s.id.toLowerCase() === line.identityModel.id.toLowerCase()
        ? evidenceOf(s, `IdentityModel ${s.resolvedVersion ?? s.version} is below ${line.identityModel.min}, which Duende ${line.line.split('.')[0]} needs`)
        : evidenceOf(s, `${s.id} → ${line.identityModel.id}${s.versionSpan ? ` ${line.identityModel.min}` : ''}: from 7.1 Duende IdentityServer depends on ${line.identityModel.id}`),
    ),
    ...autoMapperUsers(ctx).map((u) => u.use),
    ...notes,
  ];
  return { status: 'pending', evidence, warnings, followUps };
}

function plan(ctx: StepContext): StepWork {
  const { scan, workspace, options } = ctx;
  const splices = new Map<string, Map<number, Splice>>();
  const warnings: string[] = [];
  const add = (path: string, s: Splice) => {
    let m = splices.get(path);
    if (!m) splices.set(path, (m = new Map()));
    m.set(s.start, s);
  };

  const renames = renameSites(scan);
  const identityModel = targetLine(ctx.target).identityModel;
  const models = identityModelSites(scan, identityModel);
  // Which version each site should end up with, so a $(Property) is only changed when all its uses agree.
  const wanted = new Map<PackageSite, string>();
  for (const s of renames) if (s.versionSpan) wanted.set(s, options.target);
  for (const s of bumpSites(scan, options.target)) wanted.set(s, options.target);
  for (const s of models) {
    if (s.id.toLowerCase() !== identityModel.id.toLowerCase() && !isPattern(s.id)) add(s.path, { start: s.idSpan.start, end: s.idSpan.end, text: identityModel.id });
    if (s.versionSpan) wanted.set(s, identityModel.min);
  }

  const followUps: string[] = [];
  // A packages.config project changes as a whole (every package with its <Reference>) or not at all.
  const configs = new Map<string, PackageSite[]>();
  for (const s of renames.filter((r) => r.kind === 'packages.config')) configs.set(s.path, [...(configs.get(s.path) ?? []), s]);
  for (const [config, sites] of configs) {
    const planned = sites.map((s) => ({ s, splices: legacyReferenceSplices(s, options.target) }));
    const odd = planned.filter((x) => x.splices === undefined).map((x) => x.s);
    if (odd.length > 0) {
      for (const s of odd) {
        warnings.push(
          `${s.path}:${s.line}: ${s.id} is loaded through a <Reference> whose HintPath does not have the usual packages\\${s.id}.${s.version ?? ''}\\...\\${s.id}.dll shape, so this project is left on IdentityServer4 rather than half-changed. Update it with NuGet (Update-Package) instead.`,
        );
      }
      for (const s of sites) {
        renames.splice(renames.indexOf(s), 1);
        wanted.delete(s);
      }
      continue;
    }
    for (const { splices: list } of planned) for (const [file, splice] of list!) add(file, splice);
    if (planned.some((x) => x.splices!.length > 0)) {
      followUps.push(`Restore the packages.config project in ${path.posix.dirname(config)} (nuget restore, or msbuild -restore -p:RestorePackagesConfig=true) so that packages/ holds the Duende.IdentityServer packages at ${options.target}.`);
    }
  }
  for (const s of renames) add(s.path, { start: s.idSpan.start, end: s.idSpan.end, text: renamedId(s.id)! });
  versionSplices(wanted, add, warnings);

  // A renamed wildcard no longer matches the packages it did not rename (IdentityServer4.AccessTokenValidation,
  // third-party IdentityServer4.*); they keep their version through an explicit Update item of their own.
  for (const s of renames.filter((r) => isPattern(r.id) && r.kind === 'PackageReferenceUpdate' && r.versionSpan && r.elementStart !== undefined)) {
    const kept = new Map<string, string>();
    for (const p of scan.projects) {
      for (const pkg of p.packages) {
        if (renamedId(pkg.id) !== undefined || !sameSite(s, pkg.versionSite)) continue;
        kept.set(pkg.id.toLowerCase(), `<PackageReference Update="${pkg.id}" Version="${pkg.version ?? s.version!}" />`);
      }
    }
    if (kept.size === 0) continue;
    const r = workspace.tryRead(s.path);
    if (!r.ok) continue;
    const text = r.file.text;
    const lineStart = text.lastIndexOf('\n', s.elementStart! - 1) + 1;
    const before = text.slice(lineStart, s.elementStart!);
    const indent = /^[ \t]*$/.test(before) ? before : '';
    const nl = text.indexOf('\n', lineStart);
    const eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
    const inserted = [...kept.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, item]) => `${item}${eol}${indent}`).join('');
    add(s.path, { start: s.elementStart!, end: s.elementStart!, text: inserted });
    warnings.push(
      `${s.path}:${s.line}: ${[...kept.keys()].length === 1 ? 'a package' : 'packages'} the wildcard "${s.id}" also versioned (${[...kept.values()].map((k) => /Update="([^"]+)"/.exec(k)![1]).join(', ')}) keep${kept.size === 1 ? 's' : ''} that version through a new Update item placed before it, since the renamed wildcard no longer matches ${kept.size === 1 ? 'it' : 'them'}.`,
    );
  }

  // AutoMapper: a reference of its own for code that got it through the storage packages (dropped in 7.0).
  const central = usesCentralVersions(scan);
  const users = autoMapperUsers(ctx);
  // one AutoMapper across the solution: a lower version beside a direct reference is a downgrade error (NU1605)
  const direct = scan.projects
    .flatMap((p) => p.frameworkPackages)
    .filter((pkg) => pkg.id.toLowerCase() === 'automapper' && pkg.version !== undefined && versionNumbers(pkg.version) !== undefined)
    .map((pkg) => versionNumbers(pkg.version!)!.join('.'));
  const brought = droppedAutoMapper(ctx.source, ctx.target);
  const version = direct.sort(compareVersions).at(-1) ?? brought;
  const why = direct.length ? 'the version the solution already references' : `the version the IdentityServer packages brought, so the code builds as it did`;
  for (const { project, use } of users) {
    const { id, note } = AUTOMAPPER;
    const file = workspace.tryRead(project.path);
    if (central || !project.path.endsWith('proj') || !file.ok) {
      followUps.push(`${project.path}: add a reference to ${id} ${version}${central ? ' (a PackageVersion in Directory.Packages.props, a PackageReference in the project)' : ''}: ${use.path}:${use.line} uses AutoMapper, which Duende IdentityServer ${options.target} no longer brings. ${note}`);
      continue;
    }
    add(project.path, packageReferenceInsert(file.file, id, version!));
    warnings.push(`${project.path}: ${id} ${version} (${why}) is added, since ${use.path}:${use.line} uses AutoMapper and Duende IdentityServer ${options.target} no longer brings it. ${note}`);
  }

  const outside = [...splices.keys()].filter((p) => p.startsWith('..'));
  if (outside.length > 0) return { changes: [], commands: [], warnings, blocked: outsideBlock(workspace, outside) };
  const referenced = splices.size > 0 ? outsideIdentityServer4(workspace, scan.projects) : [];
  if (referenced.length > 0) return { changes: [], commands: [], warnings, blocked: outsideReferenceBlock(workspace, referenced, true) };
  const restore = restoreNotes(workspace, scan, [...splices.keys()]);
  warnings.push(...restore.warnings);
  followUps.push(...restore.followUps);
  const changes: FileChange[] = [...splices]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, m]) => ({ kind: 'edit', path, splices: [...m.values()].sort((a, b) => a.start - b.start) }));
  return { changes, commands: [], warnings, followUps };
}

/**
 * A packages.config project names the package's folder and assembly in its <Reference>/<HintPath>;
 * they change with the id, or the project stops compiling. Without a PublicKeyToken the Include is
 * not a strong name, so MSBuild matches the assembly by simple name and its Version part can stay
 * (ResolveAssemblyReference: SpecificVersion absent). Undefined when the shape is not the usual one.
 */
function legacyReferenceSplices(site: PackageSite, target: string): [string, Splice][] | undefined {
  const newId = renamedId(site.id)!;
  const out: [string, Splice][] = [];
  for (const ref of site.assemblyReferences ?? []) {
    const lower = site.id.toLowerCase();
    if (ref.name.toLowerCase() === lower) out.push([ref.path, { start: ref.nameSpan.start, end: ref.nameSpan.end, text: newId }]);
    if (!ref.hintPath) continue;
    const { value, span } = ref.hintPath;
    if (span.end - span.start !== value.length || site.version === undefined) return undefined;
    const folder = `${site.id}.${site.version}`.toLowerCase();
    const parts = value.split(/([\\/])/);
    let at = 0;
    let folderDone = false;
    let fileDone = false;
    for (const part of parts) {
      const p = part.toLowerCase();
      if (!folderDone && p === folder) {
        out.push([ref.path, { start: span.start + at, end: span.start + at + part.length, text: `${newId}.${target}` }]);
        folderDone = true;
      } else if (folderDone && !fileDone && (p === `${lower}.dll` || p === `${lower}.xml`)) {
        out.push([ref.path, { start: span.start + at, end: span.start + at + part.length - 4, text: newId }]);
        fileDone = true;
      }
      at += part.length;
    }
    if (!folderDone || !fileDone) return undefined;
  }
  return out;
}

export const packagesStep: Step = {
  id: 'packages',
  kind: 'work',
  title: 'Swap the NuGet packages',
  why: 'IdentityServer4 packages are replaced by their Duende.IdentityServer counterparts; the IdentityServer4 packages receive no more fixes.',
  detect,
  plan,
};

/**
 * Restore has to accept the new ids too: a packages.lock.json pins the old ones (a locked-mode
 * restore fails with NU1004), and NuGet package source mapping refuses ids no pattern covers (NU1100).
 */
function restoreNotes(workspace: Workspace, scan: Scan, changed: readonly string[]): { warnings: string[]; followUps: string[] } {
  const warnings: string[] = [];
  const followUps: string[] = [];
  const projectDirs = scan.projects
    .filter((p) => p.packages.some((pkg) => familyOf(pkg.id) === 'is4' && ((pkg.site && changed.includes(pkg.site.path)) || (pkg.versionSite && changed.includes(pkg.versionSite.path)))))
    .map((p) => path.posix.dirname(p.path));
  // Every lock file that pins an IdentityServer4 package, directly or transitively (a project
  // that only references a changed project locks it too), in one follow-up with one command.
  const locked = scan.projects.filter((p) => {
    const dir = path.posix.dirname(p.path);
    const r = workspace.tryRead(dir === '.' ? 'packages.lock.json' : `${dir}/packages.lock.json`);
    return r.ok && /"IdentityServer4(\.[\w.]+)?"\s*:/i.test(r.file.text);
  });
  if (locked.length > 0 && projectDirs.length > 0) {
    const lockName = (p: ProjectInfo) => (path.posix.dirname(p.path) === '.' ? 'packages.lock.json' : `${path.posix.dirname(p.path)}/packages.lock.json`);
    const solution = scan.solutions.length === 1 ? scan.solutions[0]! : undefined;
    const command = solution
      ? `dotnet restore ${quote(solution)} --force-evaluate`
      : locked.map((p) => `dotnet restore ${quote(p.path)} --force-evaluate`).join(' && ');
    followUps.push(
      `Regenerate the lock file${locked.length === 1 ? ' that pins' : 's that pin'} IdentityServer4 (${locked.map(lockName).join(', ')}), from the root folder: \`${command}\`. A locked-mode restore fails (NU1004) until then.`,
    );
  }
  if (projectDirs.length === 0) return { warnings, followUps };
  // NuGet reads every nuget.config from the project's folder up to the drive root.
  const folders = new Set<string>();
  for (const dir of projectDirs) {
    for (let abs = workspace.abs(dir === '.' ? '' : dir); ; abs = path.dirname(abs)) {
      if (folders.has(abs)) break;
      folders.add(abs);
      if (path.dirname(abs) === abs) break;
    }
  }
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder).filter((n) => n.toLowerCase() === 'nuget.config');
    } catch {
      continue;
    }
    for (const name of names) {
      const rel = workspace.rel(path.join(folder, name));
      const r = workspace.tryRead(rel);
      if (!r.ok) continue;
      let mapping;
      try {
        mapping = [...descendants(parseMsbuild(r.file).root)].find((e) => e.name === 'packageSourceMapping');
      } catch {
        continue;
      }
      if (!mapping) continue;
      const patterns = [...descendants(mapping)].filter((e) => e.name === 'package').map((e) => attr(e, 'pattern')?.value ?? '');
      if (patterns.some((p) => globMatches(p, 'Duende.IdentityServer') && globMatches(p, 'Duende.IdentityServer.EntityFramework.Storage'))) continue;
      warnings.push(
        `${rel}:${mapping.line}: package source mapping has no pattern for the Duende.IdentityServer packages, so restore will refuse them (NU1100). Add <package pattern="Duende.IdentityServer*" /> under the source that serves them (nuget.org).`,
      );
    }
  }
  return { warnings, followUps };
}

/**
 * The package ids or versions are written in files above the folder being upgraded
 * (a parent Directory.Build.props/.targets, Directory.Packages.props, an import). This
 * tool never writes outside its folder, and swapping only the code would leave a
 * solution that cannot build; so the step is blocked with the fix: run in the folder
 * that holds them all, naming the other projects those files apply to.
 */
function outsideBlock(workspace: Workspace, outside: readonly string[]): StepBlock {
  const root = workspace.root;
  const others = new Set<string>();
  // Only inside the repository: a Directory.* file found above it (no .git anywhere up) is not walked from.
  const repository = repositoryRoot(root);
  for (const rel of outside) {
    const dir = path.dirname(workspace.abs(rel));
    if (repository === undefined || !(dir === repository || dir.startsWith(repository + path.sep))) continue;
    for (const project of projectsUnder(dir)) {
      if (project === root || project.startsWith(root + path.sep)) continue;
      others.add(path.relative(root, project).split(path.sep).join('/'));
    }
  }
  const list = [...others].sort();
  const names = list.length === 0 ? '' : `, which also appl${outside.length === 1 ? 'ies' : 'y'} to ${listOf(list.slice(0, 5))}${list.length > 5 ? ` and ${list.length - 5} more project${list.length - 5 === 1 ? '' : 's'}` : ''}`;
  const where = commonFolder(workspace, outside);
  return {
    reason: `the versions are set in ${listOf([...outside])}${names}, outside the folder being upgraded, which this tool never writes. Run duende-upgrade in ${where} so that the packages and the code are upgraded together; nothing is changed by this step until then.`,
  };
}

/** The folder, relative to the root, that holds the root and every one of `rels` (root-relative files). */
function commonFolder(workspace: Workspace, rels: readonly string[]): string {
  let common = workspace.root;
  for (const rel of rels) {
    const dir = path.dirname(workspace.abs(rel));
    while (common !== dir && !dir.startsWith(common + path.sep) && path.dirname(common) !== common) common = path.dirname(common);
  }
  return path.relative(workspace.root, common).split(path.sep).join('/') || '.';
}

/**
 * Projects outside the folder that its projects reference (directly, or through each other outside
 * it) and that reference an IdentityServer4 package themselves. Upgraded alone, the folder would get
 * Duende while they keep IdentityServer4, and the two define the same types (CS0433, CS0121).
 */
function outsideIdentityServer4(workspace: Workspace, projects: readonly ProjectInfo[]): { from: string; project: string }[] {
  const out: { from: string; project: string }[] = [];
  const seen = new Set<string>();
  const queue = projects.flatMap((p) => p.projectReferences.filter((r) => r.startsWith('..')).map((r) => ({ from: p.path, project: r })));
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next.project)) continue;
    seen.add(next.project);
    const r = workspace.tryRead(next.project);
    if (!r.ok) continue;
    let elements;
    try {
      elements = [...descendants(parseMsbuild(r.file).root)];
    } catch {
      continue;
    }
    if (elements.some((e) => e.name === 'PackageReference' && familyOf(attr(e, 'Include')?.value ?? attr(e, 'Update')?.value ?? '') === 'is4')) out.push(next);
    for (const e of elements) {
      if (e.name !== 'ProjectReference') continue;
      for (const ref of projectReferencePaths(path.posix.dirname(next.project), attr(e, 'Include')?.value ?? '')) {
        if (ref.startsWith('..')) queue.push({ from: next.from, project: ref });
      }
    }
  }
  return out;
}

/** The block for projects outside the folder on IdentityServer4: beside this folder's own IdentityServer4 packages (`own`), or as their only source. */
function outsideReferenceBlock(workspace: Workspace, referenced: readonly { from: string; project: string }[], own: boolean): StepBlock {
  const pairs = referenced.map((r) => `${r.from} references ${r.project}`);
  const where = commonFolder(workspace, referenced.map((r) => r.project));
  return {
    reason:
      `${listOf(pairs.slice(0, 3))}${pairs.length > 3 ? ` and ${pairs.length - 3} more` : ''}, outside the folder being upgraded and on IdentityServer4, which this tool never writes. ` +
      (own
        ? 'Upgraded alone, this folder would get Duende IdentityServer beside IdentityServer4, and the build fails (the two define the same types). '
        : "This folder's projects get IdentityServer4 only through it, so its packages cannot be swapped from here. ") +
      `Run duende-upgrade in ${where} so that every project moves together; nothing is changed by this step until then.`,
  };
}

function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Project files under `dir` (absolute paths), six folders deep, not looking into build output, dependencies or hidden folders. */
function projectsUnder(dir: string, depth = 6): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.isDirectory()) {
      if (depth > 1 && !SKIPPED_FOLDERS.has(e.name.toLowerCase()) && !e.name.startsWith('.')) out.push(...projectsUnder(path.join(dir, e.name), depth - 1));
    } else if (e.isFile() && /\.(cs|fs|vb)proj$/i.test(e.name)) {
      out.push(path.join(dir, e.name));
    }
  }
  return out;
}
const SKIPPED_FOLDERS = new Set(['bin', 'obj', 'node_modules']);

/**
 * Microsoft.AspNetCore.ApiAuthorization.IdentityServer below 6.0 brings IdentityServer4
 * in as a dependency of its own. No package swap here can change that: renaming the
 * namespaces would break the build, and a direct Duende reference next to it fails
 * with CS0433. The way forward is ApiAuthorization 6.0.x (net6.0), which brings Duende.
 */
function apiAuthorizationBlock(scan: Scan): { block: StepBlock; evidence: Evidence[] } | undefined {
  const found: { project: string; version: string; site?: SiteRef }[] = [];
  for (const p of scan.projects) {
    for (const pkg of p.packages) {
      if (familyOf(pkg.id) !== 'api-authorization' || pkg.version === undefined) continue;
      const major = versionNumbers(pkg.version)?.[0];
      if (major !== undefined && major < 6) found.push({ project: p.path, version: pkg.version, site: pkg.site });
    }
  }
  if (found.length === 0) return undefined;
  const which = found.map((f) => `${f.project} (${f.version})`);
  const direct = scan.projects.some((p) => p.packages.some((pkg) => familyOf(pkg.id) === 'is4'));
  return {
    block: {
      reason:
        `IdentityServer4 comes in through Microsoft.AspNetCore.ApiAuthorization.IdentityServer in ${which.length === 1 ? which[0] : `${which.slice(0, -1).join(', ')} and ${which[which.length - 1]}`}, which no package swap replaces` +
        `${direct ? ' (the projects that reference IdentityServer4 directly would get Duende next to it: CS0433, "the type exists in both")' : ''}. ` +
        'The way forward: move those projects to net6.0 and Microsoft.AspNetCore.ApiAuthorization.IdentityServer 6.0.x, which brings Duende IdentityServer, then run duende-upgrade again. Nothing is changed until then.',
    },
    evidence: found.map((f) => {
      const s = f.site ? scan.packageSites.find((x) => sameSite(x, f.site)) : undefined;
      return { path: s?.path ?? f.project, line: s?.line ?? 0, text: s?.text ?? `Microsoft.AspNetCore.ApiAuthorization.IdentityServer ${f.version}`, note: 'brings IdentityServer4 4.x in transitively' };
    }),
  };
}

function quote(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `"${p}"`;
}
