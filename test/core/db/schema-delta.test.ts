import { describe, expect, it } from 'vitest';
import { schemaDelta, schemaKeyOf } from '../../../src/core/db/schema-delta.js';
import { dataRisks } from '../../../src/core/db/data-risks.js';
import { checkMigration } from '../../../src/core/db/migration-check.js';
import { needsServerSideSessionsPatch, patchServerSideSessionsKey } from '../../../src/core/db/sss-patch.js';
import { crosses, migrationNameFor, runtimeChangesFor } from '../../../src/core/releases.js';

const ops = (store: 'configuration' | 'operational', a: string, b: string) => schemaDelta(store, a, b)!.map((o) => `${o.op} ${o.table ? `${o.table}.` : ''}${o.name}`);

describe('schema delta per (source, target), from the generated schema data', () => {
  it('maps every release line to its schema, and knows no line it has no data for', () => {
    expect(['4.0.4', '4.1.1', '5.0.5', '5.1.1', '5.2.4', '6.0.5', '6.1.8', '6.2.5', '6.3.10', '7.0.9', '7.4.8', '8.0.3'].map(schemaKeyOf)).toEqual([
      '4.1.2', '4.1.2', '5.0', '5.1', '5.2.4', '6.0.5', '6.1.8', '6.1.8', '6.3.10', '7.0.9', '7.0.9', '8.0.3',
    ]);
    expect(schemaKeyOf('8.1.0')).toBeUndefined();
    expect(schemaDelta('operational', '7.0.9', '8.1.0')).toBeUndefined();
  });

  it('IdentityServer4 4.1 → 5.x is the delta the v5 guide lists', () => {
    expect(ops('configuration', '4.1', '5.2.4')).toEqual(['AddColumn ApiResources.RequireResourceIndicator', 'CreateTable IdentityProviders']);
    expect(ops('operational', '4.1', '5.2.4')).toEqual(['CreateTable Keys', 'CreateIndex PersistedGrants.IX_PersistedGrants_ConsumedTime']);
    expect(ops('operational', '4.1', '5.0.5')).toEqual(['CreateTable Keys']);
    expect(ops('configuration', '4.1', '5.1.1')).toEqual(['AddColumn ApiResources.RequireResourceIndicator']);
  });

  it('each later hop has the deltas of the facts table, and lines without a change have none', () => {
    expect(ops('operational', '5.2.4', '6.0.5')).toEqual([]);
    expect(ops('configuration', '6.0.5', '6.1.8')).toEqual(['AddColumn Clients.CoordinateLifetimeWithUserSession']);
    expect(ops('operational', '6.0.5', '6.1.8')).toEqual([
      'DropPrimaryKey PersistedGrants.PK_PersistedGrants', 'AddColumn PersistedGrants.Id', 'AlterColumn PersistedGrants.Key',
      'AddPrimaryKey PersistedGrants.PK_PersistedGrants', 'CreateTable ServerSideSessions', 'CreateIndex PersistedGrants.IX_PersistedGrants_Key',
    ]);
    expect(ops('configuration', '6.1.8', '6.2.5')).toEqual([]);
    expect(ops('operational', '6.3.10', '7.0.9')).toEqual(['CreateTable PushedAuthorizationRequests', 'AlterColumn ServerSideSessions.Id']);
    expect(ops('configuration', '7.0.9', '7.4.8')).toEqual([]);
    expect(ops('operational', '7.4.8', '8.0.3')).toEqual(['CreateTable SamlLogoutSessions', 'CreateTable SamlSigninStates', 'CreateTable SamlLogoutSessionRequestIndices']);
    const v6 = ops('configuration', '5.2.4', '6.0.5');
    expect(v6.filter((o) => o.startsWith('AlterColumn'))).toEqual(['AlterColumn ClientPostLogoutRedirectUris.PostLogoutRedirectUri', 'AlterColumn ClientRedirectUris.RedirectUri']);
    expect(v6.filter((o) => o.startsWith('DropIndex'))).toHaveLength(15);
    expect(v6).toContain('CreateIndex IdentityProviders.IX_IdentityProviders_Scheme');
  });

  it('one migration over several hops is their union: a table created whole carries its later columns', () => {
    const direct = ops('operational', '4.1', '8.0.3');
    expect(direct).toContain('CreateTable ServerSideSessions');
    expect(direct).not.toContain('AlterColumn ServerSideSessions.Id');
    expect(ops('configuration', '4.1', '8.0.3')).toContain('AddColumn Clients.RequireDPoP');
  });
});

describe('the migration check against the pair', () => {
  const migration = (up: string) => `public partial class M : Migration { protected override void Up(MigrationBuilder b) {\n${up}\n} protected override void Down(MigrationBuilder b) { b.DropTable(name: "Nope"); } }`;
  it('accepts a 6.3 → 7.4 grants migration, and names what a 4.1 → 5 check would call unexpected', () => {
    const up = 'b.CreateTable(name: "PushedAuthorizationRequests", columns: t => new { Id = t.Column<long>(nullable: false) });\nb.CreateIndex(name: "IX_PushedAuthorizationRequests_ReferenceValueHash", table: "PushedAuthorizationRequests", column: "ReferenceValueHash", unique: true);\nb.AlterColumn<long>(name: "Id", table: "ServerSideSessions", type: "bigint", nullable: false, oldClrType: typeof(int));';
    expect(checkMigration(migration(up), 'operational', '7.4.8', '6.3.10')).toMatchObject({ unexpected: [], missing: [] });
    expect(checkMigration(migration(up), 'operational', '5.2.4').unexpected.map((o) => o.op)).toEqual(['CreateTable', 'CreateIndex', 'AlterColumn']);
    expect(checkMigration(migration(up), 'operational', '8.1.0', '6.3.10').unknown).toBe(true);
  });

  it('still stops a drop the pair does not bring', () => {
    const r = checkMigration(migration('b.DropColumn(name: "Enabled", table: "Clients");\nb.AddColumn<bool>(name: "RequireDPoP", table: "Clients", nullable: false);'), 'configuration', '6.3.10', '6.2.5');
    expect(r.unexpected.map((o) => `${o.op} ${o.name}`)).toEqual(['DropColumn Enabled']);
    expect(r.missing).toEqual(['the Clients.DPoPValidationMode column', 'the Clients.DPoPClockSkew column', 'the Clients.InitiateLoginUri column']);
  });
});

describe('migration names per pair', () => {
  it('follows the guide for each kind of pair', () => {
    expect(migrationNameFor('4.1.3', '5.2.4')).toBe('UpdateToDuende_v5');
    expect(migrationNameFor('4.1', '5.0.5')).toBe('UpdateToDuende_v5');
    expect(migrationNameFor('4.1', '8.0.3')).toBe('UpdateToDuende_v8_0');
    expect(migrationNameFor('4.0.4', '7.4.8')).toBe('UpdateToDuende_v7_4');
    expect(migrationNameFor('5.2.4', '8.0.3')).toBe('Update_DuendeIdentityServer_v8_0');
    expect(migrationNameFor('6.1.8', '7.4.8')).toBe('Update_DuendeIdentityServer_v7_4');
  });
});

describe('runtime-only changes per pair', () => {
  it('lists only what the pair crosses', () => {
    expect(runtimeChangesFor('4.1', '5.2.4')).toEqual([]);
    expect(runtimeChangesFor('4.1', '8.0.3').map((c) => c.at)).toEqual(['6.3', '7.3', '8.0']);
    expect(runtimeChangesFor('6.3.10', '7.4.8').map((c) => c.at)).toEqual(['7.3']);
    expect(runtimeChangesFor('7.3.4', '7.4.8')).toEqual([]);
    expect(crosses('6.3.1', '6.3.10', '6.3')).toBe(false);
  });
});

describe('data risks per pair, each with a query', () => {
  it('5.2 → 6.x: duplicates under the new unique indexes and redirect URIs over 400 characters, quoted for the provider', () => {
    const risks = dataRisks('configuration', '5.2.4', '6.3.10', 'SQL Server');
    expect(risks.map((r) => r.title)).toEqual([
      'New unique indexes (16) fail on duplicate rows',
      'ClientPostLogoutRedirectUris.PostLogoutRedirectUri shrinks from 2000 to 400 characters',
      'ClientRedirectUris.RedirectUri shrinks from 2000 to 400 characters',
    ]);
    expect(risks[0]!.queries).toContain('SELECT [ClientId], [RedirectUri], COUNT(*) AS Copies FROM [ClientRedirectUris] GROUP BY [ClientId], [RedirectUri] HAVING COUNT(*) > 1;');
    expect(risks[0]!.queries).toContain('SELECT [Scheme], COUNT(*) AS Copies FROM [IdentityProviders] GROUP BY [Scheme] HAVING COUNT(*) > 1;');
    expect(risks[2]!.queries).toEqual(['SELECT * FROM [ClientRedirectUris] WHERE LEN([RedirectUri]) > 400;']);
    expect(dataRisks('configuration', '5.2.4', '6.3.10', 'SQLite')[2]!.queries).toEqual(['SELECT * FROM "ClientRedirectUris" WHERE LENGTH("RedirectUri") > 400;']);
  });

  it('IdentityServer4 → 6+: no duplicate check on IdentityProviders, which the migration creates', () => {
    const risks = dataRisks('configuration', '4.1', '8.0.3', 'PostgreSQL');
    expect(risks[0]!.title).toBe('New unique indexes (15) fail on duplicate rows');
    expect(risks[0]!.queries.join('\n')).not.toContain('IdentityProviders');
  });

  it('the PersistedGrants key change of 6.1, by provider; nothing for pairs past it or before it', () => {
    expect(dataRisks('operational', '6.0.5', '7.4.8', 'MySQL').map((r) => r.queries)).toEqual([['SELECT COUNT(*) FROM `PersistedGrants`;']]);
    expect(dataRisks('operational', '6.0.5', '7.4.8', 'SQLite')[0]!.advice).toContain('UNIQUE constraint failed');
    expect(dataRisks('operational', '6.1.8', '8.0.3', 'SQLite')).toEqual([]);
    expect(dataRisks('operational', '4.1', '5.2.4', 'SQLite')).toEqual([]);
    expect(dataRisks('configuration', '4.1', '5.2.4', 'SQL Server')).toEqual([]);
  });
});

describe('the ServerSideSessions key patch (6.1–6.3 → 7.0+)', () => {
  const generated = [
    'public partial class Update_DuendeIdentityServer_v7_4 : Migration',
    '{',
    '    protected override void Up(MigrationBuilder migrationBuilder)',
    '    {',
    '        migrationBuilder.AlterColumn<long>(',
    '            name: "Id",',
    '            table: "ServerSideSessions",',
    '            type: "bigint",',
    '            nullable: false,',
    '            oldClrType: typeof(int),',
    '            oldType: "int")',
    '            .Annotation("SqlServer:Identity", "1, 1")',
    '            .OldAnnotation("SqlServer:Identity", "1, 1");',
    '',
    '        // decoy: migrationBuilder.AlterColumn<long>(name: "Id", table: "ServerSideSessions");',
    '        migrationBuilder.AlterColumn<long>(name: "Id", table: "PushedAuthorizationRequests", type: "bigint");',
    '    }',
    '',
    '    protected override void Down(MigrationBuilder migrationBuilder)',
    '    {',
    '        migrationBuilder.AlterColumn<int>(',
    '            name: "Id",',
    '            table: "ServerSideSessions",',
    '            type: "int",',
    '            nullable: false,',
    '            oldClrType: typeof(long),',
    '            oldType: "bigint");',
    '    }',
    '}',
    '',
  ].join('\r\n');

  it('applies only where the pair widens an existing table', () => {
    expect(needsServerSideSessionsPatch('6.1.8', '7.4.8')).toBe(true);
    expect(needsServerSideSessionsPatch('6.3.10', '8.0.3')).toBe(true);
    expect(needsServerSideSessionsPatch('5.2.4', '8.0.3')).toBe(false);
    expect(needsServerSideSessionsPatch('4.1', '7.4.8')).toBe(false);
    expect(needsServerSideSessionsPatch('7.0.9', '8.0.3')).toBe(false);
  });

  it('drops the key before and adds it after each AlterColumn, in Up and Down, keeping every other byte and the CRLFs; a second patch changes nothing', () => {
    const r = patchServerSideSessionsKey(generated);
    expect(r.kind).toBe('patched');
    const text = (r as { text: string }).text;
    const drop = '        migrationBuilder.DropPrimaryKey(\r\n            name: "PK_ServerSideSessions",\r\n            table: "ServerSideSessions");\r\n\r\n';
    const add = '\r\n\r\n        migrationBuilder.AddPrimaryKey(\r\n            name: "PK_ServerSideSessions",\r\n            table: "ServerSideSessions",\r\n            column: "Id");';
    const expected = generated
      .replace('        migrationBuilder.AlterColumn<long>(\r\n            name: "Id",', `${drop}        migrationBuilder.AlterColumn<long>(\r\n            name: "Id",`)
      .replace('.OldAnnotation("SqlServer:Identity", "1, 1");', `.OldAnnotation("SqlServer:Identity", "1, 1");${add}`)
      .replace('        migrationBuilder.AlterColumn<int>(', `${drop}        migrationBuilder.AlterColumn<int>(`)
      .replace('oldType: "bigint");', `oldType: "bigint");${add}`);
    expect(text).toBe(expected);
    expect(patchServerSideSessionsKey(text)).toEqual({ kind: 'already' });
    const up = text.slice(0, text.indexOf('void Down'));
    expect(checkMigration(`${up.replace(/migrationBuilder\.AlterColumn<long>\(name: "Id", table: "PushedAuthorizationRequests"[^;]*;/, '')}}}`, 'operational', '7.4.8', '6.1.8').unexpected).toEqual([]);
  });

  it('says when the generated migration has no AlterColumn to patch', () => {
    expect(patchServerSideSessionsKey('class M { void Up(MigrationBuilder b) { b.CreateTable(name: "PushedAuthorizationRequests"); } }')).toEqual({ kind: 'no-alter' });
  });
});
