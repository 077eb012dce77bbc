/**
 * Data that can make a pair's migration fail, found from the schema delta
 * itself: a new unique index over an existing table fails on duplicates, a
 * column that shrinks fails on longer values, and a new primary key on
 * PersistedGrants (6.1) fails on SQLite and MySQL with rows in the table.
 * Each risk comes with a query the user can run before the database changes.
 */
import { columnTypeOf, hasTable, indexOf, primaryKeyOf, schemaDelta, type Store } from './schema-delta.js';

export interface DataRisk {
  store: Store;
  title: string;
  /** One query per line, for the user to run against the store's database. */
  queries: string[];
  advice: string;
}

function quoter(provider: string | undefined): (name: string) => string {
  if (provider === 'SQL Server') return (n) => `[${n}]`;
  if (provider === 'MySQL') return (n) => `\`${n}\``;
  return (n) => `"${n}"`;
}

function lengthFn(provider: string | undefined): string {
  if (provider === 'SQL Server') return 'LEN';
  if (provider === 'MySQL') return 'CHAR_LENGTH';
  return 'LENGTH';
}

const lengthOf = (type: string | undefined) => {
  const m = /\((\d+)\)$/.exec(type ?? '');
  return m ? Number(m[1]) : undefined;
};

/**
 * The risks the (source, target) pair brings for one store. Table names are
 * the stores' defaults; a host that renames tables (store options) must adapt them.
 */
export function dataRisks(store: Store, source: string, target: string, provider?: string): DataRisk[] {
  const delta = schemaDelta(store, source, target);
  if (!delta) return [];
  const q = quoter(provider);
  const out: DataRisk[] = [];
  const duplicates: string[] = [];
  for (const op of delta) {
    if (op.op !== 'CreateIndex' || !op.table || !hasTable(store, source, op.table)) continue;
    const index = indexOf(store, target, op.name);
    if (!index?.unique) continue;
    // unique already as the old primary key (PersistedGrants.Key before 6.1)
    if (primaryKeyOf(store, source, index.table)?.join(',') === index.columns.join(',')) continue;
    const cols = index.columns.map(q).join(', ');
    duplicates.push(`SELECT ${cols}, COUNT(*) AS Copies FROM ${q(index.table)} GROUP BY ${cols} HAVING COUNT(*) > 1;`);
  }
  if (duplicates.length > 0) {
    out.push({
      store,
      title: `New unique indexes (${duplicates.length}) fail on duplicate rows`,
      queries: duplicates,
      advice: 'Each query lists rows that repeat under one new unique index; remove the extra copies before the migration runs, or it stops at the first duplicate.',
    });
  }
  for (const op of delta) {
    if (op.op !== 'AlterColumn' || !op.table) continue;
    const before = lengthOf(columnTypeOf(store, source, op.table, op.name));
    const after = lengthOf(columnTypeOf(store, target, op.table, op.name));
    if (before === undefined || after === undefined || after >= before) continue;
    out.push({
      store,
      title: `${op.table}.${op.name} shrinks from ${before} to ${after} characters`,
      queries: [`SELECT * FROM ${q(op.table)} WHERE ${lengthFn(provider)}(${q(op.name)}) > ${after};`],
      advice: `Rows with a longer ${op.name} make the migration fail (or, on some providers, get cut); shorten or remove them first.`,
    });
  }
  if (delta.some((o) => o.op === 'DropPrimaryKey' && o.table === 'PersistedGrants')) {
    const which =
      provider === 'SQLite'
        ? 'On SQLite it fails with "UNIQUE constraint failed: ef_temp_PersistedGrants.Id" when the table has rows.'
        : provider === 'MySQL'
          ? 'On MySQL it fails with "Duplicate entry \'0\'" when the table has rows.'
          : provider === 'SQL Server'
            ? 'On SQL Server it rewrites the whole table and can time out when the table is large.'
            : 'It fails on SQLite ("UNIQUE constraint failed") and MySQL ("Duplicate entry \'0\'") when the table has rows, and can time out on large SQL Server tables.';
    out.push({
      store,
      title: 'PersistedGrants gets a new Id primary key (6.1)',
      queries: [`SELECT COUNT(*) FROM ${q('PersistedGrants')};`],
      advice: `${which} The table holds transient data (refresh tokens, consents, codes): emptying it first (DELETE FROM ${q('PersistedGrants')};) is the usual way through, at the cost of users signing in again and giving consent again.`,
    });
  }
  return out;
}

/** A risk as lines for a plan warning or a notice. */
export function describeRisk(r: DataRisk, context: string): string {
  return [`${context}: ${r.title}. ${r.advice} Check with:`, ...r.queries.map((x) => `  ${x}`)].join('\n');
}
