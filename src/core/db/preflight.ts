import { existsSync } from 'node:fs';
import path from 'node:path';
import { familyOf } from '../scan/families.js';
import type { Scan } from '../scan/model.js';
import { attr, child, descendants, parseMsbuild } from '../scan/msbuild.js';
import type { Workspace } from '../workspace.js';

export { findOnPath } from '../env/probe.js';
export type { EfToolProbe } from '../env/probe.js';

/** The folder of the nearest local tool manifest (dotnet-tools.json or .config/dotnet-tools.json) at or above root, if any (a local tool manifest). */
export function localToolManifest(root: string): string | undefined {
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.config', 'dotnet-tools.json')) || existsSync(path.join(dir, 'dotnet-tools.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export interface ProjectEf {
  /** Effective EF Core version, from the scanner or else the project file itself. */
  efCoreVersion?: string;
  hasEfDesign: boolean;
}

/**
 * EF Core facts of one project. The scanner's ProjectInfo is preferred; a
 * reading of the project file is the fallback for projects it did not describe.
 */
export function projectEf(workspace: Workspace, scan: Scan, projectPath: string): ProjectEf {
  const info = scan.projects.find((p) => p.path === projectPath);
  // the scanner read the project's references (imports and central versions included): nothing more to find in its file
  if (info) return { efCoreVersion: info.efCoreVersion, hasEfDesign: info.hasEfDesign };
  const r = workspace.tryRead(projectPath);
  if (!r.ok) return { hasEfDesign: false };
  // read with the MSBuild parser, like every other project file: comments and child <Version> elements included
  const refs = [...descendants(parseMsbuild(r.file).root)]
    .filter((e) => e.name === 'PackageReference' && familyOf(attr(e, 'Include')?.value ?? '') === 'ef-core')
    .map((e) => ({ id: attr(e, 'Include')!.value.toLowerCase(), version: attr(e, 'Version')?.value ?? child(e, 'Version')?.text?.value }));
  const hasEfDesign = refs.some((ref) => ref.id === 'microsoft.entityframeworkcore.design');
  const version = refs.map((ref) => ref.version).find((v) => v && /^\d/.test(v));
  return { efCoreVersion: version, hasEfDesign };
}

export function majorOf(version: string | undefined): number | undefined {
  const m = /^\[?\s*(\d+)\./.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
}
