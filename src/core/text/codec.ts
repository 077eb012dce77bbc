import { binarySignature, detectLegacy, isKnownBinaryName, iso2022Escape, legacyToUnicode } from './legacy.js';

/**
 * Reading and writing source files without changing a byte we do not mean to.
 *
 * UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded to a string and
 * encoded back in the same form. Any other text is handled as a "byte view": each
 * ASCII byte stands for itself and every other byte becomes a private-use
 * character (U+E000 + byte). Every token the engine changes is ASCII, so a splice
 * into a byte view re-encodes to exactly the original bytes outside the splice.
 * In multi-byte encodings (GBK, Shift_JIS, Big5, EUC-*) a trail byte can be an
 * ASCII letter or a backslash; every byte of such a character is mapped to
 * private use, so the lexers never mistake half a character for code. Which
 * encoding a file is in, and how its bytes group, is legacy.ts's business; what
 * cannot be decided safely is refused, and the caller leaves the file alone.
 */

export type EncodingKind = 'utf8' | 'utf16le' | 'utf16be' | 'bytes';

export interface TextEncoding {
  kind: EncodingKind;
  /** A byte-order mark precedes the text. */
  bom: boolean;
  /** A name a person recognises: 'utf-8', 'utf-16le', 'windows-1250', 'gbk', ... */
  name: string;
}

export type Decoded =
  | { ok: true; text: string; encoding: TextEncoding }
  | { ok: false; reason: 'binary' | 'undecodable'; message: string };

const BYTE_BASE = 0xe000;

/**
 * How a multi-byte legacy encoding groups bytes into characters. `seqLength` is
 * asked at every non-ASCII byte and answers how many bytes its character spans
 * (1 for a single-byte character such as Shift_JIS half-width katakana), or 0
 * when the bytes there are not valid in this encoding.
 */
export interface MultiByteScheme {
  name: string;
  seqLength(bytes: Uint8Array, i: number): number;
}

export type LegacyDetection = { name: string; scheme?: MultiByteScheme } | { refuse: string; binary?: boolean };

/** Legacy detection is pluggable so that tests can swap it; the real one is the default, so no caller can forget it. */
export type LegacyDetector = (bytes: Uint8Array) => LegacyDetection;

let legacyDetector: LegacyDetector = detectLegacy;

/** Replace the legacy detector; with no argument, restore the built-in one. */
export function setLegacyDetector(detector: LegacyDetector = detectLegacy): void {
  legacyDetector = detector;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `path`, when given, lets known binary types (.pfx, .png, .dll, ...) be refused by name alone. */
export function decode(bytes: Uint8Array, path?: string): Decoded {
  if (path !== undefined && isKnownBinaryName(path)) {
    return { ok: false, reason: 'binary', message: 'a binary file type; left alone' };
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeUtf8(bytes.subarray(3), true);
  }
  if ((bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)) {
    return { ok: false, reason: 'undecodable', message: 'is UTF-32, which this tool does not edit; left alone' };
  }
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16 && bytes.length % 2 !== 0) {
    // A stray last byte has no place in the decoded text and would be lost on writing.
    return { ok: false, reason: 'undecodable', message: 'starts with a UTF-16 byte-order mark but has an odd number of bytes; left alone' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: Buffer.from(bytes.subarray(2)).toString('utf16le'), encoding: { kind: 'utf16le', bom: true, name: 'utf-16le' } };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return { ok: true, text: swapped.toString('utf16le'), encoding: { kind: 'utf16be', bom: true, name: 'utf-16be' } };
  }
  if (bytes.includes(0)) {
    if (looksLikeBomlessUtf16(bytes)) {
      return { ok: false, reason: 'undecodable', message: 'looks like UTF-16 without a byte-order mark, which cannot be told apart safely; left alone (save it with a BOM to have it upgraded)' };
    }
    const signature = binarySignature(bytes);
    return { ok: false, reason: 'binary', message: `${signature ? `looks like ${signature}` : 'contains NUL bytes'}; treated as binary and left alone` };
  }
  return decodeUtf8(bytes, false);
}

function decodeUtf8(body: Uint8Array, bom: boolean): Decoded {
  try {
    const text = utf8Strict.decode(body);
    const escape = bom ? -1 : iso2022Escape(body);
    if (escape >= 0) {
      return { ok: false, reason: 'undecodable', message: `has an ISO-2022 escape sequence at offset ${escape} (ISO-2022-JP or similar), whose 7-bit bytes can be halves of characters; left alone` };
    }
    return { ok: true, text, encoding: { kind: 'utf8', bom, name: bom ? 'utf-8 with BOM' : 'utf-8' } };
  } catch {
    if (bom) return { ok: false, reason: 'undecodable', message: 'starts with a UTF-8 BOM but is not valid UTF-8' };
  }
  const detected = legacyDetector(body);
  if ('refuse' in detected) return { ok: false, reason: detected.binary ? 'binary' : 'undecodable', message: detected.refuse };
  return byteView(body, detected.name, detected.scheme);
}

function byteView(bytes: Uint8Array, name: string, scheme?: MultiByteScheme): Decoded {
  const codes = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      codes[i++] = b;
      continue;
    }
    // Every byte of a multi-byte character, ASCII-valued trail bytes included, goes to private use.
    const n = scheme ? scheme.seqLength(bytes, i) : 1;
    if (n === 0 || i + n > bytes.length) {
      return { ok: false, reason: 'undecodable', message: `byte ${i} is not valid ${name}; left alone` };
    }
    for (let k = 0; k < n; k++, i++) codes[i] = BYTE_BASE + bytes[i]!;
  }
  let text = '';
  for (let i = 0; i < codes.length; i += 8192) text += String.fromCharCode(...codes.subarray(i, i + 8192));
  return { ok: true, text, encoding: { kind: 'bytes', bom: false, name } };
}

/** UTF-16 text without a BOM: NUL bytes mostly at every other offset, on one side. */
function looksLikeBomlessUtf16(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) i % 2 === 0 ? even++ : odd++;
  const half = bytes.length / 2;
  return Math.max(even, odd) >= half * 0.6 && Math.min(even, odd) <= half * 0.05;
}

export function encode(text: string, encoding: TextEncoding): Buffer {
  switch (encoding.kind) {
    case 'utf8': {
      const body = Buffer.from(text, 'utf8');
      return encoding.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
    }
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be': {
      const body = Buffer.from(text, 'utf16le');
      body.swap16();
      return Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
    }
    case 'bytes': {
      const out = Buffer.alloc(text.length);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x80) out[i] = c;
        else if (c >= BYTE_BASE && c <= BYTE_BASE + 0xff) out[i] = c - BYTE_BASE;
        else throw new Error(`cannot write U+${c.toString(16)} into a ${encoding.name} file`);
      }
      return out;
    }
  }
}

/**
 * Human-readable text, for diffs. A byte view is turned back into its bytes and
 * decoded by its detected name, so a reviewer sees the real characters.
 */
export function displayText(text: string, encoding: TextEncoding): string {
  if (encoding.kind !== 'bytes') return text;
  let bytes: Buffer;
  try {
    bytes = encode(text, encoding);
  } catch {
    return text.replace(/[\ue000-\ue0ff]+/g, (run) => '?'.repeat(run.length));
  }
  return legacyToUnicode(bytes, encoding.name) ?? text.replace(/[\ue000-\ue0ff]+/g, (run) => '?'.repeat(run.length));
}
