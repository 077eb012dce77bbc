import { statSync } from 'node:fs';
import { createTwoFilesPatch } from 'diff';
import { BACKUP_DIR } from '../apply/apply.js';
import { applySplices } from '../text/edit.js';
import { patchFromSplices } from './hunks.js';
import { maskSecrets } from '../text/secrets.js';
import { escapeControl } from '../text/shown.js';
import type { FileChange } from '../types.js';
import { displayOf, type Workspace } from '../workspace.js';

/** A unified diff of one planned change, in the file's decoded text. */
export function changeDiff(workspace: Workspace, change: FileChange): string {
  if (change.kind === 'delete') {
    // The files we delete are signing keys: their contents are secrets and must
    // not end up in a terminal's scrollback or a CI log.
    let size = '';
    try {
      size = `${statSync(workspace.abs(change.path)).size.toLocaleString('en-US')} bytes; `;
    } catch {
      /* already gone */
    }
    return `--- a/${escapeControl(change.path)}\n+++ /dev/null\n(file deleted: ${size}contents not shown; a copy is kept in ${BACKUP_DIR}/)\n`;
  }
  const file = workspace.read(change.path);
  const after = applySplices(file.text, change.splices);
  // the headers name the file on one line whatever its name holds
  const name = escapeControl(change.path);
  // Hunks cut from the splices where the lines line up only one way (issue 16); a
  // legacy-encoded file is shown in its real characters, so it goes through the diff.
  const patch = (file.encoding.kind === 'bytes' ? undefined : patchFromSplices(`a/${name}`, `b/${name}`, file.text, after, change.splices, CONTEXT)) ?? myersPatch(name, displayOf(file), displayOf(file, after));
  // Secrets on any line shown (context lines too) read ‹masked›.
  return maskSecrets(patch.replace(/\r(?=\n)/g, ''));
}

const CONTEXT = 3;

/** The `diff` package's unified diff, without its "Index:"/"====" preamble. */
export function myersPatch(name: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: CONTEXT });
  return patch.replace(/^={10,}\n/m, '');
}
