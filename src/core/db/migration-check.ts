import { codeMask } from '../lang/csharp.js';

export type Store = 'operational' | 'configuration';

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
  /** Operations outside the known v4.1 → v5 delta; drops and renames first. */
  unexpected: MigrationOperation[];
  /** Parts of the delta the migration lacks, e.g. when the project still builds against IdentityServer4. */
  missing: string[];
}

interface Expected {
  op: string;
  name: string;
  table?: string;
  describe: string;
}

/**
 * The schema delta from IdentityServer4 4.1 to Duende IdentityServer 5.x, per
 * store (Duende's own EF migrations for 5.0, 5.1 and 5.2; UPGRADE-FACTS.md).
 */
export function expectedDelta(store: Store, target: string): Expected[] {
  const [major = 5, minor = 0] = target.split('.').map((n) => Number.parseInt(n, 10));
  const atLeast = (mi: number) => major > 5 || (major === 5 && minor >= mi);
  if (store === 'operational') {
    return [
      { op: 'CreateTable', name: 'Keys', describe: 'the Keys table' },
      { op: 'CreateIndex', name: 'IX_Keys_Use', table: 'Keys', describe: 'the IX_Keys_Use index' },
      ...(atLeast(1) ? [{ op: 'CreateIndex', name: 'IX_PersistedGrants_ConsumedTime', table: 'PersistedGrants', describe: 'the IX_PersistedGrants_ConsumedTime index' }] : []),
    ];
  }
  return [
    { op: 'AddColumn', name: 'RequireResourceIndicator', table: 'ApiResources', describe: 'the ApiResources.RequireResourceIndicator column' },
    ...(atLeast(2) ? [{ op: 'CreateTable', name: 'IdentityProviders', describe: 'the IdentityProviders table' }] : []),
  ];
}

/** Tables the delta creates: indexes and keys on them are part of creating them. */
function newTables(expected: Expected[]): Set<string> {
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

/** Compare a migration's operations with the delta for its store and target. */
export function checkMigration(source: string, store: Store, target: string): MigrationCheck {
  const operations = migrationOperations(source);
  const expected = expectedDelta(store, target);
  const created = newTables(expected);
  const matches = (o: MigrationOperation, e: Expected) => o.op === e.op && o.name === e.name && (e.table === undefined || o.table === e.table);
  const unexpected = operations.filter((o) => {
    if (expected.some((e) => matches(o, e))) return false;
    // An index or key on a table the delta itself creates (e.g. IX_IdentityProviders_Scheme) is part of that table.
    if ((o.op === 'CreateIndex' || o.op === 'AddPrimaryKey' || o.op === 'AddForeignKey') && o.table && created.has(o.table)) return false;
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
