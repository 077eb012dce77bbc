import { describe, expect, it } from 'vitest';
import { checkMigration, migrationOperations } from '../../../src/core/db/migration-check.js';

const migration = (up: string, down = 'migrationBuilder.DropTable(name: "Keys");') => `using Microsoft.EntityFrameworkCore.Migrations;

namespace Host.Migrations
{
    public partial class UpdateToDuende_v5 : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
${up}
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ${down}
        }
    }
}
`;

const keys = `            migrationBuilder.CreateTable(
                name: "Keys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    Use = table.Column<string>(type: "nvarchar(450)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Keys", x => x.Id);
                });
            migrationBuilder.CreateIndex(name: "IX_Keys_Use", table: "Keys", column: "Use");`;
const consumed = `            migrationBuilder.CreateIndex(
                name: "IX_PersistedGrants_ConsumedTime",
                table: "PersistedGrants",
                column: "ConsumedTime");`;

describe('migration check', () => {
  it('reads only Up(), with each call\'s own name and table', () => {
    const ops = migrationOperations(migration(keys));
    expect(ops.map((o) => [o.op, o.table, o.name])).toEqual([
      ['CreateTable', undefined, 'Keys'],
      ['CreateIndex', 'Keys', 'IX_Keys_Use'],
    ]);
  });

  it('accepts exactly the operational delta for 5.2, and flags what 5.0 does not have', () => {
    expect(checkMigration(migration(`${keys}\n${consumed}`), 'operational', '5.2.4')).toMatchObject({ unexpected: [], missing: [] });
    const on50 = checkMigration(migration(`${keys}\n${consumed}`), 'operational', '5.0.5');
    expect(on50.unexpected.map((o) => o.name)).toEqual(['IX_PersistedGrants_ConsumedTime']);
    expect(checkMigration(migration(keys), 'operational', '5.1.0').missing).toEqual(['the IX_PersistedGrants_ConsumedTime index']);
  });

  it('accepts the configuration delta, with an index on the new IdentityProviders table, and puts drops and renames first', () => {
    const conf = `            migrationBuilder.AddColumn<bool>(name: "RequireResourceIndicator", table: "ApiResources", type: "bit", nullable: false, defaultValue: false);
            migrationBuilder.CreateTable(name: "IdentityProviders", columns: table => new { Id = table.Column<int>(type: "int", nullable: false) });
            migrationBuilder.CreateIndex(name: "IX_IdentityProviders_Scheme", table: "IdentityProviders", column: "Scheme", unique: true);`;
    expect(checkMigration(migration(conf), 'configuration', '5.2.4').unexpected).toEqual([]);
    const bad = checkMigration(migration(`${conf}\n            migrationBuilder.AlterColumn<string>(name: "Description", table: "Clients", maxLength: 2000);\n            migrationBuilder.RenameColumn(name: "Data", table: "PersistedGrants", newName: "Payload");\n            // migrationBuilder.DropTable(name: "InAComment");`), 'configuration', '5.2.4');
    expect(bad.unexpected.map((o) => `${o.op} ${o.table}.${o.name}`)).toEqual(['RenameColumn PersistedGrants.Data', 'AlterColumn Clients.Description']);
  });

  it('reports an empty migration as missing the whole delta', () => {
    expect(checkMigration(migration(''), 'configuration', '5.2.4').missing).toEqual(['the ApiResources.RequireResourceIndicator column', 'the IdentityProviders table']);
  });
});
