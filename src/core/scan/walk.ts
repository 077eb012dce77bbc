import { existsSync, readFileSync, readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * The tree walk. Written on node:fs + `ignore` rather than globby: on a
 * synthetic 2,000-project / 40,000-file tree globby's gitignore mode spent most
 * of its time re-reading and re-matching .gitignore files (see bench/), while
 * this walk reads each .gitignore once and prunes ignored folders before
 * descending into them.
 */

/** Build output, tool folders and our own state are never part of a solution. */
const ALWAYS_SKIPPED = new Set(['bin', 'obj', 'node_modules', '.git', '.duende-upgrade', '.vs']);

interface IgnoreLayer {
  /** Absolute folder the .gitignore sits in. */
  base: string;
  rules: Ignore;
}

export interface WalkOptions {
  /** Called for every file that survives the ignore rules; return value unused. */
  onFile(rel: string, name: string): void;
}

function readIgnore(dir: string): IgnoreLayer | undefined {
  const file = path.join(dir, '.gitignore');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return { base: dir, rules: ignore().add(text) };
}

function ignoredBy(layers: readonly IgnoreLayer[], abs: string, isDir: boolean): boolean {
  for (const layer of layers) {
    let rel = path.relative(layer.base, abs).split(path.sep).join('/');
    if (isDir) rel += '/';
    if (layer.rules.ignores(rel)) return true;
  }
  return false;
}

/** The nearest folder at or above `start` holding .git, or undefined at the filesystem root. */
export function repositoryRoot(start: string): string | undefined {
  for (let dir = start; ; ) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Folders above root, nearest first, up to and including the repository root (or the filesystem root). */
export function parentFolders(root: string): string[] {
  const out: string[] = [];
  if (existsSync(path.join(root, '.git'))) return out;
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
  // .gitignore files between the repository root and our root apply to us too.
  const layers: IgnoreLayer[] = [];
  for (const dir of parentFolders(root).reverse()) {
    const layer = readIgnore(dir);
    if (layer) layers.push(layer);
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
      const layer = readIgnore(abs);
      if (layer) here = [...inherited, layer];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const childAbs = path.join(abs, e.name);
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
        if (here.length > 0 && ignoredBy(here, childAbs, true)) continue;
        visit(childAbs, childRel, here);
      } else if (isFile) {
        if (here.length > 0 && ignoredBy(here, childAbs, false)) continue;
        options.onFile(childRel, e.name);
      }
    }
  };
  visit(root, '', layers);
}
