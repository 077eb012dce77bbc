import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, runCli, snapshotTree, tempDir } from '../helpers/cli.js';

/** What a first run trips on (issue 12 §4), through the real binary. */

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function fixture(name = 'ef-quickstart'): string {
  const dir = copyFixture(name);
  dirs.push(dir);
  return dir;
}

const git = (cwd: string, ...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd });

describe('a file where the folder belongs', () => {
  it.each([
    ['IdentityServer.sln', 'a solution file'],
    ['Host/Host.csproj', 'a project file'],
    ['Host/Program.cs', 'a file'],
    ['nested dir/My App.slnx', 'a solution file'],
  ])('%s: names the folder to give instead, exit 2, nothing written', async (rel, kind) => {
    const dir = tempDir('file-arg-');
    dirs.push(dir);
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), 'x\n');
    const before = snapshotTree(dir, () => false);
    for (const mode of [['--plan'], ['--dry-run'], ['--yes'], []]) {
      const r = await runCli([rel, ...mode], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${rel}: is ${kind}, not a folder; give the folder that holds the solution`);
      const parent = path.dirname(rel);
      expect(r.stderr).toContain(`Run: duende-upgrade ${parent.includes(' ') ? `'${parent}'` : parent}`);
      expect(r.stderr).not.toMatch(/ENOTDIR|state\.json/);
    }
    expect(snapshotTree(dir, () => false)).toEqual(before);
  }, 300_000);

  it('a folder that does not exist is named', async () => {
    const r = await runCli(['no/such/place', '--plan'], { cwd: tempDir('nofolder-') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/place: no such folder');
  });
});

describe('options the parser does not know', () => {
  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['-x', '--plan'], 'unknown option -x'],
    [['--dryrun'], 'unknown option --dryrun'],
    [['--skip'], '--skip needs a value'],
    [['--only', '--plan'], '--only needs a value'],
    [['--plan=yes'], '--plan takes no value'],
  ])('%j: the tool’s own one line and the --help hint, exit 2', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`duende-upgrade: ${message}\n  Run duende-upgrade --help for the options.`);
    expect(r.stdout).toBe('');
  });
});

describe('--plan and --dry-run honour --only and --skip', () => {
  it('--plan --json lists only the selected steps, in order', async () => {
    const dir = fixture();
    const all = JSON.parse((await runCli([dir, '--plan', '--json'])).stdout) as { steps: { id: string }[] };
    expect(all.steps.map((s) => s.id)).toContain('namespaces');
    const only = JSON.parse((await runCli([dir, '--plan', '--json', '--only', 'namespaces,packages'])).stdout) as { steps: { id: string }[] };
    expect(only.steps.map((s) => s.id)).toEqual(['packages', 'namespaces']);
    const skip = JSON.parse((await runCli([dir, '--plan', '--json', '--skip', 'packages', '--skip', 'verify'])).stdout) as { steps: { id: string }[] };
    expect(skip.steps.map((s) => s.id)).toEqual(all.steps.map((s) => s.id).filter((id) => id !== 'packages' && id !== 'verify'));
  }, 300_000);

  it('--plan text shows the selected steps and names those left out', async () => {
    const dir = fixture();
    const r = await runCli([dir, '--plan', '--only', 'namespaces']);
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/\[namespaces\]/);
    expect(r.stdout).not.toMatch(/\[packages\]|\[database\]/);
    expect(r.stdout).toMatch(/Left out by --only\/--skip: framework, packages, .*database/);
  });

  it('--dry-run diffs only the selected steps, and counts only theirs', async () => {
    const dir = fixture();
    const full = await runCli([dir, '--dry-run']);
    expect(full.stdout).toContain('.csproj');
    const r = await runCli([dir, '--dry-run', '--only', 'namespaces']);
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).not.toMatch(/^\+.*Duende\.IdentityServer" Version/m);
    expect(r.stdout).toMatch(/^\+using Duende\.IdentityServer/m);
    const skipped = await runCli([dir, '--dry-run', '--skip', 'namespaces']);
    expect(skipped.stdout).not.toMatch(/^\+using Duende\.IdentityServer/m);
    const count = (s: string) => Number(/Dry run: (\d+) file change/.exec(s)?.[1]);
    expect(count(r.stdout) + count(skipped.stdout)).toBe(count(full.stdout));
  }, 300_000);
});

describe('.duende-upgrade keeps itself out of git', () => {
  it('writes its own .gitignore, so git status stays clean of it; the overview counts the upgrade’s edits apart', async () => {
    const dir = fixture();
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'add', '.');
    await git(dir, 'commit', '-q', '-m', 'before');
    const r = await runCli([dir, '--yes', '--only', 'packages,namespaces']);
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    expect(readFileSync(path.join(dir, '.duende-upgrade', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    const status = String((await git(dir, 'status', '--porcelain', '--untracked-files=all')).stdout);
    expect(status).not.toContain('.duende-upgrade');
    expect(status).toMatch(/\.csproj/);

    const { gitState } = await import('../../src/core/env/probe.js');
    const { loadState } = await import('../../src/core/apply/state.js');
    const written = Object.values(loadState(dir)!.steps).flatMap((s) => s?.files ?? []);
    expect(written.length).toBeGreaterThan(1);
    expect(await gitState(dir, written)).toEqual({ kind: 'clean', branch: 'main', ours: written.length });
    writeFileSync(path.join(dir, 'Mine.cs'), 'class Mine {}\n');
    expect(await gitState(dir, written)).toEqual({ kind: 'dirty', branch: 'main', changed: 1, ours: written.length });
  }, 300_000);

  it('leaves a .gitignore that is already there alone', async () => {
    const dir = fixture();
    mkdirSync(path.join(dir, '.duende-upgrade'));
    writeFileSync(path.join(dir, '.duende-upgrade', '.gitignore'), 'backup/\n');
    expect((await runCli([dir, '--yes', '--only', 'packages'])).code).toBe(0);
    expect(readFileSync(path.join(dir, '.duende-upgrade', '.gitignore'), 'utf8')).toBe('backup/\n');
    expect(existsSync(path.join(dir, '.duende-upgrade', 'state.json'))).toBe(true);
  });
});

describe('gitState in a sub-folder of the repository', () => {
  it('matches the upgrade’s files relative to the folder, not the repository top', async () => {
    const repo = tempDir('gitsub-');
    dirs.push(repo);
    const dir = path.join(repo, 'src', 'identity');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'Host.csproj'), '<Project />\n');
    writeFileSync(path.join(dir, 'Other.cs'), 'class A {}\n');
    await git(repo, 'init', '-q', '-b', 'main');
    await git(repo, 'add', '.');
    await git(repo, 'commit', '-q', '-m', 'init');
    writeFileSync(path.join(dir, 'Host.csproj'), '<Project Sdk="x" />\n');
    writeFileSync(path.join(dir, 'Other.cs'), 'class B {}\n');
    const { gitState } = await import('../../src/core/env/probe.js');
    expect(await gitState(dir, ['Host.csproj'])).toEqual({ kind: 'dirty', branch: 'main', changed: 1, ours: 1 });
    expect(await gitState(dir, ['Host.csproj', 'Other.cs'])).toEqual({ kind: 'clean', branch: 'main', ours: 2 });
  });
});
