import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findOnPath } from '../../../src/core/env/probe.js';
import { installedSdks } from '../../../src/core/env/sdks.js';
import { makePlan } from '../../../src/core/plan/plan.js';
import { DEFAULT_OPTIONS, type StepPlan } from '../../../src/core/types.js';
import { removeDir, runCli } from '../../helpers/cli.js';
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

describe('framework step: EF Core providers of other vendors', () => {
  it.each([
    ['net7.0', '8.0.3', 'Pomelo.EntityFrameworkCore.MySql', '7.0.0-alpha.1', 10],
    ['net6.0', '7.4.8', 'Npgsql.EntityFrameworkCore.PostgreSQL', '6.0.29', 9],
    ['netcoreapp3.1', '7.4.8', 'Oracle.EntityFrameworkCore', '3.21.170', 9],
  ] as [string, string, string, string, number][])('%s → %s: %s %s is named, to move by hand with EF Core %i', async (framework, target, id, version, efMajor) => {
    const ef = framework === 'net7.0' ? '7.0.1' : framework === 'net6.0' ? '6.0.36' : '3.1.32';
    const root = writeTree({
      'Sts/Sts.csproj': csproj(
        `    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n    <PackageReference Include="Microsoft.EntityFrameworkCore.Relational" Version="${ef}" />\n    <PackageReference Include="${id}" Version="${version}" />\n    <PackageReference Include="${id}.NetTopologySuite" Version="${version}" />\n`,
        { tfm: tf(framework) },
      ),
    });
    dirs.push(root);
    const plan = await makePlan(root, { ...DEFAULT_OPTIONS, target });
    const step = plan.steps.find((s) => s.id === 'framework')!;
    for (const pkg of [id, `${id}.NetTopologySuite`]) {
      expect(step.warnings).toContain(
        `Sts/Sts.csproj: ${pkg} ${version} is built for EF Core ${version.split('.')[0]}, and the project's EF Core moves to ${efMajor}: move it to its release for EF Core ${efMajor} by hand (an older one restores with NU1608 and fails at run time).`,
      );
    }
  });

  it('says nothing when EF Core stays, or the provider is already on the new major', async () => {
    const root = writeTree({
      'Sts/Sts.csproj': csproj(
        '    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n    <PackageReference Include="Microsoft.EntityFrameworkCore.Relational" Version="9.0.1" />\n    <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="9.0.4" />\n',
        { tfm: tf('net9.0') },
      ),
    });
    dirs.push(root);
    const plan = await makePlan(root, { ...DEFAULT_OPTIONS, target: '7.4.8' });
    expect(plan.steps.find((s) => s.id === 'framework')!.warnings.join('\n')).not.toContain('Npgsql');
  });
});

describe('framework step: a global.json SDK pin that cannot build the new framework', () => {
  const globalJson = (version: string) => `{\n  "sdk": {\n    "version": "${version}",\n    "rollForward": "latestFeature"\n  }\n}\n`;
  const sdks = installedSdks(findOnPath('dotnet')).filter((v) => Number(v.split('.')[0]) >= 10);

  it('is raised to the newest installed SDK that can (else the first of its major, with a follow-up), and dotnet then runs there', async () => {
    const root = writeTree({ 'global.json': globalJson('3.1.426'), 'Sts/Sts.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n', { tfm: tf('netcoreapp3.1') }) });
    dirs.push(root);
    const step = (await makePlan(root, { ...DEFAULT_OPTIONS, target: '8.0.3' })).steps.find((s) => s.id === 'framework')!;
    const next = sdks[0] ?? '10.0.100';
    expect(step.evidence).toContainEqual({ path: 'global.json', line: 3, text: '"version": "3.1.426",', note: `SDK 3.1.426 → ${next}: SDK 3 cannot build net10.0` });
    expect(step.followUps.some((f) => f.startsWith('Install the .NET SDK 10'))).toBe(sdks.length === 0);
    const r = await runCli([root, '--yes', '--only', 'framework', '--target-version', '8.0.3']);
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    expect(readFileSync(path.join(root, 'global.json'), 'utf8')).toBe(globalJson(next));
    if (sdks.length > 0) {
      // the real SDK resolves the new pin (it refused the old one: 3.1.426 is not installed)
      const v = spawnSync('dotnet', ['--version'], { cwd: root, encoding: 'utf8', env: { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
      expect(v.status, v.stderr).toBe(0);
      expect(v.stdout.trim()).toBe(next);
    }
  });

  it('is left alone when it can build the framework, or when the framework does not change', async () => {
    for (const [pin, framework, target] of [['10.0.100', 'netcoreapp3.1', '8.0.3'], ['3.1.426', 'netcoreapp3.1', '5.2.4']] as const) {
      const root = writeTree({ 'global.json': globalJson(pin), 'Sts/Sts.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n', { tfm: tf(framework) }) });
      dirs.push(root);
      const step = (await makePlan(root, { ...DEFAULT_OPTIONS, target })).steps.find((s) => s.id === 'framework')!;
      expect(step.changes.map((c) => c.path)).not.toContain('global.json');
    }
  });
});
