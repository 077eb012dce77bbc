/**
 * Legacy (non-UTF-8, BOM-less) encodings: which one a file is in, and how its
 * bytes group into characters.
 *
 * The engine only ever splices ASCII tokens, so a single-byte encoding is safe
 * by construction and its name only matters for reporting and diffs. What
 * matters for safety is the multi-byte encodings (GBK, Big5, Shift_JIS, EUC-*),
 * whose trail bytes can be ASCII letters or a backslash: reading such a file
 * as single-byte would let half a character end a string literal. So the
 * detector first decides how the bytes group, and refuses when two plausible
 * readings group them differently and the evidence does not clearly favour one.
 *
 * chardet alone is not enough here: on a short C# file its statistics are
 * drowned by the ASCII code (it calls a Big5 file ISO-8859-1). Instead every
 * candidate is scored on the non-ASCII characters only: multi-byte readings by
 * how many characters fall in the frequent block of their character set, and
 * single-byte readings by how well one language's alphabet covers the letters.
 * chardet only breaks ties between readings that group the bytes identically.
 */
import { createRequire } from 'node:module';
import type * as Chardet from 'chardet';
import type IconvLite from 'iconv-lite';
import type { LegacyDetection, MultiByteScheme } from './codec.js';
import { FREQUENT_HANGUL, FREQUENT_HANS, FREQUENT_HANT, FREQUENT_JA_KANJI } from './frequent-chars.js';

// Loaded on first use: most solutions are all UTF-8, and every run's start-up time counts.
const require = createRequire(import.meta.url);
let iconvModule: typeof IconvLite | undefined;
const iconv = {
  decode: (bytes: Buffer, name: string): string => (iconvModule ??= require('iconv-lite') as typeof IconvLite).decode(bytes, name),
  encodingExists: (name: string): boolean => (iconvModule ??= require('iconv-lite') as typeof IconvLite).encodingExists(name),
};
const analyse = (bytes: Uint8Array): Chardet.AnalyseResult => (require('chardet') as typeof Chardet).analyse(bytes);

const inRange = (b: number | undefined, lo: number, hi: number): boolean => b !== undefined && b >= lo && b <= hi;

interface Candidate extends MultiByteScheme {
  /** The iconv-lite name used to decode; also the reported name unless `nameOf` says otherwise. */
  iconvName: string;
  language: 'zh-hans' | 'zh-hant' | 'ja' | 'ko';
  nameOf?(sawLong: boolean): string;
}

// Byte structure from the code-page definitions: GBK/GB18030 (GB 18030-2005), Big5,
// Shift_JIS/CP932 and EUC-JP (JIS X 0208/0212), EUC-KR/CP949 (KS X 1001, Unified Hangul Code).
const GBK: Candidate = {
  name: 'gbk',
  iconvName: 'gb18030',
  language: 'zh-hans',
  seqLength(b, i) {
    if (!inRange(b[i], 0x81, 0xfe)) return 0;
    const t = b[i + 1];
    if (inRange(t, 0x40, 0x7e) || inRange(t, 0x80, 0xfe)) return 2;
    // GB18030 four-byte form: lead, digit, lead, digit.
    if (inRange(t, 0x30, 0x39) && inRange(b[i + 2], 0x81, 0xfe) && inRange(b[i + 3], 0x30, 0x39)) return 4;
    return 0;
  },
  nameOf: (sawLong) => (sawLong ? 'gb18030' : 'gbk'),
};

const BIG5: Candidate = {
  name: 'big5',
  iconvName: 'big5',
  language: 'zh-hant',
  seqLength(b, i) {
    if (!inRange(b[i], 0x81, 0xfe)) return 0;
    const t = b[i + 1];
    return inRange(t, 0x40, 0x7e) || inRange(t, 0xa1, 0xfe) ? 2 : 0;
  },
};

const SHIFT_JIS: Candidate = {
  name: 'shift_jis',
  iconvName: 'shift_jis',
  language: 'ja',
  seqLength(b, i) {
    const l = b[i]!;
    if (inRange(l, 0xa1, 0xdf)) return 1; // half-width katakana
    if (!(inRange(l, 0x81, 0x9f) || inRange(l, 0xe0, 0xfc))) return 0;
    const t = b[i + 1];
    return inRange(t, 0x40, 0x7e) || inRange(t, 0x80, 0xfc) ? 2 : 0;
  },
};

const EUC_JP: Candidate = {
  name: 'euc-jp',
  iconvName: 'euc-jp',
  language: 'ja',
  seqLength(b, i) {
    const l = b[i]!;
    if (l === 0x8e) return inRange(b[i + 1], 0xa1, 0xdf) ? 2 : 0;
    if (l === 0x8f) return inRange(b[i + 1], 0xa1, 0xfe) && inRange(b[i + 2], 0xa1, 0xfe) ? 3 : 0;
    return inRange(l, 0xa1, 0xfe) && inRange(b[i + 1], 0xa1, 0xfe) ? 2 : 0;
  },
};

const EUC_KR: Candidate = {
  name: 'euc-kr',
  iconvName: 'cp949',
  language: 'ko',
  seqLength(b, i) {
    if (!inRange(b[i], 0x81, 0xfe)) return 0;
    const t = b[i + 1];
    return inRange(t, 0x41, 0x5a) || inRange(t, 0x61, 0x7a) || inRange(t, 0x81, 0xfe) ? 2 : 0;
  },
};

const MULTI_BYTE: Candidate[] = [GBK, SHIFT_JIS, BIG5, EUC_KR, EUC_JP];

/** Single-byte code pages, in the order that wins a tie (Windows-born solutions first). */
const SINGLE_BYTE: { name: string; languages: string[] }[] = [
  { name: 'windows-1252', languages: ['fr', 'de', 'es', 'pt', 'it', 'nl', 'da', 'sv', 'is', 'fi', 'ca'] },
  { name: 'windows-1250', languages: ['cs', 'sk', 'pl', 'hu', 'sl', 'hr', 'ro'] },
  { name: 'windows-1251', languages: ['ru', 'uk', 'bg', 'sr', 'be'] },
  { name: 'koi8-r', languages: ['ru'] },
  { name: 'koi8-u', languages: ['uk'] },
  { name: 'windows-1254', languages: ['tr'] },
  { name: 'windows-1257', languages: ['lt', 'lv', 'et'] },
  { name: 'windows-1253', languages: ['el'] },
  { name: 'iso-8859-2', languages: ['cs', 'sk', 'pl', 'hu', 'sl', 'hr', 'ro'] },
  { name: 'iso-8859-15', languages: ['fr', 'de', 'es', 'pt', 'it', 'nl', 'da', 'sv', 'fi'] },
];

/** Lower-case letters beyond ASCII that each language writes. */
const ALPHABETS: Record<string, string> = {
  fr: 'àâæçéèêëîïôœùûüÿ',
  de: 'äöüß',
  es: 'áéíñóúü',
  pt: 'ãõáâàçéêíóôú',
  it: 'àèéìíîòóùú',
  nl: 'éëïóöü',
  da: 'æøåé',
  sv: 'åäöé',
  is: 'áðéíóúýþæö',
  fi: 'äöå', // š and ž only in loanwords; in practice they mean a Central European page
  ca: 'àçèéíïòóúü',
  cs: 'áčďéěíňóřšťúůýž',
  sk: 'áäčďéíĺľňóôŕšťúýž',
  pl: 'ąćęłńóśźż',
  hu: 'áéíóöőúüű',
  sl: 'čšž',
  hr: 'čćđšž',
  ro: 'ăâîşţșț',
  ru: 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя',
  uk: 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюя',
  bg: 'абвгдежзийклмнопрстуфхцчшщъьюя',
  sr: 'абвгдђежзијклљмнњопрстћуфхцчџш',
  be: 'абвгдеёжзійклмнопрстуўфхцчшыьэюя',
  tr: 'çğıöşüâî',
  lt: 'ąčęėįšųūž',
  lv: 'āčēģīķļņšūž',
  et: 'äõöüšž',
  el: 'αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς',
};

/** Characters any of these languages uses in comments that say nothing about which one it is. */
const NEUTRAL = new Set([...'\u00a0«»–—„“”‘’‚…°§©®·×€±µ•†‰¢£¥¤¦¨¬¯²³¹¼½¾¿¡']);

export interface SingleByteScore {
  name: string;
  score: number;
  /** Non-ASCII characters that counted (neutral punctuation does not). */
  counted: number;
}

/** How plausible a single-byte reading is: +1 per letter of the best-fitting language, less for everything else. */
export function scoreSingleByte(bytes: Uint8Array, name: string, languages: string[]): SingleByteScore {
  const text = iconv.decode(Buffer.from(sample(bytes)), name);
  // What does not depend on the language is scored once; `letters` keeps the rest for the alphabet test.
  let base = 0;
  let counted = 0;
  const letters: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c < '\u0080') continue;
    // Any non-ASCII character right before @ [ \ ] ^ _ ` { | } ~ is rare in prose, and typical of a double-byte trail.
    const trailLike = TRAIL_LIKE.test(text[i + 1] ?? '');
    if (NEUTRAL.has(c)) {
      if (trailLike) {
        counted++;
        base -= 1;
      }
      continue;
    }
    counted++;
    if (trailLike) base -= 1;
    if (!LETTER.test(c)) {
      base -= 3; // control, undefined byte, box drawing, stray symbol
      continue;
    }
    const lower = c.toLowerCase();
    // Western languages write ì, ò and ù at the end of a word (più, così, però); inside a
    // word they are how Czech ě, ň and ů read in Windows-1252, so there they fit no alphabet.
    letters.push(GRAVE_FINAL.includes(lower) && LETTER.test(text[i + 1] ?? '') ? '\u0000' : lower);
    if (lower !== c && i > 0) {
      // Upper case right after a lower-case letter is how a wrong Cyrillic code page reads;
      // upper case inside a word at all is rarer than lower case (KOI8-R against Windows-1251).
      if (LOWER.test(text[i - 1]!)) base -= 2;
      else if (UPPER.test(text[i - 1]!)) base -= 0.5;
    }
    // Cyrillic or Greek glued to a Latin letter is how Latin accents read in the wrong code page.
    if (NON_LATIN.test(c) && (ASCII_LETTER.test(text[i - 1] ?? '') || ASCII_LETTER.test(text[i + 1] ?? ''))) base -= 2;
  }
  let best = -Infinity;
  for (const lang of languages) {
    const alphabet = ALPHABETS[lang]!;
    let score = base;
    for (const l of letters) score += alphabet.includes(l) ? 1 : -1;
    best = Math.max(best, score);
  }
  return { name, score: best, counted };
}

const GRAVE_FINAL = 'ìòù';
const TRAIL_LIKE = /[@[\\\]^_`{|}~]/;
const LETTER = /\p{L}/u;
const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}/u;
const NON_LATIN = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;
const ASCII_LETTER = /[A-Za-z]/;

export interface MultiByteScore {
  candidate: Candidate;
  name: string;
  score: number;
  chars: number;
  /** Offsets of ASCII bytes that this reading takes as trail bytes: where readings can disagree about code. */
  asciiTrails: number[];
}

/**
 * +1 for a frequent character of the language (or CJK punctuation), 0 for a
 * rarer character of its script, -1 for anything else (symbols, other scripts,
 * user-defined code points).
 */
function charScore(c: string, language: Candidate['language']): number {
  const cp = c.codePointAt(0)!;
  if ((cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff01 && cp <= 0xff5e)) return 1;
  const han = /\p{Script=Han}/u.test(c);
  switch (language) {
    case 'zh-hans':
      return FREQUENT_HANS.has(c) ? 1 : han ? 0 : -1;
    case 'zh-hant':
      return FREQUENT_HANT.has(c) ? 1 : han ? 0 : -1;
    case 'ja':
      if ((cp >= 0x3041 && cp <= 0x30ff) || FREQUENT_JA_KANJI.has(c)) return 1;
      return han || (cp >= 0xff61 && cp <= 0xff9f) ? 0 : -1;
    case 'ko':
      return FREQUENT_HANGUL.has(c) ? 1 : (cp >= 0xac00 && cp <= 0xd7a3) || han ? 0 : -1;
  }
}

function isHalfwidthKana(c: string): boolean {
  return c >= '\uff61' && c <= '\uff9f';
}

/** Parse the whole file under a multi-byte scheme; undefined when a sequence is invalid or unassigned. */
export function scoreMultiByte(bytes: Uint8Array, candidate: Candidate): MultiByteScore | undefined {
  let chars = 0;
  let sawLong = false;
  const asciiTrails: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const n = candidate.seqLength(bytes, i);
    if (n === 0) return undefined;
    chars++;
    if (n === 4) sawLong = true;
    for (let k = 1; k < n; k++) if (bytes[i + k]! < 0x80) asciiTrails.push(i + k);
    i += n;
  }
  if (chars === 0) return undefined;
  const text = iconv.decode(Buffer.from(bytes), candidate.iconvName);
  // Unassigned code points decode to U+FFFD: not text in this encoding.
  if (text.includes('\ufffd')) return undefined;
  let sum = 0;
  let scored = 0;
  let previous = '';
  for (const c of text) {
    if (c < '\u0080') {
      previous = c;
      continue;
    }
    sum += charScore(c, candidate.language);
    // Half-width katakana (old Shift_JIS software text) are words when they come in runs.
    if (isHalfwidthKana(c) && isHalfwidthKana(previous)) sum += 1;
    previous = c;
    if (++scored === SAMPLE_CHARS) break;
  }
  const name = candidate.nameOf ? candidate.nameOf(sawLong) : candidate.name;
  return { candidate, name, score: sum / scored, chars, asciiTrails };
}

/**
 * Scores are taken from the first few thousand non-ASCII characters: enough to
 * tell readings apart, and a large file costs no more than a small one. Whether
 * the bytes are valid in a multi-byte encoding is still checked over the whole file.
 */
const SAMPLE_CHARS = 2000;

function sample(bytes: Uint8Array): Uint8Array {
  let high = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80 && ++high > 2 * SAMPLE_CHARS) {
      const lf = bytes.indexOf(0x0a, i);
      return lf === -1 ? bytes : bytes.subarray(0, lf + 1);
    }
  }
  return bytes;
}

/** A reading must score at least this (per character, out of 1) to be believed at all. */
const PLAUSIBLE = 0.5;
/** The winning reading must beat every valid reading that groups the bytes differently by this much, or the file is refused. */
const CLEAR_MARGIN = 0.3;

const sameTrails = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** chardet's confidence for a name, from its analysis of the non-ASCII part of the file only. */
function chardetConfidence(bytes: Uint8Array): (name: string) => number {
  const parts: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) parts.push(bytes[i]!);
    else if (parts.length && parts[parts.length - 1] !== 0x20) parts.push(0x20);
  }
  const results = analyse(Uint8Array.from(parts));
  const alias: Record<string, string> = { gb18030: 'gbk', 'shift_jis': 'shift_jis', big5: 'big5', 'euc-jp': 'euc-jp', 'euc-kr': 'euc-kr' };
  return (name) => {
    const hit = results.find((r) => (alias[r.name.toLowerCase()] ?? r.name.toLowerCase()) === name);
    return hit ? hit.confidence : 0;
  };
}

/**
 * Files in ISO-2022-JP and the like are plain 7-bit bytes, so they pass as UTF-8,
 * yet inside their escape sequences the bytes are halves of characters and can
 * be quotes or backslashes. Such a file is not safe to edit as code.
 */
export function iso2022Escape(bytes: Uint8Array): number {
  // Every UTF-8 file passes here, so let the native search skip to each ESC.
  for (let i = bytes.indexOf(0x1b); i !== -1 && i + 1 < bytes.length; i = bytes.indexOf(0x1b, i + 1)) {
    if (bytes[i + 1] === 0x24 || bytes[i + 1] === 0x28 || bytes[i + 1] === 0x29) return i;
  }
  return -1;
}

const ALLOWED_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a]);

/** One way to read the file: a name, how plausible it is, and which ASCII bytes it takes as halves of characters. */
interface Reading {
  name: string;
  score: number;
  asciiTrails: number[];
  multi?: MultiByteScore;
}

export function detectLegacy(bytes: Uint8Array): LegacyDetection {
  const signature = binarySignature(bytes);
  if (signature) return { refuse: `looks like ${signature}, not source text`, binary: true };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x20 && !ALLOWED_CONTROLS.has(b)) {
      return { refuse: `not UTF-8, and control byte 0x${b.toString(16).padStart(2, '0')} at offset ${i} says it is not text in an encoding this tool can edit safely (EBCDIC, a binary format?)` };
    }
  }
  const declared = xmlDeclaredEncoding(bytes);
  if (declared) return declared;
  const multi = MULTI_BYTE.map((c) => scoreMultiByte(bytes, c))
    .filter((s): s is MultiByteScore => s !== undefined)
    .sort((a, b) => b.score - a.score);
  const single = SINGLE_BYTE.map((c) => scoreSingleByte(bytes, c.name, c.languages))
    // Only neutral punctuation (a © or an em dash): any code page will do, but the evidence is thin.
    .map((s) => ({ ...s, frac: s.counted ? s.score / s.counted : PLAUSIBLE }))
    // Stable sort: equal scores keep the preference order above.
    .sort((a, b) => b.score - a.score);

  // Every valid multi-byte reading may stand against the winner, even one too weak to win itself.
  const all: Reading[] = multi.map((m) => ({ name: m.name, score: m.score, asciiTrails: m.asciiTrails, multi: m }));
  const readings = all.filter((r) => r.score >= PLAUSIBLE);
  const bestSingle = single[0];
  if (bestSingle && bestSingle.frac >= PLAUSIBLE) {
    readings.push({ name: bestSingle.name, score: bestSingle.frac, asciiTrails: [] });
    all.push(readings[readings.length - 1]!);
  }
  // Stable sort: on equal scores a multi-byte reading goes first, as a single-byte
  // page reads almost any bytes as some letters while the reverse is rarer.
  readings.sort((a, b) => b.score - a.score);
  const best = readings[0];
  if (best) {
    // Readings that group the bytes differently must be clearly apart, or we would be guessing about code.
    const rival = all.find((r) => r !== best && best.score - r.score < CLEAR_MARGIN && !sameTrails(r.asciiTrails, best.asciiTrails));
    if (rival) {
      return { refuse: `not UTF-8; it reads as ${best.name} or as ${rival.name}, which split its bytes into characters differently, so it is left alone` };
    }
    if (!best.multi) return { name: best.name };
    // Multi-byte readings that tie and group the bytes the same way differ only in the name; let chardet pick it.
    const tied = readings.filter((r) => r.multi && r.score === best.score && sameTrails(r.asciiTrails, best.asciiTrails)).map((r) => r.multi!);
    let chosen = best.multi;
    if (tied.length > 1) {
      const confidence = chardetConfidence(bytes);
      chosen = tied.reduce((a, b) => (confidence(b.candidate.name) > confidence(a.candidate.name) ? b : a));
    }
    return { name: chosen.name, scheme: chosen.candidate };
  }
  return { refuse: 'not UTF-8, and its encoding could not be identified with confidence, so it is left alone' };
}

/** Names an XML declaration may use for the multi-byte sets we can group (WHATWG/IANA labels). */
const DECLARED_MULTI_BYTE: Record<string, Candidate> = {
  gbk: GBK, gb2312: GBK, gb18030: GBK, cp936: GBK, 'x-gbk': GBK,
  big5: BIG5, cp950: BIG5, 'big5-hkscs': BIG5,
  shift_jis: SHIFT_JIS, 'shift-jis': SHIFT_JIS, sjis: SHIFT_JIS, cp932: SHIFT_JIS, 'windows-31j': SHIFT_JIS, 'ms_kanji': SHIFT_JIS,
  'euc-jp': EUC_JP,
  'euc-kr': EUC_KR, cp949: EUC_KR, 'ks_c_5601-1987': EUC_KR,
};

/**
 * An MSBuild or other XML file says its encoding in its declaration, and MSBuild
 * reads it by that name; so do we, rather than guess. A name we cannot group
 * safely is refused.
 */
function xmlDeclaredEncoding(bytes: Uint8Array): LegacyDetection | undefined {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const label = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  if (!label || /^utf-?8$/.test(label)) return undefined;
  const multi = DECLARED_MULTI_BYTE[label];
  if (multi) {
    const scored = scoreMultiByte(bytes, multi);
    return scored ? { name: scored.name, scheme: multi } : { refuse: `declares encoding "${label}" but its bytes are not valid in it` };
  }
  if (!iconv.encodingExists(label) || !isSingleByteAsciiCompatible(label)) {
    return { refuse: `declares encoding "${label}", which this tool cannot edit safely` };
  }
  return { name: label };
}

/** Every byte one character, and ASCII bytes themselves: then a byte view of the file is exact. */
function isSingleByteAsciiCompatible(name: string): boolean {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const text = iconv.decode(all, name);
  if (text.length !== 256) return false;
  for (let i = 0; i < 128; i++) if (text.charCodeAt(i) !== i) return false;
  return true;
}

/** Known binary file types by name: never read as text, whatever their bytes. */
const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'tif', 'tiff', 'webp', 'pfx', 'p12', 'snk', 'der', 'dll', 'exe', 'pdb', 'so', 'dylib',
  'zip', 'nupkg', 'snupkg', 'gz', '7z', 'tar', 'pdf', 'woff', 'woff2', 'ttf', 'otf', 'eot', 'db', 'sqlite', 'mdf', 'ldf', 'cache', 'resources',
]);

export function isKnownBinaryName(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 && BINARY_EXTENSIONS.has(base.slice(dot + 1).toLowerCase());
}

/** Signatures of binary formats that may lack NUL bytes in their first bytes. */
export function binarySignature(bytes: Uint8Array): string | undefined {
  const starts = (...sig: number[]) => sig.every((v, i) => bytes[i] === v);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'a PNG image';
  if (starts(0xff, 0xd8, 0xff)) return 'a JPEG image';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'a GIF image';
  if (starts(0x4d, 0x5a)) return 'a Windows executable';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a zip archive';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'a PDF';
  if (starts(0x7f, 0x45, 0x4c, 0x46)) return 'an ELF executable';
  return undefined;
}

/** Text of a legacy file for people to read (diffs): the real characters, by the detected name. */
export function legacyToUnicode(bytes: Uint8Array, name: string): string | undefined {
  const iconvName = MULTI_BYTE.find((c) => c.name === name)?.iconvName ?? name;
  return iconv.encodingExists(iconvName) ? iconv.decode(Buffer.from(bytes), iconvName) : undefined;
}
