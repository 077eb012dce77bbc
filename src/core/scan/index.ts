import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { sha256 } from '../text/edit.js';
import { MAX_TEXT_BYTES, Workspace, tooLargeMessage } from '../workspace.js';
import { scanEf, type ScanSoFar } from './ef.js';
import type { Scan } from './model.js';
import { assertSupportedVersions, DIRECTORY_FILES, scanMsbuild } from './projects.js';
import { scanSigning } from './signing.js';
import { parentFolders, walkTree } from './walk.js';

const SOURCE_EXTENSIONS = new Set(['cs', 'cshtml', 'razor', 'vb', 'fs']);
const MSBUILD_NAMES = new Set(['directory.build.props', 'directory.build.targets', 'directory.packages.props', 'packages.config']);
const PROJECT_EXTENSIONS = new Set(['csproj', 'fsproj', 'vbproj']);
const OTHER_FILES = new Set(['tempkey.jwk', 'tempkey.rsa', 'duende_identityserver_license.key', 'duende_license.key']);

/** The tokens a source file must contain to be worth decoding (more when the plan asks: ScanOptions.tokens). */
// Duende.IdentityServer: a solution already on Duende (5, 6, 7) is a source too, whose code the api-changes step reads.
const TOKENS = ['IdentityServer4', 'Duende.IdentityServer', 'AddDeveloperSigningCredential'];

export interface ScanOptions {
  /** Further words that make a source file worth decoding, e.g. IdentityModel when the target renames it. */
  tokens?: readonly string[];
}

interface TokenSet {
  ascii: Buffer[];
  utf16le: Buffer[];
  utf16be: Buffer[];
}
function tokenSet(words: string[]): TokenSet {
  const utf16le = words.map((w) => Buffer.from(w, 'utf16le'));
  return { ascii: words.map((w) => Buffer.from(w, 'latin1')), utf16le, utf16be: utf16le.map((b) => Buffer.from(b).swap16()) };
}
/**
 * What makes a file worth a look by the EF and signing detectors (their own
 * regexes decide): searched in the bytes the walk reads anyway, so neither
 * detector walks the tree again nor decodes every C# file.
 */
const EF_TOKENS = tokenSet(['DbContext', 'AddOperationalStore', 'AddConfigurationStore', 'MigrationsAssembly']);
// AddIdentityServer also finds AddIdentityServerAuthentication (API projects); PersistKeysTo and
// SetApplicationName are the data-protection setup that automatic keys depend on.
const SIGNING_TOKENS = tokenSet(['AddDeveloperSigningCredential', 'AddSigningCredential', 'AddValidationKey', 'KeyManagement', 'LicenseKey', 'AddIdentityServer', 'PersistKeysTo', 'SetApplicationName']);

/**
 * Source files are read into one reused buffer and searched as bytes; only the
 * few that name IdentityServer4 are decoded (issue 5: a 40,000-file tree must
 * plan in about the time `grep -rl` takes).
 */
class Prefilter {
  private buf = Buffer.allocUnsafe(256 * 1024);
  private last: Buffer = Buffer.alloc(0);
  /** Why the file last given to match() could not be read, if it could not. */
  lastError: NodeJS.ErrnoException | undefined;

  /** The tokens that make a file worth decoding, in every encoding with a BOM we read. */
  constructor(private readonly tokens: TokenSet) {}

  /** Whether the file last given to match() holds one of these tokens; valid until the next match(). */
  lastHas(set: TokenSet): boolean {
    const b = this.last;
    const tokens = b[0] === 0xff && b[1] === 0xfe ? set.utf16le : b[0] === 0xfe && b[1] === 0xff ? set.utf16be : set.ascii;
    return tokens.some((t) => b.indexOf(t) !== -1);
  }

  /**
   * The file's bytes when it contains a token (a copy, safe to keep), else undefined;
   * for a file above MAX_TEXT_BYTES that contains one, its size (it is not held).
   */
  match(abs: string): Buffer | number | undefined {
    this.last = Buffer.alloc(0);
    this.lastError = undefined;
    let fd: number;
    try {
      fd = openSync(abs, 'r');
    } catch (error) {
      this.lastError = error as NodeJS.ErrnoException;
      return undefined;
    }
    let length = 0;
    try {
      const size = fstatSync(fd).size;
      if (size > MAX_TEXT_BYTES) return searchLarge(fd, this.buf, this.tokens) ? size : undefined;
      for (;;) {
        if (length === this.buf.length) {
          const bigger = Buffer.allocUnsafe(this.buf.length * 2);
          this.buf.copy(bigger, 0, 0, length);
          this.buf = bigger;
        }
        const n = readSync(fd, this.buf, length, this.buf.length - length, null);
        if (n === 0) break;
        length += n;
      }
    } catch (error) {
      this.lastError = error as NodeJS.ErrnoException;
      return undefined;
    } finally {
      closeSync(fd);
    }
    const bytes = this.buf.subarray(0, length);
    this.last = bytes;
    const tokens = bytes[0] === 0xff && bytes[1] === 0xfe ? this.tokens.utf16le : bytes[0] === 0xfe && bytes[1] === 0xff ? this.tokens.utf16be : this.tokens.ascii;
    return tokens.some((t) => bytes.indexOf(t) !== -1) ? Buffer.from(bytes) : undefined;
  }
}

/**
 * Whether a file too large to hold contains a token, read through `buf` in
 * pieces (each piece starts with the end of the one before, so a token across
 * the boundary is found): memory stays at the buffer's size.
 */
function searchLarge(fd: number, buf: Buffer, tokens: TokenSet): boolean {
  const sets = [tokens.ascii, tokens.utf16le, tokens.utf16be];
  const overlap = Math.max(...sets.flat().map((t) => t.length)) - 1;
  let keep = 0;
  for (;;) {
    const n = readSync(fd, buf, keep, buf.length - keep, null);
    if (n === 0) return false;
    const piece = buf.subarray(0, keep + n);
    if (sets.some((set) => set.some((t) => piece.indexOf(t) !== -1))) return true;
    keep = Math.min(overlap, piece.length);
    piece.copy(buf, 0, piece.length - keep);
  }
}

/** One file (or unreadable folder) the walk met, in walk order: enough to rebuild the scan's lists without walking again. */
type WalkEntry =
  | { kind: 'solution' | 'msbuild' | 'other'; rel: string }
  | { kind: 'source'; rel: string; ext: string; found: SourceFound }
  | { kind: 'folder'; rel: string; skipped: Scan['skipped'][number] };

/** What the prefilter found in a source file. */
interface SourceFound {
  /** Decoded and kept: it names IdentityServer4 (or another token). */
  source: boolean;
  ef: boolean;
  signing: boolean;
  skipped?: Scan['skipped'][number];
}

/** The walk behind a scan, kept for rescan(); null where a file the walk met is gone since. */
interface WalkRecord {
  entries: (WalkEntry | null)[];
  byRel: Map<string, number>;
  /** The tokens the walk's prefilter looked for (a rescan looks for the same). */
  tokens: TokenSet;
}
const walks = new WeakMap<Scan, WalkRecord>();

function kindOf(name: string): { kind: 'solution' | 'msbuild' | 'other' | 'source'; ext: string } | undefined {
  const lower = name.toLowerCase();
  const ext = lower.slice(lower.lastIndexOf('.') + 1);
  if (ext === 'sln') return { kind: 'solution', ext };
  if (PROJECT_EXTENSIONS.has(ext) || MSBUILD_NAMES.has(lower)) return { kind: 'msbuild', ext };
  if (OTHER_FILES.has(lower) || (lower.startsWith('appsettings') && lower.endsWith('.json'))) return { kind: 'other', ext };
  if (SOURCE_EXTENSIONS.has(ext)) return { kind: 'source', ext };
  return undefined;
}

function lookAtSource(prefilter: Prefilter, workspace: Workspace, rel: string, ext: string, abs: string): SourceFound {
  const bytes = prefilter.match(abs);
  if (prefilter.lastError) {
    return { source: false, ef: false, signing: false, skipped: { path: rel, reason: `${unreadableWhy(prefilter.lastError)}: it was not scanned, so anything of IdentityServer4 in it is not upgraded`, unreadable: true } };
  }
  if (typeof bytes === 'number') return { source: false, ef: false, signing: false, skipped: { path: rel, reason: `${tooLargeMessage(bytes)}, although it mentions IdentityServer4` } };
  const ef = ext === 'cs' && prefilter.lastHas(EF_TOKENS);
  const signing = (ext === 'cs' || ext === 'vb' || ext === 'fs') && prefilter.lastHas(SIGNING_TOKENS);
  if (!bytes) return { source: false, ef, signing };
  const r = workspace.tryRead(rel, bytes);
  if (r.ok) return { source: true, ef, signing };
  return { source: false, ef, signing, ...(r.reason !== 'unreadable' ? { skipped: { path: rel, reason: r.message } } : {}) };
}

/**
 * Find what is there: the MSBuild files in the tree and the Directory.* files
 * above it (up to the repository root), every package site, each project's
 * packages, the source files that mention IdentityServer4, EF and signing.
 */
export async function scan(rootArg: string, workspace = new Workspace(path.resolve(rootArg)), options: ScanOptions = {}): Promise<{ scan: Scan; workspace: Workspace }> {
  const root = workspace.root;
  if (!existsSync(root)) throw new InputError('no such folder', { path: rootArg });
  if (!statSync(root).isDirectory()) throw new InputError('not a folder', { path: rootArg });

  const tokens = tokenSet([...TOKENS, ...(options.tokens ?? [])]);
  const prefilter = new Prefilter(tokens);
  const record: WalkRecord = { entries: [], byRel: new Map(), tokens };
  const add = (e: WalkEntry) => {
    if (e.kind !== 'folder') record.byRel.set(e.rel, record.entries.length);
    record.entries.push(e);
  };
  walkTree(root, {
    onFile(rel, name, abs) {
      const k = kindOf(name);
      if (!k) return;
      if (k.kind === 'source') add({ kind: 'source', rel, ext: k.ext, found: lookAtSource(prefilter, workspace, rel, k.ext, abs) });
      else add({ kind: k.kind, rel });
    },
    onUnreadableFolder(rel, error) {
      add({ kind: 'folder', rel, skipped: { path: `${rel}/`, reason: `${unreadableWhy(error)}: this folder was not scanned, so anything of IdentityServer4 in it is not upgraded`, unreadable: true } });
    },
  });
  return { workspace, scan: fromWalk(rootArg, workspace, record) };
}

/**
 * The scan again after files changed (issue 16: a step's replan), without
 * walking the tree: `changed` (the files a step wrote) and every file the
 * workspace read whose bytes on disk no longer hash as read are looked at
 * again; the rest of the walk is reused. The result is what scan() would find,
 * or undefined where that cannot be known without a walk (a new file the
 * scan would list, a .gitignore changed), and the caller scans afresh.
 */
export function rescan(previous: Scan, workspace: Workspace, changed: readonly string[]): { scan: Scan; workspace: Workspace } | undefined {
  const record = walks.get(previous);
  if (!record) return undefined;
  const dirty = new Set(changed);
  for (const f of workspace.files()) if (!dirty.has(f.path) && !sameBytes(f.abs, f.hash)) dirty.add(f.path);
  // a file that could not be read or decoded is tried again, as a new scan would
  workspace.forgetFailures();
  const entries = [...record.entries];
  const prefilter = new Prefilter(record.tokens);
  for (const rel of dirty) {
    workspace.forget(rel);
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (name.toLowerCase() === '.gitignore') return undefined;
    const at = record.byRel.get(rel);
    const abs = workspace.abs(rel);
    const exists = existsSync(abs);
    if (at === undefined) {
      // Above the root, or a kind the scan does not list: nothing to redo. Otherwise a new
      // file (or one the walk passed over): where it would come in the walk is not known.
      if (rel.startsWith('../') || !kindOf(name) || !exists) continue;
      return undefined;
    }
    const e = entries[at];
    if (!e || !exists) {
      if (e && !exists) entries[at] = null;
      else if (!e && exists) return undefined;
      continue;
    }
    if (e.kind === 'source') entries[at] = { ...e, found: lookAtSource(prefilter, workspace, rel, e.ext, abs) };
  }
  return { workspace, scan: fromWalk(previous.root, workspace, { entries, byRel: record.byRel, tokens: record.tokens }) };
}

function sameBytes(abs: string, hash: string): boolean {
  try {
    return sha256(readFileSync(abs)) === hash;
  } catch {
    return false;
  }
}

/** The scan from the walk's entries: its lists in walk order, then the MSBuild, EF and signing scans. */
function fromWalk(rootArg: string, workspace: Workspace, record: WalkRecord): Scan {
  const root = workspace.root;
  const sourceFiles: string[] = [];
  const msbuildFiles: string[] = [];
  const solutions: string[] = [];
  const otherFiles: string[] = [];
  const skipped: Scan['skipped'] = [];
  const efCandidates: string[] = [];
  const signingCandidates: string[] = [];
  for (const e of record.entries) {
    if (!e) continue;
    if (e.kind === 'solution') solutions.push(e.rel);
    else if (e.kind === 'msbuild') msbuildFiles.push(e.rel);
    else if (e.kind === 'other') otherFiles.push(e.rel);
    else if (e.kind === 'folder') skipped.push(e.skipped);
    else if (e.kind === 'source') {
      if (e.found.ef) efCandidates.push(e.rel);
      if (e.found.signing) signingCandidates.push(e.rel);
      if (e.found.source) sourceFiles.push(e.rel);
      if (e.found.skipped) skipped.push(e.found.skipped);
    }
  }
  if (!msbuildFiles.some((f) => /\.(cs|fs|vb)proj$/i.test(f)) && solutions.length === 0) {
    throw new InputError('no .NET project here: no .sln, .csproj, .fsproj or .vbproj was found', { path: rootArg }, 'Point duende-upgrade at the folder that holds your solution.');
  }

  // Directory.Build.props/targets and Directory.Packages.props above the root shape our projects too.
  const parents = parentFolders(root);
  parents.forEach((dir, i) => {
    for (const name of DIRECTORY_FILES) {
      if (existsSync(path.join(dir, name))) msbuildFiles.push(`${Array(i + 1).fill('..').join('/')}/${name}`);
    }
  });

  const msbuild = scanMsbuild(workspace, msbuildFiles, parents.length);
  msbuildFiles.push(...msbuild.imported);
  assertSupportedVersions(msbuild.is4Versions);
  const soFar: ScanSoFar = {
    root,
    solutions,
    projects: msbuild.projects,
    msbuildFiles,
    packageSites: msbuild.packageSites,
    frameworkSites: msbuild.frameworkSites,
    is4Versions: [...new Set(msbuild.is4Versions.map((v) => v.version))].sort(),
    sourceFiles,
    skipped,
    warnings: msbuild.warnings,
    otherFiles,
  };
  const { otherFiles: _, ...rest } = soFar;
  const result: Scan = { ...rest, ef: scanEf(workspace, soFar, efCandidates), signing: scanSigning(workspace, soFar, signingCandidates) };
  walks.set(result, record);
  return result;
}

function unreadableWhy(error: NodeJS.ErrnoException): string {
  return error.code === 'EACCES' || error.code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be read (${error.code ?? error.message})`;
}
