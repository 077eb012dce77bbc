import { isIdentChar, type Region } from '../lang/csharp.js';
import { languageOf, lexFile, type Language } from '../lang/index.js';
import { LineIndex } from '../text/edit.js';
import type { Evidence, FileChange, Splice } from '../types.js';
import type { Step, StepContext } from './step.js';
import { crossed, NAMESPACE_RENAMES } from '../releases.js';
import { duendeProjects, projectOwners } from '../scan/source.js';

const { from: OLD, to: NEW } = NAMESPACE_RENAMES.find((r) => r.from === 'IdentityServer4')!;

/**
 * Namespaces IdentityServer4 4.1.2 declares below its root (UPGRADE-FACTS
 * "Namespaces"); each maps 1:1 to Duende.IdentityServer.*. Only the first
 * segment after IdentityServer4 decides.
 */
export const IS4_NAMESPACE_SEGMENTS: ReadonlySet<string> = new Set([
  'Configuration', 'Endpoints', 'Events', 'Extensions', 'Hosting', 'Infrastructure', 'Logging', 'Models',
  'ResponseHandling', 'Services', 'Stores', 'Test', 'Validation', 'AspNetIdentity', 'EntityFramework',
]);

/** Public types of the root IdentityServer4 namespace (IS4 4.1.2 source), reachable as IdentityServer4.<Type>. */
export const IS4_ROOT_TYPES: ReadonlySet<string> = new Set([
  'IdentityServerConstants', 'IdentityServerTools', 'IdentityServerToolsExtensions', 'IdentityServerUser',
  'IdentityServerPrincipal',
]);

/** What IdentityModel 6.2 declares under its root (namespace IdentityModel.*), and its root types; Duende.IdentityModel keeps them. */
const IDENTITY_MODEL_NAMESPACES: ReadonlySet<string> = new Set(['Client', 'Jwk', 'Internal']);
const IDENTITY_MODEL_ROOT_TYPES: ReadonlySet<string> = new Set([
  'Base64Url', 'ClaimComparer', 'CryptoRandom', 'DateTimeExtensions', 'Identity', 'JwtClaimTypes', 'OidcConstants', 'Principal',
  'StringExtensions', 'TimeConstantComparer', 'X509', 'X509CertificatesFinder', 'X509CertificatesLocation', 'X509CertificatesName',
]);

/** Still an IdentityServer4 package after the upgrade (no Duende counterpart): never renamed. */
const KEEP = 'AccessTokenValidation';

/** EF entity type names as migrations designers and model snapshots spell them. */
const ENTITY_STRING = /^"IdentityServer4\.EntityFramework\.Entities\.[A-Za-z_][A-Za-z0-9_]*"$/;
const MIGRATION_MARKERS = [/\[\s*DbContext\s*\(\s*typeof\s*\(/, /:\s*ModelSnapshot\b/];

export interface SourceText {
  path: string;
  text: string;
}

interface Lexed extends SourceText {
  language: Language;
  regions: Region[];
  mask: string;
  /** VB is case-insensitive: the mask lower-cased for matching, offsets unchanged. */
  search: string;
  lines: LineIndex;
}

/** One IdentityServer4 name found in code: where, what follows it, and what to do. */
interface Occurrence {
  file: Lexed;
  at: number;
  /** Where the replaced text starts: `at`, or the '@' of a verbatim identifier. */
  start: number;
  /** The dotted name as written, whitespace removed, e.g. "IdentityServer4.Models.Client". */
  name: string;
  /** The first segment after IdentityServer4, if any. */
  segment?: string;
  /** A using/Imports/open directive or a namespace declaration (where a bare IdentityServer4 is a namespace). */
  directive: boolean;
  declaration: boolean;
}

export interface NamespaceAnalysis {
  /** Splices per file path, on the original text. */
  edits: Map<string, Splice[]>;
  evidence: Evidence[];
  warnings: string[];
  /** Duende.IdentityServer names already in code. */
  duendeSeen: Evidence[];
}

function lex(file: SourceText): Lexed | undefined {
  const lexed = lexFile(file);
  if (!lexed) return undefined;
  const search = lexed.language === 'vb' ? lexed.mask.toLowerCase() : lexed.mask;
  return { ...file, ...lexed, search, lines: new LineIndex(file.text) };
}

const WS = /[ \t\r\n\f\v]/;

function skipWs(text: string, at: number): number {
  let j = at;
  while (j < text.length && WS.test(text[j]!)) j++;
  return j;
}

function skipWsBack(text: string, at: number): number {
  let j = at;
  while (j >= 0 && WS.test(text[j]!)) j--;
  return j;
}

/** Every `root` (IdentityServer4, IdentityModel) that starts a qualified name in code. */
function occurrences(file: Lexed, root = OLD): Occurrence[] {
  const out: Occurrence[] = [];
  const needle = file.language === 'vb' ? root.toLowerCase() : root;
  const m = file.mask;
  for (let at = file.search.indexOf(needle); at !== -1; at = file.search.indexOf(needle, at + 1)) {
    const end = at + root.length;
    if (isIdentChar(m[at - 1]) || isIdentChar(m[end])) continue; // MyIdentityServer4, IdentityServer4Options
    // C#'s verbatim identifier @IdentityServer4 names the same namespace; the '@' goes with it
    const verbatim = m[at - 1] === '@' && file.language === 'csharp';
    if (m[at - 1] === '@' && (!verbatim || isIdentChar(m[at - 2]))) continue;
    const before = skipWsBack(m, at - (verbatim ? 2 : 1));
    if (m[before] === '.') {
      // part of a longer name (Skoruba.IdentityServer4.Admin), unless it is VB/F# Global.X
      const word = /([A-Za-z_]\w*)\s*$/.exec(m.slice(Math.max(0, before - 40), before));
      if (!(word && word[1]!.toLowerCase() === 'global' && file.language !== 'csharp' && file.language !== 'razor')) continue;
    }
    // the dotted name that follows
    let name = root;
    let segment: string | undefined;
    let j = end;
    for (;;) {
      const dot = skipWs(m, j);
      if (m[dot] !== '.') break;
      const s = skipWs(m, dot + 1);
      let e = s;
      while (e < m.length && isIdentChar(m[e])) e++;
      if (e === s) break;
      const seg = m.slice(s, e);
      if (segment === undefined) segment = seg;
      name += `.${seg}`;
      j = e;
    }
    const lineStart = m.lastIndexOf('\n', at - 1) + 1;
    const lead = m.slice(lineStart, verbatim ? at - 1 : at);
    const directive =
      file.language === 'vb'
        ? /^\s*imports\s+(?:[A-Za-z_]\w*\s*=\s*)?(?:global\s*\.\s*)?$/i.test(lead)
        : file.language === 'fsharp'
          ? /^\s*open\s+(?:global\s*\.\s*)?$/.test(lead)
          : /^\s*(?:global\s+)?using\s+(?:static\s+)?(?:@?[A-Za-z_]\w*\s*=\s*)?(?:global\s*::\s*)?$/.test(lead);
    const declaration = file.language === 'vb' ? /^\s*namespace\s+$/i.test(lead) : /^\s*(?:namespace|module)\s+$/.test(lead);
    out.push({ file, at, start: verbatim ? at - 1 : at, name, segment, directive, declaration });
  }
  return out;
}

/** Type names declared in a file (class, interface, struct, enum, record, delegate). */
function declaredTypes(file: Lexed): string[] {
  const re = file.language === 'vb'
    ? /\b(?:class|interface|structure|enum|module|delegate\s+(?:sub|function))\s+([A-Za-z_]\w*)/gi
    : /\b(?:class|interface|struct|enum|record|type|delegate\s+[\w<>.,\s]+?)\s+([A-Za-z_]\w*)/g;
  return [...file.mask.matchAll(re)].map((x) => x[1]!);
}

function evidenceOf(file: Lexed, at: number, note?: string): Evidence {
  return { path: file.path, line: file.lines.line(at), text: file.lines.lineText(at).trim(), ...(note ? { note } : {}) };
}

/**
 * Decide every rename across the solution at once, so that a namespace the user
 * declared under IdentityServer4 moves together with all its usages.
 */
export function analyzeNamespaces(
  files: readonly SourceText[],
  unreadable: readonly string[] = [],
  /**
   * Whether a file belongs to a project that gets Duende. A namespace under IdentityServer4 that the
   * user declares only in other projects (a web app named IdentityServer4.WebApp) resolves nothing
   * through IdentityServer's namespace, so it stays as it is, with its usages.
   */
  getsDuende: (path: string) => boolean = () => true,
): NamespaceAnalysis {
  const lexed = files.map(lex).filter((f): f is Lexed => f !== undefined);
  const all = lexed.map((f) => ({ file: f, found: occurrences(f) }));
  const known = (seg: string | undefined, lang: Language) => {
    if (seg === undefined) return false;
    const s = lang === 'vb' ? [...IS4_NAMESPACE_SEGMENTS, ...IS4_ROOT_TYPES].find((k) => k.toLowerCase() === seg.toLowerCase()) : seg;
    return s !== undefined && (IS4_NAMESPACE_SEGMENTS.has(s) || IS4_ROOT_TYPES.has(s));
  };

  // Namespaces the user's own code declares under IdentityServer4 (old quickstarts:
  // IdentityServer4.Quickstart.UI), and the types it declares in the root itself.
  const userSegments = new Map<string, Evidence[]>();
  const userRootTypes = new Map<string, Evidence[]>();
  const elsewhere = new Map<string, Evidence[]>();
  for (const { file, found } of all) {
    for (const o of found) {
      if (!o.declaration) continue;
      if (!getsDuende(file.path)) {
        if (o.segment !== undefined && !known(o.segment, file.language) && o.segment !== KEEP) elsewhere.set(o.name, [...(elsewhere.get(o.name) ?? []), evidenceOf(file, o.at)]);
        continue;
      }
      if (o.segment === undefined) {
        for (const t of declaredTypes(file)) {
          if (!userRootTypes.has(t)) userRootTypes.set(t, []);
          userRootTypes.get(t)!.push(evidenceOf(file, o.at, 'declares a namespace IdentityServer4'));
        }
      } else if (!known(o.segment, file.language) && o.segment !== KEEP) {
        const list = userSegments.get(o.name) ?? [];
        list.push(evidenceOf(file, o.at, `declares ${o.name}`));
        userSegments.set(o.name, list);
      }
    }
  }
  // IdentityServer4.Quickstart.UI.X is inside the declared IdentityServer4.Quickstart.UI, and
  // IdentityServer4.Quickstart is its parent; IdentityServer4.Quickstart2 or a third party's
  // IdentityServer4.Contrib.* next to a user's IdentityServer4.Contrib.Mine are neither
  const underUserNamespace = (name: string) =>
    [...userSegments.keys()].some((d) => name === d || name.startsWith(`${d}.`) || d.startsWith(`${name}.`));
  const rootDeclared = [...all].some(({ file, found }) => getsDuende(file.path) && found.some((o) => o.declaration && o.segment === undefined));
  // declared in a project that gets Duende too: that declaration decides, and all of them move together
  for (const name of userSegments.keys()) elsewhere.delete(name);
  // the declared namespace, one inside it, or its parent (`@using IdentityServer4.WebApp` over IdentityServer4.WebApp.Models)
  const ownElsewhere = (name: string) => [...elsewhere.keys()].some((d) => name === d || name.startsWith(`${d}.`) || d.startsWith(`${name}.`));
  // A source file that could not be read may use the user's namespace too; renaming
  // the declaration without it would break the build, so then neither moves.
  const holdUserNamespaces = unreadable.length > 0 && (userSegments.size > 0 || rootDeclared);
  if (holdUserNamespaces) {
    userSegments.clear();
    userRootTypes.clear();
  }

  const edits = new Map<string, Splice[]>();
  const evidence: Evidence[] = [];
  const warnings: string[] = [];
  const thirdParty = new Map<string, Evidence[]>();
  const bare: Evidence[] = [];
  const docRefs: Evidence[] = [];
  const add = (path: string, splice: Splice) => {
    const list = edits.get(path) ?? [];
    list.push(splice);
    edits.set(path, list);
  };

  for (const { file, found } of all) {
    for (const o of found) {
      let rename: boolean;
      if (o.segment === undefined) rename = (o.directive || o.declaration) && !(rootDeclared && holdUserNamespaces);
      else if (o.segment === KEEP) rename = false;
      else rename = known(o.segment, file.language) || underUserNamespace(o.name) || userRootTypes.has(o.segment);
      if (rename) {
        add(file.path, { start: o.start, end: o.at + OLD.length, text: NEW });
        evidence.push(evidenceOf(file, o.at, o.declaration ? `declares ${o.name}` : o.name));
      } else if (o.segment === undefined) {
        bare.push(evidenceOf(file, o.at));
      } else if (o.segment !== KEEP && !ownElsewhere(o.name)) {
        const ns = `${OLD}.${o.segment}`;
        const list = thirdParty.get(ns) ?? [];
        list.push(evidenceOf(file, o.at));
        thirdParty.set(ns, list);
      }
    }
    // XML doc comments are left as they are, but the compiler resolves their crefs:
    // with documentation output and warnings as errors, CS1574 would fail the build
    for (const r of file.regions) {
      if (r.kind !== 'comment') continue;
      const body = file.text.slice(r.start, r.end);
      for (const c of body.matchAll(/cref\s*=\s*["'](?:global::)?IdentityServer4\.([A-Za-z_]\w*)/g)) {
        if (c[1] === KEEP) continue;
        docRefs.push(evidenceOf(file, r.start + c.index));
      }
    }
    // EF migrations and snapshots name the entity types in strings; those strings
    // must follow the types' namespace or the model snapshot no longer matches
    if (file.language === 'csharp' && MIGRATION_MARKERS.some((re) => re.test(file.mask))) {
      for (const r of file.regions) {
        if (r.kind !== 'string' || !ENTITY_STRING.test(file.text.slice(r.start, r.end))) continue;
        add(file.path, { start: r.start + 1, end: r.start + 1 + OLD.length, text: NEW });
        evidence.push(evidenceOf(file, r.start, 'EF entity name'));
      }
    }
  }

  if (holdUserNamespaces) {
    warnings.push(
      `Your code declares its own namespace under ${OLD}, and ${unreadable.join(', ')} could not be read (it may use that namespace), ` +
        `so neither the declaration nor its usages are renamed: rename them together by hand, or make the file readable and run again.`,
    );
  }
  for (const [name, decls] of userSegments) {
    warnings.push(
      `Your code declares its own namespace ${name} (${decls.map((d) => `${d.path}:${d.line}`).join(', ')}); ` +
        `it is renamed to ${NEW}${name.slice(OLD.length)} together with every usage, so that lookups through the parent namespace (e.g. an unqualified IdentityServerConstants) keep working.`,
    );
  }
  for (const [name, decls] of elsewhere) {
    warnings.push(
      `Your code declares its own namespace ${name} (${decls.map((d) => `${d.path}:${d.line}`).join(', ')}) in a project that gets no Duende package, so it is left as it is, with its usages.`,
    );
  }
  if (userRootTypes.size > 0) {
    const decls = [...userRootTypes.values()].flat();
    warnings.push(
      `Your code declares types in the namespace ${OLD} itself (${[...new Set(decls.map((d) => `${d.path}:${d.line}`))].join(', ')}); ` +
        `the declaration moves to ${NEW} together with its usages.`,
    );
  }
  if (docRefs.length > 0) {
    warnings.push(
      `XML doc comments refer to IdentityServer4 types (cref) at ${docRefs.map((d) => `${d.path}:${d.line}`).join(', ')}; comments are not changed, ` +
        'so update them by hand if the project generates documentation with warnings as errors (CS1574).',
    );
  }
  if (bare.length > 0) {
    warnings.push(
      `${OLD} stands alone in code at ${bare.map((b) => `${b.path}:${b.line}`).join(', ')}; outside a using directive it may be a name of your own (an enum member, say), so it is left as it is: check it by hand.`,
    );
  }
  for (const [ns, where] of thirdParty) {
    warnings.push(
      `${ns} is not part of IdentityServer4 (a third-party package built against it?), so it is left as it is; ` +
        `it needs its own Duende-compatible version, or the build fails with CS0433 ("type exists in both"). Used at ${where.map((w) => `${w.path}:${w.line}`).join(', ')}.`,
    );
  }

  const duendeSeen: Evidence[] = [];
  for (const file of lexed) {
    const i = file.mask.indexOf(NEW);
    if (i !== -1 && !isIdentChar(file.mask[i - 1]) && file.mask[i - 1] !== '.') duendeSeen.push(evidenceOf(file, i));
  }
  return { edits, evidence, warnings, duendeSeen };
}

/**
 * From 7.1 the IdentityModel library is Duende.IdentityModel: the same types
 * under Duende.IdentityModel.* (IdentityModel 6.2 declares IdentityModel,
 * .Client, .Jwk and .Internal). A name is renamed only when it is one of those:
 * `using IdentityModel;`, a known sub-namespace, or a root type. Other
 * IdentityModel.* namespaces belong to other packages (IdentityModel.OidcClient,
 * IdentityModel.AspNetCore.OAuth2Introspection) and stay; Microsoft.IdentityModel
 * and System.IdentityModel are never touched (a dot before them), nor strings and comments.
 */
export function analyzeIdentityModel(files: readonly SourceText[], getsDuende: (path: string) => boolean = () => true): NamespaceAnalysis {
  const { from, to } = NAMESPACE_RENAMES.find((r) => r.from === 'IdentityModel')!;
  const edits = new Map<string, Splice[]>();
  const evidence: Evidence[] = [];
  const warnings: string[] = [];
  const lexed = files.map(lex).filter((f): f is Lexed => f !== undefined);
  // A project that gets no Duende package keeps the IdentityModel package (the packages step renames it only where Duende arrives), and so its namespace.
  const all = lexed.filter((f) => getsDuende(f.path)).map((f) => ({ file: f, found: occurrences(f, from) }));
  const known = (seg: string, lang: Language) => {
    const match = (set: ReadonlySet<string>) => (lang === 'vb' ? [...set].some((k) => k.toLowerCase() === seg.toLowerCase()) : set.has(seg));
    return match(IDENTITY_MODEL_NAMESPACES) || match(IDENTITY_MODEL_ROOT_TYPES);
  };
  // Code that declares a namespace IdentityModel(.X) of its own: those names are the user's.
  const declared = new Set(all.flatMap(({ found }) => found.filter((o) => o.declaration).map((o) => o.name)));
  const others = new Map<string, Evidence[]>();
  for (const { file, found } of all) {
    for (const o of found) {
      if (o.declaration) continue;
      const mine = [...declared].some((d) => o.name === d || o.name.startsWith(`${d}.`));
      const rename = !mine && (o.segment === undefined ? o.directive : known(o.segment, file.language));
      if (rename) {
        const list = edits.get(file.path) ?? [];
        list.push({ start: o.start, end: o.at + from.length, text: to });
        edits.set(file.path, list);
        evidence.push(evidenceOf(file, o.at, `${o.name} → ${to}${o.name.slice(from.length)}`));
      } else if (o.segment !== undefined && !mine) {
        const ns = `${from}.${o.segment}`;
        others.set(ns, [...(others.get(ns) ?? []), evidenceOf(file, o.at)]);
      }
    }
  }
  if (declared.size > 0) {
    warnings.push(`Your code declares ${[...declared].join(', ')}; those names are yours and are left as they are, and so is \`using ${from};\` where it may mean them.`);
  }
  for (const [ns, where] of others) {
    warnings.push(`${ns} is not part of the IdentityModel library that became ${to} (another package's namespace), so it is left as it is. Used at ${where.map((w) => `${w.path}:${w.line}`).join(', ')}.`);
  }
  return { edits, evidence, warnings, duendeSeen: [] };
}

function sourcesOf(ctx: StepContext): SourceText[] {
  const out: SourceText[] = [];
  for (const path of ctx.scan.sourceFiles) {
    const r = ctx.workspace.tryRead(path);
    // the workspace's own object, so the lex made by the detectors is reused
    if (r.ok) out.push(r.file);
  }
  return out;
}

/** The namespace roots the pair moves: IdentityServer4 always, IdentityModel when the upgrade crosses 7.1. */
function identityModelMoves(ctx: StepContext): boolean {
  const since = NAMESPACE_RENAMES.find((r) => r.from === 'IdentityModel')!.since;
  return crossed(ctx.source, ctx.target).some((r) => r.line === since);
}

// One analysis per scan and pair: detect and plan ask for the same thing.
const cache = new WeakMap<object, Map<string, NamespaceAnalysis>>();
function analysisFor(ctx: StepContext): NamespaceAnalysis {
  const key = `${ctx.source?.product ?? ''} ${ctx.source?.version ?? ''} ${ctx.target.version}`;
  let byPair = cache.get(ctx.scan);
  if (!byPair) cache.set(ctx.scan, (byPair = new Map()));
  let a = byPair.get(key);
  if (!a) {
    const unreadable = ctx.scan.skipped.filter((f) => languageOf(f.path) !== undefined || (f.unreadable && f.path.endsWith('/'))).map((f) => f.path);
    const sources = sourcesOf(ctx);
    const affected = duendeProjects(ctx.scan.projects);
    const ownerOf = projectOwners(ctx.scan.projects);
    // a file outside every project is judged as before: renamed
    const getsDuende = (file: string) => {
      const owner = ownerOf(file);
      return owner === undefined || affected.has(owner.path);
    };
    a = analyzeNamespaces(sources, unreadable, getsDuende);
    if (identityModelMoves(ctx)) {
      const im = analyzeIdentityModel(sources, getsDuende);
      const edits = new Map(a.edits);
      for (const [path, splices] of im.edits) edits.set(path, [...(edits.get(path) ?? []), ...splices].sort((x, y) => x.start - y.start));
      a = { edits, evidence: [...a.evidence, ...im.evidence], warnings: [...a.warnings, ...im.warnings], duendeSeen: a.duendeSeen };
    }
    byPair.set(key, a);
  }
  return a;
}

export const namespacesStep: Step = {
  id: 'namespaces',
  kind: 'work',
  title: 'Rename the namespaces',
  why: 'Duende IdentityServer declares its types under Duende.IdentityServer.* instead of IdentityServer4.*, so using directives and qualified names must follow.',
  dependsOn: [
    {
      step: 'packages',
      notApplicableIsEnough: false,
      consequence: 'the build breaks: the code would name Duende.IdentityServer while the projects still reference IdentityServer4.',
    },
  ],
  detect(ctx) {
    const a = analysisFor(ctx);
    if (a.evidence.length > 0) return { status: 'pending', evidence: a.evidence, warnings: a.warnings };
    const duendePackages = ctx.scan.packageSites.filter((s) => s.id.startsWith('Duende.IdentityServer'));
    if (a.duendeSeen.length > 0 || duendePackages.length > 0) {
      const evidence = a.duendeSeen.length > 0 ? a.duendeSeen : duendePackages.map((s) => ({ path: s.path, line: s.line, text: s.text }));
      return { status: 'done', evidence, warnings: a.warnings };
    }
    return { status: 'not-applicable', evidence: [], warnings: a.warnings };
  },
  plan(ctx) {
    const a = analysisFor(ctx);
    const changes: FileChange[] = [...a.edits].map(([path, splices]) => ({ kind: 'edit', path, splices }));
    return { changes, commands: [] };
  },
};
