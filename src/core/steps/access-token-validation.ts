import { JWT_BEARER_PACKAGE, jwtBearerVersion } from '../releases.js';
import { isIdentChar } from '../lang/csharp.js';
import { lexFile } from '../lang/index.js';
import type { PackageSite, ProjectInfo } from '../scan/model.js';
import { LineIndex } from '../text/edit.js';
import type { Evidence, FileChange, Splice } from '../types.js';
import { lastCodeBefore } from './code-end.js';
import type { Step, StepContext } from './step.js';

const PACKAGE = 'IdentityServer4.AccessTokenValidation';
const NS = 'IdentityServer4.AccessTokenValidation';
const WS = /[ \t\r\n\f\v]/;

/**
 * IdentityServerAuthenticationOptions properties and what they are on
 * JwtBearerOptions. A property not here (introspection settings, the legacy
 * audience switch, events) stops the rewrite of its call: better reported
 * than guessed.
 */
const PROPERTY_MAP: Record<string, string> = {
  Authority: 'Authority',
  ApiName: 'Audience',
  RequireHttpsMetadata: 'RequireHttpsMetadata',
  SaveToken: 'SaveToken',
  NameClaimType: 'TokenValidationParameters.NameClaimType',
  RoleClaimType: 'TokenValidationParameters.RoleClaimType',
  JwtValidationClockSkew: 'TokenValidationParameters.ClockSkew',
  JwtBackChannelHandler: 'BackchannelHttpHandler',
};
/** Settings that only matter for reference tokens (OAuth2 introspection). */
const REFERENCE_ONLY = new Set(['ApiSecret', 'EnableCaching', 'CacheDuration', 'CacheKeyPrefix', 'IntrospectionDiscoveryPolicy', 'IntrospectionBackChannelHandler', 'OAuth2IntrospectionEvents', 'ClientId', 'ClientSecret']);

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/') + 1) : '');

function skipWs(m: string, at: number): number {
  while (at < m.length && WS.test(m[at]!)) at++;
  return at;
}

function matching(m: string, open: number): number {
  let depth = 0;
  for (let j = open; j < m.length; j++) {
    const c = m[j];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if ((c === ')' || c === '}' || c === ']') && --depth === 0) return j;
  }
  return -1;
}

/** Split [from, to) at top-level commas. */
function args(m: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let j = from; j < to; j++) {
    const c = m[j];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push([start, j]);
      start = j + 1;
    }
  }
  if (m.slice(start, to).trim()) out.push([start, to]);
  return out;
}

/** Each `name` as a whole identifier in the mask. */
function identifiers(m: string, name: string): number[] {
  const out: number[] = [];
  for (let at = m.indexOf(name); at !== -1; at = m.indexOf(name, at + 1)) {
    if (isIdentChar(m[at - 1]) || isIdentChar(m[at + name.length])) continue;
    out.push(at);
  }
  return out;
}

interface FileWork {
  path: string;
  splices: Splice[];
  /** Why this file cannot be rewritten safely; the whole project is then left alone. */
  problems: string[];
  /** Reference-token calls, reported with the advice. */
  referenceTokens: string[];
  evidence: Evidence[];
}

/** The body of an options block (lambda block, or method body) rewritten for JwtBearerOptions. */
function rewriteBody(text: string, m: string, start: number, end: number, param: string, out: FileWork, where: (o: number) => string): { splices: Splice[]; assigns: number; reference: boolean } {
  const splices: Splice[] = [];
  let assigns = 0;
  let reference = false;
  const re = new RegExp(`(?<![\\w.])${param}\\s*\\.\\s*([A-Za-z_]\\w*)`, 'g');
  re.lastIndex = start;
  for (let hit = re.exec(m); hit && hit.index < end; hit = re.exec(m)) {
    const prop = hit[1]!;
    const propAt = hit.index + hit[0].length - prop.length;
    const after = m.slice(propAt + prop.length, propAt + prop.length + 4);
    const assigned = /^\s*=(?!=)/.test(after);
    if (assigned) assigns++;
    if (prop === 'SupportedTokens') {
      // SupportedTokens.Jwt is what JwtBearer does; anything else means reference tokens too
      const semi = m.indexOf(';', propAt);
      const value = m.slice(propAt + prop.length, semi).replace(/^\s*=/, '').trim();
      if (assigned && semi !== -1 && /^(?:[\w.]*\.)?SupportedTokens\s*\.\s*Jwt$/.test(value)) {
        const stmtStart = hit.index;
        const ls = text.lastIndexOf('\n', stmtStart - 1) + 1;
        const le = text.indexOf('\n', semi);
        const ownLine = /^[ \t]*$/.test(text.slice(ls, stmtStart)) && /^[ \t\r]*$/.test(text.slice(semi + 1, le === -1 ? text.length : le));
        splices.push(ownLine ? { start: ls, end: le === -1 ? text.length : le + 1, text: '' } : { start: stmtStart, end: semi + 1 + (text[semi + 1] === ' ' ? 1 : 0), text: '' });
        continue;
      }
      reference = true;
      out.referenceTokens.push(`${where(propAt)}: SupportedTokens is set to ${value || 'something other than Jwt'}`);
      continue;
    }
    if (REFERENCE_ONLY.has(prop)) {
      if (prop === 'ApiSecret' || prop === 'ClientSecret') {
        reference = true;
        out.referenceTokens.push(`${where(propAt)}: ${prop} is set (reference tokens are validated by introspection)`);
      } else {
        out.problems.push(`${where(propAt)}: ${param}.${prop} is an introspection setting with no JwtBearer counterpart`);
      }
      continue;
    }
    const mapped = PROPERTY_MAP[prop];
    if (!mapped) {
      out.problems.push(`${where(propAt)}: ${param}.${prop} has no JwtBearerOptions counterpart this tool maps`);
      continue;
    }
    if (mapped !== prop) splices.push({ start: propAt, end: propAt + prop.length, text: mapped });
  }
  return { splices, assigns, reference };
}

/** `\n<indent>` of the block's first statement, or a space when the block is on one line. */
function statementBreak(text: string, open: number, close: number): string {
  const body = text.slice(open + 1, close);
  const first = /\r?\n([ \t]*)\S/.exec(body);
  if (!first) return ' ';
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  return `${eol}${first[1]}`;
}

/** Where to add a statement at the end of a block: after its last statement's line. */
function endOfBlock(text: string, m: string, open: number, close: number, statement: string): Splice {
  let last = close - 1;
  while (last > open && WS.test(m[last]!)) last--;
  const brk = statementBreak(text, open, close);
  if (last === open) return { start: open + 1, end: open + 1, text: ` ${statement}` };
  if (brk === ' ') return { start: last + 1, end: last + 1, text: ` ${statement}` };
  const le = text.indexOf('\n', last);
  if (le !== -1 && le < close) {
    const indent = brk.replace(/^\r?\n/, '');
    const eol = brk.startsWith('\r\n') ? '\r\n' : '\n';
    return { start: le + 1, end: le + 1, text: `${indent}${statement}${eol}` };
  }
  return { start: last + 1, end: last + 1, text: `${brk}${statement}` };
}

const VALID_TYPES = (p: string) => `${p}.TokenValidationParameters.ValidTypes = new[] { "at+jwt" };`;

/** Plan the rewrite of one C# file of an API project. */
function planFile(ctx: StepContext, path: string): FileWork | undefined {
  const r = ctx.workspace.tryRead(path);
  if (!r.ok) return undefined;
  const text = r.file.text;
  if (!/AccessTokenValidation|IdentityServerAuthentication/.test(text)) return undefined;
  const lexed = lexFile(r.file);
  if (!lexed) return undefined;
  const out: FileWork = { path, splices: [], problems: [], referenceTokens: [], evidence: [] };
  const lines = new LineIndex(text);
  const where = (o: number) => `${path}:${lines.line(o)}`;
  const ev = (o: number, note: string): Evidence => ({ path, line: lines.line(o), text: lines.lineText(o).trim(), note });
  if (lexed.language !== 'csharp') {
    if (/AddIdentityServerAuthentication|IdentityServer4\.AccessTokenValidation/.test(lexed.mask)) out.problems.push(`${path}: only C# files are rewritten`);
    return out;
  }
  const m = lexed.mask;
  const rewrittenMethods = new Set<string>();

  // Methods that take the options: `void Configure(IdentityServerAuthenticationOptions options, …) { … }`
  const declRe = /\b(?:IdentityServer4\s*\.\s*AccessTokenValidation\s*\.\s*)?IdentityServerAuthenticationOptions\s+([A-Za-z_]\w*)\s*[,)]/g;
  for (const d of m.matchAll(declRe)) {
    const typeAt = d.index! + d[0].indexOf('IdentityServerAuthenticationOptions');
    const param = d[1]!;
    // the method: name before the '(' that opens this parameter list
    const open = m.lastIndexOf('(', d.index!);
    const nameMatch = /([A-Za-z_]\w*)\s*$/.exec(m.slice(Math.max(0, open - 80), open));
    let close = open === -1 ? -1 : matching(m, open);
    const bodyOpen = close === -1 ? -1 : skipWs(m, close + 1);
    // `(IdentityServerAuthenticationOptions o) => …` is a lambda, handled with its call below
    if (bodyOpen !== -1 && m.startsWith('=>', bodyOpen)) continue;
    out.splices.push({ start: d.index!, end: typeAt + 'IdentityServerAuthenticationOptions'.length, text: 'JwtBearerOptions' });
    if (bodyOpen === -1 || m[bodyOpen] !== '{') {
      out.problems.push(`${where(typeAt)}: a method taking IdentityServerAuthenticationOptions without a block body`);
      continue;
    }
    close = matching(m, bodyOpen);
    const body = rewriteBody(text, m, bodyOpen, close, param, out, where);
    out.splices.push(...body.splices);
    if (!body.reference) out.splices.push(endOfBlock(text, m, bodyOpen, close, VALID_TYPES(param)));
    if (nameMatch) rewrittenMethods.add(nameMatch[1]!);
    out.evidence.push(ev(typeAt, 'options set in a separate method'));
  }

  for (const at of identifiers(m, 'AddIdentityServerAuthentication')) {
    const open = skipWs(m, at + 'AddIdentityServerAuthentication'.length);
    if (m[open] !== '(' || !/\.\s*$/.test(m.slice(Math.max(0, at - 20), at))) continue;
    const close = matching(m, open);
    if (close === -1) continue;
    out.evidence.push(ev(at, 'AddIdentityServerAuthentication'));
    const list = args(m, open + 1, close);
    const lambdas = list.filter(([a]) => /^\s*(?:\(\s*(?:[\w.]+\s+)?[A-Za-z_]\w*\s*\)|[A-Za-z_]\w*)\s*=>/.test(m.slice(a)));
    const methodGroup = list.find(([a, b]) => rewrittenMethods.has(m.slice(a, b).trim()));
    // (scheme, options) keeps the scheme name; (scheme, jwtOptions, introspectionOptions) is not rewritten
    if (list.length > 2 || (list.length === 2 && !/^\s*(?:\$?@?"|[\w.]+\s*$)/.test(text.slice(list[0]![0], list[0]![1])))) {
      out.problems.push(`${where(at)}: AddIdentityServerAuthentication with separate JwtBearer and introspection options`);
      continue;
    }
    const optionArg = list.length === 2 ? list[1]! : list.length === 1 && (lambdas.length === 1 || methodGroup) ? list[0]! : undefined;
    if (!optionArg) {
      out.problems.push(`${where(at)}: AddIdentityServerAuthentication without options (no Authority to carry over)`);
      continue;
    }
    const argText = m.slice(optionArg[0], optionArg[1]);
    if (methodGroup && optionArg === methodGroup) {
      out.splices.push({ start: at, end: at + 'AddIdentityServerAuthentication'.length, text: 'AddJwtBearer' });
      continue;
    }
    const lambda = /^\s*(?:\(\s*((?:[\w.]+\s+)?)([A-Za-z_]\w*)\s*\)|([A-Za-z_]\w*))\s*=>\s*/.exec(argText);
    if (!lambda) {
      out.problems.push(`${where(at)}: the options are passed in a form this tool does not rewrite (${argText.trim()})`);
      continue;
    }
    const param = (lambda[2] ?? lambda[3])!;
    if (lambda[1] && /IdentityServerAuthenticationOptions/.test(lambda[1])) {
      const typeAt = optionArg[0] + argText.indexOf(lambda[1].trim());
      out.splices.push({ start: typeAt, end: typeAt + lambda[1].trim().length, text: 'JwtBearerOptions' });
    }
    const bodyAt = optionArg[0] + lambda[0].length;
    const splices: Splice[] = [{ start: at, end: at + 'AddIdentityServerAuthentication'.length, text: 'AddJwtBearer' }];
    let reference = false;
    let assigns = 0;
    const problemsBefore = out.problems.length;
    if (m[bodyAt] === '{') {
      const end = matching(m, bodyAt);
      const body = rewriteBody(text, m, bodyAt, end, param, out, where);
      splices.push(...body.splices);
      reference = body.reference;
      assigns = body.assigns;
      if (!reference && (assigns > 0 || !callsRewritten(m, bodyAt, end, rewrittenMethods))) splices.push(endOfBlock(text, m, bodyAt, end, VALID_TYPES(param)));
    } else {
      const exprEnd = lastCodeBefore(lexed, bodyAt, optionArg[1]);
      const body = rewriteBody(text, m, bodyAt, exprEnd + 1, param, out, where);
      splices.push(...body.splices);
      reference = body.reference;
      if (!reference && (body.assigns > 0 || !callsRewritten(m, bodyAt, exprEnd + 1, rewrittenMethods))) {
        splices.push({ start: bodyAt, end: bodyAt, text: '{ ' }, { start: exprEnd + 1, end: exprEnd + 1, text: `; ${VALID_TYPES(param)} }` });
      }
    }
    if (reference) {
      out.evidence[out.evidence.length - 1]!.note = 'reference tokens: not rewritten';
      continue;
    }
    if (out.problems.length > problemsBefore) continue;
    out.splices.push(...splices);
  }

  // the package's names elsewhere in the file
  for (const at of identifiers(m, 'IdentityServerAuthenticationDefaults')) {
    const q = /IdentityServer4\s*\.\s*AccessTokenValidation\s*\.\s*$/.exec(m.slice(Math.max(0, at - 60), at));
    const start = q ? at - q[0].length : at;
    out.splices.push({ start, end: at + 'IdentityServerAuthenticationDefaults'.length, text: q ? 'Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults' : 'JwtBearerDefaults' });
  }
  const usingRe = /(^|\n)([ \t]*)(global\s+)?using\s+IdentityServer4\s*\.\s*AccessTokenValidation\s*;[^\n]*(\n|$)/g;
  const hasJwtUsing = /\busing\s+Microsoft\s*\.\s*AspNetCore\s*\.\s*Authentication\s*\.\s*JwtBearer\s*;/.test(m);
  for (const u of m.matchAll(usingRe)) {
    const start = u.index! + u[1]!.length;
    const semi = m.indexOf(';', start);
    if (u[3] || hasJwtUsing) {
      if (u[3]) out.problems.push(`${where(start)}: a global using of ${NS}`);
      else out.splices.push({ start, end: start + u[0].length - u[1]!.length, text: '' });
    } else {
      const nsAt = m.indexOf('IdentityServer4', start);
      out.splices.push({ start: nsAt, end: semi, text: 'Microsoft.AspNetCore.Authentication.JwtBearer' });
    }
  }
  // anything of the package still named after the rewrite stops it
  const covered = (o: number) => out.splices.some((s) => s.start <= o && o < s.end);
  if (out.problems.length || out.referenceTokens.length) return out;
  for (const name of ['IdentityServer4', 'IdentityServerAuthenticationOptions', 'AddIdentityServerAuthentication', 'SupportedTokens']) {
    for (const o of identifiers(m, name)) {
      if (name === 'IdentityServer4' && !/^IdentityServer4\s*\.\s*AccessTokenValidation\b/.test(m.slice(o, o + 60))) continue;
      if (!covered(o)) out.problems.push(`${where(o)}: ${lines.lineText(o).trim()} still names the old package`);
    }
  }
  return out;
}

function callsRewritten(m: string, from: number, to: number, methods: Set<string>): boolean {
  const body = m.slice(from, to);
  return [...methods].some((name) => new RegExp(`\\b${name}\\s*\\(`).test(body));
}

interface ProjectWork {
  project: ProjectInfo;
  changes: FileChange[];
  evidence: Evidence[];
  /** Why the project is left alone, each with where. */
  problems: string[];
  referenceTokens: string[];
}

function packageSite(ctx: StepContext, project: ProjectInfo): { ref?: PackageSite; version?: PackageSite } {
  const pkg = project.packages.find((p) => p.id.toLowerCase() === PACKAGE.toLowerCase());
  const find = (r?: { path: string; line: number; id: string }) => (r ? ctx.scan.packageSites.find((s) => s.path === r.path && s.line === r.line && s.id === r.id) : undefined);
  return { ref: find(pkg?.site), version: find(pkg?.versionSite) };
}

function planProject(ctx: StepContext, project: ProjectInfo, files: string[]): ProjectWork {
  const work: ProjectWork = { project, changes: [], evidence: [], problems: [], referenceTokens: [] };
  const { ref, version } = packageSite(ctx, project);
  const tfms = project.targetFrameworks;
  const versions = [...new Set(tfms.map((t) => jwtBearerVersion(t)))];
  if (tfms.length === 0 || versions.length !== 1 || versions[0] === undefined) {
    work.problems.push(`${project.path}: no single ${JWT_BEARER_PACKAGE} version fits its target framework${tfms.length > 1 ? 's' : ''} (${tfms.join(';') || 'none found'})`);
  }
  if (!ref || ref.kind !== 'PackageReference') {
    work.problems.push(`${project.path}: the ${PACKAGE} reference is not a plain PackageReference this tool edits (${ref?.kind ?? 'not found'})`);
  }
  if (version && version !== ref && version.kind !== 'PackageVersion') work.problems.push(`${project.path}: its ${PACKAGE} version is set by ${version.kind} in ${version.path}`);
  if (version && version.kind === 'PackageVersion') {
    const shared = ctx.scan.projects.filter((p) => p !== project && p.packages.some((x) => x.versionSite && x.versionSite.path === version.path && x.versionSite.line === version.line));
    if (shared.length > 0) work.problems.push(`${version.path}:${version.line}: the central version of ${PACKAGE} is shared with ${shared.map((p) => p.path).join(', ')}`);
  }
  for (const f of files) {
    const fw = planFile(ctx, f);
    if (!fw) continue;
    work.evidence.push(...fw.evidence);
    work.problems.push(...fw.problems);
    work.referenceTokens.push(...fw.referenceTokens);
    if (fw.splices.length) work.changes.push({ kind: 'edit', path: f, splices: fw.splices });
  }
  if (work.problems.length || work.referenceTokens.length || !ref) return { ...work, changes: [] };
  const v = versions[0]!;
  const refText = ctx.workspace.read(ref.path).text;
  const splices: Splice[] = [{ ...ref.idSpan, text: JWT_BEARER_PACKAGE }];
  if (ref.versionSpan) splices.push({ ...ref.versionSpan, text: v });
  work.changes.push({ kind: 'edit', path: ref.path, splices });
  if (version && version.kind === 'PackageVersion' && version.versionSpan) {
    work.changes.push({ kind: 'edit', path: version.path, splices: [{ ...version.idSpan, text: JWT_BEARER_PACKAGE }, { ...version.versionSpan, text: v }] });
  }
  void refText;
  work.evidence.unshift({ path: ref.path, line: ref.line, text: ref.text, note: `${PACKAGE} → ${JWT_BEARER_PACKAGE} ${v}` });
  return work;
}

function analyse(ctx: StepContext): ProjectWork[] {
  const projects = ctx.scan.projects.filter((p) => p.packages.some((x) => x.id.toLowerCase() === PACKAGE.toLowerCase()));
  const dirs = projects.map((p) => dirOf(p.path));
  // each C# file that names the package, given to the project that holds it (the deepest folder)
  const candidates = new Set([...ctx.scan.sourceFiles, ...ctx.scan.signing.apiAuthentication.map((e) => e.path)]);
  const byProject = new Map<ProjectInfo, string[]>(projects.map((p) => [p, []]));
  for (const f of [...candidates].sort()) {
    let best = -1;
    for (const [i, d] of dirs.entries()) if (f.startsWith(d) && (best === -1 || d.length > dirs[best]!.length)) best = i;
    if (best === -1) continue;
    // a file of a nested, unrelated project is that project's
    const owner = ctx.scan.projects.filter((p) => f.startsWith(dirOf(p.path))).sort((a, b) => dirOf(b.path).length - dirOf(a.path).length)[0];
    if (owner && owner !== projects[best]) continue;
    byProject.get(projects[best]!)!.push(f);
  }
  return projects.map((p) => planProject(ctx, p, byProject.get(p)!));
}

/**
 * API projects on IdentityServer4.AccessTokenValidation, the one piece of
 * IdentityServer4 with no Duende counterpart, move to Microsoft's JwtBearer
 * handler: AddIdentityServerAuthentication becomes AddJwtBearer with the same
 * authority, ApiName as the audience, and only access tokens (at+jwt)
 * accepted. Optional: the old package keeps working against a Duende server.
 */
export const accessTokenValidationStep: Step = {
  id: 'access-token-validation',
  title: 'Move API projects to JwtBearer (optional)',
  why: 'IdentityServer4.AccessTokenValidation is unmaintained and has no Duende version; Microsoft.AspNetCore.Authentication.JwtBearer validates the same JWT access tokens. The old package keeps working against a Duende server, so this step is optional.',
  kind: 'optional',
  detect(ctx) {
    const work = analyse(ctx);
    if (work.length === 0) {
      return ctx.earlier.record('access-token-validation')?.status === 'done' ? { status: 'done', evidence: [] } : { status: 'not-applicable', evidence: [] };
    }
    return { status: 'pending', evidence: work.flatMap((w) => w.evidence) };
  },
  plan(ctx) {
    const work = analyse(ctx);
    const warnings: string[] = [];
    const followUps: string[] = [];
    for (const w of work) {
      if (w.referenceTokens.length) {
        warnings.push(
          `${w.project.path} accepts reference tokens (${w.referenceTokens.join('; ')}), so it is left as it is: JwtBearer validates JWTs only. ` +
            'Use AddJwtBearer for JWTs and AddOAuth2Introspection (package IdentityModel.AspNetCore.OAuth2Introspection) for reference tokens, with a policy scheme that forwards by token format.',
        );
      } else if (w.problems.length) {
        followUps.push(`${w.project.path} was left as it is: ${w.problems.join('; ')}. Move it to AddJwtBearer by hand (Authority as is, ApiName as Audience, TokenValidationParameters.ValidTypes = new[] { "at+jwt" }).`);
      }
    }
    if (work.some((w) => w.changes.length)) {
      followUps.push('Run the API against the upgraded identity server and call it with a token: a 401 with "invalid_token" and "The audience is invalid" means the Audience (the old ApiName) does not match the ApiResource name.');
    }
    return { changes: work.flatMap((w) => w.changes), commands: [], warnings, followUps };
  },
};
