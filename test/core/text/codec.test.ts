import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { decode, displayText, encode, setLegacyDetector, type TextEncoding } from '../../../src/core/text/codec.js';
import { applySplices } from '../../../src/core/text/edit.js';

/** Decode, replace every `IdentityServer4` with the Duende name by splices, encode. */
function renameAll(bytes: Buffer): { bytes: Buffer; encoding: TextEncoding } {
  const d = decode(bytes);
  if (!d.ok) throw new Error(d.message);
  const splices = [...d.text.matchAll(/IdentityServer4/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: 'Duende.IdentityServer' }));
  return { bytes: encode(applySplices(d.text, splices), d.encoding), encoding: d.encoding };
}

afterEach(() => setLegacyDetector());

describe('every form round-trips byte for byte, and a splice changes only its own bytes', () => {
  const text = '// Jiří Novák 身份\r\nusing IdentityServer4.Models;\nusing IdentityServer4;  \r\n\tclass A {}';
  const forms: [string, Buffer][] = [
    ['utf-8', Buffer.from(text, 'utf8')],
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
  ];
  for (const [name, bytes] of forms) {
    it(name, () => {
      const d = decode(bytes);
      if (!d.ok) throw new Error(d.message);
      expect(d.encoding.name).toBe(name);
      expect(encode(d.text, d.encoding).equals(bytes)).toBe(true);
      const out = renameAll(bytes);
      const expected = text.replaceAll('IdentityServer4', 'Duende.IdentityServer');
      const again = decode(out.bytes);
      if (!again.ok) throw new Error(again.message);
      expect(again.text).toBe(expected);
      expect(again.encoding).toEqual(d.encoding);
    });
  }

  it('legacy single- and multi-byte files keep mixed line endings, trailing blanks and no final newline', () => {
    for (const [encoding, comment] of [
      ['windows-1250', 'Autor: Jiří Novák'],
      ['gbk', '身份服务器配置'],
      ['shift_jis', 'ソフトウェアの設定'],
    ] as const) {
      const before = `// ${comment}\r\nusing IdentityServer4.Models; \t\nusing IdentityServer4;\r\n// ${comment}`;
      const bytes = iconv.encode(before, encoding);
      const out = renameAll(bytes);
      expect(out.encoding.name).toBe(encoding);
      expect(out.bytes.equals(iconv.encode(before.replaceAll('IdentityServer4', 'Duende.IdentityServer'), encoding))).toBe(true);
    }
  });
});

describe('BOM forms that cannot be written back exactly are refused', () => {
  it('UTF-16 with an odd number of bytes (the last byte would be lost)', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('using IdentityServer4;', 'utf16le'), Buffer.from([0x0a])]);
    expect(decode(bytes)).toMatchObject({ ok: false, reason: 'undecodable', message: expect.stringMatching(/odd number of bytes/) });
  });

  it('UTF-32, whose BOM starts like UTF-16 LE', () => {
    const le = Buffer.from([0xff, 0xfe, 0, 0, 0x75, 0, 0, 0]);
    const be = Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x75]);
    expect(decode(le)).toMatchObject({ ok: false, message: expect.stringMatching(/UTF-32/) });
    expect(decode(be)).toMatchObject({ ok: false, message: expect.stringMatching(/UTF-32/) });
  });
});

describe('displayText shows the real characters of a legacy file', () => {
  it('windows-1250 and gbk', () => {
    for (const [encoding, line] of [
      ['windows-1250', '// Autor: Jiří Novák'],
      ['gbk', '// 身份服务器配置 "乗客"'],
      ['shift_jis', '// ソース'],
    ] as const) {
      const d = decode(iconv.encode(`${line}\nusing IdentityServer4;\n`, encoding));
      if (!d.ok) throw new Error(d.message);
      expect(d.text).not.toContain(line);
      expect(displayText(d.text, d.encoding)).toBe(`${line}\nusing IdentityServer4;\n`);
    }
  });

  it('UTF-8 and UTF-16 text is shown as is', () => {
    expect(displayText('Jiří', { kind: 'utf8', bom: false, name: 'utf-8' })).toBe('Jiří');
    expect(displayText('Jiří', { kind: 'utf16le', bom: true, name: 'utf-16le' })).toBe('Jiří');
  });
});

describe('the detector is pluggable', () => {
  it('a replaced detector is used, and the built-in one comes back', () => {
    const bytes = iconv.encode('// Jiří\n', 'windows-1250');
    setLegacyDetector(() => ({ refuse: 'stand-in detector refuses' }));
    expect(decode(bytes)).toMatchObject({ ok: false, message: 'stand-in detector refuses' });
    setLegacyDetector();
    expect(decode(bytes)).toMatchObject({ ok: true, encoding: { name: 'windows-1250' } });
  });

  it('a multi-byte file whose bytes break the scheme is refused, not half-read', () => {
    setLegacyDetector(() => ({ name: 'shift_jis', scheme: { name: 'shift_jis', seqLength: (b, i) => (b[i + 1] === undefined ? 0 : 2) } }));
    expect(decode(Buffer.from([0x2f, 0x2f, 0x20, 0x83]))).toMatchObject({ ok: false, reason: 'undecodable' });
  });

  it('encode refuses characters a byte view cannot hold', () => {
    expect(() => encode('é', { kind: 'bytes', bom: false, name: 'windows-1250' })).toThrow(/cannot write/);
  });
});

describe('any bytes at all', () => {
  it('decode never throws, and whatever it accepts encodes back to the same bytes', () => {
    let seed = 11;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let accepted = 0;
    for (let trial = 0; trial < 400; trial++) {
      const length = rnd(200);
      const highShare = rnd(4); // 0: ASCII only ... 3: mostly high bytes
      const bytes = Buffer.from(Array.from({ length }, () => (rnd(4) < highShare ? 0x80 + rnd(128) : 0x20 + rnd(95))));
      if (rnd(10) === 0) bytes[rnd(Math.max(1, length))] = rnd(32); // a stray control byte now and then
      const d = decode(bytes);
      if (!d.ok) continue;
      accepted++;
      expect(encode(d.text, d.encoding).equals(bytes)).toBe(true);
    }
    expect(accepted).toBeGreaterThan(50);
  });
});
