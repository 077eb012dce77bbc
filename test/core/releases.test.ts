import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  crossed,
  describeTarget,
  frameworkProblem,
  isPublished,
  lineOf,
  OFFERED_TARGETS,
  RELEASES,
  supportEnds,
  targetFramework,
  targetProblem,
} from '../../src/core/releases.js';

const SCHEMAS = '/work/shared/duende-schemas.json';

describe('the release table', () => {
  it('lists each line once, oldest first, each last patch in its own line', () => {
    const keys = RELEASES.map((r) => `${r.product} ${r.line}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (let i = 1; i < RELEASES.length; i++) expect(compareVersions(RELEASES[i - 1]!.lastPatch, RELEASES[i]!.lastPatch)).toBeLessThan(0);
    for (const r of RELEASES) expect(r.lastPatch.startsWith(`${r.line}.`), r.line).toBe(true);
  });

  it('gives every framework a host can be moved to a set of Microsoft package versions on that framework\'s major', () => {
    for (const r of RELEASES) {
      for (const [fw, m] of Object.entries(r.microsoft ?? {})) {
        expect(r.frameworks, `${r.line} ${fw}`).toContain(fw);
        const major = Number(/^net(\d+)\.0$/.exec(fw)![1]);
        expect(Number(m.aspNetCore.split('.')[0]), `${r.line} ${fw} ASP.NET Core`).toBe(major);
        // 7.4 on net8.0 pulls EF Core 9 (UPGRADE-FACTS-LATER "Packages").
        expect(Number(m.efCore.split('.')[0]), `${r.line} ${fw} EF Core`).toBe(r.line === '7.4' && fw === 'net8.0' ? 9 : major);
      }
      if (r.product === 'Duende' && compareVersions(r.lastPatch, '6.0.0') >= 0) expect(r.microsoft?.[r.frameworks[0]!], `${r.line} lowest framework`).toBeDefined();
    }
  });

  it.skipIf(!existsSync(SCHEMAS))('names schemas duende-schemas.json holds, as its sameSchemaAs maps the last patches', () => {
    const data = JSON.parse(readFileSync(SCHEMAS, 'utf8')) as { schemas: Record<string, unknown>; sameSchemaAs: Record<string, string> };
    for (const r of RELEASES) {
      if (r.schema === undefined) continue;
      expect(Object.keys(data.schemas), r.line).toContain(r.schema);
      const listed = r.lastPatch in data.schemas || r.lastPatch in data.sameSchemaAs;
      if (listed) expect(data.sameSchemaAs[r.lastPatch] ?? r.lastPatch, r.line).toBe(r.schema);
    }
    // Every Duende last patch the file knows is a line here.
    for (const v of [...Object.keys(data.schemas), ...Object.keys(data.sameSchemaAs)]) {
      expect(lineOf(v, v.startsWith('4.') ? 'IdentityServer4' : 'Duende')?.lastPatch, v).toBe(v);
    }
  });

  it('the IdentityModel library becomes Duende.IdentityModel at 7.1 and AutoMapper leaves at 7.0', () => {
    expect(lineOf('7.0.9')!.identityModel.id).toBe('IdentityModel');
    expect(lineOf('7.1.0')!.identityModel.id).toBe('Duende.IdentityModel');
    expect(lineOf('6.3.10')!.autoMapper?.range).toBe('[12.0.0,13.0)');
    expect(lineOf('7.0.0')!.autoMapper).toBeUndefined();
    expect(lineOf('5.2.4')!.identityModel.min).toBe('5.1.0');
  });
});

describe('target versions', () => {
  it('accepts the last patch of each supported shape and any other published version', () => {
    for (const v of ['5.2.4', '6.3.10', '7.4.8', '8.0.3', '5.0.0', '6.1.8', '7.0.9', '7.2.4', '8.0.0']) expect({ v, problem: targetProblem(v) }).toEqual({ v, problem: undefined });
  });

  it('refuses versions never published, ranges and other products, saying why', () => {
    expect(targetProblem('5.2.5')).toBe('5.2.5 was not published; the 5.2 line ends at 5.2.4');
    expect(targetProblem('8.1.0')).toMatch(/^8\.1\.0 is not a Duende IdentityServer release this tool knows; the lines end at 5\.0\.5, .*, 8\.0\.3$/);
    expect(targetProblem('4.1.2')).toMatch(/not a Duende IdentityServer release/);
    expect(targetProblem('7.4')).toMatch(/must be an exact Duende IdentityServer version/);
    expect(targetProblem('7.4.8-rc.1')).toMatch(/must be an exact/);
    expect(isPublished('6.3.11')).toBe(false);
  });

  it('describes the offered targets as the wizard shows them', () => {
    const today = '2026-12-01';
    expect(OFFERED_TARGETS.map((t) => describeTarget(t, today))).toEqual([
      '5.2.4: the v5 guide; out of support since 2022-12-13',
      '6.3.10: the last v6; out of support since 2024-11-12',
      '7.4.8 on net8.0: out of support since 2026-11-10',
      '7.4.8 on net10.0: supported until 2028-11-14',
      '8.0.3 on net10.0: supported until 2028-11-14',
    ]);
    expect(describeTarget({ version: '7.4.8', framework: 'net8.0' }, '2026-06-01')).toBe('7.4.8 on net8.0: supported until 2026-11-10');
  });

  it('builds on the lowest framework the line supports unless another is chosen, and only on one it supports', () => {
    expect(targetFramework({ version: '7.4.8' })).toBe('net8.0');
    expect(targetFramework({ version: '8.0.3' })).toBe('net10.0');
    expect(supportEnds({ version: '7.4.8', framework: 'net10.0' })).toBe('2028-11-14');
    expect(frameworkProblem({ version: '8.0.3', framework: 'net8.0' })).toBe('Duende IdentityServer 8.0.3 targets net10.0, not net8.0');
    expect(frameworkProblem({ version: '7.4.8', framework: 'net9.0' })).toMatch(/retargets Duende IdentityServer 7\.4\.8 to net8\.0 or net10\.0 only/);
    expect(frameworkProblem({ version: '7.4.8', framework: 'net10.0' })).toBeUndefined();
  });
});

describe('a (source, target) pair', () => {
  const is4 = { product: 'IdentityServer4' as const, version: '4.1.2' };

  it('crosses every Duende line up to the target from IdentityServer4, and only the later lines from Duende', () => {
    expect(crossed(is4, { version: '5.2.4' }).map((r) => r.line)).toEqual(['5.0', '5.1', '5.2']);
    expect(crossed(is4, { version: '8.0.3' }).map((r) => r.line)).toEqual(['5.0', '5.1', '5.2', '6.0', '6.1', '6.2', '6.3', '7.0', '7.1', '7.2', '7.3', '7.4', '8.0']);
    expect(crossed({ product: 'Duende', version: '6.1.2' }, { version: '7.4.8' }).map((r) => r.line)).toEqual(['6.2', '6.3', '7.0', '7.1', '7.2', '7.3', '7.4']);
    expect(crossed({ product: 'Duende', version: '7.4.8' }, { version: '7.4.8' })).toEqual([]);
  });
});
