import { execa } from 'execa';

/** Where the folder stands in git, which decides how a person can undo the upgrade. */
export type GitState =
  | { kind: 'clean'; branch?: string }
  | { kind: 'dirty'; branch?: string; changed: number }
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
 * does not count: it is ours, and a resumed run always has it.
 */
export async function gitState(root: string): Promise<GitState> {
  const inside = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, reject: false, timeout: 15_000 });
  if (inside.exitCode !== 0 || String(inside.stdout).trim() !== 'true') {
    return { kind: 'none', reason: inside.code === 'ENOENT' ? 'git is not installed' : 'not inside a git repository' };
  }
  const status = await execa('git', ['status', '--porcelain', '--untracked-files=all', '--', '.'], { cwd: root, reject: false, timeout: 30_000 });
  if (status.exitCode !== 0) return { kind: 'none', reason: `git status failed: ${String(status.stderr).split('\n')[0]}` };
  const branch = await execa('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: root, reject: false, timeout: 15_000 });
  const name = branch.exitCode === 0 ? String(branch.stdout).trim() || undefined : undefined;
  const changed = String(status.stdout)
    .split('\n')
    .filter((l) => l.trim() !== '' && !/(^|\/)\.duende-upgrade\//.test(l.slice(3)))
    .length;
  return changed > 0 ? { kind: 'dirty', branch: name, changed } : { kind: 'clean', branch: name };
}

/** `dotnet --version`: the SDK the steps' commands will use. */
export async function dotnetState(root: string): Promise<ToolState> {
  return toolVersion('dotnet', ['--version'], root, (out) => out.trim().split('\n').pop()?.trim());
}

/**
 * `dotnet ef --version`, run in the folder so a local tool manifest
 * (.config/dotnet-tools.json) counts as well as a global install.
 */
export async function dotnetEfState(root: string): Promise<ToolState> {
  return toolVersion('dotnet', ['ef', '--version'], root, (out) => {
    const lines = out.trim().split('\n').map((l) => l.trim()).filter(Boolean);
    return lines.find((l) => /^\d+\.\d+/.test(l)) ?? lines.pop();
  });
}

async function toolVersion(file: string, args: string[], cwd: string, parse: (out: string) => string | undefined): Promise<ToolState> {
  try {
    const r = await execa(file, args, { cwd, reject: false, timeout: 60_000, env: QUIET_DOTNET, stdin: 'ignore' });
    if (r.exitCode === undefined) return { found: false, reason: r.code === 'ENOENT' ? `${file} is not on PATH` : r.shortMessage };
    if (r.exitCode === 0) return { found: true, version: parse(String(r.stdout)) };
    const first = `${String(r.stderr)}\n${String(r.stdout)}`.split('\n').map((l) => l.trim()).find(Boolean);
    return { found: false, reason: r.timedOut ? 'timed out' : (first ?? `exit ${r.exitCode}`) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { found: false, reason: code === 'ENOENT' ? `${file} is not on PATH` : (error as Error).message };
  }
}
