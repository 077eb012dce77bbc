import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { gitState } from '../../../src/core/env/probe.js';
import { removeDir, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) removeDir(d);
});

const git = (cwd: string, ...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd });

describe('gitState', () => {
  it('outside a repository: none, so backups are the only undo', async () => {
    const dir = tempDir('probe-');
    dirs.push(dir);
    expect(await gitState(dir)).toEqual({ kind: 'none', reason: 'not inside a git repository' });
  });

  it('clean, then dirty with a count; the tool’s own folder does not count', async () => {
    const dir = tempDir('probe-');
    dirs.push(dir);
    await git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(path.join(dir, 'Host.csproj'), '<Project />\n');
    await git(dir, 'add', '.');
    await git(dir, 'commit', '-q', '-m', 'init');
    mkdirSync(path.join(dir, '.duende-upgrade'));
    writeFileSync(path.join(dir, '.duende-upgrade/state.json'), '{}');
    expect(await gitState(dir)).toEqual({ kind: 'clean', branch: 'main' });
    writeFileSync(path.join(dir, 'Host.csproj'), '<Project Sdk="x" />\n');
    writeFileSync(path.join(dir, 'New.cs'), 'class A {}\n');
    expect(await gitState(dir)).toEqual({ kind: 'dirty', branch: 'main', changed: 2 });
  });
});
