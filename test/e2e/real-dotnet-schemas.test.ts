/**
 * The miniatures' EF models against Duende's published schemas (src/core/data/schemas.generated.ts,
 * made from duende-schemas.json): for each miniature version a fresh project migrates an empty SQLite
 * database with dotnet-ef, and every table, column, nullability, identity, primary key, foreign key and
 * index of both store contexts must be the release's. SQL Server types are compared through the rule
 * below (test/dotnet/README.md, "Schema faithfulness"), in two places: the migration dotnet-ef generated
 * (CLR type and maxLength of each column) and the database it made (SQLite's type affinity).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { SAME_SCHEMA_AS, SCHEMAS, type CompactSchema } from '../../src/core/data/schemas.generated.js';
import { removeDir, tempDir } from '../helpers/cli.js';
import { describeRealDotnet, dotnet, dotnetEfAvailable, miniatureEnv, sqlite3Available } from '../helpers/dotnet.js';
import { databaseDifferences, expectedColumn, parseColumn, parseIndex } from '../helpers/schema.js';

const EF_MISSING = 'dotnet-ef is not installed (.ci/run installs it: dotnet tool install --global dotnet-ef --version 10.0.15)';
const CONTEXTS = ['PersistedGrantDbContext', 'ConfigurationDbContext'] as const;
type Context = (typeof CONTEXTS)[number];
/** Not the context's own name: a namespace segment named like the context would hide its type. */
const migrationsFolder = (ctx: Context) => `Migrations/${ctx.replace(/Context$/, '')}`;

/** Each miniature, the package that carries its store model, and the schema entry it must match. */
const MINIATURES = [
  { version: '4.1.1', pkg: 'IdentityServer4.EntityFramework', ns: 'IdentityServer4', schema: '4.1.2' },
  { version: '5.2.4', pkg: 'Duende.IdentityServer.EntityFramework', ns: 'Duende.IdentityServer', schema: '5.2.4' },
  { version: '6.1.8', pkg: 'Duende.IdentityServer.EntityFramework', ns: 'Duende.IdentityServer', schema: '6.1.8' },
  { version: '7.4.8', pkg: 'Duende.IdentityServer.EntityFramework', ns: 'Duende.IdentityServer', schema: SAME_SCHEMA_AS['7.4.8'] ?? '7.4.8' },
  { version: '8.0.3', pkg: 'Duende.IdentityServer.EntityFramework', ns: 'Duende.IdentityServer', schema: '8.0.3' },
] as const;

interface MigrationColumn {
  clr: string;
  maxLength?: number;
  nullable: boolean;
  identity: boolean;
}

/** The CreateTable operations of a generated migration's Up(): table → column → definition. */
function createdTables(migration: string): Map<string, Map<string, MigrationColumn>> {
  const up = migration.slice(migration.indexOf('void Up('), migration.indexOf('void Down('));
  const tables = new Map<string, Map<string, MigrationColumn>>();
  for (const block of up.split('migrationBuilder.CreateTable(').slice(1)) {
    const name = /name:\s*"(\w+)"/.exec(block)?.[1];
    if (!name) continue;
    const columns = new Map<string, MigrationColumn>();
    const columnsPart = block.slice(0, block.indexOf('constraints:'));
    for (const m of columnsPart.matchAll(/@?(\w+) = table\.Column<(\w+)\??>\(([^)]*)\)((?:\s*\.Annotation\([^)]*\))*)/g)) {
      const args = m[3]!;
      const column = /name:\s*"(\w+)"/.exec(args)?.[1] ?? m[1]!;
      const max = /maxLength:\s*(\d+)/.exec(args)?.[1];
      columns.set(column, {
        clr: m[2]!,
        ...(max ? { maxLength: Number(max) } : {}),
        nullable: /nullable:\s*true/.test(args),
        identity: /"Sqlite:Autoincrement",\s*true/.test(m[4] ?? ''),
      });
    }
    tables.set(name, columns);
  }
  return tables;
}

/** Differences between a context's generated migration and its published schema, one line each. */
function migrationDifferences(schema: CompactSchema, tables: Map<string, Map<string, MigrationColumn>>): string[] {
  const out: string[] = [];
  const expected = Object.keys(schema.tables).sort();
  const actual = [...tables.keys()].sort();
  if (JSON.stringify(expected) !== JSON.stringify(actual)) out.push(`tables: expected ${expected.join(', ')}; migration creates ${actual.join(', ')}`);
  const indexed = new Set(schema.indexes.map(parseIndex).flatMap((i) => i.columns.map((c) => `${i.table}.${c}`)));
  for (const [table, t] of Object.entries(schema.tables)) {
    const cols = tables.get(table);
    if (!cols) continue;
    const want = t.c.map(parseColumn);
    const names = want.map((c) => c.name).sort();
    if (JSON.stringify(names) !== JSON.stringify([...cols.keys()].sort())) out.push(`${table}: columns ${JSON.stringify(names)} vs ${JSON.stringify([...cols.keys()].sort())}`);
    for (const c of want) {
      const got = cols.get(c.name);
      if (!got) continue;
      const rule = expectedColumn(c.type, t.pk.includes(c.name) || indexed.has(`${table}.${c.name}`));
      if (!rule.clr.includes(got.clr)) out.push(`${table}.${c.name}: ${c.type} wants ${rule.clr.join('|')}, migration has ${got.clr}`);
      if (!rule.maxLength(got.maxLength)) out.push(`${table}.${c.name}: ${c.type}, migration has maxLength ${got.maxLength ?? 'none'}`);
      if (got.nullable !== c.nullable) out.push(`${table}.${c.name}: nullable ${c.nullable}, migration has ${got.nullable}`);
      if (got.identity !== c.identity) out.push(`${table}.${c.name}: identity ${c.identity}, migration has ${got.identity}`);
    }
  }
  return out;
}

function writeProject(dir: string, m: (typeof MINIATURES)[number]) {
  writeFileSync(
    path.join(dir, 'SchemaHost.csproj'),
    `<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>disable</Nullable>
    <NuGetAudit>false</NuGetAudit>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="${m.pkg}" Version="${m.version}" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="10.0.15" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="10.0.15" PrivateAssets="all" />
  </ItemGroup>
</Project>
`,
  );
  writeFileSync(
    path.join(dir, 'Program.cs'),
    `using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ${m.ns}.EntityFramework.Storage;

// Both store contexts on one SQLite file, registered the way the package's own extensions do it.
const string cs = "Data Source=schema.db";
var migrations = typeof(Program).Assembly.GetName().Name;
Host.CreateDefaultBuilder(args).ConfigureServices(services =>
{
    services.AddConfigurationDbContext(o => o.ConfigureDbContext = b => b.UseSqlite(cs, sql => sql.MigrationsAssembly(migrations)));
    services.AddOperationalDbContext(o => o.ConfigureDbContext = b => b.UseSqlite(cs, sql => sql.MigrationsAssembly(migrations)));
}).Build().Run();
`,
  );
}

describeRealDotnet('real dotnet: the miniatures’ store models match the published schemas', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) removeDir(d);
  });

  for (const m of MINIATURES) {
    it(`real dotnet: ${m.pkg} ${m.version} migrates an empty SQLite database to the ${m.schema} schema`, async () => {
      const dir = tempDir(`schema-${m.version}-`);
      dirs.push(dir);
      mkdirSync(dir, { recursive: true });
      writeProject(dir, m);
      const env = await miniatureEnv(dir);
      expect(dotnetEfAvailable(env), EF_MISSING).toBe(true);

      await dotnet(['build', '-nodeReuse:false'], { cwd: dir, env });
      for (const ctx of CONTEXTS) {
        await dotnet(['ef', 'migrations', 'add', 'Initial', '-c', ctx, '-o', migrationsFolder(ctx), '--no-build'], { cwd: dir, env });
      }
      // The first update builds the migrations in; the second reuses that build.
      await dotnet(['ef', 'database', 'update', '-c', CONTEXTS[0]], { cwd: dir, env });
      await dotnet(['ef', 'database', 'update', '-c', CONTEXTS[1], '--no-build'], { cwd: dir, env });

      const problems: string[] = [];
      for (const ctx of CONTEXTS) {
        const schema = SCHEMAS[m.schema]![ctx as Context];
        const folder = path.join(dir, migrationsFolder(ctx));
        const file = readdirSync(folder).find((f) => /^\d+_Initial\.cs$/.test(f));
        expect(file, `${ctx}: no Initial migration in ${folder}`).toBeDefined();
        const tables = createdTables(readFileSync(path.join(folder, file!), 'utf8'));
        expect(tables.size, `${ctx}: the migration creates no table`).toBeGreaterThan(0);
        problems.push(...migrationDifferences(schema, tables).map((p) => `${ctx} migration: ${p}`));
        if (sqlite3Available) problems.push(...databaseDifferences(path.join(dir, 'schema.db'), schema).map((p) => `${ctx} database: ${p}`));
      }
      if (!sqlite3Available) console.warn('[real dotnet] sqlite3 is not on PATH: only the generated migrations were compared.');
      expect(problems).toEqual([]);
    }, 600_000);
  }
});
