import { installedSdks } from '../env/sdks.js';
import { compareVersions, ENDED_PACKAGES, targetFramework, targetLine, type FrameworkPackages, type Target } from '../releases.js';
import { familyOf, versionNumbers } from '../scan/families.js';
import type { PackageSite, ProjectInfo, Scan, SiteRef } from '../scan/model.js';
import { duendeProjects } from '../scan/source.js';
import type { Evidence, FileChange, Splice } from '../types.js';
import type { Detection, Step, StepContext, StepWork } from './step.js';
import { versionSplices } from './version-sites.js';

/**
 * Retarget to a framework the target supports (Duende 6 needs net6.0, 7.0
 * net8.0, 7.4 net8.0 or net10.0 when chosen, 8.0 net10.0): the
 * TargetFramework(s) of every project that references the IdentityServer
 * packages and of the projects that reference those; the Microsoft.AspNetCore.*
 * and Microsoft.EntityFrameworkCore.* packages to that framework's major;
 * every Microsoft.IdentityModel.* package on one version; and a global.json
 * SDK pin that cannot build the framework. The versions come from releases.ts.
 */

interface Work {
  evidence: Evidence[];
  warnings: string[];
  followUps: string[];
  splices: Map<string, Map<number, Splice>>;
  wanted: Map<PackageSite, string>;
}

/** "netcoreapp3.1" → [3, 1], "net8.0-windows" → [8, 0]; netstandard and .NET Framework → [0, 0]. */
function frameworkRank(tfm: string): [number, number] {
  const m = /^net(?:coreapp)?(\d+)\.(\d+)/i.exec(tfm);
  if (m && !/^net\d{2,3}$/i.test(tfm)) return [Number(m[1]), Number(m[2])];
  return [0, 0];
}

function below(a: string, b: string): boolean {
  const [x, y] = frameworkRank(a);
  const [p, q] = frameworkRank(b);
  return x < p || (x === p && y < q);
}

/**
 * The frameworks a project ends up with: a .NET (Core) framework at or above the target's
 * framework stays, the rest become it. A framework above every one the packages target still
 * takes their highest assets (net6.0 builds on Duende 5.2's net5.0), so it is never lowered.
 */
function retargeted(value: string, framework: string): string {
  const parts = value.split(';').map((s) => s.trim()).filter(Boolean);
  const out: string[] = [];
  for (const p of parts) {
    const keep = frameworkRank(p)[0] > 0 && !below(p, framework);
    const next = keep ? p : `${framework}${/-.*$/.exec(p)?.[0] ?? ''}`;
    if (!out.some((o) => o.toLowerCase() === next.toLowerCase())) out.push(next);
  }
  return out.join(';');
}

/**
 * The frameworks the projects that reference IdentityServer will target once the
 * upgrade is done (this step never lowers one), e.g. ["net10.0"] for net10.0
 * projects going to 5.2.4; the target's own framework when none is read.
 */
export function frameworksAfter(scan: Scan, target: Target): string[] {
  const framework = targetFramework(target);
  const affected = duendeProjects(scan.projects);
  const out = new Set<string>();
  for (const p of scan.projects) {
    if (!affected.has(p.path) || !p.targetFrameworkSite || p.targetFrameworkSite.indirect) continue;
    for (const f of retargeted(p.targetFrameworkSite.value, framework).split(';')) out.add(f);
  }
  return out.size > 0 ? [...out] : [framework];
}

const siteKey = (path: string, line: number, id: string) => `${path}\0${line}\0${id.toLowerCase()}`;

function analyze(ctx: StepContext): { work: Work; framework: string } | { none: string } {
  const { scan, target } = ctx;
  const line = targetLine(target);
  const framework = targetFramework(target);
  if (!ctx.source) return { none: 'No IdentityServer4 or Duende IdentityServer package is referenced.' };
  const affected = duendeProjects(scan.projects);
  const work: Work = { evidence: [], warnings: [], followUps: [], splices: new Map(), wanted: new Map() };
  const add = (path: string, s: Splice) => {
    let m = work.splices.get(path);
    if (!m) work.splices.set(path, (m = new Map()));
    m.set(s.start, s);
  };

  retargetProjects(scan, affected, framework, work, add);
  const packages = line.microsoft?.[framework];
  if (packages) {
    movePackages(scan, affected, framework, packages, work);
    alignIdentityModel(scan, affected, packages, work);
  }
  if (work.splices.size + work.wanted.size > 0) globalJson(ctx, framework, work, add);
  return { work, framework };
}

function retargetProjects(scan: Scan, affected: Set<string>, framework: string, work: Work, add: (path: string, s: Splice) => void): void {
  // One definition can serve several projects (a TargetFramework in Directory.Build.props).
  const users = new Map<string, ProjectInfo[]>();
  for (const p of scan.projects) {
    const site = p.targetFrameworkSite;
    if (!site) continue;
    const key = `${site.path}\0${site.span.start}`;
    users.set(key, [...(users.get(key) ?? []), p]);
  }
  for (const p of scan.projects) {
    const site = p.targetFrameworkSite;
    if (!affected.has(p.path) || !site) continue;
    const next = retargeted(site.value, framework);
    if (next === site.value) continue;
    const key = `${site.path}\0${site.span.start}`;
    const sharers = users.get(key) ?? [p];
    if (sharers[0] !== p) continue; // planned once, for the first of its users
    const evidence: Evidence = { path: site.path, line: site.line, text: site.text, note: `${site.value} → ${next}: Duende IdentityServer ${framework === next ? 'needs' : 'supports'} ${next}` };
    if (site.indirect) {
      work.warnings.push(`${p.path}: its ${site.name} (${site.path}:${site.line}) is built from properties this tool cannot follow to one plain value, so it is not changed: set it to ${next} by hand.`);
      continue;
    }
    const others = sharers.filter((o) => !affected.has(o.path));
    if (others.length > 0) {
      work.warnings.push(
        `${site.path}:${site.line}: ${site.name} is shared with ${others.map((o) => o.path).join(', ')}, which ${others.length === 1 ? 'does' : 'do'} not reference IdentityServer, so it is not changed here; set <TargetFramework>${next}</TargetFramework> in ${sharers.filter((o) => affected.has(o.path)).map((o) => o.path).join(', ')} instead.`,
      );
      continue;
    }
    if (site.path.startsWith('..')) {
      work.warnings.push(`${site.path}:${site.line}: ${site.name} is set outside the folder being upgraded, which this tool never writes; set it to ${next} there.`);
      continue;
    }
    work.evidence.push(evidence);
    add(site.path, { start: site.span.start, end: site.span.end, text: next });
  }
}

/** The package sites whose version a project's framework packages take, keyed for lookup. */
function frameworkSiteIndex(scan: Scan): Map<string, PackageSite> {
  return new Map(scan.frameworkSites.map((s) => [siteKey(s.path, s.line, s.id), s]));
}

/** Which projects take their version from each site: a site shared with a project that is not retargeted must stay. */
function siteUsers(scan: Scan): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of scan.projects) {
    for (const pkg of p.frameworkPackages) {
      const ref: SiteRef | undefined = pkg.versionSite;
      if (!ref) continue;
      const key = siteKey(ref.path, ref.line, ref.id);
      out.set(key, (out.get(key) ?? new Set()).add(p.path));
    }
  }
  return out;
}

function movePackages(scan: Scan, affected: Set<string>, framework: string, packages: FrameworkPackages, work: Work): void {
  const index = frameworkSiteIndex(scan);
  const users = siteUsers(scan);
  const major = frameworkRank(framework)[0];
  const seen = new Set<PackageSite>();
  for (const p of scan.projects) {
    if (!affected.has(p.path)) continue;
    for (const pkg of p.frameworkPackages) {
      const family = familyOf(pkg.id);
      if (family !== 'aspnetcore' && family !== 'ef-core') continue;
      const ended = ENDED_PACKAGES.get(pkg.id.toLowerCase());
      if (ended) {
        work.warnings.push(`${p.path}: ${pkg.id} cannot follow the project to ${framework}: ${ended}.`);
        continue;
      }
      const ref = pkg.versionSite;
      const site = ref ? index.get(siteKey(ref.path, ref.line, ref.id)) : undefined;
      const current = site ? (site.resolvedVersion ?? site.version) : pkg.version;
      const numbers = current ? versionNumbers(current) : undefined;
      // 2.x packages (Microsoft.AspNetCore.Http.Abstractions 2.2.0 and the like) are the old netstandard line: they do not follow the framework.
      if (!numbers || numbers[0]! < 3) continue;
      const [want, floor, why] =
        family === 'ef-core'
          ? [packages.efCore, packages.floor.efCore, `EF Core packages follow the framework: ${packages.note}`]
          : [packages.aspNetCore, packages.floor.aspNetCore, `ASP.NET Core packages follow the framework: ${packages.note}`];
      const wantMajor = Number(want.split('.')[0]);
      // never lowered: a project that stays on a later framework keeps its later packages (EF Core 10 on net10.0 under 7.4)
      if (numbers[0]! > wantMajor || (numbers[0] === wantMajor && compareVersions(current!, floor) >= 0)) continue;
      if (!site || !site.versionSpan || seen.has(site)) continue;
      seen.add(site);
      const sharedWith = [...(users.get(siteKey(site.path, site.line, site.id)) ?? [])].filter((u) => !affected.has(u));
      if (sharedWith.length > 0) {
        work.warnings.push(`${site.path}:${site.line}: the ${site.id} version is also used by ${sharedWith.join(', ')}, which stay${sharedWith.length === 1 ? 's' : ''} on ${'its framework'}, so it is not changed; give ${p.path} its own ${want}.`);
        continue;
      }
      if (site.path.startsWith('..')) {
        work.warnings.push(`${site.path}:${site.line}: the ${site.id} version is set outside the folder being upgraded, which this tool never writes; set it to ${want} there.`);
        continue;
      }
      work.wanted.set(site, want);
      work.evidence.push({ path: site.path, line: site.line, text: site.text, note: `${site.id} ${current} → ${want}: ${why}${major === wantMajor ? '' : ` (EF Core ${wantMajor} on ${framework})`}` });
    }
    efProviders(p, Number(packages.efCore.split('.')[0]), work);
  }
}

/**
 * EF Core providers and extensions of other vendors (Pomelo.EntityFrameworkCore.MySql,
 * Npgsql.EntityFrameworkCore.PostgreSQL, Oracle.EntityFrameworkCore) release one major per EF Core
 * major. This tool does not know their versions, so a project whose EF Core moves past theirs is told
 * to move them too: an older one restores with NU1608 and fails at run time.
 */
function efProviders(p: ProjectInfo, efMajor: number, work: Work): void {
  const ef = p.frameworkPackages.filter((pkg) => familyOf(pkg.id) === 'ef-core').map((pkg) => versionNumbers(pkg.version ?? '')?.[0]);
  if (!ef.some((m) => m !== undefined && m < efMajor)) return;
  for (const pkg of p.frameworkPackages) {
    if (familyOf(pkg.id) !== 'ef-provider') continue;
    const major = versionNumbers(pkg.version ?? '')?.[0];
    if (major === undefined || major >= efMajor) continue;
    const warning = `${p.path}: ${pkg.id} ${pkg.version} is built for EF Core ${major}, and the project's EF Core moves to ${efMajor}: move it to its release for EF Core ${efMajor} by hand (an older one restores with NU1608 and fails at run time).`;
    if (!work.warnings.includes(warning)) work.warnings.push(warning);
  }
}

/** Every Microsoft.IdentityModel.* (and System.IdentityModel.Tokens.Jwt) on one version: mixed versions break OpenID Connect sign-in. */
function alignIdentityModel(scan: Scan, affected: Set<string>, packages: FrameworkPackages, work: Work): void {
  const index = frameworkSiteIndex(scan);
  const sites = new Set<PackageSite>();
  for (const p of scan.projects) {
    if (!affected.has(p.path)) continue;
    for (const pkg of p.frameworkPackages) {
      if (familyOf(pkg.id) !== 'ms-identitymodel' || !pkg.versionSite) continue;
      const site = index.get(siteKey(pkg.versionSite.path, pkg.versionSite.line, pkg.versionSite.id));
      if (site?.versionSpan && versionNumbers(site.resolvedVersion ?? site.version ?? '')) sites.add(site);
    }
  }
  if (sites.size === 0) return;
  const versions = [...sites].map((s) => s.resolvedVersion ?? s.version!);
  const highest = [...versions, packages.microsoftIdentityModel].sort(compareVersions).at(-1)!;
  for (const s of sites) {
    const current = s.resolvedVersion ?? s.version!;
    if (current === highest || s.path.startsWith('..')) continue;
    work.wanted.set(s, highest);
    const reason =
      compareVersions(current, packages.microsoftIdentityModel) < 0
        ? `below ${packages.microsoftIdentityModel}, which the target builds against`
        : 'the Microsoft.IdentityModel packages must all have one version (mixed versions break external OpenID Connect sign-in)';
    work.evidence.push({ path: s.path, line: s.line, text: s.text, note: `${s.id} ${current} → ${highest}: ${reason}` });
  }
}

/** A global.json whose sdk.version cannot build the framework: the newest installed SDK that can, else the first of that major. */
function globalJson(ctx: StepContext, framework: string, work: Work, add: (path: string, s: Splice) => void): void {
  const r = ctx.workspace.tryRead('global.json');
  if (!r.ok) return;
  const text = r.file.text;
  // The "version" inside the "sdk" object, found in the text so the splice covers only its value.
  const sdk = /"sdk"\s*:\s*\{/.exec(text);
  if (!sdk) return;
  const close = text.indexOf('}', sdk.index);
  const body = text.slice(sdk.index, close === -1 ? text.length : close);
  const m = /"version"\s*:\s*"([^"]*)"/.exec(body);
  if (!m) return;
  const pinned = m[1]!;
  const need = frameworkRank(framework)[0];
  const pinnedMajor = versionNumbers(pinned)?.[0];
  if (pinnedMajor === undefined || pinnedMajor >= need) return;
  const sdks = installedSdks(ctx.tools?.dotnetPath).filter((v) => (versionNumbers(v)?.[0] ?? 0) >= need);
  const next = sdks[0] ?? `${need}.0.100`;
  const start = sdk.index + m.index + m[0].length - 1 - pinned.length;
  add('global.json', { start, end: start + pinned.length, text: next });
  const line = text.slice(0, start).split('\n').length;
  work.evidence.push({ path: 'global.json', line, text: text.split('\n')[line - 1]!.trim(), note: `SDK ${pinned} → ${next}: SDK ${pinnedMajor} cannot build ${framework}` });
  if (sdks.length === 0) work.followUps.push(`Install the .NET SDK ${need} (global.json now asks for ${next}).`);
}

function detect(ctx: StepContext): Detection {
  const a = analyze(ctx);
  if ('none' in a) return { status: 'not-applicable', reason: a.none, evidence: [] };
  const { work, framework } = a;
  if (work.splices.size + work.wanted.size === 0) {
    const line = targetLine(ctx.target);
    const affected = duendeProjects(ctx.scan.projects);
    const on = ctx.scan.projects.filter((p) => affected.has(p.path) && p.targetFrameworkSite);
    // From 6.0 on the target needs frameworks of its own: when the projects are on them, this step's work is done.
    if (line.microsoft && on.length > 0) {
      return {
        status: 'done',
        reason: `The projects that reference IdentityServer are on frameworks Duende IdentityServer ${ctx.target.version} supports, with their Microsoft packages to match.`,
        evidence: on.map((p) => ({ path: p.targetFrameworkSite!.path, line: p.targetFrameworkSite!.line, text: p.targetFrameworkSite!.text, note: `${p.targetFrameworkSite!.value}: supported` })),
        warnings: work.warnings,
      };
    }
    return {
      status: 'not-applicable',
      reason: `The projects that reference IdentityServer stay on ${frameworksAfter(ctx.scan, ctx.target).join(', ')}, where Duende IdentityServer ${ctx.target.version} (built for ${line.frameworks.join(' and ')}) runs.`,
      evidence: [],
      warnings: work.warnings,
    };
  }
  const sdkWarnings: string[] = [];
  const sdks = installedSdks(ctx.tools?.dotnetPath);
  const need = frameworkRank(framework)[0];
  if (ctx.tools?.dotnetPath && sdks.length > 0 && !sdks.some((v) => (versionNumbers(v)?.[0] ?? 0) >= need)) {
    sdkWarnings.push(`No installed .NET SDK can build ${framework} (found ${sdks.join(', ')}): install the .NET SDK ${need} before building.`);
  }
  return { status: 'pending', evidence: work.evidence, warnings: [...work.warnings, ...sdkWarnings], followUps: work.followUps };
}

function plan(ctx: StepContext): StepWork {
  const a = analyze(ctx);
  if ('none' in a) return { changes: [], commands: [] };
  const { work } = a;
  const warnings: string[] = [];
  const add = (path: string, s: Splice) => {
    let m = work.splices.get(path);
    if (!m) work.splices.set(path, (m = new Map()));
    m.set(s.start, s);
  };
  versionSplices(work.wanted, add, warnings);
  const changes: FileChange[] = [...work.splices]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, m]) => ({ kind: 'edit', path, splices: [...m.values()].sort((x, y) => x.start - y.start) }));
  return { changes, commands: [], warnings };
}

export const frameworkStep: Step = {
  id: 'framework',
  title: 'Move to the target framework',
  why: 'Each Duende IdentityServer line targets its own .NET versions; the projects, the Microsoft packages that follow the framework, and the SDK pin must move with it.',
  kind: 'work',
  detect,
  plan,
};
