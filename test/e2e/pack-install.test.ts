/**
 * `npm pack`, then `npm install -g ./duende-upgrade-<v>.tgz` into a temporary
 * prefix, then the installed command run from an unrelated folder: what a person
 * does with a package file. So `files` in package.json can never again leave out
 * the built code or the demo sample, and nothing installed reaches back into the
 * clone. Uses the built dist (`npm test` builds first); the pack runs no scripts,
 * so it never rebuilds dist under the other test files' feet.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, removeDir, tempDir } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
const work = tempDir('pack-install-');
const prefix = path.join(work, 'prefix');
const elsewhere = path.join(work, 'elsewhere');
/** A PATH with node and git but no dotnet, so the demo takes its quick road. */
const bareBin = path.join(work, 'bare-bin');
let installedBin = '';
let installedPkg = '';

function which(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  mkdirSync(elsewhere);
  mkdirSync(bareBin);
  symlinkSync(process.execPath, path.join(bareBin, 'node'));
  const git = which('git');
  if (git) symlinkSync(git, path.join(bareBin, 'git'));

  const pack = await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: REPO, reject: false, all: true });
  expect(pack.exitCode, String(pack.all)).toBe(0);
  const tgz = path.join(work, `${pkg.name}-${pkg.version}.tgz`);
  expect(existsSync(tgz)).toBe(true);
  // From another folder, with the file named relative to it, as the README says.
  const install = await execa('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', `./${path.basename(tgz)}`], {
    cwd: work,
    reject: false,
    all: true,
  });
  expect(install.exitCode, String(install.all)).toBe(0);
  installedBin = path.join(prefix, 'bin', 'duende-upgrade');
  installedPkg = path.join(prefix, 'lib', 'node_modules', pkg.name);
}, 600_000);

afterAll(() => removeDir(work));

const run = (args: string[], env: Record<string, string> = {}) =>
  execa(installedBin, args, { cwd: elsewhere, reject: false, stdin: 'ignore', env: { NO_COLOR: '1', PATH: [path.dirname(installedBin), bareBin].join(path.delimiter), ...env }, extendEnv: false });

describe('the packed package, installed globally into a temporary prefix', () => {
  it('duende-upgrade --version works from any folder', async () => {
    const r = await run(['--version']);
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout).trim()).toBe(pkg.version);
    expect((await run(['--help'])).stdout).toContain('--demo');
  });

  it('holds the built code, the demo sample and the miniature sources, and no build output or tests', () => {
    for (const rel of ['dist/bundle/main.js', 'dist/cli/main.js', 'dist/cli/demo.js', 'dist/ui/App.js', 'demo/sample/IdentityServerDemo.sln', 'demo/sample/Directory.Build.props', 'test/dotnet/miniatures/IdentityServer4/IdentityServer4.csproj', 'README.md']) {
      expect(existsSync(path.join(installedPkg, rel)), rel).toBe(true);
    }
    const all: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const abs = path.join(d, n);
        if (n === 'node_modules') continue;
        if (statSync(abs).isDirectory()) walk(abs);
        else all.push(path.relative(installedPkg, abs).split(path.sep).join('/'));
      }
    };
    walk(installedPkg);
    expect(all.filter((f) => /(^|\/)(bin|obj)\/.*\.(dll|pdb|nupkg|json)$/.test(f))).toEqual([]);
    expect(all.filter((f) => /\.test\.tsx?$/.test(f) || f.startsWith('src/') || f.startsWith('test/fixtures/'))).toEqual([]);
    // Nothing installed names the clone it was packed from.
    const clone = all.filter((f) => /\.(js|json|mjs)$/.test(f) && !f.endsWith('.map') && readFileSync(path.join(installedPkg, f), 'utf8').includes(REPO));
    expect(clone).toEqual([]);
  });

  it('--demo (without dotnet) copies the bundled sample, commits it in git and plans its upgrade', async () => {
    const r = await run(['--demo', '--plan'], { TMPDIR: work });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const out = String(r.stdout);
    const root = /The demo solution is in (.+)\n/.exec(out)?.[1];
    expect(root).toBeDefined();
    expect(root!.startsWith(work)).toBe(true);
    expect(out).toContain('dotnet is not installed');
    expect(out).toMatch(/\[packages\] — pending/);
    expect(out).toMatch(/\[database\] — pending/);
    expect(out).toContain('delete src/IdentityServerHost/tempkey.jwk');
    // The sample's shape: a solution, Directory.Build.props, migrations in the guide's folders, views, a CRLF file.
    expect(existsSync(path.join(root!, 'IdentityServerDemo.sln'))).toBe(true);
    expect(existsSync(path.join(root!, 'Directory.Build.props'))).toBe(true);
    expect(readdirSync(path.join(root!, 'src/IdentityServerHost/Data/Migrations/IdentityServer'))).toEqual(['ConfigurationDb', 'PersistedGrantDb']);
    expect(existsSync(path.join(root!, 'src/IdentityServerHost/Views/_ViewImports.cshtml'))).toBe(true);
    expect(readFileSync(path.join(root!, 'src/IdentityServerHost/Config.cs'), 'utf8')).toContain('\r\n');
    if (which('git')) {
      const log = await execa('git', ['log', '--oneline'], { cwd: root! });
      expect(String(log.stdout).split('\n')).toHaveLength(1);
      const status = await execa('git', ['status', '--porcelain'], { cwd: root! });
      expect(String(status.stdout)).toBe('');
    }
  });
});
