import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STATE_FILE, loadState, newState, saveState } from '../../../src/core/apply/state.js';
import { InputError } from '../../../src/core/errors.js';
import { removeDir, runCli, snapshotTree, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function withState(body: string): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFileSync(path.join(dir, 'App.csproj'), '<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="IdentityServer4" Version="4.1.2" /></ItemGroup></Project>\n');
  mkdirSync(path.join(dir, '.duende-upgrade'));
  writeFileSync(path.join(dir, STATE_FILE), body);
  return dir;
}

describe('the state file', () => {
  it('round-trips through save and load', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const state = newState('5.2.4');
    state.steps.packages = { status: 'done', at: new Date().toISOString(), files: ['App.csproj'], commandsDone: [] };
    await saveState(dir, state);
    expect(loadState(dir)).toEqual(state);
  });

  it('records the source and the target framework', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const state = newState('7.4.8', undefined, { product: 'Duende', version: '6.1.8' }, 'net10.0');
    await saveState(dir, state);
    expect(loadState(dir)).toMatchObject({ schemaVersion: 2, source: { product: 'Duende', version: '6.1.8' }, target: '7.4.8', targetFramework: 'net10.0' });
  });

  it('reads a version 1 state as version 2: same steps and target, from IdentityServer4 4.x (the only source version 1 knew)', () => {
    const v1 = { schemaVersion: 1, tool: 'duende-upgrade', target: '5.1.1', startedAt: 'a', updatedAt: 'b', steps: { packages: { status: 'done', at: 'c', files: ['App.csproj'], commandsDone: [] } } };
    const dir = withState(JSON.stringify(v1));
    expect(loadState(dir)).toEqual({ ...v1, schemaVersion: 2, source: { product: 'IdentityServer4', version: '4.x' } });
  });

  it('is absent on a first run', () => {
    const dir = tempDir();
    dirs.push(dir);
    expect(loadState(dir)).toBeUndefined();
  });

  it('reports invalid JSON with its line, never a silent fresh start', () => {
    const dir = withState('{\n  "schemaVersion": 1,\n  "steps": {,\n}\n');
    const err = (() => {
      try {
        loadState(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toMatch(/^\.duende-upgrade\/state\.json:3: the state file is not valid JSON/);
  });

  it('reports a state from another schema version', () => {
    const dir = withState(JSON.stringify({ schemaVersion: 99, tool: 'duende-upgrade' }));
    expect(() => loadState(dir)).toThrow(/schema version 99, this tool understands 2/);
  });

  it('reports a state whose fields are wrong', () => {
    const dir = withState(JSON.stringify({ schemaVersion: 1, tool: 'duende-upgrade', target: '5.2.4', startedAt: 'x', updatedAt: 'x', steps: { packages: { status: 'half-done', at: 'x' } } }));
    expect(() => loadState(dir)).toThrow(/steps\.packages\.status/);
  });

  it.each([['--plan'], ['--dry-run'], ['--yes']])('makes %s exit 2 naming the file, changing nothing', async (mode) => {
    const dir = withState('not json');
    const before = snapshotTree(dir, () => false);
    const r = await runCli([dir, mode]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.duende-upgrade\/state\.json(:1)?: the state file is not valid JSON/);
    expect(r.stderr).toContain('--restart');
    expect(snapshotTree(dir, () => false)).toEqual(before);
  });
});
