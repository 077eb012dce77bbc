import { accessSync, constants, copyFileSync, lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, existsSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { InputError, StaleFileError } from '../errors.js';
import { encode } from '../text/codec.js';
import { applySplices, sha256 } from '../text/edit.js';
import type { FileChange } from '../types.js';
import type { TextFile, Workspace } from '../workspace.js';
import { STATE_DIR, ensureStateDir } from './state.js';

export const BACKUP_DIR = `${STATE_DIR}/backup`;

export interface ApplyListener {
  onFile?(path: string, index: number, total: number): void;
}

interface Prepared {
  change: FileChange;
  file: TextFile;
  bytes?: Buffer;
}

/**
 * Write a step's file changes. First every file is checked (unchanged since the
 * plan, writable, really inside the root), so that a problem found there leaves
 * every file as it was. Then each original is backed up and each file replaced
 * atomically: a kill at any moment leaves each file either old or new.
 */
export async function applyChanges(workspace: Workspace, changes: readonly FileChange[], listener: ApplyListener = {}): Promise<string[]> {
  const prepared: Prepared[] = changes.map((change) => prepare(workspace, change));
  const written: string[] = [];
  for (const [index, p] of prepared.entries()) {
    listener.onFile?.(p.change.path, index, prepared.length);
    backup(workspace, p.file.path);
    if (p.change.kind === 'delete') {
      unlinkSync(p.file.abs);
    } else {
      const mode = lstatSync(p.file.abs).mode & 0o7777;
      await writeFileAtomic(p.file.abs, p.bytes!, { mode });
    }
    workspace.forget(p.file.path);
    written.push(p.file.path);
  }
  return written;
}

/**
 * Check, without writing, that every change could be applied now: each file is
 * unchanged since the plan, writable and inside the root. The command line runs
 * this over all the steps it is about to apply, so that a read-only file that
 * step 3 needs stops the run before step 1 writes anything. Throws InputError.
 */
export function checkChanges(workspace: Workspace, changes: readonly FileChange[]): void {
  for (const change of changes) prepare(workspace, change);
}

function prepare(workspace: Workspace, change: FileChange): Prepared {
  const file = workspace.read(change.path);
  assertInsideRoot(workspace, change.path);
  let current: Buffer;
  try {
    current = readFileSync(file.abs);
  } catch {
    throw new StaleFileError(change.path);
  }
  if (sha256(current) !== file.hash) throw new StaleFileError(change.path);
  try {
    // A file with no write bit was made read-only on purpose (e.g. a locked
    // checkout); respect that even when running as root, who could write anyway.
    if ((statSync(file.abs).mode & 0o222) === 0) throw new Error('read-only');
    accessSync(file.abs, constants.W_OK);
    accessSync(path.dirname(file.abs), constants.W_OK);
  } catch {
    throw new InputError('the file is read-only; nothing was written', { path: change.path }, 'Make it writable (or check it out for edit) and run again.');
  }
  if (change.kind === 'delete') return { change, file };
  return { change, file, bytes: encode(applySplices(file.text, change.splices), file.encoding) };
}

/** Never write through a link that leads outside the root. */
function assertInsideRoot(workspace: Workspace, rel: string): void {
  const abs = workspace.abs(rel);
  const rootReal = realpathSync(workspace.root);
  const real = realpathSync(abs);
  if (real !== abs && lstatSync(abs).isSymbolicLink()) {
    const inside = real === rootReal || real.startsWith(rootReal + path.sep);
    if (!inside) throw new InputError(`is a symbolic link to ${real}, outside the folder being upgraded; it is never written through`, { path: rel });
  }
  const relReal = path.relative(rootReal, real);
  if (relReal.startsWith('..') || path.isAbsolute(relReal)) {
    throw new InputError(`resolves to ${real}, outside the folder being upgraded; it is never written through`, { path: rel });
  }
}

/** Copy the original to .duende-upgrade/backup/<path>, keeping the first backup if one exists. */
function backup(workspace: Workspace, rel: string): void {
  const target = path.join(workspace.root, BACKUP_DIR, ...rel.split('/'));
  if (existsSync(target)) return;
  ensureStateDir(workspace.root);
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.partial`;
  copyFileSync(workspace.abs(rel), tmp);
  // rename is atomic: a backup is either complete or absent
  renameSync(tmp, target);
}
