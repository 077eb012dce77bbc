/**
 * A C# lexer just deep enough to tell code from comments, string and char
 * literals and preprocessor lines. The steps search only code regions, so a
 * connection string or a comment that mentions IdentityServer4 is never touched.
 */

export type RegionKind = 'code' | 'comment' | 'string' | 'char' | 'preprocessor';

export interface Region {
  kind: RegionKind;
  start: number;
  end: number;
}

const isIdentChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_\u00C0-\uFFFF]/u.test(c);

/**
 * Split C# source into regions. String regions include their quotes and prefixes;
 * the holes of interpolated strings are code regions of their own.
 */
export function csharpRegions(text: string): Region[] {
  const out: Region[] = [];
  let codeStart = 0;
  let i = 0;
  const n = text.length;
  let lineStart = true;

  const push = (kind: RegionKind, start: number, end: number) => {
    if (end > start) out.push({ kind, start, end });
  };
  const flushCode = (to: number) => push('code', codeStart, to);

  // Returns the index just past the literal that starts at `at`.
  const readString = (at: number): number => {
    let j = at;
    let dollars = 0;
    let verbatim = false;
    while (text[j] === '$') { dollars++; j++; }
    if (text[j] === '@') { verbatim = true; j++; }
    while (text[j] === '$') { dollars++; j++; }
    // raw string literal: three or more quotes
    let quotes = 0;
    while (text[j + quotes] === '"') quotes++;
    if (quotes >= 3) {
      const fence = '"'.repeat(quotes);
      j += quotes;
      const stringStart = at;
      let partStart = stringStart;
      while (j < n) {
        if (text.startsWith(fence, j)) {
          j += quotes;
          while (text[j] === '"') j++;
          push('string', partStart, j);
          return j;
        }
        if (dollars > 0 && text.startsWith('{'.repeat(dollars), j) && text[j + dollars] !== '{') {
          push('string', partStart, j + dollars);
          const holeEnd = readHole(j + dollars);
          partStart = holeEnd;
          j = holeEnd;
          continue;
        }
        j++;
      }
      push('string', partStart, n);
      return n;
    }
    j++; // opening quote
    let partStart = at;
    while (j < n) {
      const c = text[j];
      if (!verbatim && c === '\\') { j += 2; continue; }
      if (!verbatim && (c === '\n' || c === '\r')) break;
      if (c === '"') {
        if (verbatim && text[j + 1] === '"') { j += 2; continue; }
        j++;
        push('string', partStart, j);
        return j;
      }
      if (dollars > 0 && c === '{') {
        if (text[j + 1] === '{') { j += 2; continue; }
        push('string', partStart, j + 1);
        const holeEnd = readHole(j + 1);
        partStart = holeEnd;
        j = holeEnd;
        continue;
      }
      j++;
    }
    push('string', partStart, j);
    return j;
  };

  // An interpolation hole: code up to the matching '}' (nested strings allowed).
  const readHole = (at: number): number => {
    let depth = 0;
    let j = at;
    let start = at;
    while (j < n) {
      const c = text[j];
      if (c === '"' || ((c === '$' || c === '@') && /^[$@]*"/.test(text.slice(j, j + 4)))) {
        push('code', start, j);
        j = readString(j);
        start = j;
        continue;
      }
      if (c === '{') depth++;
      if (c === '}') {
        if (depth === 0) {
          push('code', start, j);
          return j;
        }
        depth--;
      }
      j++;
    }
    push('code', start, n);
    return n;
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '\n') { lineStart = true; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\uFEFF') { i++; continue; }
    if (lineStart && c === '#') {
      flushCode(i);
      let j = text.indexOf('\n', i);
      if (j === -1) j = n;
      push('preprocessor', i, j);
      codeStart = i = j;
      continue;
    }
    lineStart = false;
    if (c === '/' && text[i + 1] === '/') {
      flushCode(i);
      let j = text.indexOf('\n', i);
      if (j === -1) j = n;
      push('comment', i, j);
      codeStart = i = j;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      flushCode(i);
      let j = text.indexOf('*/', i + 2);
      j = j === -1 ? n : j + 2;
      push('comment', i, j);
      codeStart = i = j;
      continue;
    }
    if ((c === '"' || ((c === '@' || c === '$') && /^[$@]+"/.test(text.slice(i, i + 8)))) && !(c !== '"' && isIdentChar(text[i - 1]))) {
      flushCode(i);
      i = readString(i);
      codeStart = i;
      continue;
    }
    if (c === "'") {
      flushCode(i);
      let j = i + 1;
      while (j < n && text[j] !== "'" && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      j = Math.min(n, j + 1);
      push('char', i, j);
      codeStart = i = j;
      continue;
    }
    i++;
  }
  flushCode(n);
  return out;
}

/**
 * The text with every non-code character replaced by a space (line breaks kept),
 * so that plain searches over it see only code at the original offsets.
 */
export function codeMask(text: string, regions: readonly Region[] = csharpRegions(text)): string {
  const chars = text.split('');
  for (const r of regions) {
    if (r.kind === 'code') continue;
    for (let k = r.start; k < r.end; k++) if (chars[k] !== '\n' && chars[k] !== '\r') chars[k] = ' ';
  }
  return chars.join('');
}
