/**
 * Small reading aids over a C# code mask (comments and literals blanked, offsets
 * kept): identifiers, brackets, argument lists, type declarations. Enough for
 * the API rewrites to find what they change without a full parser.
 */
import { isIdentChar } from '../lang/csharp.js';

const WS = /[ \t\r\n\f\v]/;

export function skipWs(text: string, at: number): number {
  let j = at;
  while (j < text.length && WS.test(text[j]!)) j++;
  return j;
}

export function skipWsBack(text: string, at: number): number {
  let j = at;
  while (j >= 0 && WS.test(text[j]!)) j--;
  return j;
}

/** Offsets of `name` as a whole identifier in the mask. */
export function identifiers(mask: string, name: string): number[] {
  const out: number[] = [];
  for (let at = mask.indexOf(name); at !== -1; at = mask.indexOf(name, at + 1)) {
    if (isIdentChar(mask[at - 1]) || isIdentChar(mask[at + name.length])) continue;
    out.push(at);
  }
  return out;
}

/** The bracket that closes the one at `open` ('(' '[' '{'), or -1. */
export function matching(mask: string, open: number): number {
  const o = mask[open]!;
  const c = o === '(' ? ')' : o === '[' ? ']' : '}';
  let depth = 0;
  for (let j = open; j < mask.length; j++) {
    if (mask[j] === o) depth++;
    else if (mask[j] === c && --depth === 0) return j;
  }
  return -1;
}

/** Top-level arguments between an '(' and its ')': [start, end) of each, trimmed; [] for none. */
export function argumentsOf(mask: string, open: number, close: number, angle = false): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let depth = 0;
  let start = open + 1;
  const push = (end: number) => {
    const s = skipWs(mask, start);
    const e = skipWsBack(mask, end - 1) + 1;
    out.push({ start: s, end: Math.max(s, e) });
  };
  for (let j = open + 1; j < close; j++) {
    const c = mask[j]!;
    if (c === '(' || c === '[' || c === '{' || (angle && c === '<')) depth++;
    else if (c === ')' || c === ']' || c === '}' || (angle && c === '>')) depth--;
    else if (c === ',' && depth === 0) {
      push(j);
      start = j + 1;
    }
  }
  if (out.length > 0 || mask.slice(open + 1, close).trim() !== '') push(close);
  return out;
}

/** A named argument (`name: value`), which the rewrites leave to a person. */
export function isNamedArgument(mask: string, arg: { start: number; end: number }): boolean {
  return /^@?[A-Za-z_]\w*\s*:(?!:)/.test(mask.slice(arg.start, arg.end));
}

export interface TypeDecl {
  kind: string;
  name: string;
  /** Offset of the keyword. */
  at: number;
  /** Identifiers of the base list, generic arguments left out (`ConfigurationDbContext<X>` → ConfigurationDbContext). */
  bases: string[];
  /** The base list as written (mask), for finding generic arguments. */
  baseText: string;
  open: number;
  close: number;
}

const KINDS = /\b(class|struct|record|interface|enum)\s+([A-Za-z_]\w*)/g;

/** Every type declaration in the mask with its body span. */
export function typeDecls(mask: string): TypeDecl[] {
  const out: TypeDecl[] = [];
  for (const m of mask.matchAll(KINDS)) {
    const at = m.index!;
    if (m[1] === 'class' && /\bwhere\s+\w+\s*:\s*$/.test(mask.slice(Math.max(0, at - 60), at))) continue; // `where T : class`
    let j = at + m[0].length;
    // header up to '{' (or ';' for a positional record without body)
    let depth = 0;
    for (; j < mask.length; j++) {
      const c = mask[j]!;
      if (c === '(' || c === '<') depth++;
      else if (c === ')' || c === '>') depth--;
      else if (depth === 0 && (c === '{' || c === ';')) break;
    }
    if (mask[j] !== '{') continue;
    const header = mask.slice(at + m[0].length, j);
    const colon = topLevelColon(header);
    const baseText = colon === -1 ? '' : header.slice(colon + 1).replace(/\bwhere\b[\s\S]*$/, '');
    const bases = colon === -1 ? [] : splitTop(baseText).map((b) => /^\s*(?:global::)?(?:[A-Za-z_]\w*\s*\.\s*)*([A-Za-z_]\w*)/.exec(b)?.[1]).filter((x): x is string => !!x);
    const close = matching(mask, j);
    if (close === -1) continue;
    out.push({ kind: m[1]!, name: m[2]!, at, bases, baseText, open: j, close });
  }
  return out;
}

function topLevelColon(header: string): number {
  let depth = 0;
  for (let i = 0; i < header.length; i++) {
    const c = header[i]!;
    if (c === '(' || c === '<') depth++;
    else if (c === ')' || c === '>') depth--;
    else if (c === ':' && depth === 0 && header[i + 1] !== ':' && header[i - 1] !== ':') return i;
  }
  return -1;
}

function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of text) {
    if (c === '<' || c === '(') depth++;
    if (c === '>' || c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The innermost type declaration whose body holds `at`. */
export function enclosingType(types: readonly TypeDecl[], at: number): TypeDecl | undefined {
  let best: TypeDecl | undefined;
  for (const t of types) if (t.open < at && at < t.close && (!best || t.open > best.open)) best = t;
  return best;
}

/**
 * Names declared with the given type in the mask: fields, properties, parameters
 * and locals (`IClientStore store`, `private readonly IClientStore _store;`).
 */
export function namesOfType(mask: string, type: string): Set<string> {
  const out = new Set<string>();
  const re = new RegExp(`(?<![\\w.])(?:[A-Za-z_][\\w]*\\s*\\.\\s*)*${type}(?:\\s*<[^;{}()]*?>)?\\s*\\??\\s+(@?[A-Za-z_]\\w*)\\s*(?=[;,=)\\{]|$)`, 'gm');
  for (const m of mask.matchAll(re)) out.add(m[1]!.replace(/^@/, ''));
  return out;
}

/** The simple receiver before a '.' at `dot`: `HttpContext`, `this.HttpContext`, `_ctx.Http`; undefined for calls and indexers. */
export function receiverBefore(mask: string, dot: number): { start: number; text: string } | undefined {
  let j = skipWsBack(mask, dot - 1);
  const end = j + 1;
  if (!isIdentChar(mask[j])) return undefined;
  for (;;) {
    while (j >= 0 && isIdentChar(mask[j])) j--;
    const k = skipWsBack(mask, j);
    if (mask[k] === '.' && isIdentChar(mask[skipWsBack(mask, k - 1)])) {
      j = skipWsBack(mask, k - 1);
      continue;
    }
    break;
  }
  const start = j + 1;
  return { start, text: mask.slice(start, end) };
}

export function lineIndent(text: string, at: number): string {
  const ls = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(ls))![0];
}
