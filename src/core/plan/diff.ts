import { createTwoFilesPatch } from 'diff';
import { applySplices } from '../text/edit.js';
import type { FileChange } from '../types.js';
import { displayOf, type Workspace } from '../workspace.js';

/** A unified diff of one planned change, in the file's decoded text. */
export function changeDiff(workspace: Workspace, change: FileChange): string {
  const file = workspace.read(change.path);
  const before = displayOf(file);
  const after = change.kind === 'edit' ? displayOf(file, applySplices(file.text, change.splices)) : '';
  const patch = createTwoFilesPatch(`a/${change.path}`, change.kind === 'delete' ? '/dev/null' : `b/${change.path}`, before, after, undefined, undefined, {
    context: 3,
  });
  // Drop the "Index:"/"====" preamble; keep the ---/+++ headers and hunks.
  return patch.replace(/^={10,}\n/m, '').replace(/\r(?=\n)/g, '');
}

/** Text after the change, or undefined for a deletion. */
export function changedText(workspace: Workspace, change: FileChange): string | undefined {
  if (change.kind === 'delete') return undefined;
  const file = workspace.read(change.path);
  return applySplices(file.text, change.splices);
}
