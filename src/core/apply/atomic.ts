import { chownSync, chmodSync, closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Stats } from 'node:fs';
import { InputError } from '../errors.js';

export const STATE_DIR = '.duende-upgrade';
/** Where every temporary file goes, so that the next start can find and remove what a kill left. */
export const TMP_DIR = `${STATE_DIR}/tmp`;
/** Suffix of the rare temporary file written next to its target (a target on another file system). */
const SIBLING_SUFFIX = '.duende-upgrade-tmp';

let counter = 0;

/** Whether a process with this id runs on this machine (EPERM: it runs, as someone else). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Make .duende-upgrade/ with its own .gitignore (`*`), so nothing the tool keeps
 * (state, backups, logs, report) ever shows in `git status` or lands in a commit.
 * Every writer into the folder goes through here; returns the folder's path.
 */
export function ensureStateDir(root: string): string {
  const dir = path.join(root, STATE_DIR);
  mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  // 'wx': never replace a .gitignore someone wrote there on purpose.
  if (!existsSync(ignore)) {
    try {
      writeFileSync(ignore, '# written by duende-upgrade: its state, backups, logs and report stay out of git\n*\n', { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return dir;
}

function tmpPath(root: string): string {
  ensureStateDir(root);
  const dir = path.join(root, TMP_DIR);
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${process.pid}-${Date.now().toString(36)}-${counter++}`);
}

function writeWhole(file: string, data: Buffer | string, mode: number): void {
  const fd = openSync(file, 'wx', mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // open() applies the umask; the mode asked for is the mode wanted
  chmodSync(file, mode);
}

/**
 * Replace `target` with `data` so that a kill at any moment leaves the old
 * bytes or the new, and no file beside it: the new bytes go to a file under
 * `.duende-upgrade/tmp/` (the same file system as the tree, as a rule) and are
 * renamed into place. A link inside the tree is written through: its target is
 * replaced, keeping the target's mode and owner. When the target sits on
 * another file system, the temporary file goes next to it, and a note under
 * `.duende-upgrade/tmp/` names it first, so `removeLeftovers` still finds it.
 */
export function writeAtomic(root: string, target: string, data: Buffer | string, mode?: number): void {
  let real = target;
  let st: Stats | undefined;
  try {
    real = realpathSync(target);
    st = statSync(real);
  } catch {
    /* a new file */
  }
  const wanted = mode ?? (st ? st.mode & 0o7777 : 0o644);
  const tmp = tmpPath(root);
  writeWhole(tmp, data, wanted);
  keepOwner(tmp, st);
  try {
    renameSync(tmp, real);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') {
      unlinkQuiet(tmp);
      throw error;
    }
  }
  unlinkQuiet(tmp);
  const sibling = `${real}${SIBLING_SUFFIX}`;
  const note = `${tmpPath(root)}.where`;
  writeFileSync(note, sibling);
  writeWhole(sibling, data, wanted);
  keepOwner(sibling, st);
  renameSync(sibling, real);
  unlinkQuiet(note);
}

/** Copy `from` to `to` so that `to` is either whole or absent (backups). */
export function copyAtomic(root: string, from: string, to: string): void {
  mkdirSync(path.dirname(to), { recursive: true });
  writeAtomic(root, to, readFileSync(from), statSync(from).mode & 0o7777);
}

function keepOwner(file: string, st: Stats | undefined): void {
  if (!st || process.getuid?.() !== 0) return;
  try {
    chownSync(file, st.uid, st.gid);
  } catch {
    /* best effort, as for any root-owned rewrite */
  }
}

function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* gone */
  }
}

/**
 * Remove what an earlier run that was killed left behind: its temporary files
 * under `.duende-upgrade/tmp/` and any temporary file a note there names.
 * Call only while holding the lock, so a live run's files are never touched.
 * Returns how many were removed.
 */
export function removeLeftovers(root: string): number {
  const dir = path.join(root, TMP_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    // A file of a run still going (one that is only asking for the lock) is not a leftover.
    const owner = Number(/^(?:lock-)?(\d+)-/.exec(name)?.[1]);
    if (owner && owner !== process.pid && alive(owner)) continue;
    if (name.endsWith('.where')) {
      try {
        const sibling = readFileSync(file, 'utf8');
        // only ever a file this tool names that way
        if (sibling.endsWith(SIBLING_SUFFIX) && existsSync(sibling)) {
          unlinkSync(sibling);
          removed++;
        }
      } catch {
        /* unreadable note: nothing to follow */
      }
    }
    try {
      unlinkSync(file);
      removed++;
    } catch {
      /* gone */
    }
  }
  return removed;
}

/**
 * `.duende-upgrade` must be a real folder inside the tree: a link there (or
 * anywhere below it) would send the state, backups and report somewhere else.
 * Checked before anything is written; an InputError (exit 2) otherwise.
 */
export function assertStateDirInside(root: string): void {
  const top = path.join(root, STATE_DIR);
  let st;
  try {
    st = lstatSync(top);
  } catch {
    return;
  }
  const refuse = (abs: string, what: string) => {
    let to = '';
    try {
      to = ` to ${realpathSync(abs)}`;
    } catch {
      /* dangling */
    }
    throw new InputError(
      `${what}${to}; duende-upgrade keeps its state, backups and logs only inside the folder being upgraded, so nothing was written`,
      { path: path.relative(root, abs).split(path.sep).join('/') },
      `Remove the link (or move the real ${STATE_DIR} folder into place) and run again.`,
    );
  };
  if (st.isSymbolicLink()) refuse(top, 'is a symbolic link');
  if (!st.isDirectory()) throw new InputError('is not a folder; duende-upgrade keeps its state there', { path: STATE_DIR }, 'Move it away and run again.');
  const rootReal = realpathSync(root);
  if (path.dirname(realpathSync(top)) !== rootReal) refuse(top, 'resolves outside the folder being upgraded');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isSymbolicLink()) refuse(abs, 'is a symbolic link');
      else if (e.isDirectory()) walk(abs);
    }
  };
  walk(top);
}
