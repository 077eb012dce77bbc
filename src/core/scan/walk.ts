import { existsSync, readFileSync, readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * The tree walk. Written on node:fs + `ignore` rather than globby: on a
 * synthetic 2,000-project / 40,000-file tree (one .gitignore, bin/ and obj/
 * folders) globby with `gitignore: true` took about 1.5 s against 0.17 s for
 * this walk, which reads each .gitignore once and prunes ignored folders
 * before descending into them.
 *
 * The reads stay synchronous: on the same tree (2 cores, warm page cache),
 * reading and searching the 40,000 source files took 0.33–0.43 s with
 * openSync/readSync/closeSync and 1.0–2.9 s with callback fs.open/read/close
 * 4, 8 or 16 at a time (libuv's thread pool hand-off costs more per small
 * file than the read itself), and 1.7–2.4 s with fs.promises.readFile.
 */

/** Build output, tool folders and our own state are never part of a solution. */
const ALWAYS_SKIPPED = new Set(['bin', 'obj', 'node_modules', '.git', '.duende-upgrade', '.vs']);

interface IgnoreLayer {
  /** The root-relative folder the .gitignore sits in ('' for the root); for one above the root, undefined. */
  baseRel?: string;
  /** For a .gitignore above the root: the path from its folder down to the root, with a trailing '/'. */
  down: string;
  rules: Ignore;
}

export interface WalkOptions {
  /** Called for every file that survives the ignore rules, with its absolute path too (joined once here); return value unused. */
  onFile(rel: string, name: string, abs: string): void;
}

function readIgnore(dir: string): Ignore | undefined {
  try {
    return ignore().add(readFileSync(path.join(dir, '.gitignore'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** `rel` is root-relative; each layer sees it relative to its own folder (string work only: this runs per file). */
function ignoredBy(layers: readonly IgnoreLayer[], rel: string, isDir: boolean): boolean {
  const tail = isDir ? '/' : '';
  for (const layer of layers) {
    const own = layer.baseRel === undefined ? layer.down + rel : layer.baseRel === '' ? rel : rel.slice(layer.baseRel.length + 1);
    if (layer.rules.ignores(own + tail)) return true;
  }
  return false;
}

/** Folders above root, nearest first, up to and including the repository root (or the filesystem root). */
export function parentFolders(root: string): string[] {
  const out: string[] = [];
  if (existsSync(path.join(root, '.git')) || path.dirname(root) === root) return out;
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    out.push(dir);
    if (existsSync(path.join(dir, '.git'))) break;
    if (path.dirname(dir) === dir) break;
  }
  return out;
}

/**
 * Every file under root that git would not ignore, depth first in name order.
 * Symlinked folders are not entered: inside the root they only repeat what the
 * walk sees anyway, and outside it they are not ours.
 */
export function walkTree(root: string, options: WalkOptions): void {
  // .gitignore files between the repository root and our root apply to us too; outside a repository git reads none.
  const layers: IgnoreLayer[] = [];
  const parents = parentFolders(root);
  const inRepository = parents.length > 0 && existsSync(path.join(parents[parents.length - 1]!, '.git'));
  for (const dir of inRepository ? parents.reverse() : []) {
    const rules = readIgnore(dir);
    if (rules) layers.push({ down: `${path.relative(dir, root).split(path.sep).join('/')}/`, rules });
  }
  const visit = (abs: string, rel: string, inherited: IgnoreLayer[]) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    let here = inherited;
    if (entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const rules = readIgnore(abs);
      if (rules) here = [...inherited, { baseRel: rel, down: '', rules }];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const childAbs = abs + path.sep + e.name;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = statSync(childAbs);
          if (st.isDirectory()) continue;
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (ALWAYS_SKIPPED.has(e.name.toLowerCase())) continue;
        if (here.length > 0 && ignoredBy(here, childRel, true)) continue;
        visit(childAbs, childRel, here);
      } else if (isFile) {
        if (here.length > 0 && ignoredBy(here, childRel, false)) continue;
        options.onFile(childRel, e.name, childAbs);
      }
    }
  };
  visit(root, '', layers);
}
