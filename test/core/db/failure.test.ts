import { describe, expect, it } from 'vitest';
import { analyzeEfFailure, compilerErrors } from '../../../src/core/db/failure.js';
import { maskConnectionString } from '../../../src/core/db/connection.js';

describe('failure analysis', () => {
  it('reads MSBuild compiler errors once each, root-relative', () => {
    const line = "/repo/src/Host/Startup.cs(12,5): error CS0246: The type or namespace name 'IdentityServer4' could not be found [/repo/src/Host/Host.csproj]";
    expect(compilerErrors([line, 'Build FAILED.', line], '/repo')).toEqual([{ where: 'src/Host/Startup.cs:12', code: 'CS0246', message: "The type or namespace name 'IdentityServer4' could not be found" }]);
  });

  it('names the cause of each known dotnet ef failure', () => {
    const ctx = { contexts: ['A', 'B'], installCommand: 'dotnet tool install --global dotnet-ef --version 10.*' };
    expect(analyzeEfFailure(['Could not execute because the specified command or file was not found.'], ctx).details[0]).toBe('Install it: dotnet tool install --global dotnet-ef --version 10.*');
    expect(analyzeEfFailure(["No DbContext named 'X' was found."], ctx).details[0]).toBe('Contexts found by the scan: A, B.');
    expect(analyzeEfFailure(["Value cannot be null. (Parameter 'certificate')", "Unable to create a 'DbContext' of type 'X'."], ctx).cause).toMatch(/design-time host failed/);
    expect(analyzeEfFailure(['SQLite Error 1: \'table "PersistedGrants" already exists\'.'], ctx).cause).toMatch(/PersistedGrants already exists/);
    expect(analyzeEfFailure(['something else'], ctx).cause).toBe('The command failed.');
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
