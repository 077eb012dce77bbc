import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EfToolProbe } from '../env/probe.js';

/**
 * Which dotnet-ef the database step uses, and the rule that decides it.
 *
 * `dotnet ef` is a thin launcher: it builds the startup project, then runs the
 * ef.dll inside its own package with `dotnet exec --runtimeconfig <startup
 * project's runtimeconfig.json>` (EF Core's src/dotnet-ef/RootCommand.cs), and
 * that ef.dll talks to the project's own Microsoft.EntityFrameworkCore.Design.
 * So an installed dotnet-ef serves a project when:
 *
 *  1. it is not older than the project's EF Core. Design compares the two and,
 *     for older tools, says "The Entity Framework tools version 'x' is older
 *     than that of the runtime 'y'. Update the tools" (https://aka.ms/AAc1fbw);
 *     newer tools are accepted as they are;
 *  2. its ef.dll can run on the startup project's runtime: ef.dll targets
 *     EF_DLL_FRAMEWORK below, and `dotnet exec` runs it on the runtime named
 *     in the project's runtimeconfig.json, which must be at least that.
 *
 * Otherwise the step installs dotnet-ef at exactly the project's EF Core
 * version as a local tool (a manifest in the solution folder), which meets
 * both by construction. It never installs, updates or downgrades a global tool.
 */

/**
 * The framework ef.dll targets inside the dotnet-ef package, by the tool's major
 * version: read from the packages themselves (tools/<tfm>/any/tools/<this>/any/ef.dll),
 * checked on dotnet-ef 6.0.5, 8.0.34 and 9.0.23 (netcoreapp2.0) and 10.0.15 (net8.0).
 */
export const EF_DLL_FRAMEWORK: readonly { fromMajor: number; framework: string }[] = [
  { fromMajor: 10, framework: 'net8.0' },
  { fromMajor: 0, framework: 'netcoreapp2.0' },
];

export function efDllFramework(toolVersion: string): string {
  const major = Number(/^(\d+)/.exec(toolVersion)?.[1] ?? 0);
  return EF_DLL_FRAMEWORK.find((r) => major >= r.fromMajor)!.framework;
}

/** "net8.0" → [8, 0], "netcoreapp3.1" → [3, 1]; undefined for .NET Framework (net472) and the like. */
export function frameworkVersion(tfm: string): [number, number] | undefined {
  const m = /^net(?:coreapp)?(\d+)\.(\d+)(?:-[\w.]+)?$/i.exec(tfm.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Numeric compare of dotted versions; a pre-release suffix sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('-', 2) as [string, string | undefined];
    return { nums: core.split('.').map((n) => Number(n) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.nums.length, y.nums.length); i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre && !y.pre) return -1;
  if (!x.pre && y.pre) return 1;
  return (x.pre ?? '').localeCompare(y.pre ?? '');
}

function tfmAtLeast(tfm: string, min: string): boolean {
  const a = frameworkVersion(tfm);
  const b = frameworkVersion(min)!;
  if (!a) return true;
  return a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);
}

/** Does this dotnet-ef serve a project on this EF Core version and startup framework? Why not, if not. */
export function toolServes(toolVersion: string, efCoreVersion: string | undefined, startupFramework: string | undefined): { ok: true } | { ok: false; why: string } {
  if (efCoreVersion && compareVersions(toolVersion, efCoreVersion) < 0) {
    return { ok: false, why: `dotnet-ef ${toolVersion} is older than EF Core ${efCoreVersion} used by the project` };
  }
  const needs = efDllFramework(toolVersion);
  if (startupFramework && !tfmAtLeast(startupFramework, needs)) {
    return { ok: false, why: `dotnet-ef ${toolVersion} runs on ${needs} or later, and the startup project targets ${startupFramework}` };
  }
  return { ok: true };
}

/**
 * Where `dotnet new tool-manifest` puts the manifest, by SDK major: the .NET 10
 * SDK writes dotnet-tools.json in the folder itself (seen with SDK 10.0.1xx
 * here), earlier SDKs write .config/dotnet-tools.json. Both are read by every SDK.
 */
export function newManifestPath(sdk: string | undefined): string {
  const major = Number(/^(\d+)\./.exec(sdk ?? '')?.[1] ?? 0);
  return major >= 10 || major === 0 ? 'dotnet-tools.json' : '.config/dotnet-tools.json';
}

/** The dotnet-ef entry of the nearest local tool manifest at or above `root`, if any. */
export function localEfTool(root: string): { manifest: string; version?: string } | undefined {
  for (let dir = root; ; dir = path.dirname(dir)) {
    for (const rel of [path.join('.config', 'dotnet-tools.json'), 'dotnet-tools.json']) {
      const file = path.join(dir, rel);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      try {
        const json = JSON.parse(text) as { tools?: Record<string, { version?: string }> };
        const entry = Object.entries(json.tools ?? {}).find(([id]) => id.toLowerCase() === 'dotnet-ef');
        return { manifest: file, ...(entry?.[1].version ? { version: entry[1].version } : {}) };
      } catch {
        return { manifest: file };
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

export type EfToolPlan =
  /** Use the installed tool as it is. */
  | { kind: 'use'; version: string; scope: 'local' | 'global' }
  /** Install `version` as a local tool; `createManifest` when the solution folder has no manifest yet. */
  | { kind: 'install-local'; version: string; createManifest: boolean; reason: string }
  /** Nothing can be chosen: no EF Core version to match, and no tool installed. */
  | { kind: 'unknown'; reason: string };

/**
 * Decide from what was probed when the plan began: no process is started here.
 * `root` is the folder being upgraded; a manifest is created there when needed.
 */
export function planEfTool(root: string, probe: EfToolProbe, efCoreVersion: string | undefined, startupFramework: string | undefined): EfToolPlan {
  const local = localEfTool(root);
  const insideRoot = local && !path.relative(root, local.manifest).startsWith('..');
  if (probe.installed && probe.version) {
    const serves = toolServes(probe.version, efCoreVersion, startupFramework);
    const scope = local?.version ? 'local' : 'global';
    if (serves.ok) return { kind: 'use', version: probe.version, scope };
    if (!efCoreVersion) return { kind: 'unknown', reason: `${serves.why}, and the project's EF Core version could not be read to pick another` };
    return { kind: 'install-local', version: efCoreVersion, createManifest: !insideRoot, reason: serves.why };
  }
  if (!efCoreVersion || !/^\d+\.\d+\.\d+[\w.-]*$/.test(efCoreVersion)) {
    return { kind: 'unknown', reason: `dotnet-ef is not installed, and the project's EF Core version${efCoreVersion ? ` (${efCoreVersion}) is not an exact version` : ' could not be read'}` };
  }
  return { kind: 'install-local', version: efCoreVersion, createManifest: !insideRoot, reason: 'dotnet-ef is not installed' };
}
