/**
 * The database step on a developer's machine, with the real SDK and the real dotnet-ef: which
 * dotnet-ef it uses, the local tool it installs when none serves, the runtime check before the first
 * command, and a restore failure's parsed NuGet error. Every child gets a throwaway DOTNET_CLI_HOME,
 * and the machine's global tools are listed before and after: they must not change.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuilt, removeDir, runCli, tempDir } from '../helpers/cli.js';
import { DOTNET_TOOLS, describeRealDotnet, dotnetEfAvailable, makeSampleHost, stringEnv } from '../helpers/dotnet.js';

const HOST = 'IdentityServerHost.csproj';
const EF_MISSING = 'dotnet-ef is not installed (.ci/run installs it: dotnet tool install --global dotnet-ef --version 10.0.15)';

const withoutTools = (p: string | undefined) => (p ?? '').split(path.delimiter).filter((d) => d && d !== DOTNET_TOOLS).join(path.delimiter);

/** `dotnet tool list --global` as the machine's own user sees it. */
async function globalTools(): Promise<string> {
  const r = await execa('dotnet', ['tool', 'list', '--global'], { reject: false, env: { DOTNET_NOLOGO: '1', DOTNET_CLI_UI_LANGUAGE: 'en' } });
  return `${r.exitCode}\n${r.stdout}`;
}

interface DbStep {
  commands: { file: string; args: string[]; cwd: string }[];
  warnings: string[];
}

describeRealDotnet('real dotnet: dotnet-ef, runtime and restore on a developer machine', () => {
  const dirs: string[] = [];
  let before = '';
  const fresh = async (edit?: (csproj: string) => string) => {
    const h = await makeSampleHost();
    dirs.push(h.dir);
    const home = tempDir('dotnet-cli-home-');
    dirs.push(home);
    if (edit) {
      const file = path.join(h.dir, HOST);
      writeFileSync(file, edit(readFileSync(file, 'utf8')));
    }
    return { dir: h.dir, env: { ...stringEnv(h.env), DOTNET_CLI_HOME: home } as Record<string, string> };
  };
  const planOf = async (dir: string, env: Record<string, string>): Promise<DbStep> => {
    const r = await runCli([dir, '--plan', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).steps.find((s: { id: string }) => s.id === 'database');
  };

  beforeAll(async () => {
    await ensureBuilt();
    before = await globalTools();
  });
  afterAll(async () => {
    for (const d of dirs) removeDir(d);
    // The machine's global tools are exactly as they were.
    expect(await globalTools()).toBe(before);
  });

  it('real dotnet: an installed dotnet-ef newer than the project EF Core is used as it is', async () => {
    // EF Core 10.0.14 in the project; the machine's dotnet-ef is 10.0.15.
    const { dir, env } = await fresh((t) => t.replace(/(EntityFrameworkCore\.(?:Sqlite|Design)" Version=")10\.0\.15/g, '$110.0.14'));
    expect(dotnetEfAvailable(env), EF_MISSING).toBe(true);
    const step = await planOf(dir, env);
    expect(step.commands.some((c) => c.args[0] === 'tool' || c.args[0] === 'new')).toBe(false);
    expect(step.warnings).toContain('Uses the installed dotnet-ef 10.0.15 (global tool): it serves EF Core 10.0.14 on net10.0.');
    const r = await runCli([dir, '--yes', '--only', 'packages,namespaces,database'], { cwd: dir, env });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('$ dotnet ef database update');
    expect(existsSync(path.join(dir, '.config', 'dotnet-tools.json')) || existsSync(path.join(dir, 'dotnet-tools.json'))).toBe(false);
  }, 900_000);

  it('real dotnet: with no dotnet-ef, a local manifest is created and the exact version installed and used', async () => {
    const { dir, env } = await fresh();
    const bare = { ...env, PATH: withoutTools(env.PATH) };
    const step = await planOf(dir, bare);
    expect(step.commands.slice(0, 2)).toEqual([
      { file: 'dotnet', args: ['new', 'tool-manifest'], cwd: dir },
      { file: 'dotnet', args: ['tool', 'install', '--local', 'dotnet-ef', '--version', '10.0.15'], cwd: dir },
    ]);
    expect(step.warnings.join('\n')).toContain('dotnet-ef is not installed: the step installs dotnet-ef 10.0.15 (the project\'s EF Core version) as a local tool, creating dotnet-tools.json in this folder');
    const r = await runCli([dir, '--yes', '--only', 'packages,namespaces,database'], { cwd: dir, env: bare });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    // The .NET 10 SDK writes a new manifest at the folder's root (earlier SDKs under .config/), where the plan said.
    expect(existsSync(path.join(dir, '.config', 'dotnet-tools.json'))).toBe(false);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'dotnet-tools.json'), 'utf8'));
    expect(manifest.tools['dotnet-ef'].version).toBe('10.0.15');
    expect(r.stdout).toContain('$ dotnet ef database update');
    // The same folder's `dotnet ef` now finds the local tool without the global one on PATH.
    const v = await execa('dotnet', ['ef', '--version'], { cwd: dir, env: bare, reject: false });
    expect(v.stdout).toContain('10.0.15');
  }, 900_000);

  it('real dotnet: a startup project whose runtime is missing stops before any command, saying what to install and offering roll-forward', async () => {
    const { dir, env } = await fresh((t) => t.replace('<TargetFramework>net10.0</TargetFramework>', '<TargetFramework>netcoreapp3.1</TargetFramework>'));
    const r = await runCli([dir, '--yes', '--only', 'packages,database'], { cwd: dir, env });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toContain(`${HOST} targets netcoreapp3.1, and dotnet ef runs it: it needs the .NET 3.1 runtime (Microsoft.NETCore.App 3.1.x, Microsoft.AspNetCore.App 3.1.x)`);
    expect(r.stderr).toContain('Nothing was run.');
    expect(r.stderr).toContain('Install the .NET 3.1 runtime (https://dotnet.microsoft.com/download/dotnet/3.1)');
    expect(r.stderr).toMatch(/--roll-forward: .*DOTNET_ROLL_FORWARD=Major/);
    expect(r.stdout).not.toContain('$ dotnet');
    // With --roll-forward the dotnet ef commands carry the variable, and only they do.
    const plan = JSON.parse((await runCli([dir, '--plan', '--json', '--roll-forward'], { cwd: dir, env })).stdout);
    const cmds = plan.steps.find((s: { id: string }) => s.id === 'database').commands as { args: string[]; env?: Record<string, string> }[];
    expect(cmds.filter((c) => c.args[0] === 'ef').every((c) => c.env?.DOTNET_ROLL_FORWARD === 'Major')).toBe(true);
    expect(cmds.filter((c) => c.args[0] !== 'ef').some((c) => c.env)).toBe(false);
    // Rolled forward to .NET 10, the installed dotnet-ef 10 (ef.dll on net8.0) serves: nothing is installed.
    expect(cmds.some((c) => c.args[0] === 'tool' || c.args[0] === 'new')).toBe(false);
    const warnings = (plan.steps.find((s: { id: string }) => s.id === 'database').warnings as string[]).join('\n');
    expect(warnings).toMatch(/Uses the installed dotnet-ef 10\.0\.15 \(global tool\): it serves EF Core 10\.0\.15 on netcoreapp3\.1 rolled forward to \.NET 10\.0\.\d+\./);
  }, 600_000);

  it('real dotnet: a package on none of the sources fails the restore with the parsed NU1101 and what to do', async () => {
    // An id under the miniature feed's pattern that no miniature has (AspNetIdentity exists since the 7.4.8 miniatures).
    const { dir, env } = await fresh((t) => t.replace('<PackageReference Include="IdentityServer4" Version="4.1.1" />', '<PackageReference Include="IdentityServer4" Version="4.1.1" />\n    <PackageReference Include="Duende.IdentityServer.NotPublished" Version="5.2.4" />'));
    const r = await runCli([dir, '--yes', '--only', 'packages,database'], { cwd: dir, env });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toContain('Restore IdentityServerHost.csproj failed (exit 1). The packages could not be restored.');
    expect(r.stderr).toContain(`${HOST}: error NU1101: Unable to find package Duende.IdentityServer.NotPublished. No packages exist with this id in source(s): miniatures`);
    expect(r.stderr).toContain('fix: Duende.IdentityServer.NotPublished is on none of the configured package sources (miniatures).');
    expect(r.stderr).toContain('Not all steps handled (exit code 1)');
    // The build fails at the same restore: verify calls it an error (not a compiler error) and gives the same fix.
    const v = await runCli([dir, '--yes', '--only', 'verify'], { cwd: dir, env });
    expect(v.code, v.stdout).toBe(1);
    expect(v.stderr).toContain('Build IdentityServerHost.csproj failed (exit 1) with 1 error:');
    expect(v.stderr).toContain(`${HOST}: error NU1101: Unable to find package Duende.IdentityServer.NotPublished.`);
    expect(v.stderr).toContain('fix: Duende.IdentityServer.NotPublished is on none of the configured package sources (miniatures).');
    expect(v.stderr).toContain('Package source mapping in nuget.config sends this id to miniatures only, so nuget.org was not asked');
  }, 600_000);
});
