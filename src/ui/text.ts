/** Plain-text helpers for a fixed-height layout: every line the UI prints is measured here first. */

/** Word-wrap to `width` columns, at most `max` lines; the last kept line ends in "…" when text was cut. */
export function wrap(text: string, width: number, max = Infinity): string[] {
  const w = Math.max(width, 10);
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      let rest = word;
      while (rest.length > w) {
        if (line) {
          lines.push(line);
          line = '';
        }
        lines.push(rest.slice(0, w));
        rest = rest.slice(w);
      }
      if (!line) line = rest;
      else if (line.length + 1 + rest.length <= w) line += ` ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  if (lines.length > max) {
    const kept = lines.slice(0, max);
    const last = kept[max - 1] ?? '';
    kept[max - 1] = `${last.length >= w ? last.slice(0, w - 1) : last}…`;
    return kept;
  }
  return lines;
}

/** Cut to `width` columns with "…"; tabs become spaces so columns stay true. */
export function clip(text: string, width: number): string {
  const t = text.replace(/\t/g, '    ');
  if (width <= 1) return t.slice(0, Math.max(width, 0));
  return t.length > width ? `${t.slice(0, width - 1)}…` : t;
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
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(text.length - Math.max(width, 0));
  return `…${text.slice(text.length - width + 1)}`;
}
