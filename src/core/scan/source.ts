import path from 'node:path';
import { compareVersions, type Source } from '../releases.js';
import { familyOf, versionNumbers } from './families.js';
import type { ProjectInfo, Scan } from './model.js';

/**
 * What the solution is on: IdentityServer4 when any IdentityServer4 package is
 * still referenced (its lowest version), else the lowest Duende IdentityServer
 * version its package references, central versions and Update items name.
 * Undefined when neither is referenced with a version that can be read.
 */
export function detectSource(scan: Scan): Source | undefined {
  const lowest = (versions: readonly string[]) =>
    versions.filter((v) => versionNumbers(v) !== undefined).sort(compareVersions)[0];
  const is4 = lowest(scan.is4Versions);
  if (is4) return { product: 'IdentityServer4', version: normal(is4) };
  const duende = lowest(scan.packageSites.filter((s) => familyOf(s.id) === 'duende').map((s) => s.resolvedVersion ?? s.version ?? ''));
  return duende ? { product: 'Duende', version: normal(duende) } : undefined;
}

/** "[4.1.2]", "4.*", "4.1.2-preview" → "4.1.2", "4.0.0", "4.1.2". */
function normal(raw: string): string {
  return versionNumbers(raw)!.join('.');
}

/** Projects that will reference Duende.IdentityServer*, directly or through a project reference. */
export function duendeProjects(projects: readonly ProjectInfo[]): Set<string> {
  const out = new Set(projects.filter((p) => p.packages.some((pkg) => familyOf(pkg.id) === 'is4' || familyOf(pkg.id) === 'duende')).map((p) => p.path));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of projects) {
      if (!out.has(p.path) && p.projectReferences.some((r) => out.has(r))) {
        out.add(p.path);
        grew = true;
      }
    }
  }
  return out;
}

/** The project a file belongs to: the one in its folder or the nearest folder above. */
export function projectOwners(projects: readonly ProjectInfo[]): (file: string) => ProjectInfo | undefined {
  const byDir = new Map<string, ProjectInfo>();
  for (const p of projects) {
    const dir = path.posix.dirname(p.path);
    if (!byDir.has(dir)) byDir.set(dir, p);
  }
  return (file) => {
    for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
      const p = byDir.get(dir);
      if (p) return p;
      if (dir === '.' || dir === '/' || dir === '') return undefined;
    }
  };
}

/** A Directory.Packages.props is in play (central package management): a new reference's version belongs there, not in the project. */
export function usesCentralVersions(scan: Scan): boolean {
  return scan.msbuildFiles.some((f) => /(^|\/)Directory\.Packages\.props$/i.test(f));
}
