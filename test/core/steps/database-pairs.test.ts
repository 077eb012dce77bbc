import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planFromScan } from '../../../src/core/plan/plan.js';
import { scan } from '../../../src/core/scan/index.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { copyFixture, removeDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

// The database step's plan per (source, target) on the EF quickstart (both store contexts);
// planning only, so no dotnet is needed. The source is what the scan finds: for a Duende source
// the copy's central versions name Duende.IdentityServer* at that version.
async function databaseStep(source: string, target: string) {
  const root = copyFixture('ef-quickstart');
  dirs.push(root);
  if (!source.startsWith('4.')) {
    for (const csproj of ['src/IdentityServer/IdentityServer.csproj', 'Directory.Build.targets']) {
      const file = path.join(root, csproj);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('"IdentityServer4', '"Duende.IdentityServer').replace('Version="4.1.2"', `Version="${source}"`));
    }
  }
  const { scan: s, workspace } = await scan(root);
  const plan = planFromScan(s, workspace, { ...DEFAULT_OPTIONS, target }, undefined, {});
  expect(plan.source).toMatchObject({ version: source.startsWith('4.') ? '4.1.2' : source });
  return plan.steps.find((x) => x.id === 'database')!;
}

const adds = (step: Awaited<ReturnType<typeof databaseStep>>) =>
  step.commands.filter((c) => c.args[1] === 'migrations' && c.args[2] === 'add').map((c) => `${c.args[3]} ${c.args[c.args.indexOf('-c') + 1]}`);

describe('database step per pair', () => {
  it('IdentityServer4 → 5.2.4 adds UpdateToDuende_v5 to both contexts, as before', async () => {
    expect(adds(await databaseStep('4.1.1', '5.2.4'))).toEqual(['UpdateToDuende_v5 PersistedGrantDbContext', 'UpdateToDuende_v5 ConfigurationDbContext']);
  });

  it('IdentityServer4 → 8.0.3 names them UpdateToDuende_v8_0 and shows the data risks with their queries', async () => {
    const step = await databaseStep('4.1.1', '8.0.3');
    expect(adds(step)).toEqual(['UpdateToDuende_v8_0 PersistedGrantDbContext', 'UpdateToDuende_v8_0 ConfigurationDbContext']);
    const risks = step.warnings.filter((w) => w.includes('Check with:'));
    expect(risks.map((w) => w.split(':')[0] + ':' + w.split(':')[1]!.split('.')[0])).toEqual([
      'PersistedGrantDbContext: PersistedGrants gets a new Id primary key (6',
      'ConfigurationDbContext: New unique indexes (15) fail on duplicate rows',
      'ConfigurationDbContext: ClientPostLogoutRedirectUris',
      'ConfigurationDbContext: ClientRedirectUris',
    ]);
    expect(risks[3]).toContain('WHERE LEN([RedirectUri]) > 400;');
  });

  it('Duende 6.1 → 6.3 migrates only the configuration store; 7.0 → 7.4 needs none', async () => {
    const step = await databaseStep('6.1.8', '6.3.10');
    expect(adds(step)).toEqual(['Update_DuendeIdentityServer_v6_3 ConfigurationDbContext']);
    expect(step.warnings).toContain('PersistedGrantDbContext: its schema does not change from Duende IdentityServer 6.1.8 → Duende IdentityServer 6.3.10, so it gets no migration.');
    const none = await databaseStep('7.0.9', '7.4.8');
    expect(none.status).toBe('not-applicable');
    expect(none.commands).toEqual([]);
  });
});
