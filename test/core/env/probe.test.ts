import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { gitState, globalEfInstall } from '../../../src/core/env/probe.js';
import { DOTNET_TOOLS } from '../../helpers/dotnet.js';
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

describe('dotnet-ef as a global tool, read from its install folder', () => {
  /** A global tools folder as `dotnet tool install --global dotnet-ef` lays it out. */
  const toolsDir = (versions: string[]) => {
    const dir = tempDir('tools-');
    dirs.push(dir);
    writeFileSync(path.join(dir, 'dotnet-ef'), '#!/bin/sh\n', { mode: 0o755 });
    for (const v of versions) mkdirSync(path.join(dir, '.store', 'dotnet-ef', v, 'dotnet-ef', v, 'tools'), { recursive: true });
    return dir;
  };
  const root = () => {
    const dir = tempDir('probe-root-');
    dirs.push(dir);
    return dir;
  };

  it('one installed version on PATH: that version, no process started', () => {
    expect(globalEfInstall(root(), { PATH: toolsDir(['10.0.15']) })).toMatchObject({ installed: true, version: '10.0.15' });
  });

  it('anything else runs the real probe: two versions, no shim on PATH, a local tool manifest', () => {
    expect(globalEfInstall(root(), { PATH: toolsDir(['9.0.23', '10.0.15']) })).toBeUndefined();
    expect(globalEfInstall(root(), { PATH: root() })).toBeUndefined();
    const withManifest = root();
    writeFileSync(path.join(withManifest, 'dotnet-tools.json'), '{ "version": 1, "isRoot": true, "tools": { "dotnet-ef": { "version": "9.0.23", "commands": ["dotnet-ef"] } } }\n');
    expect(globalEfInstall(withManifest, { PATH: toolsDir(['10.0.15']) })).toBeUndefined();
  });

  it('says what `dotnet ef --version` says on this machine', async (ctx) => {
    const env = { ...process.env, PATH: `${process.env.PATH ?? ''}${path.delimiter}${DOTNET_TOOLS}` };
    const real = await execa('dotnet', ['ef', '--version'], { cwd: root(), env, reject: false });
    if (real.exitCode !== 0) ctx.skip();
    const read = globalEfInstall(root(), env);
    expect(read?.version, 'dotnet-ef is installed globally here (.ci/run installs it)').toBeDefined();
    expect(real.stdout.trim().split('\n').pop()?.trim()).toBe(read!.version);
  });
});
