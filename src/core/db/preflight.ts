import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Scan } from '../scan/model.js';
import type { PlannedCommand } from '../types.js';
import type { Workspace } from '../workspace.js';

/** Is an executable of this name on PATH? (What a shell would find, without running it.) */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        /* not here */
      }
    }
  }
  return undefined;
}

export interface EfToolProbe {
  installed: boolean;
  /** e.g. "10.0.15" */
  version?: string;
  /** What `dotnet ef --version` printed, for the plan's evidence when it failed. */
  output: string;
}

const probes = new Map<string, EfToolProbe>();

/**
 * Ask `dotnet ef --version` in the root: it resolves a local tool manifest as
 * well as a global tool on PATH, exactly as the real commands will. Remembered
 * per root and PATH, since planning runs several times in one session.
 */
export function probeEfTool(root: string, env: NodeJS.ProcessEnv = process.env, fresh = false): EfToolProbe {
  const key = `${root}\0${env.PATH ?? ''}`;
  if (!fresh && probes.has(key)) return probes.get(key)!;
  const r = spawnSync('dotnet', ['ef', '--version'], { cwd: root, env: { ...env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' }, encoding: 'utf8', timeout: 120_000 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  const version = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .reverse()
    .find((l) => /^\d+\.\d+\.\d+/.test(l));
  const probe: EfToolProbe = r.status === 0 && version ? { installed: true, version: /^\d+\.\d+\.\d+[\w.-]*/.exec(version)![0], output } : { installed: false, output: output || (r.error?.message ?? '') };
  probes.set(key, probe);
  return probe;
}

export function forgetProbes(): void {
  probes.clear();
}

/** The folder of the nearest .config/dotnet-tools.json at or above root, if any (a local tool manifest). */
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
  if (info && (info.efCoreVersion || info.hasEfDesign)) return { efCoreVersion: info.efCoreVersion, hasEfDesign: info.hasEfDesign };
  const r = workspace.tryRead(projectPath);
  if (!r.ok) return { hasEfDesign: false };
  const text = r.file.text.replace(/<!--[\s\S]*?-->/g, '');
  const refs = [...text.matchAll(/<PackageReference\b[^>]*\bInclude\s*=\s*"(Microsoft\.EntityFrameworkCore[\w.]*)"[^>]*?(?:\bVersion\s*=\s*"([^"]*)")?[^>]*\/?>/g)];
  const hasEfDesign = refs.some((m) => m[1] === 'Microsoft.EntityFrameworkCore.Design');
  const version = refs.map((m) => m[2]).find((v) => v && /^\d/.test(v));
  return { efCoreVersion: info?.efCoreVersion ?? version, hasEfDesign: info?.hasEfDesign || hasEfDesign };
}

export function majorOf(version: string | undefined): number | undefined {
  const m = /^\[?\s*(\d+)\./.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The exact command that installs (or moves) dotnet-ef to the EF Core major in use. */
export function efToolCommand(root: string, probe: EfToolProbe, efMajor: number | undefined): PlannedCommand {
  const manifestDir = localToolManifest(root);
  const verb = probe.installed ? 'update' : 'install';
  const versionArgs = efMajor ? ['--version', `${efMajor}.*`] : [];
  const scopeArgs = manifestDir ? [] : ['--global'];
  return {
    id: 'preflight:dotnet-ef',
    title: `${verb === 'install' ? 'Install' : 'Update'} the dotnet-ef tool${efMajor ? ` ${efMajor}.x` : ''}${manifestDir ? ' (local tool)' : ''}`,
    file: 'dotnet',
    args: ['tool', verb, ...scopeArgs, 'dotnet-ef', ...versionArgs],
    cwd: manifestDir ?? root,
  };
}
