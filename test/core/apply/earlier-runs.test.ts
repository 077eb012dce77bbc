import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyChanges } from '../../../src/core/apply/apply.js';
import { earlierRuns } from '../../../src/core/apply/earlier-runs.js';
import { loadState, newState, saveState } from '../../../src/core/apply/state.js';
import { planFromScan } from '../../../src/core/plan/plan.js';
import { scan } from '../../../src/core/scan/index.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { Workspace } from '../../../src/core/workspace.js';
import { removeDir, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

const CSPROJ = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="5.2.4" /></ItemGroup>\n</Project>\n';
const STARTUP = 'class Startup { void C(IServiceCollection s) { s.AddIdentityServer()\n    .AddDeveloperSigningCredential(); } }\n';

function tree(files: Record<string, string>): string {
  const dir = tempDir('earlier-');
  dirs.push(dir);
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), body);
  }
  return dir;
}

describe('earlier runs, the one way steps and the plan read .duende-upgrade/', () => {
  it('with nothing recorded and no backups: no record, no target, no originals', () => {
    const dir = tree({ 'Host/Host.csproj': CSPROJ });
    const e = earlierRuns(dir, loadState(dir));
    expect([e.record('packages'), e.target(), e.recorded(), e.backedUp(), e.original('Host/Host.csproj')]).toEqual([undefined, undefined, [], [], undefined]);
  });

  it('gives the records of the state file and the originals the real apply backed up (nested, deleted ones too), never through a link or outside the folder', async () => {
    const dir = tree({ 'Host/Startup.cs': STARTUP, 'Host/Keys/tempkey.jwk': '{"KeyId":"k"}', 'outside.txt': 'not a backup' });
    const ws = new Workspace(dir);
    const at = STARTUP.indexOf('\n    .AddDeveloperSigningCredential()');
    await applyChanges(ws, [
      { kind: 'edit', path: 'Host/Startup.cs', splices: [{ start: at, end: at + '\n    .AddDeveloperSigningCredential()'.length, text: '' }] },
      { kind: 'delete', path: 'Host/Keys/tempkey.jwk', reason: 'the developer key file' },
    ]);
    const state = newState('5.2.4', dir);
    state.steps['dev-signing-credential'] = { status: 'done', at: '2026-01-01T00:00:00.000Z', files: ['Host/Startup.cs', 'Host/Keys/tempkey.jwk'], commandsDone: [] };
    await saveState(dir, state);
    // a link planted in the backup folder is neither listed nor read
    symlinkSync(path.join(dir, 'outside.txt'), path.join(dir, '.duende-upgrade/backup/Host/planted.cs'));

    const e = earlierRuns(dir, loadState(dir));
    expect(e.record('dev-signing-credential')).toMatchObject({ status: 'done', files: ['Host/Startup.cs', 'Host/Keys/tempkey.jwk'] });
    expect(e.record('packages')).toBeUndefined();
    expect(e.recorded()).toEqual(['dev-signing-credential']);
    expect(e.target()).toBe('5.2.4');
    expect(e.backedUp()).toEqual(['Host/Keys/tempkey.jwk', 'Host/Startup.cs']);
    expect(e.original('Host/Startup.cs')?.toString()).toBe(STARTUP);
    expect(e.original('Host/Keys/tempkey.jwk')?.toString()).toBe('{"KeyId":"k"}');
    expect(e.original('Host/planted.cs')).toBeUndefined();
    expect(e.original('../../outside.txt')).toBeUndefined();
    expect(e.original('Host/Other.cs')).toBeUndefined();
  });

  it('is what the dev-signing-credential step reads: with the state file gone, the backed-up original still shows the call was removed (done); without that backup, not applicable', async () => {
    const dir = tree({ 'Host/Host.csproj': CSPROJ, 'Host/Startup.cs': STARTUP });
    const statusOf = async () => {
      const { scan: s, workspace } = await scan(dir);
      return planFromScan(s, workspace, DEFAULT_OPTIONS, loadState(dir)).steps.find((x) => x.id === 'dev-signing-credential')!.status;
    };
    expect(await statusOf()).toBe('pending');
    const { scan: s, workspace } = await scan(dir);
    await applyChanges(workspace, planFromScan(s, workspace, DEFAULT_OPTIONS).steps.find((x) => x.id === 'dev-signing-credential')!.changes);
    expect(readFileSync(path.join(dir, 'Host/Startup.cs'), 'utf8')).not.toContain('AddDeveloperSigningCredential');
    expect(await statusOf()).toBe('done');
    removeDir(path.join(dir, '.duende-upgrade/backup'));
    expect(await statusOf()).toBe('not-applicable');
  });
});

/** Source files under dir, recursively, relative to src/. */
function sources(dir: string): string[] {
  const root = path.resolve('src');
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}

describe('no step or plan module reads .duende-upgrade/ by itself (a complement to the tests above)', () => {
  it('steps and the plan name neither the state nor the backup folder, nor read the state object', () => {
    const offending: string[] = [];
    for (const f of [...sources('core/steps'), ...sources('core/plan')]) {
      const text = readFileSync(path.join('src', f), 'utf8');
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const [what, re] of [
        ['the state object', /\bctx\.state\b|\bstate\??\.(steps|target|root)\b/],
        ['the state file', /\bSTATE_FILE\b|\bloadState\b|state\.json/],
        ['the backup folder as a path', /join\([^)]*BACKUP_DIR|readdirSync\([^)]*backup/i],
        ['the state module', /from '\.\.\/apply\/state\.js'/],
      ] as const) {
        // the plan takes the state it is given only to open the door (earlierRuns)
        if (what === 'the state module' && f === path.join('core/plan', 'plan.ts') && /import type \{ UpgradeState \}/.test(code)) continue;
        if (re.test(code)) offending.push(`${f}: ${what}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
