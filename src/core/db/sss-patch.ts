/**
 * Duende 7.0 widens ServerSideSessions.Id (the primary key) from int to bigint.
 * On a database that already has the table (created by 6.1–6.3), SQL Server
 * refuses the generated AlterColumn while the primary key holds the column, so
 * the generated migration gets a DropPrimaryKey before and an AddPrimaryKey
 * after each such AlterColumn (in Up and in Down). A splice: nothing else moves.
 */
import { matching } from '../api/csharp-scan.js';
import { codeMask } from '../lang/csharp.js';
import { applySplices } from '../text/edit.js';
import type { Splice } from '../types.js';
import { columnTypeOf } from './schema-delta.js';

const TABLE = 'ServerSideSessions';
const KEY = `PK_${TABLE}`;

/** The pair widens the key of an existing ServerSideSessions table. */
export function needsServerSideSessionsPatch(source: string, target: string): boolean {
  return columnTypeOf('operational', source, TABLE, 'Id') === 'int' && columnTypeOf('operational', target, TABLE, 'Id') === 'bigint';
}

export type PatchResult = { kind: 'patched'; text: string } | { kind: 'already' } | { kind: 'no-alter' };

/** The migration's source with the key dropped and re-added around every AlterColumn of ServerSideSessions.Id. */
export function patchServerSideSessionsKey(source: string): PatchResult {
  const mask = codeMask(source);
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const splices: Splice[] = [];
  let alters = 0;
  let patched = 0;
  const call = /\b(\w+)\s*\.\s*AlterColumn\s*<[^>(]*>\s*\(/g;
  for (let m = call.exec(mask); m; m = call.exec(mask)) {
    const open = m.index + m[0].length - 1;
    const close = matching(mask, open);
    if (close === -1) continue;
    const args = source.slice(open, close);
    if (!/\bname\s*:\s*"Id"/.test(args) || !new RegExp(`\\btable\\s*:\\s*"${TABLE}"`).test(args)) continue;
    alters++;
    const semi = mask.indexOf(';', close);
    if (semi === -1) continue;
    const builder = m[1]!;
    const lineStart = source.lastIndexOf('\n', m.index) + 1;
    const indent = /^[ \t]*/.exec(source.slice(lineStart))![0];
    // already patched: a DropPrimaryKey of this key right before it
    const before = mask.slice(Math.max(0, lineStart - 400), lineStart);
    if (new RegExp(`DropPrimaryKey\\s*\\([^;]*;\\s*$`).test(before) && source.slice(Math.max(0, lineStart - 400), lineStart).includes(`"${KEY}"`)) {
      patched++;
      continue;
    }
    const drop = `${indent}${builder}.DropPrimaryKey(${eol}${indent}    name: "${KEY}",${eol}${indent}    table: "${TABLE}");${eol}${eol}`;
    const add = `${eol}${eol}${indent}${builder}.AddPrimaryKey(${eol}${indent}    name: "${KEY}",${eol}${indent}    table: "${TABLE}",${eol}${indent}    column: "Id");`;
    splices.push({ start: lineStart, end: lineStart, text: drop }, { start: semi + 1, end: semi + 1, text: add });
  }
  if (alters === 0) return { kind: 'no-alter' };
  if (splices.length === 0) return patched > 0 ? { kind: 'already' } : { kind: 'no-alter' };
  return { kind: 'patched', text: applySplices(source, splices) };
}
