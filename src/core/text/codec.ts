/**
 * Reading and writing source files without changing a byte we do not mean to.
 *
 * UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded to a string and
 * encoded back in the same form. Any other text is handled as a "byte view": each
 * ASCII byte stands for itself and every other byte becomes a private-use
 * character (U+E000 + byte). Every token the engine changes is ASCII, so a splice
 * into a byte view re-encodes to exactly the original bytes outside the splice.
 * In double-byte encodings (GBK, Shift-JIS, Big5) a trail byte can be an ASCII
 * letter or a backslash; those trail bytes are mapped to private use too, so the
 * lexers never mistake half a character for code.
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

/** Double-byte encodings: which bytes lead a pair, and which may follow. */
export interface DoubleByteScheme {
  name: string;
  isLead(b: number): boolean;
  isTrail(b: number): boolean;
}

/** Legacy detection is pluggable so that it can grow without touching the codec. */
export type LegacyDetector = (bytes: Uint8Array) =>
  | { name: string; scheme?: DoubleByteScheme }
  | { refuse: string };

let legacyDetector: LegacyDetector = () => ({ refuse: 'not UTF-8, and its encoding could not be identified' });

export function setLegacyDetector(detector: LegacyDetector): void {
  legacyDetector = detector;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decode(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeUtf8(bytes.subarray(3), true);
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
    return { ok: false, reason: 'binary', message: 'contains NUL bytes; treated as binary and left alone' };
  }
  return decodeUtf8(bytes, false);
}

function decodeUtf8(body: Uint8Array, bom: boolean): Decoded {
  try {
    return { ok: true, text: utf8Strict.decode(body), encoding: { kind: 'utf8', bom, name: bom ? 'utf-8 with BOM' : 'utf-8' } };
  } catch {
    if (bom) return { ok: false, reason: 'undecodable', message: 'starts with a UTF-8 BOM but is not valid UTF-8' };
  }
  const detected = legacyDetector(body);
  if ('refuse' in detected) return { ok: false, reason: 'undecodable', message: detected.refuse };
  return byteView(body, detected.name, detected.scheme);
}

function byteView(bytes: Uint8Array, name: string, scheme?: DoubleByteScheme): Decoded {
  const codes = new Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) {
      codes[i] = b;
      continue;
    }
    codes[i] = BYTE_BASE + b;
    if (scheme && scheme.isLead(b)) {
      const t = bytes[i + 1];
      if (t === undefined || !scheme.isTrail(t)) {
        return { ok: false, reason: 'undecodable', message: `byte ${i} is not valid ${name}` };
      }
      codes[++i] = BYTE_BASE + t;
    }
  }
  let text = '';
  for (let i = 0; i < codes.length; i += 8192) text += String.fromCharCode(...codes.slice(i, i + 8192));
  return { ok: true, text, encoding: { kind: 'bytes', bom: false, name } };
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

/** Human-readable text of a byte view, for diffs: private-use bytes shown as '?'. */
export function displayText(text: string, encoding: TextEncoding): string {
  if (encoding.kind !== 'bytes') return text;
  return text.replace(/[\ue080-\ue0ff]+/g, (run) => '?'.repeat(run.length));
}
