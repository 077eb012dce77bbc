/** The lexer for a source file, chosen by its extension. */

import { codeMask, csharpRegions, type Region } from './csharp.js';
import { fsharpRegions } from './fsharp.js';
import { razorRegions } from './razor.js';
import { vbRegions } from './vb.js';

export type Language = 'csharp' | 'razor' | 'vb' | 'fsharp';

export function languageOf(path: string): Language | undefined {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'cs') return 'csharp';
  if (ext === 'cshtml' || ext === 'razor') return 'razor';
  if (ext === 'vb') return 'vb';
  if (ext === 'fs' || ext === 'fsx' || ext === 'fsi') return 'fsharp';
  return undefined;
}

export function regionsOf(language: Language, text: string): Region[] {
  switch (language) {
    case 'csharp':
      return csharpRegions(text);
    case 'razor':
      return razorRegions(text);
    case 'vb':
      return vbRegions(text);
    case 'fsharp':
      return fsharpRegions(text);
  }
}

/** A source file's regions and its code mask (non-code blanked, offsets kept). */
export function lexSource(path: string, text: string): { language: Language; regions: Region[]; mask: string } | undefined {
  const language = languageOf(path);
  if (!language) return undefined;
  const regions = regionsOf(language, text);
  return { language, regions, mask: codeMask(text, regions) };
}

export type Lexed = NonNullable<ReturnType<typeof lexSource>>;

/** Anything with a path and decoded text; in practice the workspace's TextFile. */
export interface LexableFile {
  readonly path: string;
  readonly text: string;
}

interface LexEntry {
  text: string;
  lexed: Lexed | undefined;
}

// Keyed by the file object, so a file the workspace forgets (after apply wrote
// it) takes its lex with it; the text is compared too, in case a caller reuses
// an object with new text.
let lexes = new WeakMap<LexableFile, LexEntry>();

/**
 * The file's lex, made once per file object: the EF and signing detectors, the
 * namespaces step and the dev-signing-credential step all need it, and lexing
 * the same file three times was a second of a 2,000-project plan (issue 5).
 * Undefined for files no lexer reads.
 */
export function lexFile(file: LexableFile): Lexed | undefined {
  const hit = lexes.get(file);
  if (hit && hit.text === file.text) return hit.lexed;
  const lexed = lexSource(file.path, file.text);
  lexes.set(file, { text: file.text, lexed });
  return lexed;
}

/** Drop every cached lex (once a plan is made, nothing reads them until the next scan). */
export function releaseLexes(): void {
  lexes = new WeakMap();
}
