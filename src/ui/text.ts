import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/** Plain-text helpers for a fixed-height layout: every line the UI prints is measured here first. */

/**
 * Widths are terminal columns, measured with the libraries Ink itself uses
 * (string-width, wrap-ansi, cli-truncate): a CJK character or an emoji takes two
 * columns, a combining mark none, so what is measured here is what Ink draws.
 */

/** Word-wrap to `width` columns, at most `max` lines; the last kept line ends in "…" when text was cut. */
export function wrap(text: string, width: number, max = Infinity): string[] {
  const w = Math.max(width, 10);
  const lines: string[] = [];
  for (const para of text.replace(/\t/g, '    ').split('\n')) {
    const words = para.split(/\s+/).filter(Boolean).join(' ');
    // hard: a word longer than the line is cut at the column, as a path or a URL must be
    lines.push(...(words ? wrapAnsi(words, w, { hard: true, trim: true }).split('\n') : ['']));
  }
  if (lines.length > max) {
    const kept = lines.slice(0, max);
    const last = kept[max - 1] ?? '';
    kept[max - 1] = stringWidth(last) >= w ? truncate(last, w, 'end') : `${last}…`;
    return kept;
  }
  return lines;
}

/** Cut to `width` columns with "…"; tabs become spaces so columns stay true. */
export function clip(text: string, width: number): string {
  const t = text.replace(/\t/g, '    ');
  if (width <= 0) return '';
  return truncate(t, width, 'end');
}

/**
 * cli-truncate, held to the width: where a two-column character straddles the
 * cut it can give one column more, so cut again one column shorter.
 */
function truncate(text: string, width: number, position: 'start' | 'end'): string {
  if (stringWidth(text) <= width) return text;
  for (let w = width; w > 0; w--) {
    const cut = cliTruncate(text, w, { position });
    if (stringWidth(cut) <= width) return cut;
  }
  return '';
}

/** The width of a text in terminal columns. */
export function columns(text: string): number {
  return stringWidth(text.replace(/\t/g, '    '));
}

/**
 * Hard-wrap one line at exactly `width` columns (no word breaking), at most `max`
 * rows, the last ending in "…" when the line goes on: for code, where every
 * column counts and a changed token must stay in view.
 */
export function fold(text: string, width: number, max = Infinity): string[] {
  const w = Math.max(width, 1);
  const t = text.replace(/\t/g, '    ');
  if (stringWidth(t) <= w) return [t];
  const rows = wrapAnsi(t, w, { hard: true, trim: false, wordWrap: false }).split('\n');
  if (rows.length <= max) return rows;
  const kept = rows.slice(0, max);
  kept[max - 1] = truncate(`${kept[max - 1]}…`, w, 'end');
  return kept;
}

/** Word-wrapped like wrap(), but a word wider than the line is broken, not cut: a connection string stays whole. */
export function wrapHard(text: string, width: number, max = Infinity): string[] {
  const rows = wrapAnsi(text, Math.max(width, 1), { hard: true }).split('\n');
  if (rows.length <= max) return rows;
  const kept = rows.slice(0, max);
  kept[max - 1] = truncate(`${kept[max - 1]}…`, width, 'end');
  return kept;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Cut from the left, keeping the end ("…/Migrations/Snapshot.cs:22"): for paths, whose end says most. */
export function clipStart(text: string, width: number): string {
  if (width <= 0) return '';
  return truncate(text, width, 'start');
}
