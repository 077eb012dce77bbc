import { accessSync, constants, existsSync, lstatSync, readFileSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { InputError, InterruptedError, StaleFileError } from '../errors.js';
import { encode } from '../text/codec.js';
import { applySplices, sha256 } from '../text/edit.js';
import type { FileChange } from '../types.js';
import type { TextFile, Workspace } from '../workspace.js';
import { STATE_DIR, copyAtomic, writeAtomic } from './atomic.js';

export const BACKUP_DIR = `${STATE_DIR}/backup`;

export interface ApplyListener {
  onFile?(path: string, index: number, total: number): void;
  /** Called just before a file is replaced with `bytes` (undefined: deleted), once its original is backed up. */
  onWriting?(path: string, bytes: Buffer | undefined): void;
  /** Called once each file is replaced (or deleted), so the caller can record it at once. */
  onWritten?(path: string): void;
  /** Asked before each file: true stops at this file boundary with an InterruptedError. */
  stopRequested?(): boolean;
}

interface Prepared {
  change: FileChange;
  file: TextFile;
  bytes?: Buffer;
}

/**
 * Write a step's file changes. First every file is checked (unchanged since the
 * plan, writable, really inside the root), so that a problem found there leaves
 * every file as it was. Then, file by file: the file's hash is checked once
 * more right before it is replaced (someone may have saved it meanwhile), the
 * original is backed up, and the file replaced atomically through a temporary
 * file under .duende-upgrade/tmp: a kill at any moment leaves each file either
 * old or new, and nothing beside it. Between files the event loop gets a turn,
 * so a Ctrl+C stops the step at the next file boundary (InterruptedError, whose
 * message says how many of the step's files were written).
 */
export async function applyChanges(workspace: Workspace, changes: readonly FileChange[], listener: ApplyListener = {}): Promise<string[]> {
  const prepared: Prepared[] = changes.map((change) => prepare(workspace, change));
  const written: string[] = [];
  for (const [index, p] of prepared.entries()) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (listener.stopRequested?.()) {
      throw new InterruptedError(`interrupted with ${written.length} of its ${prepared.length} file${prepared.length === 1 ? '' : 's'} written`);
    }
    listener.onFile?.(p.change.path, index, prepared.length);
    assertUnchanged(p.file);
    backup(workspace, p.file.path);
    listener.onWriting?.(p.file.path, p.bytes);
    if (p.change.kind === 'delete') {
      unlinkSync(p.file.abs);
    } else {
      writeAtomic(workspace.root, p.file.abs, p.bytes!);
    }
    workspace.forget(p.file.path);
    written.push(p.file.path);
    listener.onWritten?.(p.file.path);
  }
  return written;
}

/** The bytes on disk are still those the plan read. */
function assertUnchanged(file: TextFile): void {
  let current: Buffer;
  try {
    current = readFileSync(file.abs);
  } catch {
    throw new StaleFileError(file.path);
  }
  if (sha256(current) !== file.hash) throw new StaleFileError(file.path);
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
  assertUnchanged(file);
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
  copyAtomic(workspace.root, workspace.abs(rel), target);
}
