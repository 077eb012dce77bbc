import { readdirSync } from 'node:fs';
import path from 'node:path';
import { matching } from '../api/csharp-scan.js';
import { codeMask } from '../lang/csharp.js';
import type { Workspace } from '../workspace.js';

export interface DataTarget {
  /** e.g. "SQLite", "SQL Server", "PostgreSQL". */
  provider?: string;
  /** The configuration key it is read from, e.g. "ConnectionStrings:DefaultConnection" (GetConnectionString("DefaultConnection")). */
  key?: string;
  /** The connection string name, from GetConnectionString("X"). */
  name?: string;
  /** Each place that defines it, with its line, secrets masked: an appsettings file, or a string in the code. */
  sources: { file: string; line: number; value: string }[];
}

const PROVIDERS: Record<string, string> = {
  UseSqlServer: 'SQL Server',
  UseSqlite: 'SQLite',
  UseNpgsql: 'PostgreSQL',
  UseMySql: 'MySQL',
  UseMySQL: 'MySQL',
  UseOracle: 'Oracle',
  UseInMemoryDatabase: 'in-memory',
  UseCosmos: 'Cosmos DB',
};

const SECRET_KEYS = new Set(['password', 'pwd', 'user password', 'accountkey', 'sharedaccesskey']);

/** Hide secrets in an ADO.NET-style (`Password=...;`) or URL-style (`postgres://u:p@h`) connection string. */
export function maskConnectionString(value: string): string {
  const url = /^(\w[\w+.-]*:\/\/[^:/@]+:)([^@]*)(@.*)$/.exec(value);
  if (url) return `${url[1]}***${url[3]}`;
  return value
    .split(';')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq === -1) return part;
      const key = part.slice(0, eq).trim().toLowerCase();
      return SECRET_KEYS.has(key) ? `${part.slice(0, eq + 1)}***` : part;
    })
    .join(';');
}

/**
 * Which database `dotnet ef database update` will change: the provider from the
 * Use* call in the host's registration code, and the connection string it is
 * given. The argument is followed one step: a string literal (in the call, or
 * in the variable, constant or field it names) is the value, with its line; a
 * configuration read (GetConnectionString("X"), Configuration["ConnectionStrings:X"])
 * is looked up in the host's appsettings*.json, where ASP.NET Core reads it by
 * default (environment variables and user secrets can override it there).
 */
export function dataTarget(workspace: Workspace, registrationFiles: string[], startupProject: string | undefined): DataTarget {
  let provider: string | undefined;
  let name: string | undefined;
  let key: string | undefined;
  const sources: DataTarget['sources'] = [];
  for (const f of registrationFiles) {
    const r = workspace.tryRead(f);
    if (!r.ok) continue;
    const text = r.file.text;
    const mask = codeMask(text);
    const use = storeUse(mask);
    if (!use) continue;
    provider ??= PROVIDERS[use[1]!];
    if (key || sources.length) continue;
    const at = use.index + use[0].length;
    const found = connectionArgument(text, mask, at);
    if (found?.kind === 'literal') sources.push({ file: f, line: lineAt(text, found.at), value: maskConnectionString(found.value) });
    else if (found?.kind === 'key') key = found.key;
  }
  if (key?.startsWith('ConnectionStrings:')) name = key.slice('ConnectionStrings:'.length);
  if (startupProject && sources.length === 0) {
    const dir = path.posix.dirname(startupProject);
    let names: string[] = [];
    try {
      names = readdirSync(workspace.abs(dir)).filter((b) => /^appsettings(\.[\w-]+)?\.json$/i.test(b));
    } catch {
      // no such folder: nothing to read
    }
    // appsettings.json first, then the environment files that override it
    const candidates = names.sort((a, b) => a.length - b.length || a.localeCompare(b)).map((b) => (dir === '.' ? b : `${dir}/${b}`));
    for (const rel of candidates) {
      const r = workspace.tryRead(rel);
      if (!r.ok) continue;
      const json = parseJsonc(r.file.text);
      const strings = json && typeof json === 'object' ? (json as Record<string, unknown>).ConnectionStrings : undefined;
      if (!strings || typeof strings !== 'object') continue;
      const entries = Object.entries(strings as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
      // a name the code hides (a constant) is still clear when the file holds one connection string
      if (!key && entries.length === 1) name ??= entries[0]![0];
      for (const [k, value] of entries.filter(([k]) => k === name)) sources.push({ file: rel, line: jsonKeyLine(r.file.text, k), value: maskConnectionString(value) });
    }
    if (name) key ??= `ConnectionStrings:${name}`;
  }
  return { provider, ...(key ? { key } : {}), ...(name ? { name } : {}), sources };
}

const USE = /\b(Use(?:SqlServer|Sqlite|Npgsql|MySql|MySQL|Oracle|InMemoryDatabase|Cosmos))\s*\(/g;

/**
 * The provider call that configures the IdentityServer stores: the first one inside an
 * AddOperationalStore/AddConfigurationStore call's arguments, else the file's first (a file often
 * registers ASP.NET Identity's own context first, with another connection string).
 */
function storeUse(mask: string): { index: number; 0: string; 1: string } | undefined {
  for (const reg of mask.matchAll(/\bAdd(?:Operational|Configuration)Store\s*(?:<[^>(]*>)?\s*\(/g)) {
    const open = reg.index! + reg[0].length - 1;
    const close = matching(mask, open);
    for (const m of mask.slice(open, close === -1 ? mask.length : close).matchAll(USE)) return { index: open + m.index!, 0: m[0], 1: m[1]! };
  }
  const first = [...mask.matchAll(USE)][0];
  return first ? { index: first.index!, 0: first[0], 1: first[1]! } : undefined;
}

type Argument = { kind: 'literal'; value: string; at: number } | { kind: 'key'; key: string };

/** What the first argument of the call opened at `at` is: a string, or a configuration key; an identifier is followed to its assignment once. */
function connectionArgument(text: string, mask: string, at: number, depth = 0): Argument | undefined {
  const rest = text.slice(at, at + 400);
  const lit = /^\s*(@?)"((?:[^"\\]|\\.|"")*)"/.exec(rest);
  if (lit) return { kind: 'literal', value: lit[1] ? lit[2]!.replace(/""/g, '"') : lit[2]!.replace(/\\(.)/g, '$1'), at: at + rest.indexOf('"') };
  const key = configKey(rest.slice(0, 200));
  if (key) return { kind: 'key', key };
  const ident = /^\s*(?:this\.)?([A-Za-z_]\w*)\s*[,)]/.exec(rest);
  if (!ident || depth > 0) return undefined;
  // the variable, constant, field or property it names, assigned once in the same file
  const assign = new RegExp(`\\b${ident[1]}\\s*(?:=>|=(?!=))`, 'g');
  for (const m of mask.matchAll(assign)) {
    const found = connectionArgument(text, mask, m.index! + m[0].length, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The configuration key an expression reads: GetConnectionString("X"), ["ConnectionStrings:X"], GetSection("ConnectionStrings")["X"]. */
function configKey(expr: string): string | undefined {
  const named = /^[\s\w.?!]*\bGetConnectionString\s*\(\s*@?"([^"]+)"/.exec(expr);
  if (named) return `ConnectionStrings:${named[1]}`;
  const indexed = /^[\s\w.?!]*\[\s*@?"([^"]+)"\s*\]/.exec(expr);
  if (indexed) return indexed[1]!.replace(/__/g, ':');
  const section = /^[\s\w.?!]*\bGetSection\s*\(\s*"([^"]+)"\s*\)\s*\[\s*"([^"]+)"\s*\]/.exec(expr);
  if (section) return `${section[1]}:${section[2]}`;
  return undefined;
}

function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The line of `"key":` inside the file's ConnectionStrings object (1 when not found). */
function jsonKeyLine(text: string, key: string): number {
  const section = text.search(/"ConnectionStrings"\s*:/);
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`"${esc}"\\s*:`).exec(text.slice(Math.max(section, 0)));
  return m ? lineAt(text, Math.max(section, 0) + m.index) : 1;
}

/** appsettings files allow comments and trailing commas. */
function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  const t = text.replace(/^\uFEFF/, '');
  while (i < t.length) {
    const c = t[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < t.length && t[j] !== '"') j += t[j] === '\\' ? 2 : 1;
      out += t.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && t[i + 1] === '/') {
      while (i < t.length && t[i] !== '\n') i++;
    } else if (c === '/' && t[i + 1] === '*') {
      const end = t.indexOf('*/', i + 2);
      i = end === -1 ? t.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return undefined;
  }
}

/** Where it comes from, for a person: "appsettings.json:4 (ConnectionStrings:DefaultConnection)". */
export function sourceText(t: DataTarget, s: DataTarget['sources'][number]): string {
  return `${s.file}:${s.line}${t.key && !s.file.endsWith('.cs') ? ` (${t.key})` : ''}`;
}

/** The database as the step screen shows it: provider, masked connection string, and where it comes from. */
export function targetLines(t: DataTarget): string[] {
  const provider = t.provider ?? 'provider not found';
  if (t.sources.length === 0) {
    return [`Database: ${provider} · connection string ${t.key ? `from configuration key ${t.key}, not set in appsettings*.json (an environment variable ${t.key.replace(/:/g, '__')} or user secrets may set it)` : 'not found in the code'}`];
  }
  // a later appsettings.{Environment}.json overrides the earlier ones in that environment
  // where it comes from first: a long connection string wraps after it, never over it
  return t.sources.map((s, i) => `Database: ${provider} · ${sourceText(t, s)}${i > 0 ? ', which overrides it in that environment' : ''} · ${s.value}`);
}

export function describeTarget(t: DataTarget, context: string): string[] {
  const provider = t.provider ?? 'an unknown provider';
  if (t.sources.length === 0) {
    return [`${context}: updates a ${provider} database${t.key ? ` (configuration key ${t.key}, not found in appsettings*.json)` : ''}.`];
  }
  return t.sources.map((s) => `${context}: updates ${provider} database ${s.value} (${t.key && !s.file.endsWith('.cs') ? `${t.key} in ` : ''}${s.file}:${s.line})`);
}
