// A text file built line by line, remembering which lines matter to the
// upgrade, so the manifest can say exactly where every usage is.

/**
 * Line kinds:
 * - usage: IdentityServer4 namespace use in code that must change (using, qualified name, @using, typeof)
 * - mention: the token in a comment, a string, a connection string or a lookalike identifier; never ours to change
 * - entity: an EF entity-name string in a migration designer or snapshot ("IdentityServer4.EntityFramework.Entities.X"); a string, left to the steps' judgement
 * - devSigning: a call to AddDeveloperSigningCredential
 * - atv: IdentityServer4.AccessTokenValidation use, which has no Duende namespace
 * - site: a package reference or version naming an IdentityServer4-family package
 */
export const KINDS = ['usage', 'mention', 'entity', 'devSigning', 'atv', 'site'];

export class LineFile {
  constructor() {
    this.lines = [];
    this.marks = Object.fromEntries(KINDS.map((k) => [k, []]));
  }

  /** Add one line; returns its 1-based number. */
  add(text = '', kind) {
    this.lines.push(text);
    const n = this.lines.length;
    if (kind) this.marks[kind].push(n);
    return n;
  }

  /** Add [text, kind?] pairs or plain strings. */
  addAll(items) {
    for (const item of items) {
      if (typeof item === 'string') this.add(item);
      else this.add(item[0], item[1]);
    }
  }

  get lineCount() {
    return this.lines.length;
  }

  hasMarks() {
    return KINDS.some((k) => this.marks[k].length > 0);
  }
}

// Windows-1250 bytes for the few non-ASCII letters the generator writes.
const CP1250 = new Map([
  ['ą', 0xb9], ['ć', 0xe6], ['ę', 0xea], ['ł', 0xb3], ['ń', 0xf1], ['ó', 0xf3], ['ś', 0x9c], ['ź', 0x9f], ['ż', 0xbf],
  ['Ł', 0xa3], ['Ż', 0xaf], ['Ś', 0x8c],
]);

function encodeCp1250(text) {
  const out = Buffer.alloc(text.length);
  let i = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out[i++] = code;
    else {
      const b = CP1250.get(ch);
      if (b === undefined) throw new Error(`no Windows-1250 byte for ${ch}`);
      out[i++] = b;
    }
  }
  return out.subarray(0, i);
}

/**
 * The bytes of a file. style: { eol: '\n' | '\r\n', bom: boolean, encoding: 'utf8' | 'cp1250' }.
 * Every file ends with one end-of-line.
 */
export function render(lines, style) {
  const text = lines.join(style.eol) + style.eol;
  if (style.encoding === 'cp1250') return encodeCp1250(text);
  const body = Buffer.from(text, 'utf8');
  return style.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}
