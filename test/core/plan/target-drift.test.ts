import { afterAll, describe, expect, it } from 'vitest';
import { newState } from '../../../src/core/apply/state.js';
import { makePlan } from '../../../src/core/plan/plan.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { removeDir } from '../../helpers/cli.js';
import { csproj, writeTree } from '../scan/tree.js';

/** Resuming with another target: said, and an older Duende is never done for a newer target: the packages step raises it. */

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('target version drift on resume', () => {
  it.each([
    ['one project on 5.2.4', { 'Sts/Sts.csproj': csproj('    <PackageReference Include="Duende.IdentityServer" Version="5.2.4" />\n') }],
    [
      'central versions, EntityFramework too',
      {
        'Directory.Packages.props': '<Project>\n  <ItemGroup>\n    <PackageVersion Include="Duende.IdentityServer" Version="5.2.4" />\n    <PackageVersion Include="Duende.IdentityServer.EntityFramework" Version="5.2.4" />\n  </ItemGroup>\n</Project>\n',
        'src/Sts/Sts.csproj': csproj('    <PackageReference Include="Duende.IdentityServer" />\n    <PackageReference Include="Duende.IdentityServer.EntityFramework" />\n'),
      },
    ],
  ] as [string, Record<string, string>][])('%s: recorded 5.2.4, resumed with 6.3.0', async (_n, files) => {
    const root = writeTree(files);
    dirs.push(root);
    const state = newState('5.2.4');
    state.steps.packages = { status: 'done', at: new Date().toISOString(), files: [], commandsDone: [] };
    const same = await makePlan(root, { ...DEFAULT_OPTIONS, target: '5.2.4' }, state);
    expect(same.steps.find((s) => s.id === 'packages')!.status).toBe('done');
    expect(same.warnings.join('\n')).not.toContain('The earlier run was upgrading');

    const newer = await makePlan(root, { ...DEFAULT_OPTIONS, target: '6.3.0' }, state);
    expect(newer.warnings[0]).toBe(
      'The earlier run was upgrading to Duende IdentityServer 5.2.4; this run targets 6.3.0. Every step is checked again against 6.3.0 from the files (nothing recorded for 5.2.4 counts as done); pass --target-version 5.2.4 to carry on as before.',
    );
    const packages = newer.steps.find((s) => s.id === 'packages')!;
    expect(packages.status).not.toBe('done');
    expect(packages.evidence.length).toBeGreaterThan(0);
    for (const e of packages.evidence) expect(e.note).toMatch(/^Duende\.IdentityServer(\.EntityFramework)? 5\.2\.4 → 6\.3\.0$/);
    expect(packages.changes.length).toBeGreaterThan(0);
  });
});
