/**
 * A C# lexer just deep enough to tell code from comments, string and char
 * literals and preprocessor lines. The steps search only code regions, so a
 * connection string or a comment that mentions IdentityServer4 is never touched.
 *
 * The same lexer reads the C# inside Razor files: it can stop at the brace or
 * parenthesis that closes a Razor block, and hand markup inside a code block
 * back to the Razor lexer through a hook.
 */

export type RegionKind = 'code' | 'comment' | 'string' | 'char' | 'preprocessor' | 'markup';

export interface Region {
  kind: RegionKind;
  start: number;
  end: number;
}

/**
 * Letters, digits and underscore, and any non-ASCII character: files in legacy
 * encodings arrive as byte views whose non-ASCII bytes are private-use chars,
 * which may well be letters of an identifier in the original encoding.
 */
export const isIdentChar = (c: string | undefined): boolean =>
  c !== undefined && (/[A-Za-z0-9_]/.test(c) || c.charCodeAt(0) > 0x7f);

export interface CSharpLexOptions {
  /**
   * Stop at this bracket when it is not nested (the closer of a Razor `@{ }` or
   * `@( )`, or the '{' that opens a Razor control block); its offset is returned.
   */
  stop?: '}' | ')' | ']' | '{';
  /**
   * Razor: called where a statement may start inside a code block; returns the
   * end of the markup that starts at `at` (having pushed its regions), or -1.
   */
  markup?: (at: number) => number;
}

/**
 * Lex C# from `from` up to `to` (or the `stop` closer), pushing regions to `out`.
 * Returns where it stopped: the closer's offset, or `to`.
 */
export function lexCSharp(text: string, out: Region[], from = 0, to = text.length, options: CSharpLexOptions = {}): number {
  const n = to;
  let codeStart = from;
  let i = from;
  let lineStart = true;
  let depth = 0;
  // the last code character that was not white space: markup may follow { } ; in Razor
  let lastSignificant = '{';

  const push = (kind: RegionKind, start: number, end: number) => {
    if (end <= start) return;
    const last = out[out.length - 1];
    if (last && last.kind === kind && last.end === start) last.end = end;
    else out.push({ kind, start, end });
  };
  const flushCode = (upTo: number) => push('code', codeStart, upTo);
  const lineEnd = (at: number) => {
    const j = text.indexOf('\n', at);
    return j === -1 || j > n ? n : j;
  };

  // A quote, or a $/@ prefix run that ends in a quote.
  const startsString = (at: number): boolean => {
    const c = text[at];
    if (c === '"') return true;
    if (c !== '$' && c !== '@') return false;
    if (isIdentChar(text[at - 1])) return false;
    let j = at;
    while (j < n && (text[j] === '$' || text[j] === '@')) j++;
    return text[j] === '"' && j - at <= 12;
  };

  // A char literal: 'x', '\'', '\u0041', '"'. Returns its end, or -1.
  const readChar = (at: number): number => {
    let j = at + 1;
    while (j < n && text[j] !== "'" && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
    return Math.min(n, j + 1);
  };

  // Returns the index just past the literal that starts at `at`.
  const readString = (at: number): number => {
    let j = at;
    let dollars = 0;
    let verbatim = false;
    while (text[j] === '$' || text[j] === '@') {
      if (text[j] === '$') dollars++;
      else verbatim = true;
      j++;
    }
    let quotes = 0;
    while (j + quotes < n && text[j + quotes] === '"') quotes++;
    let partStart = at;
    if (quotes >= 3) {
      // raw string literal (C# 11): a fence of three or more quotes; with N dollars
      // a hole opens with N braces, and fewer braces are content
      const fence = '"'.repeat(quotes);
      j += quotes;
      while (j < n) {
        if (text.startsWith(fence, j)) {
          j += quotes;
          push('string', partStart, j);
          return j;
        }
        if (dollars > 0 && text[j] === '{') {
          let run = 0;
          while (text[j + run] === '{') run++;
          if (run >= dollars) {
            // the last `dollars` braces open the hole; any before them are content
            const holeStart = j + run;
            push('string', partStart, holeStart);
            j = readHole(holeStart, true);
            partStart = j;
            continue;
          }
          j += run;
          continue;
        }
        j++;
      }
      push('string', partStart, n);
      return n;
    }
    j++; // the opening quote
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
        // C# 11 allows line breaks inside the holes of any interpolated string
        j = readHole(j + 1, true);
        partStart = j;
        continue;
      }
      j++;
    }
    push('string', partStart, j);
    return j;
  };

  // An interpolation hole: code up to the '}' that closes it. Nested strings,
  // char literals and comments are lexed; `,alignment` is code; `:format` up to
  // the closing brace is literal text. (A conditional ?: must be parenthesised
  // inside a hole, C# spec "Interpolated strings", so a bare ':' starts the format.)
  const readHole = (at: number, multiLine: boolean): number => {
    let nest = 0;
    let j = at;
    let start = at;
    while (j < n) {
      const c = text[j]!;
      if (startsString(j)) {
        push('code', start, j);
        j = readString(j);
        start = j;
        continue;
      }
      if (c === "'") {
        push('code', start, j);
        const charStart = j;
        j = readChar(j);
        push('char', charStart, j);
        start = j;
        continue;
      }
      if (c === '/' && text[j + 1] === '*') {
        push('code', start, j);
        const commentStart = j;
        const e = text.indexOf('*/', j + 2);
        j = e === -1 || e + 2 > n ? n : e + 2;
        // the comment alone: the code before it was pushed just above and stays code
        push('comment', commentStart, j);
        start = j;
        continue;
      }
      if (multiLine && c === '/' && text[j + 1] === '/') {
        // C# 11: a hole may span lines, and a line comment inside it ends at the line break
        push('code', start, j);
        const commentStart = j;
        j = lineEnd(j);
        push('comment', commentStart, j);
        start = j;
        continue;
      }
      if (!multiLine && c === '\n') {
        push('code', start, j);
        return j;
      }
      if (c === '(' || c === '[' || c === '{') nest++;
      else if (c === ')' || c === ']') nest = Math.max(0, nest - 1);
      else if (c === '}') {
        if (nest === 0) {
          push('code', start, j);
          return j;
        }
        nest--;
      } else if (c === ':' && nest === 0 && text[j + 1] !== ':' && text[j - 1] !== ':') {
        push('code', start, j);
        let e = j;
        while (e < n && text[e] !== '}' && (multiLine || text[e] !== '\n')) e++;
        push('string', j, e);
        return e;
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
      const j = lineEnd(i);
      push('preprocessor', i, j);
      codeStart = i = j;
      continue;
    }
    lineStart = false;
    if (c === '/' && text[i + 1] === '/') {
      flushCode(i);
      const j = lineEnd(i);
      push('comment', i, j);
      codeStart = i = j;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      flushCode(i);
      const e = text.indexOf('*/', i + 2);
      const j = e === -1 || e + 2 > n ? n : e + 2;
      push('comment', i, j);
      codeStart = i = j;
      continue;
    }
    if (startsString(i)) {
      flushCode(i);
      i = readString(i);
      codeStart = i;
      lastSignificant = '"';
      continue;
    }
    if (c === "'") {
      flushCode(i);
      const j = readChar(i);
      push('char', i, j);
      codeStart = i = j;
      lastSignificant = "'";
      continue;
    }
    if (options.markup && (lastSignificant === '{' || lastSignificant === '}' || lastSignificant === ';') && (c === '<' || (c === '@' && text[i + 1] === ':'))) {
      flushCode(i);
      codeStart = i;
      const end = options.markup(i);
      if (end > i) {
        // the hook pushed the markup's regions; code resumes after it
        codeStart = i = end;
        lastSignificant = ';';
        continue;
      }
    }
    if (depth === 0 && options.stop === c) {
      flushCode(i);
      return i;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    lastSignificant = c;
    i++;
  }
  flushCode(n);
  return n;
}

/**
 * Split C# source into regions. String regions include their quotes and prefixes;
 * the holes of interpolated strings are code regions of their own.
 */
export function csharpRegions(text: string): Region[] {
  const out: Region[] = [];
  lexCSharp(text, out);
  return out;
}

/**
 * The text with every non-code character replaced by a space (line breaks kept),
 * so that plain searches over it see only code at the original offsets.
 */
export function codeMask(text: string, regions: readonly Region[] = csharpRegions(text)): string {
  // Slices of the original joined once: a per-character array of a large file
  // cost more than the lexing itself (issue 5's profile).
  const parts: string[] = [];
  let pos = 0;
  for (const r of regions) {
    if (r.kind === 'code' || r.end <= pos) continue;
    const start = Math.max(r.start, pos);
    parts.push(text.slice(pos, start), text.slice(start, r.end).replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length)));
    pos = r.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}
