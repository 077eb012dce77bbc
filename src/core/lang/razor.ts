/**
 * Razor (.cshtml, .razor): which parts are C# and which are markup. Directives
 * (`@using`, `@model`, `@inject`, `@inherits`, ...), `@{ }`, `@( )`, control
 * blocks, `@functions { }` / `@code { }` and implicit expressions (`@X.Y`,
 * `@typeof(...)`) are code; HTML text and attribute values are markup, except
 * for the `@` expressions inside them. Transition rules follow the ASP.NET Core
 * "Razor syntax reference" (`@@` escapes, an `@` between letters is an e-mail).
 */

import { isIdentChar, lexCSharp, type Region } from './csharp.js';

const LINE_DIRECTIVES = new Set([
  'model', 'inject', 'inherits', 'namespace', 'implements', 'layout', 'typeparam', 'page', 'attribute',
  'preservewhitespace', 'rendermode', 'addTagHelper', 'removeTagHelper', 'tagHelperPrefix',
]);
const BLOCK_DIRECTIVES = new Set(['functions', 'code']);
const CONTROL = new Set(['if', 'for', 'foreach', 'while', 'switch', 'lock', 'try', 'do']);
const CONTINUATIONS = new Set(['else', 'catch', 'finally', 'while']);
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', '!doctype']);

export function razorRegions(text: string): Region[] {
  const out: Region[] = [];
  new RazorLexer(text, out).markup(0, text.length, false);
  return out;
}

class RazorLexer {
  constructor(
    private readonly text: string,
    private readonly out: Region[],
  ) {}

  private push(kind: Region['kind'], start: number, end: number): void {
    if (end <= start) return;
    const last = this.out[this.out.length - 1];
    if (last && last.kind === kind && last.end === start) last.end = end;
    else this.out.push({ kind, start, end });
  }

  private lineEnd(at: number, to: number): number {
    const j = this.text.indexOf('\n', at);
    return j === -1 || j > to ? to : j;
  }

  private readonly hook = (at: number): number => this.markupInCode(at);

  /** C# up to the closer of a block/expression; returns the offset after the closer. */
  private code(from: number, stop: '}' | ')' | ']'): number {
    const end = lexCSharp(this.text, this.out, from, this.text.length, { stop, markup: this.hook });
    this.push('code', end, Math.min(this.text.length, end + 1));
    return Math.min(this.text.length, end + 1);
  }

  /**
   * Markup from `from` to `to`. With `inBraces`, stops at an unmatched '}'
   * (a `@section { }` body) and returns its offset.
   */
  markup(from: number, to: number, inBraces: boolean): number {
    const t = this.text;
    let i = from;
    let start = from;
    let braces = 0;
    while (i < to) {
      const c = t[i];
      if (inBraces && c === '{') braces++;
      if (inBraces && c === '}') {
        if (braces === 0) {
          this.push('markup', start, i);
          return i;
        }
        braces--;
      }
      if (c !== '@') { i++; continue; }
      const next = t[i + 1];
      if (next === '@') { i += 2; continue; }
      if (isIdentChar(t[i - 1]) && isIdentChar(next)) { i++; continue; } // an e-mail address
      this.push('markup', start, i + 1); // the '@' itself is not C#
      i = this.transition(i + 1, to);
      start = i;
    }
    this.push('markup', start, to);
    return to;
  }

  /** After an '@' in markup: returns where markup resumes. */
  private transition(at: number, to: number): number {
    const t = this.text;
    const c = t[at];
    if (c === '*') {
      const e = t.indexOf('*@', at + 1);
      const end = e === -1 ? to : e + 2;
      this.push('comment', at - 1, end);
      return end;
    }
    if (c === '{') {
      this.push('code', at, at + 1);
      return this.code(at + 1, '}');
    }
    if (c === '(') {
      this.push('code', at, at + 1);
      return this.code(at + 1, ')');
    }
    if (c === ':') return at; // `@:` outside a code block is just text
    if (!isIdentChar(c)) return at;
    let e = at;
    while (e < to && isIdentChar(t[e])) e++;
    const word = t.slice(at, e);
    if (word === 'using') {
      const after = this.skipSpaces(e);
      if (t[after] === '(') return this.control(at);
      return this.lineOfCode(at, to);
    }
    if (LINE_DIRECTIVES.has(word)) return this.lineOfCode(at, to);
    if (BLOCK_DIRECTIVES.has(word)) {
      const open = this.skipSpaces(e, true);
      if (t[open] !== '{') return this.lineOfCode(at, to);
      this.push('code', at, open + 1);
      return this.code(open + 1, '}');
    }
    if (word === 'section') {
      const open = t.indexOf('{', e);
      if (open === -1) return this.lineOfCode(at, to);
      this.push('code', at, open + 1);
      const close = this.markup(open + 1, to, true);
      this.push('markup', close, Math.min(to, close + 1));
      return Math.min(to, close + 1);
    }
    if (CONTROL.has(word)) return this.control(at);
    return this.implicit(at, to);
  }

  private skipSpaces(at: number, newlines = false): number {
    let j = at;
    while (j < this.text.length && (this.text[j] === ' ' || this.text[j] === '\t' || (newlines && (this.text[j] === '\n' || this.text[j] === '\r')))) j++;
    return j;
  }

  private lineOfCode(at: number, to: number): number {
    const end = this.lineEnd(at, to);
    lexCSharp(this.text, this.out, at, end);
    return end;
  }

  /** `@if (...) { ... } else { ... }` and friends: header and blocks are code. */
  private control(at: number): number {
    const t = this.text;
    let i = at;
    const isDo = t.startsWith('do', at) && !isIdentChar(t[at + 2]);
    for (;;) {
      // the header runs to the block's opening brace, outside parentheses and strings
      const open = lexCSharp(t, this.out, i, t.length, { stop: '{' });
      if (open >= t.length) return t.length;
      this.push('code', open, open + 1);
      i = this.code(open + 1, '}');
      const k = this.skipSpaces(i, true);
      let e = k;
      while (isIdentChar(t[e])) e++;
      const word = t.slice(k, e);
      // `while` continues only a do-block; after any other block it is markup text
      if (!CONTINUATIONS.has(word) || (word === 'while') !== isDo) return i;
      if (word === 'while') {
        // do { } while (...);
        const semi = t.indexOf(';', e);
        const end = semi === -1 ? t.length : semi + 1;
        lexCSharp(t, this.out, i, end);
        return end;
      }
    }
  }

  /** `@Model.Name`, `@typeof(X).Name`, `@Html.Raw(x)[0]`, `@await Foo()`. */
  private implicit(at: number, to: number): number {
    const t = this.text;
    let i = at;
    let e = i;
    while (e < to && isIdentChar(t[e])) e++;
    if (t.slice(i, e) === 'await' && t[e] === ' ') {
      e++;
      i = e;
      while (e < to && isIdentChar(t[e])) e++;
    }
    let from = at;
    for (;;) {
      const c = t[e];
      if (c === '(' || c === '[') {
        lexCSharp(t, this.out, from, e + 1);
        e = this.code(e + 1, c === '(' ? ')' : ']');
        from = e;
        continue;
      }
      if (c === '.' && isIdentChar(t[e + 1])) {
        e++;
        while (e < to && isIdentChar(t[e])) e++;
        continue;
      }
      break;
    }
    lexCSharp(t, this.out, from, e);
    return e;
  }

  /** Markup that starts a statement inside a code block: an element, `<text>`, or an `@:` line. */
  private markupInCode(at: number): number {
    const t = this.text;
    if (t[at] === '@') {
      const end = this.lineEnd(at, t.length);
      this.push('markup', at, at + 2);
      return this.markup(at + 2, end, false);
    }
    const m = /^<([A-Za-z!][\w:.-]*)/.exec(t.slice(at, at + 100));
    if (!m) return -1;
    const name = m[1]!.toLowerCase();
    const tag = /<(\/?)([A-Za-z!][\w:.-]*)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;
    tag.lastIndex = at;
    let depth = 0;
    let end = -1;
    for (let mm = tag.exec(t); mm; mm = tag.exec(t)) {
      if (mm[2]!.toLowerCase() !== name) {
        if (depth === 0) break;
        continue;
      }
      const closing = mm[1] === '/';
      const selfClosing = mm[3] === '/' || VOID_ELEMENTS.has(name);
      if (closing) depth--;
      else if (!selfClosing) depth++;
      if (depth <= 0) {
        end = mm.index + mm[0].length;
        break;
      }
    }
    if (end === -1) end = this.lineEnd(at, t.length);
    return this.markup(at, end, false);
  }
}
