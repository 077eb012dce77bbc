/**
 * `duende-upgrade --demo`: a copy of the bundled IdentityServer4 4.1 sample in a
 * new temporary folder, made a git repository with one commit, for the wizard to
 * upgrade. Everything it reads ships in the package (demo/sample, and the
 * miniature packages' sources under test/dotnet/miniatures); nothing depends on a
 * clone of the repository.
 *
 * Where `dotnet` is on PATH, the database and build steps run for real. Neither
 * IdentityServer4 nor Duende IdentityServer has to be on the machine's package
 * source: the miniature IdentityServer4 4.1.1 and Duende IdentityServer 5.2.4
 * packages are packed once into a local folder feed, which the demo's NuGet.config
 * names for those package ids only. The same NuGet.config gives the demo a
 * packages folder of its own (globalPackagesFolder), so the miniatures never enter
 * the user's global NuGet cache under the real packages' names and versions, also
 * when the demo is resumed later with `duende-upgrade <its folder>`.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOnPath } from '../core/env/probe.js';

/** The package's own folder (dist/cli/demo.js → ../..). */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_SAMPLE = path.join(PACKAGE_ROOT, 'demo', 'sample');
export const DEMO_MINIATURES = path.join(PACKAGE_ROOT, 'test', 'dotnet', 'miniatures');
/** The Duende version of the miniature packages the demo upgrades to. */
export const DEMO_TARGET = '5.2.4';
/** The folder name the copy gets (and the wizard's title shows). */
export const DEMO_NAME = 'IdentityServerDemo';

/** The miniature projects the demo packs, and the packages they make. */
const PROJECTS = ['IdentityServer4', 'IdentityServer4.EntityFramework', 'Duende.IdentityServer', 'Duende.IdentityServer.EntityFramework'];
const PACKAGES = ['IdentityServer4.4.1.1.nupkg', 'IdentityServer4.EntityFramework.4.1.1.nupkg', `Duende.IdentityServer.${DEMO_TARGET}.nupkg`, `Duende.IdentityServer.EntityFramework.${DEMO_TARGET}.nupkg`];
/** Package ids routed to the local feed only, so the machine's sources never serve them to the demo. */
const FEED_PATTERNS = ['IdentityServer4', 'IdentityServer4.*', 'Duende.IdentityServer', 'Duende.IdentityServer.*'];

/** Not in the sample folder itself: npm never ships a file named .gitignore. */
const SAMPLE_GITIGNORE = 'bin/\nobj/\n*.db\n*.db-shm\n*.db-wal\n';

export interface DemoOptions {
  /** Where the feed and the demo's packages folder are kept between demo runs (default: the temp folder). */
  cacheDir?: string;
  /** Where the copy is made (default: the temp folder). */
  parentDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Progress lines, as they happen. */
  say(line: string): void;
}

export interface Demo {
  root: string;
  /** Did the miniature feed get made (dotnet present and the pack worked)? */
  dotnet: boolean;
  /** The demo's own NuGet packages folder, when it did. */
  packages?: string;
}

/** Copy the sample, prepare the package source where dotnet is present, git init and commit. */
export async function prepareDemo(opts: DemoOptions): Promise<Demo> {
  const env = opts.env ?? process.env;
  if (!existsSync(path.join(DEMO_SAMPLE, `${DEMO_NAME}.sln`))) {
    throw new Error(`the bundled sample is missing from ${DEMO_SAMPLE}; reinstall duende-upgrade`);
  }
  const parent = mkdtempSync(path.join(opts.parentDir ?? tmpdir(), 'duende-upgrade-demo-'));
  const root = path.join(parent, DEMO_NAME);
  cpSync(DEMO_SAMPLE, root, { recursive: true });
  writeFileSync(path.join(root, '.gitignore'), SAMPLE_GITIGNORE);

  const { execa } = await import('execa');
  const out: Demo = { root, dotnet: false };
  if (findOnPath('dotnet', env)) {
    const cache = opts.cacheDir ?? path.join(tmpdir(), 'duende-upgrade-demo-cache');
    try {
      const { feed, packages } = await ensureFeed(cache, env, opts.say);
      writeFileSync(path.join(root, 'NuGet.config'), nugetConfig(feed, packages, await machineSources(root, env)));
      out.dotnet = true;
      out.packages = packages;
    } catch (error) {
      opts.say(`Could not pack the miniature packages, so the database and build steps cannot restore: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  const git = (...args: string[]) =>
    execa('git', ['-c', 'user.name=duende-upgrade demo', '-c', 'user.email=demo@duende-upgrade.invalid', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], {
      cwd: root,
      reject: false,
      stdin: 'ignore',
      env: { ...env, GIT_CONFIG_NOSYSTEM: '1' },
    });
  const init = await git('init', '-q', '-b', 'main');
  if (init.exitCode === 0) {
    await git('add', '-A');
    const commit = await git('commit', '-q', '-m', 'IdentityServer4 4.1 sample, before the upgrade');
    if (commit.exitCode !== 0) opts.say(`git commit failed (${String(commit.stderr).split('\n')[0]}); the backups are the only undo.`);
  } else {
    opts.say(init.code === 'ENOENT' ? 'git is not installed, so the copy is not a repository; the backups are the only undo.' : `git init failed (${String(init.stderr).split('\n')[0]}).`);
  }
  return out;
}

/** Hash of the sources the demo packs (paths and bytes, bin/ and obj/ left out). */
function miniaturesHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'bin' || name === 'obj') continue;
      const abs = path.join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(abs).isDirectory()) walk(abs, r);
      else h.update(r).update('\0').update(readFileSync(abs)).update('\0');
    }
  };
  // All of it: the projects share sources (Shared/) and build files with the others.
  walk(DEMO_MINIATURES, '');
  return h.digest('hex').slice(0, 16);
}

/**
 * The local feed with the four miniature packages, packed once per content of
 * their sources. A half-made feed is never seen: it is packed into a staging
 * folder and renamed into place.
 */
async function ensureFeed(cache: string, env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<{ feed: string; packages: string }> {
  const hash = miniaturesHash();
  const feed = path.join(cache, `feed-${hash}`);
  const packages = path.join(cache, `packages-${hash}`);
  mkdirSync(packages, { recursive: true });
  if (PACKAGES.every((p) => existsSync(path.join(feed, p)))) return { feed, packages };

  say(`Packing the miniature IdentityServer4 4.1.1 and Duende IdentityServer ${DEMO_TARGET} packages into ${feed} (once; it takes a minute or two)…`);
  const work = path.join(cache, `build-${hash}-${process.pid}`);
  const staging = path.join(cache, `feed-${hash}.staging-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  try {
    mkdirSync(work, { recursive: true });
    cpSync(DEMO_MINIATURES, work, { recursive: true, filter: (src) => !/[\\/](bin|obj)$/.test(src) });
    writeFileSync(path.join(work, 'Demo.slnx'), `<Solution>\n${PROJECTS.map((p) => `  <Project Path="${p}/${p}.csproj" />`).join('\n')}\n</Solution>\n`);
    const { execa } = await import('execa');
    const r = await execa('dotnet', ['pack', 'Demo.slnx', '-c', 'Release', '-o', staging, '-nodeReuse:false'], {
      cwd: work,
      reject: false,
      all: true,
      stdin: 'ignore',
      env: { ...env, NUGET_PACKAGES: packages, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1', MSBUILDDISABLENODEREUSE: '1', DOTNET_CLI_USE_MSBUILD_SERVER: '0' },
    });
    if (r.exitCode !== 0) {
      const tail = String(r.all ?? '').split('\n').filter((l) => /error/i.test(l)).slice(-3);
      throw new Error(`dotnet pack exited ${r.exitCode ?? r.signal}${tail.length ? `: ${tail.join(' | ')}` : ''}`);
    }
    const missing = PACKAGES.filter((p) => !existsSync(path.join(staging, p)));
    if (missing.length) throw new Error(`dotnet pack did not make ${missing.join(', ')}`);
    try {
      renameSync(staging, feed);
    } catch (error) {
      // Another demo made the same feed meanwhile: use that one.
      if (!PACKAGES.every((p) => existsSync(path.join(feed, p)))) throw error;
    }
    return { feed, packages };
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The machine's enabled NuGet sources, as `dotnet nuget list source` names them. */
async function machineSources(cwd: string, env: NodeJS.ProcessEnv): Promise<{ name: string; url: string }[]> {
  const { execa } = await import('execa');
  const r = await execa('dotnet', ['nuget', 'list', 'source'], { cwd, reject: false, stdin: 'ignore', env: { ...env, DOTNET_CLI_UI_LANGUAGE: 'en', DOTNET_NOLOGO: '1' } });
  const lines = String(r.stdout ?? '').split(/\r?\n/);
  const out: { name: string; url: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\d+\.\s+(.+?)\s+\[(Enabled|Disabled)\]\s*$/.exec(lines[i]!);
    const url = lines[i + 1]?.trim();
    if (m && m[2] === 'Enabled' && url) out.push({ name: m[1]!, url });
  }
  return out.length ? out : [{ name: 'nuget.org', url: 'https://api.nuget.org/v3/index.json' }];
}

const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A NuGet.config: the miniature ids from the local feed only, everything else from
 * the machine's sources, restored into the demo's own packages folder.
 */
function nugetConfig(feed: string, packages: string, sources: { name: string; url: string }[]): string {
  const others = sources.filter((s) => s.name !== 'miniatures');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!-- Written by the duende-upgrade demo: the IdentityServer packages come from miniature packages in a local folder. -->',
    '<configuration>',
    '  <config>',
    `    <add key="globalPackagesFolder" value="${xmlAttr(packages)}" />`,
    '  </config>',
    '  <packageSources>',
    '    <clear />',
    `    <add key="miniatures" value="${xmlAttr(feed)}" />`,
    ...others.map((s) => `    <add key="${xmlAttr(s.name)}" value="${xmlAttr(s.url)}" />`),
    '  </packageSources>',
    '  <packageSourceMapping>',
    '    <packageSource key="miniatures">',
    ...FEED_PATTERNS.map((p) => `      <package pattern="${p}" />`),
    '    </packageSource>',
    ...others.flatMap((s) => [`    <packageSource key="${xmlAttr(s.name)}">`, '      <package pattern="*" />', '    </packageSource>']),
    '  </packageSourceMapping>',
    '</configuration>',
    '',
  ].join('\n');
}

/**
 * Make the demo and say what it is: where the copy is, and whether the dotnet
 * steps run for real (and with what).
 */
export async function startDemo(io: { out(text: string): void }): Promise<{ root: string; target: string }> {
  io.out('Making the demo: a copy of the bundled IdentityServer4 4.1 sample…\n');
  const demo = await prepareDemo({ say: (l) => io.out(`${l}\n`) });
  // NUGET_PACKAGES outranks the NuGet.config's globalPackagesFolder: where it is set, point it at the demo's folder for this run.
  if (demo.packages && process.env.NUGET_PACKAGES) process.env.NUGET_PACKAGES = demo.packages;
  io.out(`The demo solution is in ${demo.root}\n`);
  io.out('  (a git repository with one commit: `git diff` there shows what the upgrade changed)\n');
  if (demo.dotnet) {
    io.out(
      `dotnet is here, so every step runs for real. The IdentityServer packages are miniatures: IdentityServer4 4.1.1 and Duende IdentityServer ${DEMO_TARGET} as built by duende-upgrade's tests (enough to build and migrate the sample, no protocol logic), from a local package source named in the demo's NuGet.config.\n`,
    );
  } else if (!findOnPath('dotnet')) {
    io.out('dotnet is not installed: the file steps run, and the database and build steps say why they cannot (skip them with s).\n');
  }
  return { root: demo.root, target: DEMO_TARGET };
}
