#!/usr/bin/env node
// STAND-IN for the dotnet-ef tool (what `dotnet ef` runs), for tests without the
// .NET SDK. It writes migration files shaped like EF Core's, and fails on demand
// the way the real tool does:
//   FAKE_EF_FAIL=build|nocontext|cert|exists   (exists: on `database update`)
//   FAKE_EF_EXTRA=drop                         the new migration also drops a table
//   FAKE_EF_WAIT=<context>                     `migrations add` for it prints a marker and waits to be killed
//   FAKE_EF_VERSION=9.0.1                      what --version reports
// Every call is appended to FAKE_DOTNET_LOG as a JSON line (with DOTNET_ROLL_FORWARD when it is set).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
if (process.env.FAKE_DOTNET_LOG) appendFileSync(process.env.FAKE_DOTNET_LOG, `${JSON.stringify({ tool: 'dotnet-ef', args, cwd: process.cwd(), ...(process.env.DOTNET_ROLL_FORWARD ? { rollForward: process.env.DOTNET_ROLL_FORWARD } : {}) })}\n`);
const opt = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const fail = process.env.FAKE_EF_FAIL;
const out = (s) => process.stdout.write(`${s}\n`);
const err = (s) => process.stderr.write(`${s}\n`);

if (args[0] === '--version') {
  out('Entity Framework Core .NET Command-line Tools');
  out(process.env.FAKE_EF_VERSION ?? '10.0.15');
  process.exit(0);
}

const context = opt('-c') ?? opt('--context') ?? 'DbContext';
const build = () => {
  out('Build started...');
  if (fail === 'build') {
    err('Build failed. Use dotnet build to see the errors.');
    process.exit(1);
  }
  out('Build succeeded.');
  if (fail === 'nocontext') {
    err(`No DbContext named '${context}' was found.`);
    process.exit(1);
  }
  if (fail === 'cert') {
    err("An error occurred while accessing the Microsoft.Extensions.Hosting services. Continuing without the application service provider. Error: Value cannot be null. (Parameter 'certificate')");
    err(`Unable to create a 'DbContext' of type '${context}'. The exception 'Value cannot be null. (Parameter 'certificate')' was thrown while attempting to create an instance.`);
    process.exit(1);
  }
};

const projectDir = () => {
  const p = opt('--project') ?? '.';
  return path.resolve(process.cwd(), /\.\w+proj$/.test(p) ? path.dirname(p) : p);
};

if (args[0] === 'migrations' && args[1] === 'add') {
  const name = args[2];
  build();
  if (process.env.FAKE_EF_WAIT === context) {
    if (process.env.FAKE_EF_PIDS) appendFileSync(process.env.FAKE_EF_PIDS, `${process.pid}\n`);
    out('STAND-IN: migrations add is waiting to be interrupted');
    setInterval(() => {}, 1 << 30);
  } else {
    const dir = path.join(projectDir(), opt('-o') ?? opt('--output-dir') ?? 'Migrations');
    mkdirSync(dir, { recursive: true });
    const id = `20261125120000_${name}`;
    const operational = /PersistedGrant/.test(context);
    const ops = operational
      ? `            migrationBuilder.CreateTable(
                name: "Keys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Use = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Keys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PersistedGrants_ConsumedTime",
                table: "PersistedGrants",
                column: "ConsumedTime");

            migrationBuilder.CreateIndex(
                name: "IX_Keys_Use",
                table: "Keys",
                column: "Use");
`
      : `            migrationBuilder.AddColumn<bool>(
                name: "RequireResourceIndicator",
                table: "ApiResources",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "IdentityProviders",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Scheme = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdentityProviders", x => x.Id);
                });
`;
    const extra = process.env.FAKE_EF_EXTRA === 'drop' ? `\n            migrationBuilder.DropTable(\n                name: "Clients");\n` : '';
    writeFileSync(
      path.join(dir, `${id}.cs`),
      `using Microsoft.EntityFrameworkCore.Migrations;\n\n#nullable disable\n\nnamespace Host.Migrations\n{\n    /// <inheritdoc />\n    public partial class ${name} : Migration\n    {\n        /// <inheritdoc />\n        protected override void Up(MigrationBuilder migrationBuilder)\n        {\n${ops}${extra}        }\n\n        /// <inheritdoc />\n        protected override void Down(MigrationBuilder migrationBuilder)\n        {\n            migrationBuilder.DropTable(\n                name: "Keys");\n        }\n    }\n}\n`,
    );
    writeFileSync(
      path.join(dir, `${id}.Designer.cs`),
      `// <auto-generated />\nusing Duende.IdentityServer.EntityFramework.DbContexts;\nusing Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Infrastructure;\nusing Microsoft.EntityFrameworkCore.Migrations;\n\nnamespace Host.Migrations\n{\n    [DbContext(typeof(${context}))]\n    [Migration("${id}")]\n    partial class ${name}\n    {\n    }\n}\n`,
    );
    out("Done. To undo this action, use 'ef migrations remove'");
  }
} else if (args[0] === 'database' && args[1] === 'update') {
  build();
  if (fail === 'exists') {
    err("Applying migration '20200702080123_InitialIdentityServerPersistedGrantDbMigration'.");
    err("Microsoft.Data.SqlClient.SqlException (0x80131904): There is already an object named 'PersistedGrants' in the database.");
    process.exit(1);
  }
  out(`Applying migration to ${context}.`);
  out('Done.');
} else if (args[0] === 'migrations' && args[1] === 'script') {
  build();
  const file = path.resolve(process.cwd(), opt('-o') ?? opt('--output') ?? 'script.sql');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `-- stand-in idempotent script for ${context}: ${args[2]} -> ${args[3]}\n`);
  out('Done.');
} else {
  err(`stand-in dotnet-ef: unsupported command ${args.join(' ')}`);
  process.exit(1);
}
