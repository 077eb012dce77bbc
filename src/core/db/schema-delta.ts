/**
 * The store schema change between two IdentityServer versions, computed from
 * the generated schema data (one entry per distinct schema), as the EF Core
 * migration operations a `dotnet ef migrations add` from the source's snapshot
 * to the target's model is expected to hold.
 */
import { SAME_SCHEMA_AS, SCHEMAS, type CompactSchema } from '../data/schemas.generated.js';

export type Store = 'operational' | 'configuration';

export const CONTEXT_OF: Record<Store, 'ConfigurationDbContext' | 'PersistedGrantDbContext'> = {
  configuration: 'ConfigurationDbContext',
  operational: 'PersistedGrantDbContext',
};

/** One operation the migration is expected to hold. */
export interface ExpectedOperation {
  op: string;
  /** Table, column, index or key name, as EF names it. */
  name: string;
  /** For columns, indexes and keys. */
  table?: string;
  describe: string;
}

/**
 * Schemas of the 5.0 and 5.1 lines, which the data does not list: Duende's own
 * SQL scripts (migrations/IdentityServerDb at is/5.0.5, is/5.1.1, is/5.2.4) show
 * 5.1 adds IX_PersistedGrants_ConsumedTime and 5.2 the IdentityProviders table.
 * IdentityServer4 4.0.4 and 4.1.1 publish the same scripts.
 */
function derived(key: string): Record<string, CompactSchema> | undefined {
  const base = SCHEMAS['5.2.4'];
  if (!base || (key !== '5.0' && key !== '5.1')) return undefined;
  const { IdentityProviders: _dropped, ...tables } = base.ConfigurationDbContext.tables;
  const grants = base.PersistedGrantDbContext;
  return {
    ConfigurationDbContext: { tables, indexes: base.ConfigurationDbContext.indexes.filter((i) => i.split(' ')[1] !== 'IdentityProviders') },
    PersistedGrantDbContext: key === '5.0' ? { tables: grants.tables, indexes: grants.indexes.filter((i) => !i.startsWith('IX_PersistedGrants_ConsumedTime ')) } : grants,
  };
}

/** The schema key of a release line ("major.minor"), e.g. 6.2 → 6.1.8; undefined for a line the data does not know. */
export function schemaKeyOf(version: string): string | undefined {
  const [major, minor] = version.split('.');
  const line = `${major}.${minor ?? '0'}`;
  if (line === '4.0' || line === '4.1') return '4.1.2';
  if (line === '5.0' || line === '5.1') return line;
  for (const key of [...Object.keys(SCHEMAS), ...Object.keys(SAME_SCHEMA_AS)]) {
    const [ma, mi] = key.split('.');
    if (`${ma}.${mi}` === line) return SAME_SCHEMA_AS[key] ?? key;
  }
  return undefined;
}

function schemaOf(key: string, store: Store): CompactSchema | undefined {
  return (SCHEMAS[key] ?? derived(key))?.[CONTEXT_OF[store]];
}

interface Column {
  name: string;
  type: string;
  nullable: boolean;
  identity: boolean;
}

function column(compact: string): Column {
  const sp = compact.indexOf(' ');
  let type = compact.slice(sp + 1);
  const identity = type.endsWith('+');
  if (identity) type = type.slice(0, -1);
  const nullable = type.endsWith('?');
  if (nullable) type = type.slice(0, -1);
  return { name: compact.slice(0, sp), type, nullable, identity };
}

function indexName(compact: string): string {
  return compact.slice(0, compact.indexOf(' '));
}

/**
 * The operations from the source's schema to the target's, for one store; undefined
 * when either version's schema is unknown. Tables created whole carry their own
 * columns, keys and indexes.
 */
export function schemaDelta(store: Store, source: string, target: string): ExpectedOperation[] | undefined {
  const fromKey = schemaKeyOf(source);
  const toKey = schemaKeyOf(target);
  if (!fromKey || !toKey) return undefined;
  const from = schemaOf(fromKey, store);
  const to = schemaOf(toKey, store);
  if (!from || !to) return undefined;
  const out: ExpectedOperation[] = [];
  for (const [name, t] of Object.entries(to.tables)) {
    const old = from.tables[name];
    if (!old) {
      out.push({ op: 'CreateTable', name, describe: `the ${name} table` });
      continue;
    }
    const oldCols = new Map(old.c.map((c) => [column(c).name, column(c)]));
    const newCols = new Map(t.c.map((c) => [column(c).name, column(c)]));
    const pkChanged = old.pk.join(',') !== t.pk.join(',');
    if (pkChanged) out.push({ op: 'DropPrimaryKey', name: `PK_${name}`, table: name, describe: `the primary key of ${name} (dropped)` });
    for (const [cn, c] of newCols) {
      const o = oldCols.get(cn);
      if (!o) out.push({ op: 'AddColumn', name: cn, table: name, describe: `the ${name}.${cn} column` });
      else if (o.type !== c.type || o.nullable !== c.nullable || o.identity !== c.identity) {
        out.push({ op: 'AlterColumn', name: cn, table: name, describe: `the change of ${name}.${cn} (${o.type}${o.nullable ? ' null' : ''} → ${c.type}${c.nullable ? ' null' : ''})` });
      }
    }
    for (const cn of oldCols.keys()) {
      if (!newCols.has(cn)) out.push({ op: 'DropColumn', name: cn, table: name, describe: `the removal of ${name}.${cn}` });
    }
    if (pkChanged) out.push({ op: 'AddPrimaryKey', name: `PK_${name}`, table: name, describe: `the primary key of ${name} on ${t.pk.join(', ')}` });
  }
  for (const name of Object.keys(from.tables)) {
    if (!to.tables[name]) out.push({ op: 'DropTable', name, describe: `the removal of the ${name} table` });
  }
  const created = new Set(Object.keys(to.tables).filter((n) => !from.tables[n]));
  const oldIdx = new Map(from.indexes.map((i) => [indexName(i), i]));
  const newIdx = new Map(to.indexes.map((i) => [indexName(i), i]));
  for (const [name, i] of oldIdx) {
    const table = i.split(' ')[1]!;
    const now = newIdx.get(name);
    if ((!now || now !== i) && to.tables[table]) out.push({ op: 'DropIndex', name, table, describe: `the removal of index ${name}` });
  }
  for (const [name, i] of newIdx) {
    const table = i.split(' ')[1]!;
    if (created.has(table)) continue;
    if (oldIdx.get(name) !== i) out.push({ op: 'CreateIndex', name, table, describe: `the ${name} index` });
  }
  return out;
}

/** Store contexts whose schema differs between the two versions (known schemas only). */
export function schemaChanges(store: Store, source: string, target: string): boolean {
  const d = schemaDelta(store, source, target);
  return d === undefined || d.length > 0;
}

/** An index of the target's schema: its table, columns, and whether it is unique. */
export function indexOf(store: Store, version: string, name: string): { table: string; columns: string[]; unique: boolean } | undefined {
  const key = schemaKeyOf(version);
  const schema = key ? schemaOf(key, store) : undefined;
  const hit = schema?.indexes.find((i) => indexName(i) === name);
  if (!hit) return undefined;
  const [, table = '', cols = '', flag] = hit.split(' ');
  return { table, columns: cols.split(','), unique: flag === 'u' };
}

/** A column's SQL Server type in a version's schema, e.g. "nvarchar(400)". */
export function columnTypeOf(store: Store, version: string, table: string, name: string): string | undefined {
  const key = schemaKeyOf(version);
  const t = key ? schemaOf(key, store)?.tables[table] : undefined;
  const c = t?.c.map(column).find((x) => x.name === name);
  return c?.type;
}

/** Does the version's schema have this table? */
export function hasTable(store: Store, version: string, table: string): boolean {
  const key = schemaKeyOf(version);
  return Boolean(key && schemaOf(key, store)?.tables[table]);
}

/** A table's primary key columns in a version's schema. */
export function primaryKeyOf(store: Store, version: string, table: string): string[] | undefined {
  const key = schemaKeyOf(version);
  return key ? schemaOf(key, store)?.tables[table]?.pk : undefined;
}
