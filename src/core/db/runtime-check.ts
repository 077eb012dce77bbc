import type { InstalledRuntime } from '../env/probe.js';
import { compareVersions, frameworkVersion } from './ef-tool.js';

/**
 * Can the startup project run here, and can the SDK build it? `dotnet ef`
 * builds the startup project, then runs it (to build the DbContext) on the
 * runtime its runtimeconfig.json names. By default the host rolls forward to a
 * later minor version of the same major only (rollForward "Minor"), so a
 * netcoreapp3.1 project needs a 3.x runtime ≥ 3.1; DOTNET_ROLL_FORWARD=Major
 * lets it run on a later major instead.
 */

/** The risk of roll-forward, in one line (the --roll-forward fix and the wizard's caution). */
export const ROLL_FORWARD_RISK = 'your startup code runs on a runtime it was not built for, which can change what it does at design time.';

export interface RuntimeNeed {
  /** e.g. "netcoreapp3.1" */
  framework: string;
  /** e.g. "3.1" */
  version: string;
  /** The shared frameworks it needs: Microsoft.NETCore.App, and Microsoft.AspNetCore.App for a web project. */
  names: string[];
}

export interface RuntimeProblem {
  kind: 'runtime-missing' | 'sdk-too-old';
  /** What is wrong, in a sentence naming the project, its framework and what is installed. */
  message: string;
  /** What to do, one item a line, each exact. */
  fixes: string[];
  /** A later major that DOTNET_ROLL_FORWARD=Major would use, when there is one. */
  rollForwardTo?: string;
  /** The .NET version the project needs, e.g. "3.1". */
  need?: string;
}

export function runtimeNeed(framework: string, web: boolean): RuntimeNeed | undefined {
  const v = frameworkVersion(framework);
  // .NET Framework (net472) and .NET Standard run no shared framework of ours to check.
  if (!v || v[0] < 2 || /^netstandard/i.test(framework)) return undefined;
  return { framework, version: `${v[0]}.${v[1]}`, names: web ? ['Microsoft.NETCore.App', 'Microsoft.AspNetCore.App'] : ['Microsoft.NETCore.App'] };
}

function satisfies(installed: InstalledRuntime[], name: string, version: string): boolean {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  return installed.some((r) => {
    if (r.name !== name || r.version.includes('-')) return false;
    const [a, b] = r.version.split('.').map(Number) as [number, number];
    return a === major && b >= minor;
  });
}

/**
 * The runtime DOTNET_ROLL_FORWARD=Major picks when the asked major is missing:
 * the lowest higher major (and its lowest minor), at its latest patch
 * (https://learn.microsoft.com/dotnet/core/versions/selection, "Major").
 */
export function rollForwardTarget(installed: readonly string[], major: number): string | undefined {
  const higher = installed.filter((v) => !v.includes('-') && Number(v.split('.')[0]) > major).sort(compareVersions);
  const first = higher[0];
  if (!first) return undefined;
  const line = first.split('.').slice(0, 2).join('.');
  return higher.filter((v) => v.split('.').slice(0, 2).join('.') === line).pop();
}

export function checkRuntime(project: string, need: RuntimeNeed, installed: InstalledRuntime[], sdk: string | undefined): RuntimeProblem | undefined {
  const sdkMajor = sdk ? Number(sdk.split('.')[0]) : undefined;
  const [major] = need.version.split('.').map(Number) as [number];
  if (sdkMajor !== undefined && major > sdkMajor) {
    return {
      kind: 'sdk-too-old',
      message: `error NETSDK1045: the .NET SDK ${sdk} cannot build ${project}, which targets ${need.framework} (.NET ${need.version}).`,
      fixes: [`Install the .NET ${need.version} SDK (https://dotnet.microsoft.com/download/dotnet/${need.version}), or pin it in global.json, then run again.`],
    };
  }
  const missing = need.names.filter((n) => !satisfies(installed, n, need.version));
  if (missing.length === 0) return undefined;
  const have = installed.filter((r) => r.name === missing[0]).map((r) => r.version);
  const later = rollForwardTarget(have, major);
  return {
    kind: 'runtime-missing',
    message: `${project} targets ${need.framework}, and dotnet ef runs it: it needs the .NET ${need.version} runtime (${missing.map((n) => `${n} ${need.version}.x`).join(', ')}), but this machine has ${have.length ? have.join(', ') : 'none'}.`,
    fixes: [
      `Install the .NET ${need.version} runtime (https://dotnet.microsoft.com/download/dotnet/${need.version}), then run again;`,
      ...(later
        ? [`or run again with --roll-forward: the dotnet ef commands alone get DOTNET_ROLL_FORWARD=Major and run on ${later}. Risk: ${ROLL_FORWARD_RISK}`]
        : []),
    ],
    ...(later ? { rollForwardTo: later } : {}),
    need: need.version,
  };
}
