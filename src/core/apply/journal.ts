import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../text/edit.js';
import type { StepId } from '../types.js';
import { STATE_DIR, ensureStateDir } from './atomic.js';
import type { UpgradeState } from './state.js';

/**
 * The files a step is writing, one line appended just before each write: the
 * state file is saved when a step begins and ends, so a kill in between would
 * otherwise forget which files the step had written by then (the resumed run,
 * its report and the wizard's "changed by the upgrade" would name only those
 * written after the kill). Each line holds the hash of the bytes about to be
 * written (null for a deletion), so a line whose write the kill prevented is
 * told apart from one that happened. Cleared each time the state is saved,
 * since the state then holds every file noted.
 */
export const JOURNAL_FILE = `${STATE_DIR}/journal.jsonl`;

interface Entry {
  step: StepId;
  path: string;
  sha256: string | null;
}

/** Note, before writing it, that `step` replaces `rel` with `bytes` (undefined: deletes it). */
export function noteWriting(root: string, step: StepId, rel: string, bytes: Uint8Array | undefined): void {
  ensureStateDir(root);
  const entry: Entry = { step, path: rel, sha256: bytes ? sha256(bytes) : null };
  appendFileSync(path.join(root, JOURNAL_FILE), `${JSON.stringify(entry)}\n`);
}

/**
 * The noted writes that happened: the file now holds the bytes noted (or is
 * gone, for a deletion). A last line cut short by a kill, and anything that
 * does not parse, is passed over: its write had not begun.
 */
export function journaledWrites(root: string): { step: StepId; path: string }[] {
  let raw: string;
  try {
    raw = readFileSync(path.join(root, JOURNAL_FILE), 'utf8');
  } catch {
    return [];
  }
  const out: { step: StepId; path: string }[] = [];
  for (const line of raw.split('\n').slice(0, -1)) {
    let e: Entry;
    try {
      e = JSON.parse(line) as Entry;
    } catch {
      continue;
    }
    if (typeof e?.step !== 'string' || typeof e.path !== 'string') continue;
    let now: string | null;
    try {
      now = sha256(readFileSync(path.join(root, ...e.path.split('/'))));
    } catch {
      now = null;
    }
    if (now === e.sha256) out.push({ step: e.step, path: e.path });
  }
  return out;
}

/** The state with the journal's writes added to their steps' files (a step with no record yet is recorded as begun). */
export function withJournal(root: string, state: UpgradeState): UpgradeState {
  for (const w of journaledWrites(root)) {
    const r = (state.steps[w.step] ??= { status: 'interrupted', at: state.updatedAt, files: [], commandsDone: [] });
    if (!r.files.includes(w.path)) r.files.push(w.path);
  }
  return state;
}

/** Forget the noted writes, once a saved state holds them (or --restart forgets them all). */
export function clearJournal(root: string): void {
  rmSync(path.join(root, JOURNAL_FILE), { force: true });
}
