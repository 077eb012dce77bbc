import { statSync } from 'node:fs';
import { createTwoFilesPatch } from 'diff';
import { BACKUP_DIR } from '../apply/apply.js';
import { applySplices } from '../text/edit.js';
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
  const before = displayOf(file);
  const after = displayOf(file, applySplices(file.text, change.splices));
  // the headers name the file on one line whatever its name holds
  const name = escapeControl(change.path);
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, {
    context: 3,
  });
  // Drop the "Index:"/"====" preamble; keep the ---/+++ headers and hunks. Secrets on any
  // line shown (context lines too) read ‹masked›.
  return maskSecrets(patch.replace(/^={10,}\n/m, '').replace(/\r(?=\n)/g, ''));
}
