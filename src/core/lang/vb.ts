/**
 * Visual Basic: code versus comments (`'` or `REM` to the end of the line),
 * strings ("" doubles a quote; no backslash escapes) and `#Region`-style
 * directive lines. Enough to find `Imports IdentityServer4...` and qualified names.
 */

import { isIdentChar, type Region } from './csharp.js';

export function vbRegions(text: string): Region[] {
  const out: Region[] = [];
  const n = text.length;
  let codeStart = 0;
  let i = 0;
  let lineStart = true;
  const push = (kind: Region['kind'], start: number, end: number) => {
    if (end > start) out.push({ kind, start, end });
  };
  const lineEnd = (at: number) => {
    const j = text.indexOf('\n', at);
    return j === -1 ? n : j;
  };
  const toLineEnd = (kind: Region['kind']) => {
    push('code', codeStart, i);
    const j = lineEnd(i);
    push(kind, i, j);
    codeStart = i = j;
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') { lineStart = true; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') { i++; continue; }
    if (lineStart && c === '#') { toLineEnd('preprocessor'); continue; }
    const wasLineStart = lineStart;
    lineStart = false;
    // ' and its typographic forms start a comment (VB language reference, "Comments in Code")
    if (c === "'" || c === '\u2018' || c === '\u2019') { toLineEnd('comment'); continue; }
    if ((wasLineStart || text[i - 1] === ':' || text[i - 1] === ' ') && /^rem\b/i.test(text.slice(i, i + 4)) && !isIdentChar(text[i + 3])) {
      toLineEnd('comment');
      continue;
    }
    if (c === '"' || (c === '$' && text[i + 1] === '"')) {
      push('code', codeStart, i);
      let j = i + (c === '$' ? 2 : 1);
      while (j < n && text[j] !== '\n') {
        if (text[j] === '"') {
          if (text[j + 1] === '"') { j += 2; continue; }
          j++;
          // a trailing c makes a Char literal: "x"c
          if ((text[j] === 'c' || text[j] === 'C') && !isIdentChar(text[j + 1])) j++;
          break;
        }
        j++;
      }
      push('string', i, j);
      codeStart = i = j;
      continue;
    }
    i++;
  }
  push('code', codeStart, n);
  return out;
}
