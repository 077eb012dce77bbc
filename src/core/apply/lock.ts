import { linkSync, mkdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';
import { STATE_DIR, TMP_DIR, alive } from './atomic.js';

export const LOCK_FILE = `${STATE_DIR}/lock`;

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

export interface Lock {
  release(): void;
}

/** The locks this process holds, by root. */
const heldHere = new Map<string, Lock>();

function readHolder(file: string): Holder | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    if (typeof data.pid === 'number' && typeof data.host === 'string') return { pid: data.pid, host: data.host, startedAt: String(data.startedAt ?? '') };
  } catch {
    /* unreadable or not ours */
  }
  return undefined;
}

/**
 * Take `.duende-upgrade/lock`, so that one run at a time writes this tree.
 * The lock file names the process that holds it; a lock whose process is gone
 * (killed, crashed) is stale and taken over. A live holder is an InputError
 * (exit 2) saying who it is. Released on release() or when the process exits.
 */
export function acquireLock(root: string): Lock {
  // asked again by the process that holds it (the wizard opening a new plan for another target): the same lock
  const mine = heldHere.get(path.resolve(root));
  if (mine) return mine;
  const file = path.join(root, LOCK_FILE);
  // Plain folders, no .gitignore yet: a run that stops before writing anything leaves nothing (release()).
  const made = mkdirSync(path.join(root, TMP_DIR), { recursive: true });
  const me: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  // Written whole first, then linked into place: the lock appears complete or not at all.
  const tmp = path.join(root, TMP_DIR, `lock-${process.pid}-${Date.now().toString(36)}`);
  writeFileSync(tmp, `${JSON.stringify(me)}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(tmp, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readHolder(file);
      const stale = holder !== undefined && holder.host === me.host && !alive(holder.pid);
      if (!stale || attempt > 0) {
        const who = holder ? `process ${holder.pid}${holder.host === me.host ? '' : ` on ${holder.host}`}, started ${holder.startedAt}` : 'an unknown process';
        throw new InputError(
          `another duende-upgrade run is working on this folder (${who}); nothing was changed`,
          { path: LOCK_FILE },
          holder && holder.host !== me.host
            ? 'Wait for it to finish. If no run is active on that machine, delete the lock file and run again.'
            : holder
              ? 'Wait for it to finish, or stop it, then run again.'
              : 'If no duende-upgrade run is active, delete the lock file and run again.',
        );
      }
      // The holder is gone (killed or crashed): its lock is stale.
      try {
        unlinkSync(file);
      } catch {
        /* someone else took it over first; the next link says who */
      }
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* gone */
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    heldHere.delete(path.resolve(root));
    process.off('exit', release);
    // only our own lock: never remove one a later run took over
    if (readHolder(file)?.pid === me.pid) {
      try {
        unlinkSync(file);
      } catch {
        /* gone */
      }
    }
    // the folders this lock made, when nothing else was put in them
    for (const dir of made ? [TMP_DIR, STATE_DIR].filter((d) => path.join(root, d).length >= made.length) : [TMP_DIR]) {
      try {
        rmdirSync(path.join(root, dir));
      } catch {
        /* not empty: in use */
      }
    }
  };
  process.on('exit', release);
  const lock = { release };
  heldHere.set(path.resolve(root), lock);
  return lock;
}
