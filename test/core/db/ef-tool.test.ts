import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareVersions, efDllFramework, newManifestPath, planEfTool, toolServes } from '../../../src/core/db/ef-tool.js';
import { checkRuntime, rollForwardTarget, runtimeNeed } from '../../../src/core/db/runtime-check.js';
import { parseRuntimes } from '../../../src/core/env/probe.js';
import { removeDir, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const installed = (version: string) => ({ installed: true, version, output: version });
const none = { installed: false, output: 'Could not execute because the specified command or file was not found.' };

describe('which dotnet-ef serves a project', () => {
  it('compares versions numerically, a pre-release before its release', () => {
    expect(compareVersions('10.0.15', '9.0.23')).toBe(1);
    expect(compareVersions('10.0.2', '10.0.15')).toBe(-1);
    expect(compareVersions('8.0.0-rc.1', '8.0.0')).toBe(-1);
    expect(compareVersions('3.1.1', '3.1.1')).toBe(0);
  });

  it('a newer tool serves an older EF Core; an older tool does not', () => {
    expect(toolServes('10.0.15', '9.0.23', 'net10.0')).toEqual({ ok: true });
    expect(toolServes('10.0.15', '10.0.15', 'net8.0')).toEqual({ ok: true });
    expect(toolServes('9.0.23', '10.0.15', 'net10.0')).toEqual({ ok: false, why: 'dotnet-ef 9.0.23 is older than EF Core 10.0.15 used by the project' });
  });

  it('a tool whose ef.dll needs a later runtime than the startup project runs on does not serve', () => {
    expect(efDllFramework('10.0.15')).toBe('net8.0');
    expect(efDllFramework('9.0.23')).toBe('netcoreapp2.0');
    expect(toolServes('10.0.15', '3.1.8', 'netcoreapp3.1')).toEqual({ ok: false, why: 'dotnet-ef 10.0.15 runs on net8.0 or later, and the startup project targets netcoreapp3.1' });
    expect(toolServes('9.0.23', '3.1.8', 'netcoreapp3.1')).toEqual({ ok: true });
  });

  it('plans: use an installed tool that serves; else install the exact EF Core version locally, creating the manifest in the folder', () => {
    const root = tempDir('ef-tool-');
    dirs.push(root);
    expect(planEfTool(root, installed('10.0.15'), '9.0.23', 'net10.0')).toEqual({ kind: 'use', version: '10.0.15', scope: 'global' });
    expect(planEfTool(root, none, '10.0.15', 'net10.0')).toEqual({ kind: 'install-local', version: '10.0.15', createManifest: true, reason: 'dotnet-ef is not installed' });
    expect(planEfTool(root, installed('10.0.15'), '3.1.8', 'netcoreapp3.1')).toMatchObject({ kind: 'install-local', version: '3.1.8', createManifest: true });
    expect(planEfTool(root, none, '10.*', 'net10.0').kind).toBe('unknown');
    mkdirSync(path.join(root, '.config'));
    writeFileSync(path.join(root, '.config', 'dotnet-tools.json'), JSON.stringify({ version: 1, isRoot: true, tools: { 'dotnet-ef': { version: '10.0.15', commands: ['dotnet-ef'] } } }));
    expect(planEfTool(root, installed('10.0.15'), '10.0.15', 'net10.0')).toEqual({ kind: 'use', version: '10.0.15', scope: 'local' });
    expect(planEfTool(root, installed('10.0.15'), '10.0.20', 'net10.0')).toMatchObject({ kind: 'install-local', version: '10.0.20', createManifest: false });
  });
});

describe('runtime and SDK before the first command', () => {
  const runtimes = parseRuntimes('Microsoft.AspNetCore.App 10.0.12 [/usr/share/dotnet/shared/Microsoft.AspNetCore.App]\nMicrosoft.NETCore.App 10.0.12 [/usr/share/dotnet/shared/Microsoft.NETCore.App]\n');

  it('reads dotnet --list-runtimes', () => {
    expect(runtimes).toEqual([
      { name: 'Microsoft.AspNetCore.App', version: '10.0.12' },
      { name: 'Microsoft.NETCore.App', version: '10.0.12' },
    ]);
  });

  it('a net10.0 web host runs here; a netcoreapp3.1 one needs 3.1, with roll-forward to 10.0.12 offered', () => {
    expect(checkRuntime('Host.csproj', runtimeNeed('net10.0', true)!, runtimes, '10.0.401')).toBeUndefined();
    const p = checkRuntime('src/Host/Host.csproj', runtimeNeed('netcoreapp3.1', true)!, runtimes, '10.0.401')!;
    expect(p.kind).toBe('runtime-missing');
    expect(p.message).toBe(
      'src/Host/Host.csproj targets netcoreapp3.1, and dotnet ef runs it: it needs the .NET 3.1 runtime (Microsoft.NETCore.App 3.1.x, Microsoft.AspNetCore.App 3.1.x), but this machine has 10.0.12.',
    );
    expect(p.rollForwardTo).toBe('10.0.12');
    expect(p.fixes[1]).toMatch(/--roll-forward: .* DOTNET_ROLL_FORWARD=Major .* Risk: /);
  });

  it('roll-forward (Major) goes to the lowest higher major, at its latest patch, never to a preview', () => {
    expect(rollForwardTarget(['3.1.32', '6.0.36', '6.0.5', '8.0.11', '10.0.12', '11.0.0-preview.1'], 3)).toBe('6.0.36');
    expect(rollForwardTarget(['6.0.36', '8.0.11', '8.0.2'], 6)).toBe('8.0.11');
    expect(rollForwardTarget(['3.1.32'], 6)).toBeUndefined();
    const p = checkRuntime('Host.csproj', runtimeNeed('netcoreapp3.1', false)!, parseRuntimes('Microsoft.NETCore.App 6.0.36 [/x]\nMicrosoft.NETCore.App 10.0.12 [/x]\n'), '10.0.401')!;
    expect(p.rollForwardTo).toBe('6.0.36');
  });

  it('a new manifest is dotnet-tools.json from the .NET 10 SDK on, .config/dotnet-tools.json before', () => {
    expect(newManifestPath('10.0.401')).toBe('dotnet-tools.json');
    expect(newManifestPath('9.0.300')).toBe('.config/dotnet-tools.json');
  });

  it('a framework newer than the SDK is NETSDK1045 before anything runs', () => {
    const p = checkRuntime('Next.csproj', runtimeNeed('net11.0', false)!, runtimes, '10.0.401')!;
    expect(p.kind).toBe('sdk-too-old');
    expect(p.message).toMatch(/^error NETSDK1045: /);
  });

  it('.NET Framework and .NET Standard have no shared runtime to check', () => {
    expect(runtimeNeed('net472', false)).toBeUndefined();
    expect(runtimeNeed('netstandard2.0', false)).toBeUndefined();
  });
});
