/**
 * The code changes Duende's releases after 5.x ask for, as splices into C#
 * source: each rule applies when the upgrade crosses its release line. Only
 * code regions are read (comments, strings and lookalike identifiers stay),
 * and what no rule can change safely is reported with its file, line and advice.
 */
import { isIdentChar, type Region } from '../lang/csharp.js';
import { lexFile } from '../lang/index.js';
import { LineIndex } from '../text/edit.js';
import type { Evidence, Splice } from '../types.js';
import { CANCELLATION_ADDED, type CancellationChange } from '../data/cancellation.generated.js';
import { CONNECTED_APPLICATION_MEMBERS, MANUAL, MOVED_CALLS, RENAMES, STORE_CONTEXTS, type MovedCallRule } from '../data/api-rules.js';
import { compareLines, crosses } from '../releases.js';
import {
  argumentsOf,
  enclosingType,
  identifiers,
  isNamedArgument,
  lineIndent,
  matching,
  namesOfType,
  receiverBefore,
  skipWs,
  skipWsBack,
  typeDecls,
  type TypeDecl,
} from './csharp-scan.js';

export interface ApiSource {
  path: string;
  text: string;
}

export interface ManualItem {
  evidence: Evidence;
  advice: string;
}

export interface ApiAnalysis {
  /** Splices per file, on the original text. */
  edits: Map<string, Splice[]>;
  /** One per rewrite. */
  evidence: Evidence[];
  /** What a person must change. */
  manual: ManualItem[];
  /** The release lines whose rules apply to the pair. */
  rulesApply: boolean;
}

interface FileView {
  path: string;
  text: string;
  mask: string;
  lines: LineIndex;
  types: TypeDecl[];
  eol: string;
}

const KEYWORDS = new Set([
  'public', 'private', 'protected', 'internal', 'static', 'readonly', 'new', 'return', 'in', 'out', 'ref', 'is', 'as', 'case', 'typeof', 'nameof',
  'default', 'await', 'var', 'const', 'override', 'virtual', 'abstract', 'sealed', 'async', 'params', 'this', 'throw', 'else', 'yield', 'when', 'not', 'and', 'or',
]);

const SIGN_OUT = 'GetSchemeSupportsSignOutAsync';
const SIGN_OUT_HELPER = 'SchemeSupportsSignOutAsync';

/** Every line the rules for (source, target) cross: 6.0, 6.3, 7.0, 8.0 … */
export function apiRulesApply(source: string, target: string): boolean {
  const lines = ['6.0', '6.3', '7.0', '7.3', '8.0', ...RENAMES.map((r) => r.at), ...MANUAL.map((r) => r.at), ...MOVED_CALLS.map((r) => r.at)];
  return lines.some((at) => crosses(source, target, at));
}

export function analyzeApiChanges(files: readonly ApiSource[], source: string, target: string): ApiAnalysis {
  const out: ApiAnalysis = { edits: new Map(), evidence: [], manual: [], rulesApply: apiRulesApply(source, target) };
  if (!out.rulesApply) return out;
  const views: FileView[] = [];
  for (const f of files) {
    const lexed = lexFile(f);
    if (!lexed || lexed.language !== 'csharp') continue;
    const mask = solidMask(f.text, lexed.regions);
    views.push({ path: f.path, text: f.text, mask, lines: new LineIndex(f.text), types: typeDecls(mask), eol: f.text.includes('\r\n') ? '\r\n' : '\n' });
  }
  // Types the solution declares itself: a rename of that name would hit the user's own type.
  const declared = new Set(views.flatMap((v) => v.types.map((t) => t.name)));
  // `global using N;` in any file brings N into every file of the project
  const globalUsings = new Set(views.flatMap((v) => [...v.mask.matchAll(/^\s*global\s+using\s+(?:global::)?([\w.\s]+?)\s*;/gm)].map((x) => x[1]!.replace(/\s/g, ''))));
  const at = (line: string) => crosses(source, target, line);
  for (const v of views) {
    const splices: Splice[] = [];
    const ev = (offset: number, note?: string): Evidence => ({ path: v.path, line: v.lines.line(offset), text: v.lines.lineText(offset).trim(), ...(note ? { note } : {}) });
    const edit = (s: Splice, offset: number, note: string) => {
      splices.push(s);
      out.evidence.push(ev(offset, note));
    };
    const manual = (offset: number, advice: string) => out.manual.push({ evidence: ev(offset), advice });

    if (at('6.0')) storeContexts(v, target, edit, manual);
    if (at('6.0')) cacheGetAsync(v, edit, manual);
    if (at('7.0')) signOutHelper(v, edit, manual);
    if (at('7.0')) userGetName(v, edit);
    if (at('7.0') && !declared.has('IdentityServerTools')) identityServerTools(v, edit);
    if (at('8.0')) profileClient(v, edit, manual);
    if (at('7.0') || at('8.0')) clocks(v, source, target, edit, manual);
    if (at('8.0')) cancellation(v, edit, manual);
    for (const r of RENAMES) {
      if (!at(r.at)) continue;
      if (!r.member && declared.has(r.from)) continue;
      rename(v, r.from, r.to, r.member, r.why, edit);
    }
    for (const r of MOVED_CALLS) {
      if (!at(r.at) || declared.has(r.type)) continue;
      movedCall(v, r, globalUsings, edit, manual);
    }
    for (const r of MANUAL) {
      if (!at(r.at) || (r.unless !== undefined && at(r.unless))) continue;
      for (const o of identifiers(v.mask, r.name)) {
        const prev = v.mask[skipWsBack(v.mask, o - 1)];
        if (r.member && prev !== '.') continue;
        if (r.name === 'Preview' && v.mask[skipWs(v.mask, o + r.name.length)] !== '.') continue;
        if (r.implements && !v.types.some((t) => t.bases.includes(r.name) && o > t.at && o < t.open)) continue;
        manual(o, r.advice);
      }
    }
    if (splices.length > 0) {
      // two rules may touch the same place (a rename inside a rewritten call): keep the first, a second run takes the rest
      splices.sort((a, b) => a.start - b.start || a.end - b.end);
      const kept: Splice[] = [];
      for (const s of splices) {
        const last = kept[kept.length - 1];
        if (last && (s.start < last.end || (s.start === last.start && s.end === last.end && s.start !== s.end))) continue;
        kept.push(s);
      }
      out.edits.set(v.path, kept);
    }
  }
  return out;
}

/**
 * The code mask the rewrites read: comments and directives blank (white space),
 * string and char literals filled with NUL, so an argument that is a literal is
 * still an argument, and never an identifier.
 */
function solidMask(text: string, regions: readonly Region[]): string {
  const parts: string[] = [];
  let pos = 0;
  for (const r of regions) {
    if (r.kind === 'code' || r.end <= pos) continue;
    const start = Math.max(r.start, pos);
    const fill = r.kind === 'string' || r.kind === 'char' ? '\0' : ' ';
    parts.push(text.slice(pos, start), text.slice(start, r.end).replace(/[^\r\n]/g, fill));
    pos = r.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

type Edit = (s: Splice, offset: number, note: string) => void;
type Manual = (offset: number, advice: string) => void;

function prevWord(mask: string, at: number): string | undefined {
  const j = skipWsBack(mask, at - 1);
  let s = j;
  while (s >= 0 && isIdentChar(mask[s])) s--;
  return s < j ? mask.slice(s + 1, j + 1) : undefined;
}

/** A plain rename of an identifier in code. */
function rename(v: FileView, from: string, to: string, member: boolean, why: string, edit: Edit): void {
  const m = v.mask;
  for (const o of identifiers(m, from)) {
    const p = skipWsBack(m, o - 1);
    if (member) {
      if (m[p] !== '.') continue;
    } else {
      if (m[p] === '.') {
        // qualified: only through Duende's namespaces, never a member of the user's own type
        const chain = /((?:[A-Za-z_]\w*\s*\.\s*)+)$/.exec(m.slice(Math.max(0, p - 120), p + 1))?.[1]?.replace(/\s/g, '') ?? '';
        if (!/^(?:global::)?(?:Duende\.IdentityServer|IdentityServer4)\./.test(chain)) continue;
      }
      // a name being declared (a property or field called like the type), or an enum member
      const next = m[skipWs(m, o + from.length)];
      const word = prevWord(m, o);
      const declares = word !== undefined && !KEYWORDS.has(word) && (next === '{' || next === ';' || next === '=' || next === ',' || next === ')');
      if (declares) continue;
      const t = enclosingType(v.types, o);
      if (t?.kind === 'enum') continue;
    }
    edit({ start: o, end: o + from.length, text: to }, o, why);
  }
}

/** The namespaces a file imports with plain `using N;` directives (not aliases, not static). */
function usingsOf(mask: string): Set<string> {
  return new Set([...mask.matchAll(/^\s*using\s+(?:global::)?([A-Za-z_][\w.\s]*?)\s*;/gm)].map((x) => x[1]!.replace(/\s/g, '')));
}

/** A removed static method of a library type, called through the library's namespace, moves to its replacement. */
function movedCall(v: FileView, r: MovedCallRule, globalUsings: ReadonlySet<string>, edit: Edit, manual: Manual): void {
  const m = v.mask;
  const usings = usingsOf(m);
  const imported = r.namespaces.some((n) => usings.has(n) || globalUsings.has(n));
  for (const o of identifiers(m, r.type)) {
    const dot = skipWs(m, o + r.type.length);
    if (m[dot] !== '.') continue;
    const ms = skipWs(m, dot + 1);
    if (m.slice(ms, ms + r.method.length) !== r.method || isIdentChar(m[ms + r.method.length])) continue;
    const p = skipWsBack(m, o - 1);
    let start = o;
    if (m[p] === '.') {
      // qualified: only through the library's own namespace, never a type of the user's namespaces
      start = qualifiedStart(m, o);
      const chain = m.slice(start, o).replace(/\s/g, '').replace(/^global::/, '').replace(/\.$/, '');
      if (!r.namespaces.includes(chain)) continue;
    } else if (!imported) {
      // the file does not see the library's type
      continue;
    }
    if (m[skipWs(m, ms + r.method.length)] !== '(') {
      manual(o, `${r.type}.${r.method} is used other than as a call: ${r.why}; use ${r.toNamespace}.${r.toType}.${r.toMethod}`);
      continue;
    }
    const qualifier = usings.has(r.toNamespace) || globalUsings.has(r.toNamespace) ? '' : `${r.toNamespace}.`;
    edit({ start, end: ms + r.method.length, text: `${qualifier}${r.toType}.${r.toMethod}` }, o, `${r.type}.${r.method} → ${r.toNamespace}.${r.toType}.${r.toMethod}: ${r.why}`);
  }
}

/** 6.0: the store DbContexts take only the DbContext options. */
function storeContexts(v: FileView, target: string, edit: Edit, manual: Manual): void {
  const m = v.mask;
  for (const t of v.types) {
    if (t.kind !== 'class' || !t.bases.some((b) => (STORE_CONTEXTS as readonly string[]).includes(b))) continue;
    for (const b of identifiers(m, 'base')) {
      if (b < t.open || b > t.close || enclosingType(v.types, b) !== t) continue;
      const colon = skipWsBack(m, b - 1);
      const open = skipWs(m, b + 4);
      if (m[colon] !== ':' || m[open] !== '(') continue;
      const close = matching(m, open);
      const args = argumentsOf(m, open, close);
      if (args.length !== 2) continue;
      edit({ start: args[0]!.end, end: args[1]!.end, text: '' }, b, `the ${t.bases.find((x) => (STORE_CONTEXTS as readonly string[]).includes(x))} constructor takes only the options from 6.0`);
    }
  }
  for (const name of STORE_CONTEXTS) {
    for (const o of identifiers(m, name)) {
      if (prevWord(m, o) !== 'new') continue;
      let open = skipWs(m, o + name.length);
      if (m[open] === '<') continue; // a generic of the user's own
      if (m[open] !== '(') continue;
      const close = matching(m, open);
      const args = argumentsOf(m, open, close);
      if (args.length !== 2 || args.some((a) => isNamedArgument(m, a))) continue;
      const after = m[skipWs(m, close + 1)];
      if (compareLines(target, '6.1') < 0 || after === '{') {
        manual(o, `new ${name}(options, storeOptions): from 6.0 the constructor takes only the options; pass the store options another way (6.1+: the StoreOptions property)`);
        continue;
      }
      const store = v.text.slice(args[1]!.start, args[1]!.end);
      edit({ start: args[0]!.end, end: close + 1, text: `) { StoreOptions = ${store} }` }, o, `new ${name}(options) with the StoreOptions property (6.1)`);
      open = close;
    }
  }
}

/** 6.0: the ICache<T>.GetAsync(key, duration, get, logger) extension is gone; GetOrAddAsync(key, duration, get) replaces it. */
function cacheGetAsync(v: FileView, edit: Edit, manual: Manual): void {
  const m = v.mask;
  const caches = namesOfType(m, 'ICache');
  if (caches.size === 0) return;
  for (const o of identifiers(m, 'GetAsync')) {
    const dot = skipWsBack(m, o - 1);
    if (m[dot] !== '.') continue;
    const recv = receiverBefore(m, dot);
    const name = recv?.text.split('.').pop();
    if (!name || !caches.has(name)) continue;
    const open = skipWs(m, o + 'GetAsync'.length);
    if (m[open] !== '(') continue;
    const close = matching(m, open);
    const args = argumentsOf(m, open, close);
    if (args.length === 1) continue; // ICache<T>.GetAsync(key) stays
    if (args.length !== 4 || args.some((a) => isNamedArgument(m, a))) {
      manual(o, 'the ICache<T>.GetAsync extension with a logger is gone in 6.0: call GetOrAddAsync(key, duration, get)');
      continue;
    }
    edit({ start: o, end: o + 'GetAsync'.length, text: 'GetOrAddAsync' }, o, 'ICache<T>.GetAsync(…, logger) → GetOrAddAsync (6.0)');
    edit({ start: args[2]!.end, end: args[3]!.end, text: '' }, o, 'the logger argument goes (6.0)');
  }
}

/** 7.0: HttpContext.GetSchemeSupportsSignOutAsync is gone; a private helper in the same class does its work. */
function signOutHelper(v: FileView, edit: Edit, manual: Manual): void {
  const m = v.mask;
  const helped = new Set<TypeDecl>();
  for (const o of identifiers(m, SIGN_OUT)) {
    const dot = skipWsBack(m, o - 1);
    if (m[dot] !== '.') continue;
    const open = skipWs(m, o + SIGN_OUT.length);
    if (m[open] !== '(') continue;
    const close = matching(m, open);
    const recv = receiverBefore(m, dot);
    const t = enclosingType(v.types, o);
    const args = argumentsOf(m, open, close);
    if (!recv || !t || t.kind === 'interface' || args.length !== 1) {
      manual(o, 'GetSchemeSupportsSignOutAsync is gone in 7.0: resolve IAuthenticationHandlerProvider, call GetHandlerAsync(context, scheme) and check for IAuthenticationSignOutHandler');
      continue;
    }
    const receiver = v.text.slice(recv.start, skipWsBack(m, dot - 1) + 1);
    edit({ start: recv.start, end: open + 1, text: `${SIGN_OUT_HELPER}(${receiver}, ` }, o, 'HttpContext.GetSchemeSupportsSignOutAsync → a local helper over IAuthenticationHandlerProvider (7.0)');
    helped.add(t);
  }
  for (const t of helped) {
    if (identifiers(m.slice(t.open, t.close), SIGN_OUT_HELPER).some((i) => /\bTask\s*<\s*bool\s*>\s*$/.test(m.slice(Math.max(0, t.open + i - 40), t.open + i)))) continue;
    // the helper goes before the line of the class's closing brace
    const ls = v.text.lastIndexOf('\n', t.close - 1) + 1;
    if (v.text.slice(ls, t.close).trim() !== '') {
      manual(t.close, `add a private static async Task<bool> ${SIGN_OUT_HELPER}(HttpContext context, string scheme) helper to ${t.name} (its closing brace shares a line with code, so it was not added)`);
      continue;
    }
    const outer = lineIndent(v.text, t.close);
    const unit = detectIndentUnit(v.text, t) ?? '    ';
    const i1 = outer + unit;
    const i2 = i1 + unit;
    const e = v.eol;
    const helper =
      `${e}${i1}private static async global::System.Threading.Tasks.Task<bool> ${SIGN_OUT_HELPER}(global::Microsoft.AspNetCore.Http.HttpContext context, string scheme)${e}` +
      `${i1}{${e}` +
      `${i2}var provider = global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<global::Microsoft.AspNetCore.Authentication.IAuthenticationHandlerProvider>(context.RequestServices);${e}` +
      `${i2}var handler = await provider.GetHandlerAsync(context, scheme);${e}` +
      `${i2}return handler is global::Microsoft.AspNetCore.Authentication.IAuthenticationSignOutHandler;${e}` +
      `${i1}}${e}`;
    edit({ start: ls, end: ls, text: helper }, t.at, `adds the ${SIGN_OUT_HELPER} helper to ${t.name}`);
  }
}

function detectIndentUnit(text: string, t: TypeDecl): string | undefined {
  const outer = lineIndent(text, t.at);
  const body = text.slice(t.open + 1, t.close);
  const first = /\n([ \t]+)\S/.exec(body);
  if (!first || !first[1]!.startsWith(outer) || first[1]!.length <= outer.length) return undefined;
  return first[1]!.slice(outer.length);
}

/** 7.0: the IPrincipal GetName() extension is gone; GetDisplayName() reads the same name claim. */
function userGetName(v: FileView, edit: Edit): void {
  const m = v.mask;
  for (const o of identifiers(m, 'GetName')) {
    const dot = skipWsBack(m, o - 1);
    if (m[dot] !== '.') continue;
    const recv = receiverBefore(m, dot);
    if (!recv || recv.text.replace(/\s/g, '').split('.').pop() !== 'User') continue;
    const open = skipWs(m, o + 'GetName'.length);
    if (m[open] !== '(' || m[skipWs(m, open + 1)] !== ')') continue;
    edit({ start: o, end: o + 'GetName'.length, text: 'GetDisplayName' }, o, 'User.GetName() → User.GetDisplayName() (7.0)');
  }
}

/** 7.0: inject IIdentityServerTools; the concrete IdentityServerTools is no longer registered for injection. */
function identityServerTools(v: FileView, edit: Edit): void {
  const m = v.mask;
  for (const o of identifiers(m, 'IdentityServerTools')) {
    const prev = skipWsBack(m, o - 1);
    if (prevWord(m, o) === 'new' || prevWord(m, o) === 'class') continue;
    if (m[prev] === '.' && !/Duende\s*\.\s*IdentityServer\s*\.\s*$/.test(m.slice(Math.max(0, prev - 40), prev + 1))) continue;
    // used as a type: a name follows (a parameter, field, property or local)
    const next = skipWs(m, o + 'IdentityServerTools'.length);
    if (!/[A-Za-z_@]/.test(m[next] ?? '')) continue;
    edit({ start: o, end: o, text: 'I' }, o, 'inject IIdentityServerTools instead of the concrete IdentityServerTools (7.0)');
  }
}

/** 8.0: ProfileDataRequestContext.Client becomes Application (an IConnectedApplication). */
function profileClient(v: FileView, edit: Edit, manual: Manual): void {
  const m = v.mask;
  const names = namesOfType(m, 'ProfileDataRequestContext');
  if (names.size === 0) return;
  for (const o of identifiers(m, 'Client')) {
    const dot = skipWsBack(m, o - 1);
    if (m[dot] !== '.') continue;
    const recv = receiverBefore(m, dot);
    if (!recv || !names.has(recv.text.replace(/\s/g, '').split('.').pop()!)) continue;
    const after = skipWs(m, o + 'Client'.length);
    const nullCond = m[after] === '?' && m[after + 1] === '.';
    if (m[after] === '.' || nullCond) {
      const s = skipWs(m, after + (nullCond ? 2 : 1));
      let e = s;
      while (isIdentChar(m[e])) e++;
      const member = m.slice(s, e);
      const to = CONNECTED_APPLICATION_MEMBERS[member];
      if (to !== undefined) {
        edit({ start: o, end: o + 'Client'.length, text: 'Application' }, o, `ProfileDataRequestContext.Client.${member} → Application.${to} (8.0)`);
        if (to !== member) edit({ start: s, end: e, text: to }, o, `Client.${member} is IConnectedApplication.${to}`);
        continue;
      }
    }
    manual(o, 'ProfileDataRequestContext.Client is Application (an IConnectedApplication) in 8.0: use context.Application, and `context.Application is Client client` where you need the Client itself');
  }
}

/**
 * 7.0: Duende's classes take Duende.IdentityServer.IClock instead of ASP.NET's
 * ISystemClock; 8.0: both give way to System.TimeProvider (UtcNow → GetUtcNow()).
 * A subclass's constructor that hands a clock to `base(...)` follows, with the
 * class's own fields of that type; from 7.x, every IClock goes (8.0 removed it).
 */
function clocks(v: FileView, source: string, target: string, edit: Edit, manual: Manual): void {
  const m = v.mask;
  const to8 = crosses(source, target, '8.0');
  const hasSystemUsing = /^\s*using\s+System\s*;/m.test(m);
  const newType = to8 ? (hasSystemUsing ? 'TimeProvider' : 'System.TimeProvider') : 'Duende.IdentityServer.IClock';
  const why = to8 ? 'the clock is System.TimeProvider from 8.0' : 'Duende classes take Duende.IdentityServer.IClock from 7.0';
  const classes = new Set<TypeDecl>();
  for (const old of ['ISystemClock', 'IClock']) {
    if (old === 'IClock' && !to8) continue;
    for (const o of identifiers(m, old)) {
      const t = enclosingType(v.types, o);
      if (!t) continue;
      if (old === 'IClock' && compareLines(source, '7.0') >= 0) classes.add(t);
      else if (handsClockToBase(v, t, old)) classes.add(t);
    }
  }
  for (const t of classes) {
    const body = m.slice(t.open, t.close);
    const clockNames = new Set<string>();
    for (const old of ['ISystemClock', 'IClock']) {
      if (old === 'IClock' && !to8) continue;
      for (const n of namesOfType(body, old)) clockNames.add(n);
      for (const i of identifiers(body, old)) {
        const o = t.open + i;
        if (enclosingType(v.types, o) !== t) continue;
        const p = skipWsBack(m, o - 1);
        const start = m[p] === '.' ? qualifiedStart(m, o) : o;
        edit({ start, end: o + old.length, text: newType }, o, `${old} → ${newType}: ${why}`);
      }
    }
    if (!to8) continue;
    if (/\bClock\s*\.\s*UtcNow\b/.test(body) && !/\bClock\s*[;={]/.test(body)) clockNames.add('Clock');
    for (const i of identifiers(body, 'UtcNow')) {
      const o = t.open + i;
      const dot = skipWsBack(m, o - 1);
      if (m[dot] !== '.') continue;
      const recv = receiverBefore(m, dot);
      const name = recv?.text.replace(/\s/g, '').split('.').pop();
      if (!name || !clockNames.has(name)) continue;
      if (m[skipWs(m, o + 6)] === '(') continue;
      edit({ start: o, end: o + 'UtcNow'.length, text: 'GetUtcNow()' }, o, 'clock.UtcNow → GetUtcNow() on TimeProvider (8.0)');
    }
  }
  // ISystemClock elsewhere (not handed to Duende) still compiles: leave it, but say so once per file.
  const rest = identifiers(m, 'ISystemClock').filter((o) => !classes.has(enclosingType(v.types, o)!));
  if (rest.length > 0 && to8) manual(rest[0]!, 'ISystemClock is not handed to a Duende class here, so it was left as it is; Duende 8.0 uses TimeProvider, so code that shares a clock with IdentityServer should move to TimeProvider');
}

function qualifiedStart(m: string, o: number): number {
  let s = o;
  for (;;) {
    const p = skipWsBack(m, s - 1);
    if (m[p] !== '.') return s;
    let j = skipWsBack(m, p - 1);
    if (m[j] === ':' && m[j - 1] === ':') {
      j = skipWsBack(m, j - 2);
    }
    let k = j;
    while (k >= 0 && isIdentChar(m[k])) k--;
    if (k === j) return s;
    s = k + 1;
  }
}

/** A constructor of the class passes a parameter of the clock type to `: base(...)`. */
function handsClockToBase(v: FileView, t: TypeDecl, type: string): boolean {
  const m = v.mask;
  const body = m.slice(t.open, t.close);
  const re = new RegExp(`\\b${t.name}\\s*\\(([^)]*)\\)\\s*:\\s*base\\s*\\(([^;{]*)\\)`, 'g');
  for (const c of body.matchAll(re)) {
    const names = namesOfType(c[1]!, type);
    if ([...names].some((n) => new RegExp(`(?<![\\w.])${n}(?!\\w)`).test(c[2]!))) return true;
  }
  return false;
}

/**
 * 8.0: store and service interface methods take a CancellationToken. Calls on a
 * name declared with the interface's type pass one (the request's in a controller
 * or page, CancellationToken.None elsewhere); the class's own implementations of
 * those methods take one.
 */
function cancellation(v: FileView, edit: Edit, manual: Manual): void {
  const m = v.mask;
  const hasThreading = /^\s*using\s+System\.Threading\s*;/m.test(m);
  const ctType = hasThreading ? 'CancellationToken' : 'System.Threading.CancellationToken';
  // calls
  for (const [iface, methods] of Object.entries(CANCELLATION_ADDED)) {
    if (!m.includes(iface)) continue;
    const names = namesOfType(m, iface);
    if (names.size === 0) continue;
    for (const [method, change] of Object.entries(methods)) {
      for (const o of identifiers(m, method)) {
        const dot = skipWsBack(m, o - 1);
        if (m[dot] !== '.') continue;
        const recv = receiverBefore(m, dot);
        const name = recv?.text.replace(/\s/g, '').split('.').pop();
        if (!name || !names.has(name)) continue;
        const open = skipWs(m, o + method.length);
        if (m[open] !== '(') continue;
        const close = matching(m, open);
        const args = argumentsOf(m, open, close);
        callSite(v, o, open, close, args, iface, method, change, edit, manual);
      }
    }
  }
  // implementations
  for (const t of v.types) {
    if (t.kind !== 'class' && t.kind !== 'struct' && t.kind !== 'record') continue;
    for (const iface of t.bases) {
      const methods = CANCELLATION_ADDED[iface];
      if (!methods) continue;
      for (const [method, change] of Object.entries(methods)) {
        for (const i of identifiers(m.slice(t.open, t.close), method)) {
          const o = t.open + i;
          if (enclosingType(v.types, o) !== t) continue;
          const p = skipWsBack(m, o - 1);
          if (m[p] === '.' && !m.slice(Math.max(0, p - iface.length - 2), p).includes(iface)) continue; // a call, not a declaration
          const open = skipWs(m, o + method.length);
          if (m[open] !== '(') continue;
          const close = matching(m, open);
          // a declaration: a body or an arrow follows the parameter list
          const after = m.slice(skipWs(m, close + 1), skipWs(m, close + 1) + 2);
          if (!(after.startsWith('{') || after === '=>')) continue;
          const word = prevWord(m, m[p] === '.' ? skipWsBack(m, p - iface.length - 1) + 1 : o);
          if (word === 'await' || word === 'return' || word === 'new') continue;
          if ('overloaded' in change) {
            manual(o, `${iface}.${method} takes a CancellationToken from 8.0: add it to this implementation as the 8.0 interface declares it`);
            continue;
          }
          const params = argumentsOf(m, open, close, true);
          if (params.some((x) => /\b(?:CancellationToken|Ct)\b/.test(m.slice(x.start, x.end)))) continue;
          if (params.length !== change.old) {
            manual(o, `${iface}.${method} takes a CancellationToken from 8.0: add it to this implementation as the 8.0 interface declares it`);
            continue;
          }
          const taken = new Set(params.map((x) => /(\w+)\s*(?:=.*)?$/.exec(m.slice(x.start, x.end))?.[1]));
          const pname = taken.has('ct') ? 'cancellationToken' : 'ct';
          const decl = `${ctType} ${pname}`;
          const s = insertArgument(params, change.ct, open, close, decl);
          edit(s, o, `${iface}.${method} takes a CancellationToken from 8.0`);
        }
      }
    }
  }
}

function insertArgument(args: { start: number; end: number }[], index: number, open: number, _close: number, text: string): Splice {
  if (args.length === 0) return { start: open + 1, end: open + 1, text };
  if (index >= args.length) return { start: args[args.length - 1]!.end, end: args[args.length - 1]!.end, text: `, ${text}` };
  return { start: args[index]!.start, end: args[index]!.start, text: `${text}, ` };
}

const REQUEST_BASES = new Set(['Controller', 'ControllerBase', 'PageModel']);

function callSite(
  v: FileView,
  o: number,
  open: number,
  close: number,
  args: { start: number; end: number }[],
  iface: string,
  method: string,
  change: CancellationChange,
  edit: Edit,
  manual: Manual,
): void {
  const m = v.mask;
  const advice = `${iface}.${method} takes a CancellationToken from 8.0: pass one (HttpContext.RequestAborted in a request, CancellationToken.None elsewhere)`;
  if ('overloaded' in change || args.some((a) => isNamedArgument(m, a))) {
    manual(o, advice);
    return;
  }
  // already passes a token where the token goes (a second run, or done by hand)
  const atToken = args[change.ct];
  if (atToken && /(?:RequestAborted|CancellationToken\b|\b(?:ct|cancellationToken|token|cancel)\b|^default$)/i.test(v.text.slice(atToken.start, atToken.end))) return;
  if (args.length > change.old || args.length < change.ct) {
    // already has the token, or omits a parameter before it
    if (args.length === change.params + 1) return;
    manual(o, advice);
    return;
  }
  const t = enclosingType(v.types, o);
  const token = t && t.bases.some((b) => REQUEST_BASES.has(b)) && !inStaticMember(m, t, o) ? 'HttpContext.RequestAborted' : /^\s*using\s+System\.Threading\s*;/m.test(m) ? 'CancellationToken.None' : 'System.Threading.CancellationToken.None';
  edit(insertArgument(args, change.ct, open, close, token), o, `${iface}.${method} takes a CancellationToken from 8.0`);
}

/** Is `at` inside a static member of the type (where HttpContext is not in reach)? */
function inStaticMember(m: string, t: TypeDecl, at: number): boolean {
  let depth = 0;
  let boundary = t.open;
  let memberOpen = -1;
  for (let j = t.open + 1; j < at; j++) {
    const c = m[j];
    if (c === '{') {
      if (depth === 0) memberOpen = j;
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) boundary = j;
    } else if (c === ';' && depth === 0) boundary = j;
  }
  const headerEnd = depth > 0 ? memberOpen : at;
  return /\bstatic\b/.test(m.slice(boundary + 1, headerEnd));
}
