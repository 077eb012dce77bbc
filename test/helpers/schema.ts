/**
 * Published schemas (src/core/data/schemas.generated.ts, from duende-schemas.json) against what EF Core's
 * SQLite provider made: the mapping rule of test/dotnet/README.md ("Schema faithfulness") and the
 * comparison of a SQLite database with one store context's schema. Shared by the schema test of the
 * miniatures and the end-to-end upgrades.
 */
import type { CompactSchema } from '../../src/core/data/schemas.generated.js';
import { sqlite } from './dotnet.js';

/**
 * The mapping rule, from the SQL Server type of the published script to what EF Core's SQLite provider
 * shows: the CLR type of the migration's column, its maxLength, and the SQLite type (whose affinity is
 * what SQLite keeps). nvarchar(450) is SQL Server's default for a string key or indexed column without a
 * length, nvarchar(max) a string without one (or longer than 4000); uint is stored as bigint.
 */
export function expectedColumn(sqlType: string, inKeyOrIndex: boolean): { clr: string[]; maxLength: (n: number | undefined) => boolean; sqlite: string } {
  const any = () => true;
  const none = (n: number | undefined) => n === undefined;
  switch (sqlType) {
    case 'int':
      return { clr: ['int'], maxLength: none, sqlite: 'INTEGER' };
    case 'bigint':
      return { clr: ['long', 'uint'], maxLength: none, sqlite: 'INTEGER' };
    case 'bit':
      return { clr: ['bool'], maxLength: none, sqlite: 'INTEGER' };
    case 'float':
      return { clr: ['double'], maxLength: none, sqlite: 'REAL' };
    case 'datetime2':
      return { clr: ['DateTime'], maxLength: none, sqlite: 'TEXT' };
    case 'time':
      return { clr: ['TimeSpan'], maxLength: none, sqlite: 'TEXT' };
    case 'uniqueidentifier':
      return { clr: ['Guid'], maxLength: none, sqlite: 'TEXT' };
    case 'nvarchar(max)':
      return { clr: ['string'], maxLength: (n) => n === undefined || n > 4000, sqlite: 'TEXT' };
  }
  const m = /^nvarchar\((\d+)\)$/.exec(sqlType);
  if (m) {
    const len = Number(m[1]);
    if (len === 450 && inKeyOrIndex) return { clr: ['string'], maxLength: (n) => n === undefined || n === 450, sqlite: 'TEXT' };
    return { clr: ['string'], maxLength: (n) => n === len, sqlite: 'TEXT' };
  }
  return { clr: [`(unmapped ${sqlType})`], maxLength: any, sqlite: '(unmapped)' };
}

export const parseColumn = (c: string) => {
  const m = /^(\S+) (.+?)(\?)?(\+)?$/.exec(c)!;
  return { name: m[1]!, type: m[2]!, nullable: !!m[3], identity: !!m[4] };
};

export const parseIndex = (i: string) => {
  const [head, filter] = i.split(' | ');
  const parts = head!.split(' ');
  return { name: parts[0]!, table: parts[1]!, columns: parts[2]!.split(','), unique: parts[3] === 'u', filter: filter ?? null };
};

/** Differences between the SQLite database and the published schema of one context. */
export function databaseDifferences(db: string, schema: CompactSchema): string[] {
  const out: string[] = [];
  const q = (sql: string) => sqlite(db, sql);
  const indexed = new Set(schema.indexes.map(parseIndex).flatMap((i) => i.columns.map((c) => `${i.table}.${c}`)));
  for (const [table, t] of Object.entries(schema.tables)) {
    const info = q(`SELECT name, type, "notnull", pk FROM pragma_table_info('${table}') ORDER BY cid`).map((r) => r.split('|'));
    if (info.length === 0) {
      out.push(`${table}: missing from the database`);
      continue;
    }
    const want = t.c.map(parseColumn);
    const got = new Map(info.map(([name, type, notnull, pk]) => [name!, { type: type!, notnull: notnull === '1', pk: Number(pk) }]));
    const names = want.map((c) => c.name).sort();
    if (JSON.stringify(names) !== JSON.stringify([...got.keys()].sort())) out.push(`${table}: columns ${JSON.stringify(names)} vs database ${JSON.stringify([...got.keys()].sort())}`);
    for (const c of want) {
      const g = got.get(c.name);
      if (!g) continue;
      const rule = expectedColumn(c.type, t.pk.includes(c.name) || indexed.has(`${table}.${c.name}`));
      if (g.type !== rule.sqlite) out.push(`${table}.${c.name}: ${c.type} wants SQLite ${rule.sqlite}, database has ${g.type}`);
      if (g.notnull === c.nullable) out.push(`${table}.${c.name}: nullable ${c.nullable}, database NOT NULL ${g.notnull}`);
    }
    const pk = [...got.entries()].filter(([, g]) => g.pk > 0).sort((a, b) => a[1].pk - b[1].pk).map(([n]) => n);
    if (JSON.stringify(pk) !== JSON.stringify(t.pk)) out.push(`${table}: primary key ${JSON.stringify(t.pk)}, database ${JSON.stringify(pk)}`);
    const sql = q(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '${table}'`).join('\n');
    const identity = want.filter((c) => c.identity).map((c) => c.name);
    const autoincrement = /"(\w+)" INTEGER NOT NULL CONSTRAINT "\w+" PRIMARY KEY AUTOINCREMENT/.exec(sql)?.[1];
    if (JSON.stringify(identity) !== JSON.stringify(autoincrement ? [autoincrement] : [])) out.push(`${table}: identity ${JSON.stringify(identity)}, database AUTOINCREMENT ${autoincrement ?? 'none'}`);
    const fks = q(`SELECT "from", "table", on_delete FROM pragma_foreign_key_list('${table}') ORDER BY "from"`).map((r) => {
      const [from, ref, onDelete] = r.split('|');
      return `${from}>${ref} ${onDelete!.toLowerCase()}`;
    });
    const wantFks = [...(t.fk ?? [])].sort();
    if (JSON.stringify(fks) !== JSON.stringify(wantFks)) out.push(`${table}: foreign keys ${JSON.stringify(wantFks)}, database ${JSON.stringify(fks)}`);
  }
  // Indexes the migrations made (origin 'c'); the primary keys' own autoindexes are not in the schema lists.
  const tableList = Object.keys(schema.tables).map((t) => `'${t}'`).join(',');
  const got = q(
    `SELECT il.name, m.name, il."unique", il.partial, (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno)) ` +
      `FROM sqlite_master m, pragma_index_list(m.name) il WHERE m.type = 'table' AND m.name IN (${tableList}) AND il.origin = 'c' ORDER BY il.name`,
  ).map((r) => {
    const [name, table, unique, partial, columns] = r.split('|');
    return `${name} ${table} ${columns}${unique === '1' ? ' u' : ''}${partial === '1' ? ' partial' : ''}`;
  });
  // SQL Server gives a unique index over nullable columns an IS NOT NULL filter by itself; SQLite has
  // no such filter. The schema's filter must be exactly that one, and SQLite's index a plain unique one.
  const want = schema.indexes
    .map((i) => {
      const ix = parseIndex(i);
      if (ix.filter !== null) {
        const nullable = ix.columns.filter((c) => schema.tables[ix.table]!.c.map(parseColumn).find((x) => x.name === c)?.nullable);
        const derived = nullable.map((c) => `[${c}] IS NOT NULL`).join(' AND ');
        if (ix.filter !== derived) out.push(`${ix.name}: filter ${ix.filter} is not SQL Server's own (${derived})`);
      }
      return `${ix.name} ${ix.table} ${ix.columns.join(',')}${ix.unique ? ' u' : ''}`;
    })
    .sort();
  const missing = want.filter((w) => !got.includes(w));
  const extra = got.filter((g) => !want.includes(g));
  if (missing.length) out.push(`indexes missing or different: ${missing.join('; ')}`);
  if (extra.length) out.push(`indexes not in the schema: ${extra.join('; ')}`);
  return out;
}

