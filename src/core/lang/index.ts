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
