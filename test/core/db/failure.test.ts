import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeEfFailure, compilerErrors } from '../../../src/core/db/failure.js';
import { maskConnectionString } from '../../../src/core/db/connection.js';

describe('failure analysis', () => {
  it('reads MSBuild compiler errors once each, root-relative', () => {
    const line = "/repo/src/Host/Startup.cs(12,5): error CS0246: The type or namespace name 'IdentityServer4' could not be found [/repo/src/Host/Host.csproj]";
    expect(compilerErrors([line, 'Build FAILED.', line], '/repo')).toEqual([{ where: 'src/Host/Startup.cs(12)', code: 'CS0246', message: "The type or namespace name 'IdentityServer4' could not be found" }]);
  });

  it('names the cause of each known dotnet ef failure', () => {
    const ctx = { contexts: ['A', 'B'], installCommand: 'dotnet new tool-manifest; dotnet tool install --local dotnet-ef --version 10.0.15' };
    expect(analyzeEfFailure(['Could not execute because the specified command or file was not found.'], ctx).details[0]).toBe('Install it as a local tool: dotnet new tool-manifest; dotnet tool install --local dotnet-ef --version 10.0.15');
    expect(analyzeEfFailure(["No DbContext named 'X' was found."], ctx).details[0]).toBe('Contexts found by the scan: A, B.');
    expect(analyzeEfFailure(["Value cannot be null. (Parameter 'certificate')", "Unable to create a 'DbContext' of type 'X'."], ctx).cause).toMatch(/design-time host failed/);
    expect(analyzeEfFailure(['SQLite Error 1: \'table "PersistedGrants" already exists\'.'], ctx).cause).toMatch(/PersistedGrants already exists/);
    expect(analyzeEfFailure(['something else'], ctx).cause).toBe('The command failed.');
    // `dotnet tool install --local dotnet-ef --version 3.1.0` on this machine's package source (seen in the wizard's log)
    const feed = analyzeEfFailure(['Version 3.1.0 of package dotnet-ef is not found in NuGet feeds https://api.nuget.org/v3/index.json.'], ctx);
    expect(feed.cause).toBe('dotnet-ef 3.1.0 is not on the package sources this machine uses (https://api.nuget.org/v3/index.json).');
    expect(feed.details[0]).toMatch(/^Add a source that has dotnet-ef 3\.1\.0/);
  });
});

/** Real output of the SDK here (see captured/README.md), as the step's tail holds it. */
const captured = (name: string) => readFileSync(path.join(import.meta.dirname, 'captured', name), 'utf8').split('\n');
const ctx = { contexts: ['PersistedGrantDbContext'] };

describe('failure analysis on output captured from the SDK', () => {
  it('a package on none of the sources: NU1101 names the package and the sources; NU1102 the version and the nearest', () => {
    const a = analyzeEfFailure(captured('nu1101-nu1102-restore.txt'), { ...ctx, root: '/tmp/i10cap/p' });
    expect(a.cause).toBe('The packages could not be restored.');
    expect(a.details).toEqual([
      'Cap.csproj: error NU1101: Unable to find package Duende.IdentityServer.NotOnThisSource. No packages exist with this id in source(s): nuget.org',
      'Cap.csproj: error NU1102: Unable to find package Microsoft.EntityFrameworkCore with version (>= 99.0.0) - Found 40 version(s) in nuget.org [ Nearest version: 11.0.0 ]',
      'fix: Duende.IdentityServer.NotOnThisSource is on none of the configured package sources (nuget.org). Add a source that serves it to nuget.config (a private feed, or nuget.org), or correct the package id.',
      'fix: Microsoft.EntityFrameworkCore >= 99.0.0 is not on the configured sources (nuget.org); the nearest there is 11.0.0. Use a version the source has, or add a source that has this one.',
    ]);
  });

  it('NU1101 under package source mapping says which source was not asked, and where to map the id', () => {
    const a = analyzeEfFailure(captured('nu1101-source-mapping-restore.txt'), { ...ctx, root: '/tmp/i10cap/m' });
    expect(a.details).toEqual([
      'IdentityServerHost.csproj: error NU1101: Unable to find package Duende.IdentityServer.NotPublished. No packages exist with this id in source(s): miniatures. PackageSourceMapping is enabled, the following source(s) were not considered: nuget.org.',
      'fix: Duende.IdentityServer.NotPublished is on none of the configured package sources (miniatures). Add a source that serves it to nuget.config (a private feed, or nuget.org), or correct the package id. Package source mapping in nuget.config sends this id to miniatures only, so nuget.org was not asked: if it should come from there, add a <package pattern> for it under that source in <packageSourceMapping>.',
    ]);
  });

  it('a downgrade: NU1605 says which reference to raise or remove', () => {
    const a = analyzeEfFailure(captured('nu1605-restore.txt'), { ...ctx, root: '/tmp/i10cap/d' });
    expect(a.details[0]).toMatch(/^Down\.csproj: error NU1605: Warning As Error: Detected package downgrade: Microsoft\.EntityFrameworkCore\.Relational from 10\.0\.15 to 9\.0\.23\. .* Down -> Microsoft\.EntityFrameworkCore\.Sqlite 10\.0\.15 -> /);
    expect(a.details).toHaveLength(2);
    expect(a.details[1]).toBe('fix: Microsoft.EntityFrameworkCore.Relational is referenced at 9.0.23 while a dependency needs 10.0.15: raise or remove the explicit Microsoft.EntityFrameworkCore.Relational reference (e.g. an explicit IdentityModel 4.x under Duende), then restore.');
  });

  it('an SDK too old for the framework: NETSDK1045 is placed on the project, not the SDK targets file', () => {
    const a = analyzeEfFailure(captured('netsdk1045-build.txt'), { ...ctx, root: '/tmp/i10cap/s' });
    expect(a.cause).toBe('The .NET SDK cannot build the project.');
    expect(a.details[0]).toBe('Next.csproj: error NETSDK1045: The current .NET SDK does not support targeting .NET 11.0.  Either target .NET 10.0 or lower, or use a version of the .NET SDK that supports .NET 11.0. Download the .NET SDK from https://aka.ms/dotnet/download');
    expect(a.details).toHaveLength(2);
  });

  it('a missing runtime: names the framework and version, what is installed, and roll-forward', () => {
    const a = analyzeEfFailure(captured('missing-runtime-exec.txt'), ctx);
    expect(a.cause).toBe('The .NET runtime the startup project needs is not installed (Microsoft.NETCore.App 3.1.0).');
    expect(a.details).toEqual(['Installed: 10.0.12.', 'Install that runtime, or run again with --roll-forward to run the dotnet ef commands on a later one (DOTNET_ROLL_FORWARD=Major).']);
  });
});

describe('connection strings', () => {
  it('masks passwords in ADO.NET and URL forms, and nothing else', () => {
    expect(maskConnectionString('Server=db;Database=IdentityServer4.Quickstart;User Id=sa;Password=p@ss;')).toBe('Server=db;Database=IdentityServer4.Quickstart;User Id=sa;Password=***;');
    expect(maskConnectionString('Host=h;PWD = x')).toBe('Host=h;PWD =***');
    expect(maskConnectionString('postgres://app:secret@db:5432/ids')).toBe('postgres://app:***@db:5432/ids');
    expect(maskConnectionString('Data Source=IdentityServer.db')).toBe('Data Source=IdentityServer.db');
  });
});
