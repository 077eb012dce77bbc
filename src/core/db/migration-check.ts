import { codeMask } from '../lang/csharp.js';

import { schemaDelta, type ExpectedOperation, type Store } from './schema-delta.js';

export type { Store } from './schema-delta.js';

/** One `migrationBuilder.X(...)` call in a migration's Up(). */
export interface MigrationOperation {
  op: string;
  /** The `name:` argument: a table, column or index name. */
  name?: string;
  /** The `table:` argument, for columns and indexes. */
  table?: string;
  line: number;
}

export interface MigrationCheck {
  operations: MigrationOperation[];
  /** Operations outside the known schema delta of the pair; drops and renames first. */
  unexpected: MigrationOperation[];
  /** Parts of the delta the migration lacks, e.g. when the project still builds against the old version. */
  missing: string[];
  /** The schema of the source or target is not in the data: nothing could be compared. */
  unknown?: true;
}

/** The IdentityServer4 release every upgrade path used to start from. */
export const DEFAULT_SOURCE = '4.1';

/** The schema delta of one store from `source` to `target` (computed from the schema data). */
export function expectedDelta(store: Store, target: string, source: string = DEFAULT_SOURCE): ExpectedOperation[] {
  return schemaDelta(store, source, target) ?? [];
}

/** Tables the delta creates: indexes and keys on them are part of creating them. */
function newTables(expected: ExpectedOperation[]): Set<string> {
  return new Set(expected.filter((e) => e.op === 'CreateTable').map((e) => e.name));
}

/** The operations in the Up() method of a generated migration's C# source. */
export function migrationOperations(source: string): MigrationOperation[] {
  const mask = codeMask(source);
  const up = /\bvoid\s+Up\s*\(\s*(?:\w+\.)*MigrationBuilder\s+(\w+)\s*\)\s*\{/.exec(mask);
  if (!up) return [];
  const builder = up[1]!;
  const bodyStart = up.index + up[0].length;
  let depth = 0;
  let bodyEnd = mask.length;
  for (let i = bodyStart; i < mask.length; i++) {
    if (mask[i] === '{') depth++;
    else if (mask[i] === '}') {
      if (depth === 0) {
        bodyEnd = i;
        break;
      }
      depth--;
    }
  }
  const out: MigrationOperation[] = [];
  const call = new RegExp(`\\b${builder}\\s*\\.\\s*(\\w+)\\s*(?:<[^>(]*>)?\\s*\\(`, 'g');
  call.lastIndex = bodyStart;
  for (let m = call.exec(mask); m && m.index < bodyEnd; m = call.exec(mask)) {
    const open = m.index + m[0].length;
    // The call's own arguments, not those of nested lambdas' calls.
    let end = open;
    for (let d = 0; end < bodyEnd; end++) {
      if (mask[end] === '(') d++;
      else if (mask[end] === ')') {
        if (d === 0) break;
        d--;
      }
    }
    const args = source.slice(open, end);
    const argMask = mask.slice(open, end);
    const named = (key: string): string | undefined => {
      for (const k of argMask.matchAll(new RegExp(`\\b${key}\\s*:`, 'g'))) {
        // Only top-level named arguments: a `name:` inside the columns lambda belongs to a column.
        if (depthAt(argMask, k.index!) !== 0) continue;
        // The mask blanks the literal out; read it from the source.
        return /^\s*@?"([^"]*)"/.exec(args.slice(k.index! + k[0].length))?.[1];
      }
      return undefined;
    };
    out.push({ op: m[1]!, name: named('name'), table: named('table'), line: source.slice(0, m.index).split('\n').length });
    call.lastIndex = end;
  }
  return out;
}

function depthAt(text: string, at: number): number {
  let d = 0;
  for (let i = 0; i < at; i++) {
    if (text[i] === '(' || text[i] === '{') d++;
    else if (text[i] === ')' || text[i] === '}') d--;
  }
  return d;
}

const DANGEROUS = /^(Drop|Rename)/;

/** Compare a migration's operations with the delta for its store and the (from, target) pair. */
export function checkMigration(source: string, store: Store, target: string, from: string = DEFAULT_SOURCE): MigrationCheck {
  const operations = migrationOperations(source);
  const delta = schemaDelta(store, from, target);
  if (!delta) return { operations, unexpected: [], missing: [], unknown: true };
  const expected = delta;
  const created = newTables(expected);
  const matches = (o: MigrationOperation, e: ExpectedOperation) => o.op === e.op && o.name === e.name && (e.table === undefined || o.table === e.table);
  const unexpected = operations.filter((o) => {
    if (expected.some((e) => matches(o, e))) return false;
    // An index or key on a table the delta itself creates (e.g. IX_IdentityProviders_Scheme) is part of that table.
    if ((o.op === 'CreateIndex' || o.op === 'AddPrimaryKey' || o.op === 'AddForeignKey') && o.table && created.has(o.table)) return false;
    // The primary key dropped before and added after an expected change of one of its
    // columns (the ServerSideSessions.Id patch for SQL Server) is part of that change.
    if ((o.op === 'DropPrimaryKey' || o.op === 'AddPrimaryKey') && o.table && o.name === `PK_${o.table}` && expected.some((e) => e.op === 'AlterColumn' && e.table === o.table)) return false;
    return true;
  });
  unexpected.sort((a, b) => Number(DANGEROUS.test(b.op)) - Number(DANGEROUS.test(a.op)) || a.line - b.line);
  const missing = expected.filter((e) => !operations.some((o) => matches(o, e))).map((e) => e.describe);
  return { operations, unexpected, missing };
}

export function describeOperation(o: MigrationOperation): string {
  const what = [o.table, o.name].filter(Boolean).join('.');
  return `${o.op}${what ? ` ${what}` : ''} (line ${o.line})${DANGEROUS.test(o.op) ? ' — changes or removes existing data' : ''}`;
}
