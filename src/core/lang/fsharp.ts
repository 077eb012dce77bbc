/**
 * F#: code versus comments (`//` and nestable `(* *)`), strings ("...",
 * @"..." verbatim, """...""" triple-quoted, $ interpolated taken whole) and
 * char literals. A quote is only a char literal where it closes one character
 * later ('a', '\n'): F# also uses ' for type variables ('T) and in names (x').
 */

import { isIdentChar, type Region } from './csharp.js';

export function fsharpRegions(text: string): Region[] {
  const out: Region[] = [];
  const n = text.length;
  let codeStart = 0;
  let i = 0;
  const push = (kind: Region['kind'], start: number, end: number) => {
    if (end > start) out.push({ kind, start, end });
  };
  const region = (kind: Region['kind'], end: number) => {
    push('code', codeStart, i);
    push(kind, i, end);
    codeStart = i = end;
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      const j = text.indexOf('\n', i);
      region('comment', j === -1 ? n : j);
      continue;
    }
    // (*) is the multiplication operator as a value, not a comment
    if (c === '(' && text[i + 1] === '*' && text[i + 2] !== ')') {
      let depth = 0;
      let j = i;
      while (j < n) {
        if (text[j] === '(' && text[j + 1] === '*') { depth++; j += 2; continue; }
        if (text[j] === '*' && text[j + 1] === ')') { depth--; j += 2; if (depth === 0) break; continue; }
        j++;
      }
      region('comment', Math.min(n, j));
      continue;
    }
    if ((c === '$' || c === '@') && !isIdentChar(text[i - 1])) {
      let j = i;
      while (text[j] === '$' || text[j] === '@') j++;
      if (text[j] === '"') {
        region('string', readString(text, j, text.slice(i, j).includes('@')));
        continue;
      }
    }
    if (c === '"') {
      region('string', readString(text, i, false));
      continue;
    }
    if (c === "'" && !isIdentChar(text[i - 1])) {
      const m = /^'(?:\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-9]{3}|.)|[^'\\\n])'/.exec(text.slice(i, i + 12));
      if (m) {
        region('char', i + m[0].length);
        continue;
      }
    }
    i++;
  }
  push('code', codeStart, n);
  return out;
}

function readString(text: string, quote: number, verbatim: boolean): number {
  const n = text.length;
  if (text.startsWith('"""', quote)) {
    const e = text.indexOf('"""', quote + 3);
    return e === -1 ? n : e + 3;
  }
  let j = quote + 1;
  while (j < n) {
    const c = text[j];
    if (!verbatim && c === '\\') { j += 2; continue; }
    if (c === '"') {
      if (verbatim && text[j + 1] === '"') { j += 2; continue; }
      return j + 1;
    }
    j++;
  }
  return n;
}
