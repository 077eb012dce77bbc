/**
 * Shared setup for the tests that drive the real .NET SDK ("real dotnet" in their names).
 *
 * The package source on these machines serves neither IdentityServer4 nor Duende IdentityServer, so
 * test/dotnet/miniatures holds small stand-ins that are packed into a local folder feed here. Restores
 * and packs are slow on two cores: the feed is packed once per content hash of the miniatures' sources,
 * and one NuGet packages folder per hash is shared by every host of a run (a changed miniature gets a new
 * hash, so its packages are never served from a stale cache).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe } from 'vitest';
import { REPO, tempDir } from './cli.js';

/** The environment as plain strings, for runCli and execa with extendEnv: false. */
export function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export const MINIATURES = path.join(REPO, 'test', 'dotnet', 'miniatures');
export const SAMPLE_HOST = path.join(REPO, 'test', 'dotnet', 'sample-host');
/** Scratch space of the real-dotnet tests inside the repo (git-ignored): feeds, packages, build copies. */
export const DOTNET_TMP = path.join(REPO, 'test', '.tmp');
export const DOTNET_TOOLS = path.join(homedir(), '.dotnet', 'tools');

/** The five package ids of Duende IdentityServer from 5.2 on (6.1.8, 7.4.8 and 8.0.3 ship all five here). */
export const DUENDE_PACKAGE_IDS = [
  'Duende.IdentityServer',
  'Duende.IdentityServer.Storage',
  'Duende.IdentityServer.EntityFramework',
  'Duende.IdentityServer.EntityFramework.Storage',
  'Duende.IdentityServer.AspNetIdentity',
] as const;

/** The packages the feed must hold, as `id.version.nupkg`. */
export const MINIATURE_PACKAGES = [
  'IdentityServer4.4.1.1.nupkg',
  'IdentityServer4.EntityFramework.4.1.1.nupkg',
  'Duende.IdentityServer.5.2.4.nupkg',
  'Duende.IdentityServer.EntityFramework.5.2.4.nupkg',
  ...['6.1.8', '7.4.8', '8.0.3'].flatMap((v) => DUENDE_PACKAGE_IDS.map((id) => `${id}.${v}.nupkg`)),
] as const;

/** Patterns routed to the local feed only, so a machine whose source does serve the real packages never mixes them in. */
const MINIATURE_PATTERNS = ['IdentityServer4', 'IdentityServer4.*', 'Duende.IdentityServer', 'Duende.IdentityServer.*'];

function withTools(pathValue: string | undefined): string {
  const parts = (pathValue ?? '').split(path.delimiter).filter(Boolean);
  return parts.includes(DOTNET_TOOLS) ? parts.join(path.delimiter) : [...parts, DOTNET_TOOLS].join(path.delimiter);
}

/**
 * The environment every dotnet child of these tests gets. Node reuse is off because a lingering
 * MSBuild node inherits the child's stdout and keeps execa waiting after the build has ended.
 */
function baseEnv(packagesDir?: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: withTools(process.env.PATH),
    DOTNET_CLI_TELEMETRY_OPTOUT: '1',
    DOTNET_NOLOGO: '1',
    // Output is parsed (`dotnet nuget list source`) and matched in messages: keep it in English.
    DOTNET_CLI_UI_LANGUAGE: 'en',
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1',
    MSBUILDDISABLENODEREUSE: '1',
    DOTNET_CLI_USE_MSBUILD_SERVER: '0',
    ...(packagesDir ? { NUGET_PACKAGES: packagesDir } : {}),
  };
}

function probe(args: string[], env: NodeJS.ProcessEnv): boolean {
  try {
    const r = spawnSync('dotnet', args, { env, stdio: 'ignore', timeout: 60_000 });
    return r.status === 0;
  } catch {
    return false;
  }
}

/** `dotnet --version` works. */
export const dotnetAvailable: boolean = probe(['--version'], baseEnv());

/** `dotnet ef --version` works, with ~/.dotnet/tools on PATH (where `dotnet tool install --global` puts it). */
export function dotnetEfAvailable(env: NodeJS.ProcessEnv = baseEnv()): boolean {
  if (!dotnetAvailable) return false;
  return probe(['ef', '--version'], { ...env, PATH: withTools(env.PATH) });
}

/** `sqlite3` is on PATH. */
export const sqlite3Available: boolean = (() => {
  try {
    return spawnSync('sqlite3', ['-version'], { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
})();

/** describe, or describe.skip with a visible note when the SDK is absent. */
export const describeRealDotnet: typeof describe = (() => {
  if (dotnetAvailable) return describe;
  console.warn('[real dotnet] skipped: `dotnet --version` failed, so the .NET SDK is not on PATH.');
  return describe.skip as unknown as typeof describe;
})();

/** Every source file of the miniatures, root-relative, sorted; bin/ and obj/ are build output. */
function miniatureSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'bin' || name === 'obj') continue;
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out.push(path.relative(MINIATURES, abs).split(path.sep).join('/'));
    }
  };
  walk(MINIATURES);
  return out.sort();
}

/** Hash of the miniatures' sources (paths and bytes): names the feed and the packages folder. */
export function miniatureHash(): string {
  const h = createHash('sha256');
  for (const rel of miniatureSources()) {
    h.update(rel).update('\0').update(readFileSync(path.join(MINIATURES, ...rel.split('/')))).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/** The NuGet packages folder shared by every host restored against this content of the miniatures. */
export function packagesFolder(hash = miniatureHash()): string {
  return path.join(DOTNET_TMP, `packages-${hash}`);
}

function feedComplete(feed: string): boolean {
  return existsSync(path.join(feed, '.complete')) && MINIATURE_PACKAGES.every((p) => existsSync(path.join(feed, p)));
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Take a directory lock (mkdir is atomic). A lock whose owner process is gone is broken, so a test run
 * killed mid-pack does not block the next one.
 */
async function withLock<T>(lockDir: string, ready: () => boolean, body: () => Promise<T>, fallback: () => T): Promise<T> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    if (ready()) return fallback();
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      try {
        return await body();
      } finally {
        rmSync(lockDir, { recursive: true, force: true });
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    } catch {
      // The owner has made the folder but not yet written its pid; look again shortly.
    }
    if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${lockDir} (held by pid ${owner})`);
    await tick(250);
  }
}

/** Run dotnet; on a non-zero exit throw with the command and the tail of its output. */
export async function dotnet(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }) {
  const r = await execa('dotnet', args, {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: false,
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: opts.timeoutMs ?? 10 * 60_000,
    killSignal: 'SIGKILL',
  });
  const all = String(r.all ?? '');
  if (r.exitCode !== 0) {
    const tail = all.split('\n').slice(-60).join('\n');
    throw new Error(`dotnet ${args.join(' ')} (in ${opts.cwd}) exited ${r.exitCode ?? r.signal}:\n${tail}`);
  }
  return all;
}

/**
 * Remove what runs for other contents of the miniatures left behind (a packages folder is ~300 MB), and
 * the build copies of runs that were killed. Anything touched within the hour is kept: another checkout
 * state may be testing right now.
 */
function pruneStale(hash: string) {
  const hourAgo = Date.now() - 60 * 60_000;
  for (const name of readdirSync(DOTNET_TMP)) {
    const m = /^(?:feed|packages|build)-([0-9a-f]{16})(?:-(\d+)|\.staging-(\d+))?$/.exec(name);
    if (!m) continue;
    const abs = path.join(DOTNET_TMP, name);
    const pid = Number(m[2] ?? m[3]);
    const orphan = pid > 0 && pid !== process.pid && !pidAlive(pid);
    const old = m[1] !== hash && statSync(abs).mtimeMs < hourAgo && !existsSync(path.join(DOTNET_TMP, `feed-${m[1]}.lock`));
    if (orphan || old) rmSync(abs, { recursive: true, force: true });
  }
}

/**
 * Pack the miniature packages into test/.tmp/feed-<hash> once per content hash, and return the
 * feed folder. Concurrent callers (two test files of one run) wait on a lock; the feed appears by an
 * atomic rename, so nobody sees it half-written.
 */
/**
 * Assemblies of one name and framework, built for different versions, that have the same size. A build
 * that moves a host between two such versions may keep the old file in bin/ (MSBuild skips a copy when
 * size and timestamp match), and the host then fails to load the new version.
 */
function sameSizedVersions(work: string): string[] {
  const seen = new Map<string, string>();
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'obj') walk(abs);
        continue;
      }
      // <project>/bin/Release/<framework>/<project>.dll: each project's own assembly, not its copied references
      const parts = path.relative(work, abs).split(path.sep);
      const project = parts.at(-5);
      if (parts.at(-4) !== 'bin' || e.name !== `${project}.dll`) continue;
      const key = `${e.name} ${parts.at(-2)} ${statSync(abs).size}`;
      const other = seen.get(key);
      if (other) out.push(`${path.relative(work, abs)} and ${other}`);
      else seen.set(key, path.relative(work, abs));
    }
  };
  walk(work);
  return out;
}

export async function ensureMiniatureFeed(): Promise<string> {
  const hash = miniatureHash();
  const feed = path.join(DOTNET_TMP, `feed-${hash}`);
  mkdirSync(DOTNET_TMP, { recursive: true });
  return withLock(
    path.join(DOTNET_TMP, `feed-${hash}.lock`),
    () => feedComplete(feed),
    async () => {
      pruneStale(hash);
      const work = path.join(DOTNET_TMP, `build-${hash}-${process.pid}`);
      const staging = path.join(DOTNET_TMP, `feed-${hash}.staging-${process.pid}`);
      rmSync(work, { recursive: true, force: true });
      rmSync(staging, { recursive: true, force: true });
      // Build a copy: the source tree stays free of bin/ and obj/, and a build never races an edit.
      cpSync(MINIATURES, work, { recursive: true, filter: (src) => !/[\\/](bin|obj)$/.test(src) });
      try {
        // Fourteen packages, 7.4.8 for two frameworks: on a busy two-core machine with a cold packages
        // folder this took over ten minutes once, so it gets more time than other dotnet commands.
        await dotnet(['pack', 'Miniatures.slnx', '-c', 'Release', '-o', staging, '-nodeReuse:false'], {
          cwd: work,
          env: baseEnv(packagesFolder(hash)),
          timeoutMs: 30 * 60_000,
        });
        const missing = MINIATURE_PACKAGES.filter((p) => !existsSync(path.join(staging, p)));
        if (missing.length) throw new Error(`dotnet pack did not produce ${missing.join(', ')}`);
        const alike = sameSizedVersions(work);
        if (alike.length) throw new Error(`two versions of one miniature assembly have the same size (see MiniaturePadding in Directory.Build.targets): ${alike.join('; ')}`);
        writeFileSync(path.join(staging, '.complete'), `${hash}\n`);
        rmSync(feed, { recursive: true, force: true });
        renameSync(staging, feed);
      } finally {
        rmSync(work, { recursive: true, force: true });
        rmSync(staging, { recursive: true, force: true });
      }
      return feed;
    },
    () => feed,
  );
}

/** The machine's enabled NuGet sources as `dotnet nuget list source` reports them (name and URL). */
function machineSources(): { name: string; url: string }[] {
  const r = spawnSync('dotnet', ['nuget', 'list', 'source'], { env: baseEnv(), encoding: 'utf8', timeout: 60_000 });
  const out: { name: string; url: string }[] = [];
  const lines = (r.stdout ?? '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\d+\.\s+(.+?)\s+\[(Enabled|Disabled)\]\s*$/.exec(lines[i]!);
    const url = lines[i + 1]?.trim();
    if (m && m[2] === 'Enabled' && url) out.push({ name: m[1]!, url });
  }
  return out.length ? out : [{ name: 'nuget.org', url: 'https://api.nuget.org/v3/index.json' }];
}

const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A NuGet.config naming the local feed (for the miniature ids only) and the machine's sources (for the rest). */
export function nugetConfig(feed: string): string {
  const sources = machineSources().filter((s) => s.name !== 'miniatures');
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<configuration>',
    '  <packageSources>',
    '    <clear />',
    `    <add key="miniatures" value="${xmlAttr(feed)}" />`,
    ...sources.map((s) => `    <add key="${xmlAttr(s.name)}" value="${xmlAttr(s.url)}" />`),
    '  </packageSources>',
    '  <packageSourceMapping>',
    '    <packageSource key="miniatures">',
    ...MINIATURE_PATTERNS.map((p) => `      <package pattern="${p}" />`),
    '    </packageSource>',
    ...sources.flatMap((s) => [`    <packageSource key="${xmlAttr(s.name)}">`, '      <package pattern="*" />', '    </packageSource>']),
    '  </packageSourceMapping>',
    '</configuration>',
    '',
  ];
  return lines.join('\n');
}

/**
 * The local feed, a NuGet.config for it and the environment to run dotnet in a folder of the caller's
 * making (the packages folder shared per content hash, as for the sample host).
 */
export async function miniatureEnv(dir: string): Promise<NodeJS.ProcessEnv> {
  const hash = miniatureHash();
  const feed = await ensureMiniatureFeed();
  writeFileSync(path.join(dir, 'NuGet.config'), nugetConfig(feed));
  const packages = packagesFolder(hash);
  mkdirSync(packages, { recursive: true });
  const now = new Date();
  utimesSync(packages, now, now);
  return baseEnv(packages);
}

/**
 * A fresh copy of the sample host in a temp folder, with a NuGet.config for the miniature feed, and the
 * environment to run dotnet (and the CLI) in it.
 */
export async function makeSampleHost(): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const hash = miniatureHash();
  const feed = await ensureMiniatureFeed();
  const dir = tempDir('sample-host-');
  cpSync(SAMPLE_HOST, dir, {
    recursive: true,
    // Never carry over what a local run of the host left in the source folder.
    filter: (src) => !/[\\/](bin|obj)$/.test(src) && !/[\\/](IdentityServer\.db.*|tempkey\.jwk)$/.test(src),
  });
  writeFileSync(path.join(dir, 'NuGet.config'), nugetConfig(feed));
  const packages = packagesFolder(hash);
  mkdirSync(packages, { recursive: true });
  // Marks the folder as in use for pruneStale (its own mtime only moves when a package is added).
  const now = new Date();
  utimesSync(packages, now, now);
  return { dir, env: baseEnv(packages) };
}

/** Rows of a query through the sqlite3 CLI, one string per row, columns joined by '|'. */
export function sqlite(dbFile: string, sql: string): string[] {
  const r = spawnSync('sqlite3', ['-readonly', dbFile, sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 ${dbFile} "${sql}" failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** Table names of a SQLite database. */
export function sqliteTables(dbFile: string): string[] {
  return sqlite(dbFile, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
}
