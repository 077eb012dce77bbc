import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE, journaledWrites, noteWriting } from '../../../src/core/apply/journal.js';
import { STATE_FILE, forgetState, loadState, newState, saveState } from '../../../src/core/apply/state.js';
import { removeDir, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function tree(): string {
  const dir = tempDir();
  dirs.push(dir);
  mkdirSync(path.join(dir, 'Services'));
  for (const n of ['A', 'B', 'C', 'D']) writeFileSync(path.join(dir, 'Services', `${n}.cs`), `using IdentityServer4;\nclass ${n} { }\n`);
  writeFileSync(path.join(dir, 'tempkey.jwk'), '{}');
  return dir;
}
const neu = (n: string) => Buffer.from(`using Duende.IdentityServer;\nclass ${n} { }\n`);

describe('the write journal (what a kill between two saves of the state would forget)', () => {
  it('counts a noted write only when the file holds the noted bytes (or is gone, for a deletion); a line cut short is passed over', async () => {
    const dir = tree();
    const state = newState('5.2.4', dir);
    state.steps.namespaces = { status: 'interrupted', at: 'x', files: ['Services/A.cs'], commandsDone: [] };
    await saveState(dir, state);
    // A was recorded by the state already; B written; C noted but the kill came before its write
    for (const n of ['B', 'C']) noteWriting(dir, 'namespaces', `Services/${n}.cs`, neu(n));
    writeFileSync(path.join(dir, 'Services/B.cs'), neu('B'));
    noteWriting(dir, 'dev-signing-credential', 'tempkey.jwk', undefined);
    // the deletion happened
    removeDir(path.join(dir, 'tempkey.jwk'));
    // D was written, but the kill cut its line short
    writeFileSync(path.join(dir, 'Services/D.cs'), neu('D'));
    appendFileSync(path.join(dir, JOURNAL_FILE), '{"step":"namespaces","path":"Services/D.cs","sha');

    expect(journaledWrites(dir)).toEqual([
      { step: 'namespaces', path: 'Services/B.cs' },
      { step: 'dev-signing-credential', path: 'tempkey.jwk' },
    ]);
    const loaded = loadState(dir)!;
    expect(loaded.steps.namespaces!.files).toEqual(['Services/A.cs', 'Services/B.cs']);
    // a step with no record yet (a kill right after its first write) is recorded as begun, so the next run settles it
    expect(loaded.steps['dev-signing-credential']).toMatchObject({ status: 'interrupted', files: ['tempkey.jwk'] });
  });

  it('is read with the state until a step records its files (the CLI test sees it cleared then); --restart forgets both', async () => {
    const dir = tree();
    const state = newState('5.2.4', dir);
    noteWriting(dir, 'namespaces', 'Services/A.cs', neu('A'));
    writeFileSync(path.join(dir, 'Services/A.cs'), neu('A'));
    await saveState(dir, state);
    const loaded = loadState(dir)!;
    expect(loaded.steps.namespaces!.files).toEqual(['Services/A.cs']);
    noteWriting(dir, 'namespaces', 'Services/B.cs', neu('B'));
    forgetState(dir);
    expect(existsSync(path.join(dir, JOURNAL_FILE))).toBe(false);
    expect(existsSync(path.join(dir, STATE_FILE))).toBe(false);
  });
});
