import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../errors.js';
import { LineIndex } from '../text/edit.js';
import type { TextFile } from '../workspace.js';
import type { Span } from './model.js';

/**
 * MSBuild files are read with fast-xml-parser for their structure (so that a
 * reference inside a comment or CDATA is never mistaken for a real one), and the
 * exact offsets of the values we may splice are taken from the original text,
 * starting at each element's start index in the parser's metadata. Nothing is
 * ever serialised back.
 */

export interface AttrValue {
  /** Value with the five XML entities resolved. */
  value: string;
  /** The raw value inside its quotes. */
  span: Span;
}

export interface XmlElement {
  name: string;
  /** Offset of '<'. */
  start: number;
  line: number;
  attrs: Map<string, AttrValue>;
  children: XmlElement[];
  /** Trimmed text content of a leaf element, with where it sits. */
  text?: AttrValue;
  parent?: XmlElement;
}

export interface MsbuildDoc {
  file: TextFile;
  root: XmlElement;
  lines: LineIndex;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  preserveOrder: true,
  captureMetaData: true,
  processEntities: false,
  trimValues: false,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

function unescapeXml(raw: string): string {
  return raw.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (all, e: string) => {
    switch (e) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
      default: {
        const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : all;
      }
    }
  });
}

/** Attributes of the start tag at `start` ('<'), with value spans, and where the tag ends. */
function readStartTag(text: string, start: number): { attrs: Map<string, AttrValue>; end: number; selfClosing: boolean } {
  const attrs = new Map<string, AttrValue>();
  const re = /\s*(?:([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')|(\/?>))/y;
  let at = start + 1;
  while (at < text.length && !/[\s/>]/.test(text[at]!)) at++;
  re.lastIndex = at;
  for (;;) {
    const m = re.exec(text);
    if (!m) return { attrs, end: text.indexOf('>', at) + 1, selfClosing: false };
    if (m[4]) return { attrs, end: re.lastIndex, selfClosing: m[4] === '/>' };
    const raw = m[2] ?? m[3] ?? '';
    const valueEnd = re.lastIndex - 1;
    attrs.set(m[1]!, { value: unescapeXml(raw), span: { start: valueEnd - raw.length, end: valueEnd } });
  }
}

type Node = Record<string, unknown> & { [META]?: { startIndex: number } };

/** Parse an MSBuild (or packages.config) file; malformed XML is the user's input problem. */
export function parseMsbuild(file: TextFile): MsbuildDoc {
  const text = file.text;
  const lines = new LineIndex(text);
  const verdict = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (verdict !== true) {
    throw new InputError(`is not well-formed XML: ${verdict.err.msg}`, { path: file.path, line: verdict.err.line }, 'MSBuild cannot load it either; fix the file and run again. Nothing was changed.');
  }
  const tree = parser.parse(text) as Node[];
  const root: XmlElement = { name: '#document', start: 0, line: 1, attrs: new Map(), children: [] };
  const build = (nodes: Node[], parent: XmlElement) => {
    for (const node of nodes) {
      const name = Object.keys(node).find((k) => k !== ':@');
      if (!name || name.startsWith('#') || name.startsWith('?')) continue;
      const meta = node[META];
      if (!meta) continue;
      const start = meta.startIndex;
      const tag = readStartTag(text, start);
      const el: XmlElement = { name, start, line: lines.line(start), attrs: tag.attrs, children: [], parent };
      const kids = (node[name] as Node[] | undefined) ?? [];
      if (!tag.selfClosing) {
        const close = text.indexOf('<', tag.end);
        const elementKids = kids.some((k) => Object.keys(k).some((n) => n !== '#text' && n !== ':@'));
        if (close !== -1 && !elementKids) {
          const raw = text.slice(tag.end, close);
          const lead = raw.length - raw.trimStart().length;
          const trimmed = raw.trim();
          el.text = { value: unescapeXml(trimmed), span: { start: tag.end + lead, end: tag.end + lead + trimmed.length } };
        }
      }
      parent.children.push(el);
      build(kids, el);
    }
  };
  build(tree, root);
  return { file, root, lines };
}

/** Every element below `el` (depth first, document order). */
export function* descendants(el: XmlElement): Generator<XmlElement> {
  for (const c of el.children) {
    yield c;
    yield* descendants(c);
  }
}

/** Attribute lookup as MSBuild does it for its own attributes: case-insensitively. */
export function attr(el: XmlElement, name: string): AttrValue | undefined {
  const exact = el.attrs.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const [k, v] of el.attrs) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  const lower = name.toLowerCase();
  return el.children.find((c) => c.name.toLowerCase() === lower);
}

/** Where a non-UTF-8 byte sits, for the error message. */
export function firstInvalidUtf8Line(bytes: Buffer): number {
  const s = bytes.toString('utf8');
  const at = s.indexOf('\uFFFD');
  if (at === -1) return 1;
  let line = 1;
  for (let i = 0; i < at; i++) if (s.charCodeAt(i) === 10) line++;
  return line;
}
