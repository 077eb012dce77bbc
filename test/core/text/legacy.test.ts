import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../../src/core/text/codec.js';
import { detectLegacy, isKnownBinaryName } from '../../../src/core/text/legacy.js';

const cs = (comment: string, literal = '') =>
  `// ${comment}\r\nusing System;\r\nusing IdentityServer4.Models;\r\n\r\nnamespace Host\r\n{\r\n    public class Startup\r\n    {\r\n        const string Note = "${literal}";\r\n    }\r\n}\r\n`;

/** Short C# files, as real solutions have them: a few non-ASCII words in a mostly-ASCII file. */
const NAMED: [string, string, string][] = [
  ['windows-1250', 'windows-1250', cs('Autor: Jiří Novák, 2020')],
  ['windows-1250', 'windows-1250', cs('Copyright (c) Jan Škoda', 'Přihlášení')],
  // A header whose only accented letter is Š, which Windows-1252 has too, at the same byte.
  ['windows-1250', 'windows-1250', cs('Copyright (c) Jan Škoda. All Rights Reserved.')],
  ['windows-1250', 'windows-1250', cs('Autor: Paweł Łukasiewicz, zażółć gęślą jaźń')],
  ['windows-1252', 'windows-1252', cs('Auteur : François Müller — réglages', 'Connexion réussie')],
  ['windows-1252', 'windows-1252', cs('Größe und Übergänge')],
  ['windows-1251', 'windows-1251', cs('Автор: Иван Петров', 'Вход выполнен')],
  ['koi8-r', 'koi8-r', cs('Автор: Иван Петров', 'Вход выполнен')],
  ['gbk', 'gbk', cs('身份服务器的配置', '乗客表')],
  ['gbk', 'gbk', cs('配置客户端和资源')],
  ['gb18030', 'gb18030', cs('配置客户端 𠀀 资源')],
  ['shift_jis', 'shift_jis', cs('ソフトウェアの設定', 'ソース表示')],
  ['shift_jis', 'shift_jis', cs('認証サーバーの構成')],
  ['big5', 'big5', cs('身份伺服器設定', '許功蓋')],
  ['big5', 'big5', cs('設定用戶端與資源')],
  ['euc-kr', 'euc-kr', cs('신원 서버 구성', '로그인 성공')],
  ['euc-jp', 'euc-jp', cs('認証サーバーの構成です', 'ログイン')],
  ['shift_jis', 'shift_jis', cs('ｱｲｳｴｵ ﾃｽﾄ')], // half-width katakana: single bytes
  ['windows-1252', 'windows-1252', cs('© 2020 Contoso — all rights reserved')], // punctuation only
];

describe('detectLegacy names the encoding of short source files', () => {
  for (const [encoding, expected, text] of NAMED) {
    it(`${encoding}: ${text.split('\r\n')[0]}`, () => {
      const bytes = iconv.encode(text, encoding);
      const detected = detectLegacy(bytes);
      expect(detected).toMatchObject({ name: expected });
    });
  }
});

describe('decode and encode round-trip legacy files byte for byte', () => {
  for (const [encoding, , text] of NAMED) {
    it(encoding, () => {
      const bytes = iconv.encode(text, encoding);
      const d = decode(bytes);
      if (!d.ok) throw new Error(d.message);
      expect(d.encoding.kind).toBe('bytes');
      expect(encode(d.text, d.encoding).equals(bytes)).toBe(true);
      // The ASCII code outside comments and strings reads as itself.
      expect(d.text).toContain('using IdentityServer4.Models;\r\n');
    });
  }
});

describe('multi-byte trail bytes never show as code', () => {
  const cases: [string, string, string][] = [
    ['gbk', '乗', '身份服务器配置说明'], // 0x81 0x5C
    ['shift_jis', 'ソ', '設定の説明'], // 0x83 0x5C
    ['big5', '許', '身份伺服器設定說明'], // 0xB3 0x5C
  ];
  for (const [encoding, ch, comment] of cases) {
    it(`${encoding} ${ch} has a 0x5C trail that stays out of the text's backslashes`, () => {
      const text = `class A { string s = "${ch}"; string t = "x"; } // ${ch}\n`;
      const bytes = iconv.encode(`// ${comment}\n${text}`, encoding);
      expect(bytes.includes(0x5c)).toBe(true);
      const d = decode(bytes);
      if (!d.ok) throw new Error(d.message);
      expect(d.text.includes('\\')).toBe(false);
      expect(d.text).toContain('string t = "x";');
      expect(encode(d.text, d.encoding).equals(bytes)).toBe(true);
    });
  }

  it('a Shift_JIS trail byte that is an ASCII letter is not part of an identifier', () => {
    // 0x82 0x60 is full-width 'Ａ'... and 0x83 0x41 is 'ア': trail 0x41 is 'A'.
    const bytes = iconv.encode('// アイデンティティ\nusing IdentityServer4;\n', 'shift_jis');
    const d = decode(bytes);
    if (!d.ok) throw new Error(d.message);
    expect(d.text.split('\n')[0]).toMatch(/^\/\/ [\ue000-\ue0ff]+$/);
  });
});

describe('refusals: left alone with a reason, never guessed', () => {
  it('a byte sequence that is valid in no multi-byte set and no language fits', () => {
    const bytes = Buffer.concat([Buffer.from('// '), Buffer.from([0x80, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x80]), Buffer.from('\nusing IdentityServer4;\n')]);
    const d = decode(bytes);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.message).toMatch(/could not be identified|left alone/);
  });

  it('EBCDIC (control bytes where text has none)', () => {
    // "using" in EBCDIC (cp037) with its NL (0x15) line end.
    const bytes = Buffer.from([0xa4, 0xa2, 0x89, 0x95, 0x87, 0x40, 0xc9, 0x84, 0x85, 0x95, 0xa3, 0x89, 0xa3, 0xa8, 0x5e, 0x15]);
    const d = decode(bytes);
    expect(d).toMatchObject({ ok: false, reason: 'undecodable' });
    if (!d.ok) expect(d.message).toMatch(/control byte 0x15/);
  });

  it('UTF-16 without a BOM', () => {
    const bytes = Buffer.from('using IdentityServer4;\r\n', 'utf16le');
    const d = decode(bytes);
    expect(d).toMatchObject({ ok: false, reason: 'undecodable' });
    if (!d.ok) expect(d.message).toMatch(/UTF-16 without a byte-order mark/);
  });

  it('ISO-2022-JP, whose 7-bit bytes would pass as UTF-8', () => {
    // "// 認証" in ISO-2022-JP: ESC $ B, two JIS X 0208 pairs, ESC ( B.
    const bytes = Buffer.concat([Buffer.from('// \x1b$B'), Buffer.from([0x47, 0x27, 0x3e, 0x5a]), Buffer.from('\x1b(B\nusing IdentityServer4;\n')]);
    const d = decode(bytes);
    expect(d).toMatchObject({ ok: false, reason: 'undecodable' });
    if (!d.ok) expect(d.message).toMatch(/ISO-2022/);
  });

  it('NUL bytes and binary signatures are binary', () => {
    expect(decode(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toMatchObject({ ok: false, reason: 'binary', message: expect.stringMatching(/PNG/) });
    expect(decode(Buffer.from('using IdentityServer4;\0\0'))).toMatchObject({ ok: false, reason: 'binary' });
  });

  it('known binary types are refused by name', () => {
    for (const p of ['keys/signing.pfx', 'Host.snk', 'bin/Host.dll', 'wwwroot/favicon.ico', 'a/b.PNG']) expect(isKnownBinaryName(p)).toBe(true);
    for (const p of ['Startup.cs', 'tempkey.jwk', 'Host.csproj', 'dll']) expect(isKnownBinaryName(p)).toBe(false);
    expect(decode(Buffer.from('using IdentityServer4;\n'), 'certs/idsrv.pfx')).toMatchObject({ ok: false, reason: 'binary' });
  });
});

describe('the encodings fixture decodes as its files were written', () => {
  const dir = new URL('../../fixtures/encodings/before/', import.meta.url);
  const expected: [string, string | RegExp][] = [
    ['Cz/Startup.cs', 'windows-1250'],
    ['Cn/Startup.cs', 'gbk'],
    ['Jp/ConsentText.cs', 'shift_jis'],
    ['Tw/ClaimsText.cs', 'big5'],
    ['Extensions/ProfileExtensions.cs', 'utf-16le'],
    ['Mixed/ResourceNames.cs', 'utf-8'],
    ['Resources/Logo.cs', /binary/],
    ['Legacy/Iso2022.cs', /ISO-2022/],
  ];
  for (const [rel, name] of expected) {
    it(`${rel}: ${name}`, () => {
      const bytes = readFileSync(new URL(rel, dir));
      const d = decode(bytes, rel);
      if (typeof name === 'string') {
        if (!d.ok) throw new Error(d.message);
        expect(d.encoding.name).toBe(name);
        expect(encode(d.text, d.encoding).equals(bytes)).toBe(true);
        // Code outside comments and strings is intact ASCII; no trail byte became a quote or backslash.
        expect(d.text).toMatch(/using IdentityServer4\.\w+;/);
        expect(d.text.includes('\\') ? rel : '').toBe(rel === 'Jp/ConsentText.cs' ? rel : '');
      } else {
        expect(d.ok).toBe(false);
        if (!d.ok) expect(d.message).toMatch(name);
      }
    });
  }
});

describe('over many short files, no reading ever changes what is code', () => {
  // Words per language; a file is a comment and a string literal of a few of them.
  const WORDS: [string, string, string][] = [
    ['cs', 'windows-1250', 'Jiří Novák přihlášení uživatelů klientů nastavení žádné změny schválení Účetní Šumperk ověření výchozí'],
    ['pl', 'windows-1250', 'Paweł Łukasiewicz zażółć gęślą jaźń użytkownik hasło klucz podpis środowisko'],
    ['fr', 'windows-1252', 'François réglages déjà été créé paramètres utilisateur clé où à côté'],
    ['de', 'windows-1252', 'Müller Größe Übergänge Grüße Straße Schlüssel Benutzer für Änderungen'],
    ['ru', 'windows-1251', 'Автор Иван Петров вход выполнен настройки сервера клиенты пользователь пароль ключ'],
    ['ru', 'koi8-r', 'Автор Иван Петров вход выполнен настройки сервера клиенты пользователь пароль ключ'],
    ['zh', 'gbk', '身份 服务器 配置 客户端 资源 作用域 用户 登录 注销 密钥 签名 开发 运行 表 乗 錦 测试 说明'],
    ['zh-tw', 'big5', '身份 伺服器 設定 用戶端 資源 範圍 使用者 登入 登出 金鑰 簽章 開發 許 功 蓋 說明 測試'],
    ['ja', 'shift_jis', 'ソース 表示 設定 認証 サーバー 構成 ユーザー ログイン 署名 鍵 開発 本番 環境 ソフト 能 予'],
    ['ja', 'euc-jp', 'ソース 表示 設定 認証 サーバー 構成 ユーザー ログイン 署名 鍵 開発 本番 環境'],
    ['ko', 'euc-kr', '신원 서버 구성 클라이언트 리소스 사용자 로그인 로그아웃 서명 키 개발 환경 데이터베이스'],
  ];
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (const [lang, encoding, list] of WORDS) {
    it(`${lang} in ${encoding}`, () => {
      const words = list.split(' ');
      const tally = { named: 0, refused: 0, files: 0 };
      for (let trial = 0; trial < 80; trial++) {
        const pick = () => Array.from({ length: 1 + rnd(6) }, () => words[rnd(words.length)]).join(' ');
        const text = `// ${pick()}\r\nusing IdentityServer4.Models;\r\nclass A { string s = "${pick()}"; string t = "x"; }\r\n`;
        const bytes = iconv.encode(text, encoding);
        const d = decode(bytes);
        tally.files++;
        if (!d.ok) {
          tally.refused++;
          continue;
        }
        if (d.encoding.name.replace('gb18030', 'gbk') === encoding) tally.named++;
        // The safety property: whatever the name, the ASCII that is code reads exactly as in the truth.
        const codeView = d.encoding.kind === 'bytes' ? d.text.replace(/[\ue000-\ue0ff]/g, '') : d.text.replace(/[^\x00-\x7f]/g, '');
        expect(codeView).toBe(text.replace(/[^\x00-\x7f]/g, ''));
      }
      // Regression guards on how often the name is right and how rarely a file is refused (seeded, so stable).
      // Windows-1250 and -1252 share most accented letters, so a word or two may fairly be named either.
      if (!['windows-1250', 'windows-1252'].includes(encoding)) expect(tally.named / tally.files).toBeGreaterThan(0.75);
      expect(tally.refused / tally.files).toBeLessThan(0.15);
    });
  }

  it('a lone rare character with a 0x5C trail, and nothing else to go on, is refused', () => {
    // 運 is 0xDF 0x5C in GBK, a traditional form there; as Windows-1252 it would be "ß\\".
    const d = decode(iconv.encode('// 運\nusing IdentityServer4;\n', 'gbk'));
    expect(d).toMatchObject({ ok: false, reason: 'undecodable' });
  });

  it('a one-word Polish comment that reads as Big5 just as well is refused, not guessed', () => {
    // ł is 0xB3 in Windows-1250, and 0xB3 'o' is a Big5 character: the two readings disagree about the 'o'.
    const d = decode(iconv.encode('// hasło\nusing IdentityServer4;\n', 'windows-1250'));
    expect(d).toMatchObject({ ok: false, reason: 'undecodable' });
    if (!d.ok) expect(d.message).toMatch(/big5.*windows-1250|windows-1250.*big5/);
  });
});

describe('an XML declaration names the encoding, as MSBuild reads it', () => {
  const project = (enc: string, comment: string) =>
    iconv.encode(`<?xml version="1.0" encoding="${enc}"?>\r\n<Project Sdk="Microsoft.NET.Sdk">\r\n  <!-- ${comment} -->\r\n  <ItemGroup>\r\n    <PackageReference Include="IdentityServer4" Version="4.1.2" />\r\n  </ItemGroup>\r\n</Project>\r\n`, enc);

  it('a declared single-byte code page is taken as declared, even for one accented word', () => {
    const bytes = project('windows-1250', 'hasło');
    expect(decode(bytes)).toMatchObject({ ok: true, encoding: { kind: 'bytes', name: 'windows-1250' } });
    expect(decode(project('iso-8859-2', 'Jiří'))).toMatchObject({ ok: true, encoding: { name: 'iso-8859-2' } });
  });

  it('a declared multi-byte set groups the bytes by its scheme', () => {
    const bytes = project('gb2312', '身份服务器');
    const d = decode(bytes);
    expect(d).toMatchObject({ ok: true, encoding: { name: 'gbk' } });
    if (d.ok) expect(encode(d.text, d.encoding).equals(bytes)).toBe(true);
  });

  it('a declaration the bytes contradict, or that cannot be edited as bytes, is refused', () => {
    const gbkBytes = project('gbk', '乗');
    const lying = Buffer.from(gbkBytes.toString('latin1').replace('encoding="gbk"', 'encoding="euc-kr"'), 'latin1');
    expect(decode(lying)).toMatchObject({ ok: false, message: expect.stringMatching(/declares encoding "euc-kr" but its bytes are not valid/) });
    const utf7 = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="utf-7"?>\n<Project>'), Buffer.from([0xe9]), Buffer.from('</Project>\n')]);
    expect(decode(utf7)).toMatchObject({ ok: false, message: expect.stringMatching(/utf-7.*cannot edit safely/) });
  });
});
