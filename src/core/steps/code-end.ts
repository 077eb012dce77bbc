import type { Lexed } from '../lang/index.js';

const WS = /[ \t\r\n\f\v]/;

/**
 * The offset of the last character of code before `to` (exclusive), not before
 * `from`: whitespace and comments are passed over, but a string or char literal
 * counts as code (the mask blanks it, so reading the mask alone would walk into it).
 * Returns `from` when there is nothing but whitespace and comments.
 */
export function lastCodeBefore(lexed: Lexed, from: number, to: number): number {
  const m = lexed.mask;
  const literals = lexed.regions.filter((r) => (r.kind === 'string' || r.kind === 'char') && r.start < to && r.end > from);
  for (let j = to - 1; j > from; j--) {
    if (!WS.test(m[j]!)) return j;
    if (literals.some((r) => r.start <= j && j < r.end)) return j;
  }
  return from;
}
