import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../../src/core/scan/index.js';
import { FIXTURES } from '../../helpers/cli.js';

describe('EF detection', () => {
  it('finds custom context subclasses, their migrations in a separate assembly, and the host that registers them', async () => {
    const { scan: s } = await scan(path.join(FIXTURES, 'multi-project', 'before'));
    const byName = Object.fromEntries(s.ef.contexts.map((c) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['IdentityServerConfigurationDbContext', 'IdentityServerPersistedGrantDbContext']);
    const op = byName.IdentityServerPersistedGrantDbContext!;
    expect(op.store).toBe('operational');
    expect(op.declaredIn?.path).toBe('src/Contoso.Identity.Data/DbContexts/IdentityServerPersistedGrantDbContext.cs');
    expect(op.migrationsDir).toBe('src/Contoso.Identity.Migrations.SqlServer/Migrations/PersistedGrantDb');
    expect(op.migrationsProject).toBe('src/Contoso.Identity.Migrations.SqlServer/Contoso.Identity.Migrations.SqlServer.csproj');
    expect(op.startupProject).toBe('src/Contoso.Identity.Host/Contoso.Identity.Host.csproj');
    expect(op.migrations).toEqual(['20210312101500_InitialPersistedGrant']);
    expect(s.ef.storeRegistrations).toHaveLength(2);
  });

  it('finds the package contexts and their folders in the EF quickstart', async () => {
    const { scan: s } = await scan(path.join(FIXTURES, 'ef-quickstart', 'before'));
    expect(s.ef.contexts.map((c) => [c.name, c.migrationsDir, c.migrations.length])).toEqual([
      ['PersistedGrantDbContext', 'src/IdentityServer/Data/Migrations/IdentityServer/PersistedGrantDb', 1],
      ['ConfigurationDbContext', 'src/IdentityServer/Data/Migrations/IdentityServer/ConfigurationDb', 1],
    ]);
  });
});
