import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { applyChanges, checkChanges } from '../../../src/core/apply/apply.js';
import { TMP_DIR, removeLeftovers, writeAtomic } from '../../../src/core/apply/atomic.js';
import { LOCK_FILE, acquireLock } from '../../../src/core/apply/lock.js';
import { UpgradeSession } from '../../../src/core/apply/session.js';
import { STATE_FILE, loadState, newState, saveState } from '../../../src/core/apply/state.js';
import { InputError, StaleFileError, exitCodeOf } from '../../../src/core/errors.js';
import { makePlan } from '../../../src/core/plan/plan.js';
import { DEFAULT_OPTIONS, type FileChange } from '../../../src/core/types.js';
import { Workspace } from '../../../src/core/workspace.js';
import { removeDir, runCli, snapshotTree, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function tree(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  for (const [rel, body] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, body);
  }
  return dir;
}

const HOST = {
  'App.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n  </ItemGroup>\n</Project>\n',
  'Startup.cs': 'using IdentityServer4;\nclass Startup { }\n',
};

const rename = (ws: Workspace, p: string): FileChange => {
  const at = ws.read(p).text.indexOf('IdentityServer4');
  return { kind: 'edit', path: p, splices: [{ start: at, end: at + 'IdentityServer4'.length, text: 'Duende.IdentityServer' }] };
};

describe('temporary files', () => {
  it('are written under .duende-upgrade/tmp and renamed into place, so no file appears beside the target', async () => {
    const dir = tree({ 'src/A.cs': 'using IdentityServer4;\n', 'src/B.cs': 'using IdentityServer4;\n' });
    const ws = new Workspace(dir);
    const seen: string[][] = [];
    await applyChanges(ws, [rename(ws, 'src/A.cs'), rename(ws, 'src/B.cs')], { onWritten: () => seen.push(readdirSync(path.join(dir, 'src')).sort()) });
    expect(seen).toEqual([['A.cs', 'B.cs'], ['A.cs', 'B.cs']]);
    expect(readdirSync(path.join(dir, TMP_DIR))).toEqual([]);
  });

  it('left by a killed run are removed by the next start, with any file a note names', () => {
    const dir = tree({ 'A.cs': 'x', 'B.cs.duende-upgrade-tmp': 'half' });
    mkdirSync(path.join(dir, TMP_DIR), { recursive: true });
    // a process id that is not running: a leftover of a killed run
    writeFileSync(path.join(dir, TMP_DIR, '999999999-abc-1'), 'half');
    writeFileSync(path.join(dir, TMP_DIR, '999999999-abc-2.where'), path.join(dir, 'B.cs.duende-upgrade-tmp'));
    expect(removeLeftovers(dir)).toBe(3);
    expect(readdirSync(path.join(dir, TMP_DIR))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['.duende-upgrade', 'A.cs']);
  });

  it('writing through a link inside the tree replaces the target and keeps its mode and the link', async () => {
    const dir = tree({ 'shared/Real.cs': 'using IdentityServer4;\n', 'App.csproj': '<Project />' });
    chmodSync(path.join(dir, 'shared/Real.cs'), 0o640);
    symlinkSync('shared/Real.cs', path.join(dir, 'Link.cs'));
    const ws = new Workspace(dir);
    await applyChanges(ws, [rename(ws, 'Link.cs')]);
    expect(lstatSync(path.join(dir, 'Link.cs')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, 'shared/Real.cs'), 'utf8')).toBe('using Duende.IdentityServer;\n');
    expect(statSync(path.join(dir, 'shared/Real.cs')).mode & 0o777).toBe(0o640);
  });

  it('writeAtomic gives a new file the mode asked for, whatever the umask', () => {
    const dir = tree({});
    writeAtomic(dir, path.join(dir, 'state.json'), '{}', 0o644);
    expect(statSync(path.join(dir, 'state.json')).mode & 0o777).toBe(0o644);
  });
});

describe('a file edited by someone else during apply', () => {
  it('is checked again right before it is replaced: not written, the step stops naming it, earlier files kept and reported', async () => {
    const dir = tree({ 'A.cs': 'using IdentityServer4;\n', 'B.cs': 'using IdentityServer4;\n', 'C.cs': 'using IdentityServer4;\n' });
    const ws = new Workspace(dir);
    const written: string[] = [];
    const changes = ['A.cs', 'B.cs', 'C.cs'].map((p) => rename(ws, p));
    // B.cs is saved by someone else after the step's up-front check, just before its turn.
    const err = await applyChanges(ws, changes, {
      onFile: (p) => p === 'B.cs' && writeFileSync(path.join(dir, 'B.cs'), 'using IdentityServer4; // mine\n'),
      onWritten: (p) => written.push(p),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StaleFileError);
    expect((err as StaleFileError).describe()).toMatch(/^B\.cs: the file changed on disk since the plan was made, so it was not written/);
    expect(readFileSync(path.join(dir, 'B.cs'), 'utf8')).toBe('using IdentityServer4; // mine\n');
    expect(readFileSync(path.join(dir, 'A.cs'), 'utf8')).toBe('using Duende.IdentityServer;\n');
    expect(readFileSync(path.join(dir, 'C.cs'), 'utf8')).toBe('using IdentityServer4;\n');
    expect(written).toEqual(['A.cs']);
  });

  it('gives exit code 1 whether the up-front check or a step finds it', async () => {
    const dir = tree(HOST);
    const plan = await makePlan(dir, DEFAULT_OPTIONS);
    writeFileSync(path.join(dir, 'Startup.cs'), 'using IdentityServer4; // edited meanwhile\nclass Startup { }\n');
    const upFront = (() => {
      try {
        checkChanges(plan.workspace, plan.steps.flatMap((s) => s.changes));
      } catch (e) {
        return e;
      }
    })();
    expect(upFront).toBeInstanceOf(StaleFileError);
    expect(exitCodeOf(upFront)).toBe(1);
    const session = new UpgradeSession(plan, undefined);
    const outcome = await session.apply('namespaces');
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/^Startup\.cs: the file changed on disk/);
    // the step's record says so; the --yes loop maps a failed step to 1
    expect(loadState(dir)?.steps.namespaces?.status).toBe('failed');
  });
});

describe('the lock', () => {
  it('keeps a second run off the tree while the first holds it, and says who holds it', async () => {
    const dir = tree(HOST);
    const before = snapshotTree(dir);
    const lock = acquireLock(dir);
    try {
      const r = await runCli([dir, '--yes']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`.duende-upgrade/lock: another duende-upgrade run is working on this folder (process ${process.pid}, started `);
      expect(snapshotTree(dir)).toEqual(before);
      expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    } finally {
      lock.release();
    }
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('asked again by the process that holds it, gives back the same lock; once released, it is taken afresh', () => {
    const dir = tree(HOST);
    const lock = acquireLock(dir);
    expect(acquireLock(dir)).toBe(lock);
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    const again = acquireLock(dir);
    expect(again).not.toBe(lock);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    again.release();
  });

  it('left by a killed run is stale and taken over', async () => {
    const dir = tree(HOST);
    // a process that has exited: its lock is stale
    const gone = await execa(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    mkdirSync(path.join(dir, '.duende-upgrade'));
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: Number(gone.stdout), host: (await import('node:os')).hostname(), startedAt: 'earlier' }));
    const r = await runCli([dir, '--yes', '--skip', 'database,signing-keys,verify']);
    expect(r.stderr).toBe('');
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    expect(readFileSync(path.join(dir, 'Startup.cs'), 'utf8')).toContain('using Duende.IdentityServer;');
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });
});

describe('.duende-upgrade that leads elsewhere', () => {
  it.each([['--yes'], ['--plan']])('as a link: %s exits 2 and nothing is written anywhere', async (mode) => {
    const outside = tree({});
    const dir = tree(HOST);
    symlinkSync(outside, path.join(dir, '.duende-upgrade'));
    const before = snapshotTree(dir, () => false);
    const r = await runCli([dir, mode, '--skip', 'database,signing-keys,verify']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.duende-upgrade: is a symbolic link to ');
    expect(readdirSync(outside)).toEqual([]);
    expect(snapshotTree(dir, (rel) => rel === '.duende-upgrade')).toEqual(before);
  });

  it('holding a link (backup/ to a folder outside): exit 2, nothing written', async () => {
    const outside = tree({});
    const dir = tree(HOST);
    mkdirSync(path.join(dir, '.duende-upgrade'));
    symlinkSync(outside, path.join(dir, '.duende-upgrade', 'backup'));
    const r = await runCli([dir, '--yes', '--skip', 'database,signing-keys,verify']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.duende-upgrade/backup: is a symbolic link to ');
    expect(readdirSync(outside)).toEqual([]);
    expect(readFileSync(path.join(dir, 'Startup.cs'), 'utf8')).toBe(HOST['Startup.cs']);
    expect(readdirSync(path.join(dir, '.duende-upgrade'))).toEqual(['backup']);
  });
});

describe('a state from another folder', () => {
  it('is reported with exit 2 and left as it is; --restart starts over', async () => {
    const elsewhere = tree(HOST);
    await saveState(elsewhere, newState('5.2.4', elsewhere));
    const dir = tree(HOST);
    mkdirSync(path.join(dir, '.duende-upgrade'));
    const copied = readFileSync(path.join(elsewhere, STATE_FILE));
    writeFileSync(path.join(dir, STATE_FILE), copied);
    for (const mode of ['--plan', '--yes']) {
      const r = await runCli([dir, mode, '--skip', 'database,signing-keys,verify']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`.duende-upgrade/state.json: the state file belongs to ${elsewhere}, not to this folder`);
      expect(readFileSync(path.join(dir, STATE_FILE))).toEqual(copied);
    }
    const r = await runCli([dir, '--yes', '--restart', '--skip', 'database,signing-keys,verify']);
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    expect(loadState(dir)?.root).toBe(dir);
  });

  it('loadState throws an InputError naming both folders', async () => {
    const a = tree({});
    await saveState(a, newState('5.2.4', a));
    const b = tree({});
    mkdirSync(path.join(b, '.duende-upgrade'));
    writeFileSync(path.join(b, STATE_FILE), readFileSync(path.join(a, STATE_FILE)));
    expect(() => loadState(b)).toThrow(InputError);
  });
});
