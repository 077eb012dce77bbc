import path from 'node:path';
import { codeMask } from '../lang/csharp.js';
import type { Workspace } from '../workspace.js';

export interface DataTarget {
  /** e.g. "SQLite", "SQL Server", "PostgreSQL". */
  provider?: string;
  /** The connection string name, from GetConnectionString("X"). */
  name?: string;
  /** Each place that defines it, password masked. */
  sources: { file: string; value: string }[];
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
 * Use* call in the host's registration code, and the connection string it names,
 * read from the host's appsettings*.json (where ASP.NET Core looks by default).
 */
export function dataTarget(workspace: Workspace, registrationFiles: string[], startupProject: string | undefined): DataTarget {
  let provider: string | undefined;
  let name: string | undefined;
  for (const f of registrationFiles) {
    const r = workspace.tryRead(f);
    if (!r.ok) continue;
    const text = r.file.text;
    const mask = codeMask(text);
    const use = /\b(Use(?:SqlServer|Sqlite|Npgsql|MySql|MySQL|Oracle|InMemoryDatabase|Cosmos))\s*\(/.exec(mask);
    if (use) provider ??= PROVIDERS[use[1]!];
    const named = /\bGetConnectionString\s*\(/.exec(mask);
    if (named) {
      const at = named.index + named[0].length;
      name ??= /^\s*@?"([^"]+)"/.exec(text.slice(at, at + 200))?.[1];
    }
  }
  const sources: DataTarget['sources'] = [];
  if (startupProject) {
    const dir = path.posix.dirname(startupProject);
    for (const file of ['appsettings.json', 'appsettings.Development.json']) {
      const rel = dir === '.' ? file : `${dir}/${file}`;
      const r = workspace.tryRead(rel);
      if (!r.ok) continue;
      const json = parseJsonc(r.file.text);
      const strings = json && typeof json === 'object' ? (json as Record<string, unknown>).ConnectionStrings : undefined;
      if (!strings || typeof strings !== 'object') continue;
      const entries = Object.entries(strings as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
      const chosen = name ? entries.filter(([k]) => k === name) : entries.length === 1 ? entries : [];
      if (!name && entries.length === 1) name = entries[0]![0];
      for (const [, value] of chosen) sources.push({ file: rel, value: maskConnectionString(value) });
    }
  }
  return { provider, name, sources };
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

export function describeTarget(t: DataTarget, context: string): string[] {
  const provider = t.provider ?? 'an unknown provider';
  if (t.sources.length === 0) {
    return [`${context}: updates a ${provider} database${t.name ? ` (connection string "${t.name}", not found in appsettings*.json)` : ''}.`];
  }
  return t.sources.map((s) => `${context}: updates ${provider} database ${s.value} (ConnectionStrings:${t.name ?? '?'} in ${s.file})`);
}
