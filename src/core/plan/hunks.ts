import type { Splice } from '../types.js';

/**
 * A unified diff cut straight from a change's splices (issue 16), byte for byte
 * what `createTwoFilesPatch(oldName, newName, text, after, undefined, undefined,
 * { context })` of the `diff` package prints, without diffing whole files: the
 * splices already say which lines change.
 *
 * The two agree whenever the changed lines can be lined up only one way. Lines
 * are compared with their line endings, as `diffLines` does. If no removed line
 * occurs anywhere in the new text and no added line anywhere in the old text,
 * only unchanged lines can be matched, and they are the same lines in the same
 * order on both sides, so the longest common subsequence (which Myers finds) is
 * exactly the unchanged lines: one alignment, one diff. Otherwise (a blank line
 * removed, a line moved, a `using` added that the file already has further down)
 * several alignments tie and Myers picks one by its own tie-breaks; this returns
 * undefined and the caller runs the diff.
 *
 * `after` is `text` with the splices applied (the caller has it already).
 */
export function patchFromSplices(oldName: string, newName: string, text: string, after: string, splices: readonly Splice[], context: number): string | undefined {
  const blocks = changedBlocks(text, splices);
  if (blocks === undefined) return undefined;
  for (const b of blocks) {
    for (const line of b.removed) if (hasLine(after, line)) return undefined;
    for (const line of b.added) if (hasLine(text, line)) return undefined;
  }
  const out: string[] = ['--- ' + oldName, '+++ ' + newName];
  // Walk the blocks in order with old line numbers; new = old + the lines added so far less those removed.
  let lineNo = 1;
  let scanned = 0;
  let delta = 0;
  let hunk: { oldStart: number; newStart: number; oldEnd: number; lines: string[] } | undefined;
  const close = (h: NonNullable<typeof hunk>, trailing: string[]) => {
    for (const l of trailing) h.lines.push(' ' + l);
    const oldLines = h.oldEnd - h.oldStart + trailing.length;
    const newLines = oldLines + h.lines.reduce((n, l) => n + (l[0] === '+' ? 1 : l[0] === '-' ? -1 : 0), 0);
    // Unified diff: an empty range names the line before it.
    out.push(`@@ -${oldLines === 0 ? h.oldStart - 1 : h.oldStart},${oldLines} +${newLines === 0 ? h.newStart - 1 : h.newStart},${newLines} @@`);
    for (const l of h.lines) {
      if (l.endsWith('\n')) out.push(l.slice(0, -1));
      else out.push(l, '\\ No newline at end of file');
    }
  };
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    // 1-based old line number of the block's first line
    for (let at = text.indexOf('\n', scanned); at !== -1 && at < b.start; at = text.indexOf('\n', at + 1)) {
      lineNo++;
      scanned = at + 1;
    }
    scanned = Math.max(scanned, b.start);
    if (!hunk) {
      const before = linesBefore(text, b.start, context);
      hunk = { oldStart: lineNo - before.length, newStart: lineNo + delta - before.length, oldEnd: lineNo, lines: before.map((l) => ' ' + l) };
    }
    for (const l of b.removed) hunk.lines.push('-' + l);
    for (const l of b.added) hunk.lines.push('+' + l);
    hunk.oldEnd = lineNo + b.removed.length;
    delta += b.added.length - b.removed.length;
    const next = blocks[i + 1];
    // The unchanged lines up to the next block (or the end), as many as the diff would show.
    const gapEnd = next ? next.start : text.length;
    const gap = linesFrom(text, b.end, gapEnd, 2 * context + 1);
    if (next && gap.length <= 2 * context) {
      // close enough: one hunk across the gap
      for (const l of gap) hunk.lines.push(' ' + l);
      hunk.oldEnd += gap.length;
      continue;
    }
    close(hunk, gap.slice(0, context));
    hunk = undefined;
  }
  return out.join('\n') + '\n';
}

interface Block {
  /** Offsets in the old text: whole lines, [start, end). */
  start: number;
  end: number;
  /** Old and new lines of the block, each with its line ending (the last line of a file may have none). */
  removed: string[];
  added: string[];
}

/**
 * The splices grown to whole lines, merged where they touch, each block's old
 * and new lines with the lines that came out the same taken off both ends.
 * Undefined for splices that overlap or run past the text (applySplices refuses those).
 */
function changedBlocks(text: string, splices: readonly Splice[]): Block[] | undefined {
  const sorted = [...splices].sort((a, b) => a.start - b.start || a.end - b.end);
  const blocks: Block[] = [];
  let i = 0;
  while (i < sorted.length) {
    const first = sorted[i]!;
    const start = text.lastIndexOf('\n', first.start - 1) + 1;
    // `replaced` is the new text from `start` to the old offset `at`; the block's old lines end at `end`.
    let replaced = text.slice(start, first.start);
    let at = first.start;
    let end = start;
    for (;;) {
      // every splice on the block's lines, or on the line right after them, joins it
      // (a change there leaves no unchanged line between, so the diff shows one change)
      while (i < sorted.length && text.lastIndexOf('\n', sorted[i]!.start - 1) + 1 <= Math.max(end, at)) {
        const s = sorted[i]!;
        if (s.start < at || s.end < s.start || s.end > text.length) return undefined;
        replaced += text.slice(at, s.start) + s.text;
        at = s.end;
        end = Math.max(end, lineEndAt(text, s.end));
        i++;
      }
      // new text that does not end a line runs on into the next one
      if (end < text.length && !endsLine(replaced + text.slice(at, end))) {
        end = lineEndAt(text, end + 1);
        continue;
      }
      break;
    }
    const removed = lines(text.slice(start, end));
    const added = lines(replaced + text.slice(at, end));
    let head = 0;
    while (head < removed.length && head < added.length && removed[head] === added[head]) head++;
    let tail = 0;
    while (tail < removed.length - head && tail < added.length - head && removed[removed.length - 1 - tail] === added[added.length - 1 - tail]) tail++;
    if (removed.length - head - tail > 0 || added.length - head - tail > 0) {
      let bStart = start;
      for (let k = 0; k < head; k++) bStart += removed[k]!.length;
      let bEnd = end;
      for (let k = 0; k < tail; k++) bEnd -= removed[removed.length - 1 - k]!.length;
      blocks.push({ start: bStart, end: bEnd, removed: removed.slice(head, removed.length - tail), added: added.slice(head, added.length - tail) });
    }
  }
  return blocks;
}

/** Offset just past the line that holds `offset` (its line ending included); `offset` itself at a line start. */
function lineEndAt(text: string, offset: number): number {
  if (offset === 0 || offset >= text.length || text[offset - 1] === '\n') return Math.min(offset, text.length);
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

const endsLine = (t: string) => t.length === 0 || t.endsWith('\n');

/** Lines with their endings, as diffLines tokenizes (a line ends at \n; \r\n is \r then \n). */
function lines(t: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < t.length) {
    const nl = t.indexOf('\n', at);
    const end = nl === -1 ? t.length : nl + 1;
    out.push(t.slice(at, end));
    at = end;
  }
  return out;
}

/** Up to `n` whole lines ending at `offset` (a line start). */
function linesBefore(text: string, offset: number, n: number): string[] {
  let start = offset;
  for (let k = 0; k < n && start > 0; k++) start = text.lastIndexOf('\n', start - 2) + 1;
  return lines(text.slice(start, offset));
}

/** Up to `n` whole lines from `offset` (a line start) to `limit`. */
function linesFrom(text: string, offset: number, limit: number, n: number): string[] {
  const out: string[] = [];
  let at = offset;
  while (at < limit && out.length < n) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 || nl >= limit ? limit : nl + 1;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

/** Whether `line` (with its ending, or the file's unterminated last line) is one of the lines of `t`. */
function hasLine(t: string, line: string): boolean {
  if (!line.endsWith('\n')) return t === line || (t.endsWith(line) && t[t.length - line.length - 1] === '\n');
  for (let at = t.indexOf(line); at !== -1; at = t.indexOf(line, at + 1)) {
    if (at === 0 || t[at - 1] === '\n') return true;
  }
  return false;
}
