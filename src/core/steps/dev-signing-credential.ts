import path from 'node:path';
import { isIdentChar } from '../lang/csharp.js';
import { lexFile, lexSource, type Lexed } from '../lang/index.js';
import { LineIndex } from '../text/edit.js';
import { projectOwners } from '../scan/source.js';
import type { Evidence, FileChange, Splice } from '../types.js';
import type { Step, StepContext } from './step.js';

const NAME = 'AddDeveloperSigningCredential';
const WS = /[ \t\r\n\f\v]/;

export interface Removal {
  splices: Splice[];
  /** Every call found in code, one per call. */
  calls: Evidence[];
  /** Calls left in place because no removal is provably valid C#; each says why. */
  leftAlone: { evidence: Evidence; reason: string }[];
}

/**
 * Plan the removal of every AddDeveloperSigningCredential(...) call in one C#
 * file. Every removal keeps the file valid C#: a link of a fluent chain goes
 * (the builder methods return their receiver, so the chain's type is the same);
 * a statement on a plain builder goes whole; a brace-less `if` that holds only
 * the call goes whole when it has no `else`. Anything else stays and is reported.
 */
export function planRemoval(filePath: string, text: string, lexed: Lexed | undefined = lexSource(filePath, text)): Removal {
  const lines = new LineIndex(text);
  const out: Removal = { splices: [], calls: [], leftAlone: [] };
  if (!lexed) return out;
  const m = lexed.mask;
  const directives = lexed.regions.filter((r) => r.kind === 'preprocessor');
  const ev = (at: number): Evidence => ({ path: filePath, line: lines.line(at), text: lines.lineText(at).trim() });
  for (let at = m.indexOf(NAME); at !== -1; at = m.indexOf(NAME, at + 1)) {
    if (isIdentChar(m[at - 1]) || isIdentChar(m[at + NAME.length])) continue;
    const open = skipWs(m, at + NAME.length);
    const dot = skipWsBack(m, at - 1);
    if (m[dot] !== '.') {
      // `static IIdentityServerBuilder AddDeveloperSigningCredential(` declares a method of the user's own
      const prev = m[dot];
      if (isIdentChar(prev) || prev === '>' || prev === ']' || m[open] !== '(') continue;
      out.calls.push(ev(at));
      out.leftAlone.push({ evidence: ev(at), reason: 'it is not called on a builder (a static call?)' });
      continue;
    }
    if (m[open] !== '(') continue; // a method group, not a call
    out.calls.push(ev(at));
    if (lexed.language !== 'csharp') {
      out.leftAlone.push({ evidence: ev(at), reason: `only C# files are edited; remove it from this ${lexed.language === 'razor' ? 'Razor' : lexed.language === 'vb' ? 'VB' : 'F#'} file by hand` });
      continue;
    }
    const close = matching(m, open);
    if (close === -1) {
      out.leftAlone.push({ evidence: ev(at), reason: 'its argument list is not closed' });
      continue;
    }
    const linkStart = m[dot - 1] === '?' ? dot - 1 : dot;
    const recvEnd = skipWsBack(m, linkStart - 1) + 1;
    const after = skipWs(m, close + 1);
    const next = m[after];
    const stmt = statementOf(m, linkStart);
    const receiverIsCall = isInvocation(m, stmt.exprStart, recvEnd);
    const leave = (reason: string) => out.leftAlone.push({ evidence: ev(at), reason });
    // #if/#else lines inside the statement: a removal that moves a ';' or drops lines
    // across them can leave one build configuration broken
    const crossesDirective = (a: number, b: number) => directives.some((r) => r.start < b && r.end > a);
    const IFDEF = 'preprocessor directives (#if) run through the statement, and no removal is valid in every configuration';

    if (next === '.' || (next === '?' && m[after + 1] === '.')) {
      // a '?' before the link stays: `x()?.AddDeveloperSigningCredential().Y()` must become `x()?.Y()`
      const splices = removeLink(text, dot, close + 1);
      if (splices.some((sp) => crossesDirective(sp.start, sp.end))) leave(IFDEF);
      else out.splices.push(...splices);
      continue;
    }
    if (next === ';' && crossesDirective(stmt.headerStart, after + 1)) {
      leave(IFDEF);
      continue;
    }
    if (next === ';') {
      if (receiverIsCall) {
        out.splices.push(...removeLastLink(text, recvEnd, linkStart, after));
        continue;
      }
      if (stmt.kind === 'statement') {
        out.splices.push(removeStatement(text, stmt.exprStart, after + 1));
        continue;
      }
      if (stmt.kind === 'body' && stmt.word === 'else' && !crossesDirective(stmt.headerStart, after + 1)) {
        // the whole of a brace-less else: the else branch goes, the if stays valid as it is,
        // and every other path behaves as before
        out.splices.push(removeElse(text, stmt.headerStart, after + 1));
        continue;
      }
      if (stmt.kind === 'if') {
        const following = skipWs(m, after + 1);
        if (/^else\b/.test(m.slice(following, following + 5))) {
          leave('it is the whole body of an if that has an else; removing the if would drop the else branch');
          continue;
        }
        out.splices.push(removeStatement(text, stmt.headerStart, after + 1));
        continue;
      }
      leave(
        stmt.kind === 'assigned' || stmt.kind === 'return'
          ? 'its result is used (assigned or returned); removing the call changes that code'
          : stmt.kind === 'arrow'
            ? 'it is the whole body of an expression-bodied member or lambda'
            : stmt.kind === 'other'
              ? 'it is part of a larger expression (a conditional or an operator)'
              : 'it is the whole body of a loop, else or using statement',
      );
      continue;
    }
    if ((next === ')' || next === ',') && receiverIsCall) {
      out.splices.push(...removeLink(text, linkStart, close + 1));
      continue;
    }
    leave(stmt.kind === 'arrow' ? 'it is the whole body of a lambda or expression-bodied member' : 'its result is used in an expression');
  }
  // two calls in one chain can ask for touching removals; keep the first, the next run takes the rest
  out.splices.sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: Splice[] = [];
  for (const s of out.splices) {
    const last = kept[kept.length - 1];
    if (last && s.start < last.end) continue;
    kept.push(s);
  }
  out.splices = kept;
  return out;
}

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

function matching(m: string, open: number): number {
  let depth = 0;
  for (let j = open; j < m.length; j++) {
    if (m[j] === '(') depth++;
    else if (m[j] === ')' && --depth === 0) return j;
  }
  return -1;
}

function matchingBack(m: string, close: number): number {
  let depth = 0;
  for (let j = close; j >= 0; j--) {
    if (m[j] === ')') depth++;
    else if (m[j] === '(' && --depth === 0) return j;
  }
  return -1;
}

interface StatementInfo {
  kind: 'statement' | 'if' | 'body' | 'assigned' | 'return' | 'arrow' | 'argument' | 'other';
  /** Where the receiver expression starts (after any if-header, else or return). */
  exprStart: number;
  /** Where the statement starts (the `if` of a brace-less if). */
  headerStart: number;
  /** For kind 'body' and 'return': the keyword before the expression. */
  word?: 'else' | 'return' | 'do';
}

/** Walk back from the call's '.' to the start of the expression it belongs to, and say what holds it. */
function statementOf(m: string, from: number): StatementInfo {
  let depth = 0;
  let j = from - 1;
  let boundary = ';';
  for (; j >= 0; j--) {
    const c = m[j]!;
    if (c === ')' || c === ']') { depth++; continue; }
    if (c === '}') { if (depth === 0) break; depth++; continue; }
    if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) { boundary = c; break; }
      depth--;
      continue;
    }
    if (depth > 0) continue;
    if (c === ';') break;
    if (c === ',') { boundary = ','; break; }
    if (c === '>' && m[j - 1] === '=') { boundary = '=>'; j--; break; }
    if (c === '=' && !'=!<>'.includes(m[j - 1]!) && m[j + 1] !== '=') { boundary = '='; break; }
    if (c === ':' && m[j - 1] !== ':' && m[j + 1] !== ':' && /(?:^|[\s;{}])(?:case\b[^;{}?]*|default\s*)$/.test(m.slice(Math.max(0, j - 200), j))) break; // a switch label: the statement starts after it
    if (c === '?' || (c === ':' && m[j - 1] !== ':' && m[j + 1] !== ':')) { boundary = 'op'; break; }
  }
  const start = skipWs(m, j + 1);
  if (boundary === '=>') return { kind: 'arrow', exprStart: start, headerStart: start };
  if (boundary === '=') return { kind: 'assigned', exprStart: start, headerStart: start };
  if (boundary === '(' || boundary === '[' || boundary === ',') return { kind: 'argument', exprStart: start, headerStart: start };
  if (boundary === 'op') return { kind: 'other', exprStart: start, headerStart: start };
  const head = /^(if|while|for|foreach|using|lock|fixed)\s*\(/.exec(m.slice(start, start + 12));
  if (head) {
    const close = matching(m, start + head[0].length - 1);
    const body = skipWs(m, close + 1);
    if (close !== -1 && body <= from) return { kind: head[1] === 'if' ? 'if' : 'body', exprStart: body, headerStart: start };
  }
  const word = /^(else|return|do)\b/.exec(m.slice(start, start + 7));
  if (word) {
    const body = skipWs(m, start + word[0].length);
    return { kind: word[1] === 'return' ? 'return' : 'body', exprStart: body, headerStart: start, word: word[1] as 'else' | 'return' | 'do' };
  }
  return { kind: 'statement', exprStart: start, headerStart: start };
}

/** The receiver ends in a method call (`services.AddIdentityServer()`), not a bare builder variable. */
function isInvocation(m: string, exprStart: number, recvEnd: number): boolean {
  if (m[recvEnd - 1] !== ')') return false;
  const open = matchingBack(m, recvEnd - 1);
  if (open <= exprStart) return false;
  const before = m[skipWsBack(m, open - 1)];
  return isIdentChar(before) || before === '>';
}

const lineStartOf = (text: string, at: number) => {
  const ls = text.lastIndexOf('\n', at - 1) + 1;
  // a byte-order mark that survived decoding belongs to the file, not to the first line
  return ls === 0 && text[0] === '\uFEFF' ? 1 : ls;
};
/** Offset just past the line ending of the line that holds `at` (or the end of the text). */
const lineNextOf = (text: string, at: number) => {
  const j = text.indexOf('\n', at);
  return j === -1 ? text.length : j + 1;
};
const blank = (s: string) => /^[ \t\r\n]*$/.test(s);

/**
 * Whole lines [ls, next) go: when a blank line sits both before and after them, one of
 * the two goes too, so one blank line stays one blank line.
 */
function wholeLines(text: string, ls: number, next: number): Splice {
  const before = ls > 0 ? text.slice(lineStartOf(text, ls - 1), ls) : undefined;
  const afterEnd = lineNextOf(text, next);
  const after = next < text.length ? text.slice(next, afterEnd) : undefined;
  if (before !== undefined && after !== undefined && blank(before) && blank(after) && afterEnd <= text.length && text.slice(next, afterEnd).includes('\n')) {
    return { start: ls, end: afterEnd, text: '' };
  }
  return { start: ls, end: next, text: '' };
}

/** Spaces and tabs from `at` when only they are left before the line break (or the end); else `at`. */
function trailingBlanks(text: string, at: number): number {
  let j = at;
  while (text[j] === ' ' || text[j] === '\t') j++;
  return j === text.length || text[j] === '\n' || text[j] === '\r' ? j : at;
}

/** A link in the middle of a chain: its own line(s) go whole, an inline link goes alone. */
function removeLink(text: string, start: number, end: number): Splice[] {
  const ls = lineStartOf(text, start);
  const next = lineNextOf(text, end);
  if (blank(text.slice(ls, start)) && blank(text.slice(end, next))) return [wholeLines(text, ls, next)];
  return [{ start, end, text: '' }];
}

/**
 * A brace-less `else` whose whole body is the call: from the end of the if-branch
 * before it to the end of the call's statement. On lines of their own they go whole.
 */
function removeElse(text: string, elseAt: number, end: number): Splice {
  const ls = lineStartOf(text, elseAt);
  const next = lineNextOf(text, end - 1);
  if (blank(text.slice(ls, elseAt)) && blank(text.slice(end, next))) return wholeLines(text, ls, next);
  // `} else b.AddDeveloperSigningCredential();` on one line: the blanks before else go with it
  let from = elseAt;
  while (from > ls && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  if (from === ls) from = elseAt;
  return { start: from, end: trailingBlanks(text, end), text: '' };
}

/** The last link of a chain: the `;` moves to the previous link, comments between them stay. */
function removeLastLink(text: string, recvEnd: number, linkStart: number, semi: number): Splice[] {
  const between = text.slice(recvEnd, linkStart);
  // blanks left after the ';' would otherwise end up at the end of the previous line
  if (blank(between)) return [{ start: recvEnd, end: trailingBlanks(text, semi + 1), text: ';' }];
  // a comment sits between the previous link and this one
  const ls = lineStartOf(text, linkStart);
  const next = lineNextOf(text, semi);
  const rest = text.slice(semi + 1, next);
  const splices: Splice[] = [{ start: recvEnd, end: recvEnd, text: ';' }];
  if (blank(text.slice(ls, linkStart)) && blank(rest)) splices.push(wholeLines(text, ls, next));
  else splices.push({ start: linkStart, end: semi + 1, text: '' });
  return splices;
}

/** A whole statement: its own line(s) go whole; inline, it goes with one space after it. */
function removeStatement(text: string, start: number, end: number): Splice {
  const ls = lineStartOf(text, start);
  const next = lineNextOf(text, end - 1);
  if (blank(text.slice(ls, start)) && blank(text.slice(end, next))) return wholeLines(text, ls, next);
  return { start, end: text[end] === ' ' ? end + 1 : end, text: '' };
}

interface Analysis {
  changes: FileChange[];
  evidence: Evidence[];
  followUps: string[];
}

function analyse(ctx: StepContext): Analysis {
  const changes: FileChange[] = [];
  const evidence: Evidence[] = [];
  const followUps: string[] = [];
  const callers: string[] = [];
  for (const p of ctx.scan.sourceFiles) {
    const r = ctx.workspace.tryRead(p);
    if (!r.ok || !r.file.text.includes(NAME)) continue;
    const removal = planRemoval(p, r.file.text, lexFile(r.file));
    if (removal.calls.length > 0) callers.push(p);
    evidence.push(...removal.calls);
    if (removal.splices.length > 0) changes.push({ kind: 'edit', path: p, splices: removal.splices });
    for (const l of removal.leftAlone) {
      followUps.push(`${l.evidence.path}:${l.evidence.line}: ${l.evidence.text} was left in place: ${l.reason}. Remove the developer credential there by hand.`);
    }
  }
  // The key file of a project that calls (or called, before an earlier run removed it) AddDeveloperSigningCredential;
  // one beside a project that never does is not this step's to delete (a leftover the host does not read).
  const ownerOf = projectOwners(ctx.scan.projects);
  const calling = new Set([...callers, ...calledEarlier(ctx)].map((f) => ownerOf(f)?.path));
  for (const f of ctx.scan.signing.tempKeyFiles) {
    const owner = ownerOf(f)?.path;
    if (owner !== undefined ? !calling.has(owner) : calling.size === 0) continue;
    evidence.push({ path: f, line: 0, text: path.posix.basename(f), note: 'developer signing key file' });
    changes.push({
      kind: 'delete',
      path: f,
      reason: `${path.posix.basename(f)} holds the temporary key AddDeveloperSigningCredential created; Duende's automatic key management replaces it`,
    });
  }
  return { changes, evidence, followUps };
}

/** Source files whose backed-up original called AddDeveloperSigningCredential: an earlier run removed calls there. */
function calledEarlier(ctx: StepContext): string[] {
  return ctx.earlier.backedUp().filter((n) => n.endsWith('.cs') && (ctx.earlier.original(n)?.toString('latin1').includes(NAME) ?? false));
}

/** Did an earlier run remove calls or key files? The backups it kept say so. */
function removedEarlier(ctx: StepContext): boolean {
  if (ctx.earlier.record('dev-signing-credential')?.status === 'done') return true;
  const keyFile = (n: string) => ['tempkey.jwk', 'tempkey.rsa'].includes(path.posix.basename(n));
  return ctx.earlier.backedUp().some(keyFile) || calledEarlier(ctx).length > 0;
}

export const devSigningCredentialStep: Step = {
  id: 'dev-signing-credential',
  kind: 'work',
  title: 'Remove AddDeveloperSigningCredential',
  why: 'Duende IdentityServer manages signing keys automatically; the developer credential would override them with a temporary key file.',
  dependsOn: [
    {
      step: 'packages',
      notApplicableIsEnough: false,
      consequence: 'the host would still run IdentityServer4, which has no automatic key management: with the developer credential gone it has no signing key and cannot issue tokens.',
    },
  ],
  detect(ctx) {
    const a = analyse(ctx);
    // A call that is still there keeps the step pending, on every run, with what a person
    // has to do: "done" would claim the developer credential is gone while it is not.
    if (a.evidence.length > 0) return { status: 'pending', evidence: a.evidence };
    if (removedEarlier(ctx)) return { status: 'done', evidence: [] };
    return { status: 'not-applicable', evidence: [] };
  },
  plan(ctx) {
    const a = analyse(ctx);
    const warnings: string[] = [];
    const deleted = a.changes.filter((c) => c.kind === 'delete').map((c) => c.path);
    if (deleted.length > 0) {
      warnings.push(
        `Deleting ${deleted.join(', ')}: if this host ran in production on the developer key, it signs with new keys from now on, and tokens issued with the old key stop validating. ` +
          'The files are backed up in .duende-upgrade/backup; to keep validating old tokens for a while, load the old key with AddValidationKey.',
      );
    }
    return { changes: a.changes, commands: [], warnings, followUps: a.followUps };
  },
};
