import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/ui/engine.js';
import { newState, saveState } from '../../src/core/apply/state.js';
import { removeDir } from '../helpers/cli.js';
import { OPTIONS, writeSolution } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

describe('the wizard on the real engine', () => {
  it('opens a session on the real plan and hands back the state file as it was', async () => {
    const dir = writeSolution();
    dirs.push(dir);
    const state = newState(OPTIONS.target);
    state.steps.packages = { status: 'skipped', at: 'x', files: [], commandsDone: [] };
    await saveState(dir, state);
    const { session, previous } = await engineDeps.open(dir, OPTIONS, false);
    expect(previous?.steps.packages?.status).toBe('skipped');
    expect(session.plan.steps.map((s) => s.id)).toEqual(['framework', 'packages', 'namespaces', 'api-changes', 'access-token-validation', 'dev-signing-credential', 'database', 'data-protection', 'signing-keys', 'verify']);
    expect(session.plan.root).toBe(dir);
  });

  it('--restart forgets the state file but keeps the backups', async () => {
    const dir = writeSolution();
    dirs.push(dir);
    await saveState(dir, newState(OPTIONS.target));
    mkdirSync(path.join(dir, '.duende-upgrade/backup/src/Host'), { recursive: true });
    writeFileSync(path.join(dir, '.duende-upgrade/backup/src/Host/Host.csproj'), 'original');
    const { previous } = await engineDeps.open(dir, OPTIONS, true);
    expect(previous).toBeUndefined();
    expect(existsSync(path.join(dir, '.duende-upgrade/state.json'))).toBe(false);
    expect(existsSync(path.join(dir, '.duende-upgrade/backup/src/Host/Host.csproj'))).toBe(true);
  });

  it('probes git and dotnet and reports each finding', async () => {
    const dir = writeSolution();
    dirs.push(dir);
    const found: string[] = [];
    await engineDeps.probe(dir, (env) => found.push(...Object.keys(env)));
    expect(found.sort()).toEqual(['dotnet', 'dotnetEf', 'git']);
  });
});
