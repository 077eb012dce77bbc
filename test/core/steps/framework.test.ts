import { afterAll, describe, expect, it } from 'vitest';
import { makePlan } from '../../../src/core/plan/plan.js';
import { DEFAULT_OPTIONS, type StepPlan } from '../../../src/core/types.js';
import { removeDir } from '../../helpers/cli.js';
import { csproj, writeTree } from '../scan/tree.js';

// The framework step moves a project only when its framework is below the lowest one the target
// supports. A framework above the packages' highest still builds on their highest assets, so it is
// never lowered (net6.0 on Duende 5.2.4 takes its net5.0 assets).

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const tf = (value: string, plural = value.includes(';')) => {
  const name = plural ? 'TargetFrameworks' : 'TargetFramework';
  return `  <PropertyGroup>\n    <${name}>${value}</${name}>\n  </PropertyGroup>\n`;
};

async function frameworkStep(projectFramework: string, target: string) {
  const root = writeTree({ 'Sts/Sts.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n', { tfm: tf(projectFramework) }) });
  dirs.push(root);
  const plan = await makePlan(root, { ...DEFAULT_OPTIONS, target });
  // the frameworks the overview names for "→ Duende IdentityServer x on …"
  return { ...plan.steps.find((s) => s.id === 'framework')!, frameworks: plan.frameworks };
}

const newValue = (step: Pick<StepPlan, 'changes'>) => step.changes.flatMap((c) => (c.kind === 'edit' ? c.splices.map((s) => s.text) : []));

describe('framework step: raise, never lower', () => {
  it.each([
    ['netcoreapp3.1', '5.2.4'],
    ['net5.0', '5.2.4'],
    ['net6.0', '5.2.4'],
    ['net8.0-windows', '5.2.4'],
    ['net8.0', '7.4.8'],
    ['net9.0', '7.4.8'],
    ['net10.0', '7.4.8'],
    ['net10.0', '8.0.3'],
  ])('%s with target %s stays', async (framework, target) => {
    const step = await frameworkStep(framework, target);
    expect(step.status).not.toBe('pending');
    expect(step.changes).toEqual([]);
    expect(step.frameworks).toEqual([framework]);
    if (step.status === 'not-applicable') expect(step.reason).toContain(`stay on ${framework}, where Duende IdentityServer ${target}`);
  });

  it.each([
    ['netcoreapp3.1', '7.4.8', 'net8.0'],
    ['net6.0', '7.4.8', 'net8.0'],
    ['net9.0', '8.0.3', 'net10.0'],
    ['netcoreapp3.1;net6.0', '7.4.8', 'net8.0'],
    ['netcoreapp3.1;net9.0', '7.4.8', 'net8.0;net9.0'],
  ])('%s with target %s becomes %s', async (framework, target, expected) => {
    const step = await frameworkStep(framework, target);
    expect(step.status).toBe('pending');
    expect(newValue(step)).toEqual([expected]);
    expect(step.frameworks).toEqual(expected.split(';'));
  });

  it.each([
    ['net10.0', '7.4.8', '10.0.15', []],
    ['net10.0', '7.4.8', '10.0.1', []],
    ['net9.0', '7.4.8', '9.0.1', ['9.0.23']],
    ['net8.0', '7.4.8', '8.0.34', ['9.0.23']],
    ['net6.0', '7.4.8', '6.0.36', ['net8.0', '9.0.23']],
  ] as [string, string, string, string[]][])('EF Core packages on %s with target %s: %s is raised to the line\'s version, never lowered', async (framework, target, ef, expected) => {
    const root = writeTree({
      'Sts/Sts.csproj': csproj(`    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n    <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="${ef}" />\n`, { tfm: tf(framework) }),
    });
    dirs.push(root);
    const plan = await makePlan(root, { ...DEFAULT_OPTIONS, target });
    expect(newValue(plan.steps.find((s) => s.id === 'framework')!)).toEqual(expected);
  });
});
