import { describe, expect, it } from 'vitest';
import { codeMask, csharpRegions } from '../../../src/core/lang/csharp.js';
import { fsharpRegions } from '../../../src/core/lang/fsharp.js';
import { razorRegions } from '../../../src/core/lang/razor.js';
import { vbRegions } from '../../../src/core/lang/vb.js';
import type { Region } from '../../../src/core/lang/csharp.js';

type Lexer = (text: string) => Region[];

/** Marker tokens: CODE_n must be code, TEXT_n must not be. */
function check(lexer: Lexer, source: string) {
  const mask = codeMask(source, lexer(source));
  const wrong: string[] = [];
  for (const m of source.matchAll(/\b(CODE|TEXT)_\d+\b/g)) {
    const inCode = mask.slice(m.index, m.index + m[0].length) === m[0];
    if (inCode !== (m[1] === 'CODE')) wrong.push(m[0]);
  }
  return wrong;
}

const csharp: [string, string][] = [
  ['line comment', 'CODE_1 // TEXT_1\nCODE_2'],
  ['block comment', 'CODE_1 /* TEXT_1 \n TEXT_2 */ CODE_2'],
  ['string with escapes', 'CODE_1("TEXT_1 \\" TEXT_2 \\\\", CODE_2)'],
  ['verbatim string', 'x = @"TEXT_1 "" TEXT_2 \\"; CODE_1'],
  ['interpolated', 'x = $"TEXT_1 {CODE_1} {{TEXT_2}} {CODE_2.Name}"; CODE_3'],
  ['interpolated verbatim both orders', 'a = $@"TEXT_1 {CODE_1} "" TEXT_2"; b = @$"TEXT_3 {CODE_2}"; CODE_3'],
  ['nested string in a hole', 'x = $"TEXT_1 {CODE_1("TEXT_2")} TEXT_3"; CODE_2'],
  ['format specifier', 'x = $"{CODE_1:TEXT_1} {CODE_2,10:TEXT_2}"; CODE_3'],
  ['global:: in a hole is not a format', 'x = $"{global::CODE_1.CODE_2}"; CODE_3'],
  ['parenthesised conditional in a hole', 'x = $"{(CODE_1 ? "TEXT_1" : CODE_2)}"; CODE_3'],
  ['char literal in a hole', 'x = $"{CODE_1(\'"\')} TEXT_1"; CODE_2'],
  ['line break inside a hole (C# 11)', 'x = $"TEXT_1 {CODE_1(\n  CODE_2)} TEXT_2"; CODE_3'],
  ['raw string', 'x = """\n  TEXT_1 "quoted" TEXT_2\n  """; CODE_1'],
  ['raw string, four quotes', 'x = """"TEXT_1 """ TEXT_2""""; CODE_1'],
  ['interpolated raw string', 'x = $$"""{TEXT_1} {{CODE_1}} {{{CODE_2}}}"""; CODE_3'],
  ['char literals', "a = '\\''; CODE_1 = '\"'; CODE_2(\"TEXT_1\")"],
  ['preprocessor', '#region TEXT_1\nCODE_1\n#endregion TEXT_2\n  #if TEXT_3\nCODE_2'],
  ['@ identifiers', 'var @CODE_1 = @class; CODE_2 = "TEXT_1";'],
  ['unterminated string stops at the line end', 'x = "TEXT_1\nCODE_1'],
  ['url in a string', 'x = "http://TEXT_1"; CODE_1'],
];

const razor: [string, string][] = [
  ['directives', '@using CODE_1.CODE_2\n@model CODE_3.X\n@inject CODE_4 CODE_5\n@inherits CODE_6\n<p>TEXT_1</p>'],
  ['html text and attributes', '<div class="TEXT_1" title="TEXT_2">TEXT_3 @CODE_1.CODE_2 TEXT_4</div>'],
  ['implicit expression with typeof', '<p>TEXT_1 @typeof(CODE_1.CODE_2).Assembly.GetName().Version TEXT_2</p>'],
  ['explicit expression', '<p>@(CODE_1 + "TEXT_1")TEXT_2</p>'],
  ['code block', '@{\n  var CODE_1 = "TEXT_1"; // TEXT_2\n}\n<p>TEXT_3</p>'],
  ['markup inside a code block', '@{ var a = CODE_1; <p>TEXT_1 @CODE_2</p> CODE_3(); }\nTEXT_2'],
  ['control block with markup', '@if (CODE_1) {\n  <p>\n    TEXT_1\n  </p>\n} else {\n  <span>TEXT_2</span>\n}\nTEXT_3'],
  ['foreach', '@foreach (var x in CODE_1) { <li>@x TEXT_1</li> }\nTEXT_2'],
  ['functions and code blocks', '@functions {\n  CODE_1 x = "TEXT_1";\n}\n@code { CODE_2 }\nTEXT_2'],
  ['e-mail and escaped @', '<a>TEXT_1@TEXT_2.com @@TEXT_3</a>'],
  ['razor comment', '@* TEXT_1 @CODE_X *@\n@CODE_1'],
  ['@section body is markup', '@section Scripts {\n  <script>TEXT_1</script> @CODE_1\n}\nTEXT_2'],
  ['@using block', '@using (CODE_1.BeginForm()) {\n  <input value="TEXT_1" />\n}\nTEXT_2'],
  ['text after a block that starts with while', '@if (CODE_1) { <b>x</b> }\nwhile TEXT_1 waits\n@do { CODE_2(); } while (CODE_3);\nTEXT_2'],
  ['try/catch/finally', '@try { CODE_1(); } catch (CODE_2 e) { <p>TEXT_1</p> } finally { CODE_3(); }\nTEXT_2'],
  ['@: line', '@if (CODE_1) { @:TEXT_1 @CODE_2\n}\nTEXT_2'],
];

const vb: [string, string][] = [
  ['imports and comments', "Imports CODE_1.CODE_2 ' TEXT_1\nREM TEXT_2\nDim CODE_3 = \"TEXT_3 \"\" TEXT_4\" : CODE_4()"],
  ['directive', '#Region "TEXT_1"\nCODE_1\n#End Region'],
];

const fsharp: [string, string][] = [
  ['open and comments', 'open CODE_1.CODE_2 // TEXT_1\n(* TEXT_2 (* TEXT_3 *) TEXT_4 *)\nlet CODE_3 = "TEXT_5"'],
  ['type variables are not chars', "let f (x: 'CODE_1) = x' + CODE_2 + 'a' |> ignore"],
  ['verbatim and triple-quoted', 'let a = @"TEXT_1 "" TEXT_2" in let b = """TEXT_3 " TEXT_4""" in CODE_1'],
  ['(*) is an operator', 'let m = (*) CODE_1 CODE_2'],
];

describe.each([
  ['C#', csharpRegions, csharp],
  ['Razor', razorRegions, razor],
  ['VB', vbRegions, vb],
  ['F#', fsharpRegions, fsharp],
] as [string, Lexer, [string, string][]][])('%s lexer', (_name, lexer, cases) => {
  it.each(cases)('%s', (_title, source) => {
    expect(check(lexer, source)).toEqual([]);
  });
});

describe('regions', () => {
  it('cover the text in order without overlap', () => {
    const text = '@using A\n@{ var s = $"x{y:z}"; <p>t</p> }\n<div>@Model.X</div>';
    const regions = razorRegions(text);
    let at = 0;
    for (const r of regions) {
      expect(r.start).toBeGreaterThanOrEqual(at);
      at = r.end;
    }
    expect(at).toBeLessThanOrEqual(text.length);
  });

  it('the marker check itself catches a mislabelled token', () => {
    expect(check(csharpRegions, '// CODE_1\nTEXT_1')).toEqual(['CODE_1', 'TEXT_1']);
  });
});

describe('robustness', () => {
  // deterministic pseudo-random text from the characters that steer the lexers
  const alphabet = ['"', "'", '@', '$', '{', '}', '(', ')', '[', ']', '<', '>', '/', '*', '#', '\n', '\r\n', ' ', ':', ';', '\\', 'a', 'IdentityServer4', '"""', '<p>', '</p>', '@{', '@*', '*@', '(*', '*)', 'REM '];
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const sample = () => Array.from({ length: 1 + (next() % 200) }, () => alphabet[next() % alphabet.length]).join('');

  it.each([
    ['C#', csharpRegions],
    ['Razor', razorRegions],
    ['VB', vbRegions],
    ['F#', fsharpRegions],
  ] as [string, Lexer][])('%s: any text gives ordered regions inside it, and a mask of the same length', (_n, lexer) => {
    for (let k = 0; k < 400; k++) {
      const text = sample();
      const regions = lexer(text);
      let at = 0;
      for (const r of regions) {
        expect(r.start).toBeGreaterThanOrEqual(at);
        expect(r.end).toBeGreaterThan(r.start);
        at = r.end;
      }
      expect(at).toBeLessThanOrEqual(text.length);
      expect(codeMask(text, regions)).toHaveLength(text.length);
    }
  });
});

describe('C# interpolation holes, generated', () => {
  // Interpolated strings whose holes hold comments, strings, char literals and
  // further interpolated strings, nested up to three deep; every CODE_n must stay
  // code and every TEXT_n must not.
  let seed = 7;
  // the high bits: an LCG's low bits repeat with a short period
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed >>> 12;
  };
  let counter = 0;
  const code = () => `CODE_${++counter}`;
  const text = () => `TEXT_${++counter}`;
  const pick = <T,>(items: T[]): T => items[next() % items.length]!;

  function hole(depth: number, raw: boolean): string {
    const parts: string[] = [];
    const count = 1 + (next() % 4);
    for (let k = 0; k < count; k++) {
      const kinds: (() => string)[] = [
        () => code(),
        () => `${code()}.${code()}`,
        () => `/* ${text()} } " */`,
        () => `/*${text()}*/`,
        () => `"${text()} } { \\" ${text()}"`,
        () => `@"${text()} "" }"`,
        () => `'"'`,
        () => `'}'`,
        () => `(${code()} + ${code()})`,
        () => `${code()}(${code()}, "${text()}")`,
        () => `// ${text()} } "\n${code()}`,
      ];
      if (depth < 3) kinds.push(() => interpolated(depth + 1));
      parts.push(pick(kinds)());
    }
    // a raw string's hole cannot hold a line comment without its own line; keep it simple there
    const joined = parts.join(pick([' ', ' + ', '\n']));
    return raw ? joined.replace(/\/\/ TEXT_\d+ } "\n/g, '') : joined;
  }

  function interpolated(depth: number): string {
    return pick([
      () => `$"${text()} {${hole(depth, false)}} ${text()} {{${text()}}}"`,
      () => `$@"${text()} "" {${hole(depth, false)}} ${text()}"`,
      () => `@$"${text()} {${hole(depth, false)}}"`,
      () => `$"""${text()} "" {${hole(depth, true)}} ${text()}"""`,
      () => `$$"""${text()} {${text()}} {{${hole(depth, true)}}} ${text()}"""`,
    ])();
  }

  it('every marker lands in the right kind of region, and the regions stay ordered', () => {
    for (let k = 0; k < 300; k++) {
      const source = `var x = ${interpolated(0)}; ${code()}(); // ${text()}\n${code()}`;
      const regions = csharpRegions(source);
      let at = 0;
      for (const r of regions) {
        expect(r.start, source).toBeGreaterThanOrEqual(at);
        at = r.end;
      }
      expect(check(csharpRegions, source), source).toEqual([]);
    }
  });

  it('the reported case: a /* */ comment inside a hole leaves the name before it as code', () => {
    const source = 'var s = $"{IdentityServer4.Models.Client /* c */}";';
    const mask = codeMask(source, csharpRegions(source));
    expect(mask.slice(11, 40)).toBe('IdentityServer4.Models.Client');
    expect(mask).not.toContain('/* c */');
  });
});
