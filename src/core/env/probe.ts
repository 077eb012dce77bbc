import { execFile, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { localEfTool } from '../db/ef-tool.js';
import path from 'node:path';

/**
 * Where the folder stands in git, which decides how a person can undo the upgrade.
 * `ours` counts the changed paths that are the upgrade's own edits (not the user's).
 */
export type GitState =
  | { kind: 'clean'; branch?: string; ours?: number }
  | { kind: 'dirty'; branch?: string; changed: number; ours?: number }
  | { kind: 'none'; reason: string };

export interface ToolState {
  found: boolean;
  version?: string;
  /** Why it was not found, in a few words. */
  reason?: string;
}

const QUIET_DOTNET = { DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' };

/**
 * `git status --porcelain` for the folder. The tool's own folder (.duende-upgrade)
 * does not count: it is ours, and a resumed run always has it. Neither do the
 * files an earlier run of the upgrade wrote or deleted (`ours`, root-relative with
 * forward slashes, as the state file records them): they are the upgrade's
 * changes, not the user's, and are counted apart.
 */
export async function gitState(root: string, ours: Iterable<string> = []): Promise<GitState> {
  // execa only here: planning never asks git, and loading it is start-up time.
  const { execa } = await import('execa');
  const inside = await execa('git', ['rev-parse', '--is-inside-work-tree', '--show-prefix'], { cwd: root, reject: false, timeout: 15_000 });
  const [isInside, prefix = ''] = String(inside.stdout ?? '').split('\n');
  if (inside.exitCode !== 0 || isInside?.trim() !== 'true') {
    return { kind: 'none', reason: inside.code === 'ENOENT' ? 'git is not installed' : 'not inside a git repository' };
  }
  // -z: paths exactly as they are (no quoting), relative to the repository's top.
  const status = await execa('git', ['status', '--porcelain', '-z', '--untracked-files=all', '--', '.'], { cwd: root, reject: false, timeout: 30_000 });
  if (status.exitCode !== 0) return { kind: 'none', reason: `git status failed: ${String(status.stderr).split('\n')[0]}` };
  const branch = await execa('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: root, reject: false, timeout: 15_000 });
  const name = branch.exitCode === 0 ? String(branch.stdout).trim() || undefined : undefined;
  const own = new Set(ours);
  let changed = 0;
  let mine = 0;
  const entries = String(status.stdout).split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    // A rename or copy is followed by its source path in the next entry.
    if (entry[0] === 'R' || entry[0] === 'C') i++;
    const top = entry.slice(3);
    const rel = prefix && top.startsWith(prefix) ? top.slice(prefix.length) : top;
    if (/(^|\/)\.duende-upgrade\//.test(rel)) continue;
    if (own.has(rel)) mine++;
    else changed++;
  }
  const extra = mine ? { ours: mine } : {};
  return changed > 0 ? { kind: 'dirty', branch: name, changed, ...extra } : { kind: 'clean', branch: name, ...extra };
}

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

/**
 * The one home of the dotnet probes. Planning (the database step) and the
 * wizard's first screen both need `dotnet ef --version`; each probe runs once
 * per root and PATH and is shared as a promise, so a plan made while the wizard
 * shows its first screen waits on the same child process instead of a second one.
 */

/** What `dotnet ef --version` said, as the database step needs it. */
export interface EfToolProbe {
  installed: boolean;
  /** e.g. "10.0.15" */
  version?: string;
  /** What `dotnet ef --version` printed, for the plan's evidence when it failed. */
  output: string;
}

/** The tools a plan needs, probed once at the start of makePlan (StepContext.tools). */
export interface DotnetTools {
  /** Where `dotnet` is on PATH; undefined when it is not. */
  dotnetPath?: string;
  /** Undefined when dotnet is not on PATH. */
  ef?: EfToolProbe;
  /** `dotnet --list-runtimes`: the shared frameworks installed, e.g. { name: 'Microsoft.NETCore.App', version: '10.0.12' }. */
  runtimes?: InstalledRuntime[];  // undefined when `dotnet --list-runtimes` did not answer: nothing is checked then
  /** `dotnet --version`: the SDK the commands will use, e.g. "10.0.401". */
  sdk?: string;
}

export interface InstalledRuntime {
  name: string;
  version: string;
}

/** "Microsoft.NETCore.App 10.0.12 [/usr/share/dotnet/shared/Microsoft.NETCore.App]" per line. */
export function parseRuntimes(output: string): InstalledRuntime[] {
  return output
    .split(/\r?\n/)
    .map((l) => /^\s*(\S+)\s+(\d+\.\d+\.\d+[\w.-]*)\s+\[/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, version: m[2]! }));
}

/** `dotnet --list-runtimes`, once per root and PATH. */
export function probeRuntimes(root: string, env: NodeJS.ProcessEnv = process.env): Promise<InstalledRuntime[] | undefined> {
  return cached('runtimes', root, env, false, async () => {
    const r = await run('dotnet', ['--list-runtimes'], root, env, 60_000);
    return r.status === 0 ? parseRuntimes(r.stdout) : undefined;
  });
}

const probes = new Map<string, Promise<unknown>>();
const keyOf = (what: string, root: string, env: NodeJS.ProcessEnv) => `${what}\0${root}\0${env.PATH ?? ''}`;

function cached<T>(what: string, root: string, env: NodeJS.ProcessEnv, fresh: boolean, run: () => Promise<T>): Promise<T> {
  const key = keyOf(what, root, env);
  if (!fresh && probes.has(key)) return probes.get(key) as Promise<T>;
  const p = run();
  probes.set(key, p);
  return p;
}

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: NodeJS.ErrnoException;
  timedOut: boolean;
}

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout: number): Promise<Ran> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd, env: { ...env, ...QUIET_DOTNET }, timeout, encoding: 'utf8', maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      const e = error as (NodeJS.ErrnoException & { killed?: boolean }) | null;
      const status = child.exitCode;
      resolve({ status, stdout: String(stdout ?? ''), stderr: String(stderr ?? ''), error: e && typeof e.code === 'string' ? e : undefined, timedOut: Boolean(e?.killed && status === null) });
    });
    child.stdin?.end();
  });
}

function efProbeOf(r: Ran): EfToolProbe {
  const output = `${r.stdout}${r.stderr}`.trim();
  const version = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .reverse()
    .find((l) => /^\d+\.\d+\.\d+/.test(l));
  if (r.status === 0 && version) return { installed: true, version: /^\d+\.\d+\.\d+[\w.-]*/.exec(version)![0], output };
  return { installed: false, output: output || (r.timedOut ? 'timed out' : (r.error?.message ?? '')) };
}

/**
 * `dotnet ef --version`, run in the root: it resolves a local tool manifest
 * (dotnet-tools.json or .config/dotnet-tools.json) as well as a global tool on PATH, exactly as the
 * real commands will. `fresh` asks again (after installing the tool).
 */
export function probeDotnetEf(root: string, env: NodeJS.ProcessEnv = process.env, fresh = false): Promise<EfToolProbe> {
  return cached('ef', root, env, fresh, async () => (fresh ? undefined : globalEfInstall(root, env)) ?? efProbeOf(await run('dotnet', ['ef', '--version'], root, env, 120_000)));
}

/**
 * dotnet-ef as a global tool, read from where `dotnet tool install --global` put
 * it instead of started (0.4 s, most of the wait for the wizard's first screen).
 * `dotnet ef` takes a local tool manifest's dotnet-ef first, else the dotnet-ef
 * command on PATH: a shim in the global tools folder, beside
 * .store/dotnet-ef/<version>/dotnet-ef/<version>/tools. Undefined (so the caller
 * runs `dotnet ef --version`) for a manifest, a command elsewhere, or anything
 * but exactly one installed version.
 */
export function globalEfInstall(root: string, env: NodeJS.ProcessEnv = process.env): EfToolProbe | undefined {
  if (localEfTool(root)) return undefined;
  const shim = findOnPath('dotnet-ef', env);
  if (!shim) return undefined;
  const store = path.join(path.dirname(shim), '.store', 'dotnet-ef');
  let versions: string[];
  try {
    versions = readdirSync(store).filter((v) => /^\d+\.\d+\.\d+[\w.-]*$/.test(v) && existsSync(path.join(store, v, 'dotnet-ef', v, 'tools')));
  } catch {
    return undefined;
  }
  if (versions.length !== 1) return undefined;
  return { installed: true, version: versions[0]!, output: `${versions[0]} (the global tool in ${path.dirname(shim)})` };
}

/** The same probe, blocking: only for a plan made without probed tools (planFromScan called directly). */
export function probeDotnetEfSync(root: string, env: NodeJS.ProcessEnv = process.env): EfToolProbe {
  const installed = globalEfInstall(root, env);
  if (installed) return installed;
  const r = spawnSync('dotnet', ['ef', '--version'], { cwd: root, env: { ...env, ...QUIET_DOTNET }, encoding: 'utf8', timeout: 120_000 });
  return efProbeOf({ status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error as NodeJS.ErrnoException | undefined, timedOut: false });
}

/** What planning needs: dotnet on PATH and, if it is, dotnet-ef. Shared with the wizard's probes. */
export async function probeTools(root: string, env: NodeJS.ProcessEnv = process.env): Promise<DotnetTools> {
  const dotnetPath = findOnPath('dotnet', env);
  if (!dotnetPath) return {};
  const [ef, runtimes, sdk] = await Promise.all([probeDotnetEf(root, env), probeRuntimes(root, env), dotnetState(root, env)]);
  return { dotnetPath, ef, ...(runtimes ? { runtimes } : {}), ...(sdk.found && sdk.version ? { sdk: sdk.version } : {}) };
}

/** `dotnet --version`: the SDK the steps' commands will use. */
export async function dotnetState(root: string, env: NodeJS.ProcessEnv = process.env): Promise<ToolState> {
  return cached('dotnet', root, env, false, async () => {
    const r = await run('dotnet', ['--version'], root, env, 60_000);
    return toolState('dotnet', r, r.stdout.trim().split('\n').pop()?.trim());
  });
}

/**
 * `dotnet ef --version`, run in the folder so a local tool manifest
 * (dotnet-tools.json or .config/dotnet-tools.json) counts as well as a global install: the same
 * probe the plan uses.
 */
export async function dotnetEfState(root: string, env: NodeJS.ProcessEnv = process.env): Promise<ToolState> {
  const probe = await probeDotnetEf(root, env);
  if (probe.installed) return { found: true, version: probe.version };
  const lines = probe.output.split('\n').map((l) => l.trim()).filter(Boolean);
  if (/ENOENT/.test(probe.output) && !findOnPath('dotnet', env)) return { found: false, reason: 'dotnet is not on PATH' };
  return { found: false, reason: lines.find((l) => /could not execute/i.test(l)) ?? lines[0] ?? 'not found' };
}

function toolState(file: string, r: Ran, version: string | undefined): ToolState {
  if (r.error?.code === 'ENOENT') return { found: false, reason: `${file} is not on PATH` };
  if (r.status === 0) return { found: true, version };
  if (r.timedOut) return { found: false, reason: 'timed out' };
  const first = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim()).find(Boolean);
  return { found: false, reason: first ?? (r.error?.message ?? `exit ${r.status}`) };
}
