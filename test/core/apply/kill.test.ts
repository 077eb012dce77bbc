import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, removeDir, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('a kill in the middle of apply', () => {
  it('leaves every file either old or new (SIGKILL while writing 300 files)', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const count = 300;
    const old = (i: number) => `// file ${i}\nusing IdentityServer4;\n${'x'.repeat(64 * 1024)}\n`;
    const neu = (i: number) => old(i).replace('IdentityServer4', 'Duende.IdentityServer');
    for (let i = 0; i < count; i++) writeFileSync(path.join(dir, `F${i}.cs`), old(i));
    // A child process applies the changes with the built engine and says which file it is on.
    const script = `
      const { Workspace } = await import(${JSON.stringify(path.join(REPO, 'dist/core/workspace.js'))});
      const { applyChanges } = await import(${JSON.stringify(path.join(REPO, 'dist/core/apply/apply.js'))});
      const ws = new Workspace(${JSON.stringify(dir)});
      const changes = [];
      for (let i = 0; i < ${count}; i++) {
        const p = 'F' + i + '.cs';
        const t = ws.read(p).text;
        const at = t.indexOf('IdentityServer4');
        changes.push({ kind: 'edit', path: p, splices: [{ start: at, end: at + 15, text: 'Duende.IdentityServer' }] });
      }
      await applyChanges(ws, changes, { onFile: (p, i) => process.stdout.write('FILE ' + i + '\\n') });
      process.stdout.write('DONE\\n');
    `;
    const child = execa(process.execPath, ['--input-type=module', '-e', script], { reject: false, buffer: false });
    let seen = 0;
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += (chunk.toString().match(/FILE/g) ?? []).length;
        if (seen >= 20) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
    });
    const result = await child;
    expect(result.signal).toBe('SIGKILL');
    let updated = 0;
    for (let i = 0; i < count; i++) {
      const now = readFileSync(path.join(dir, `F${i}.cs`), 'utf8');
      expect([old(i), neu(i)]).toContain(now);
      if (now === neu(i)) updated++;
    }
    // It was stopped part-way: some files are new, not all.
    expect(updated).toBeGreaterThan(0);
    expect(updated).toBeLessThan(count);
    // Backups that exist are whole copies of the originals.
    const backups = readdirSync(path.join(dir, '.duende-upgrade/backup')).filter((f) => f.endsWith('.cs'));
    for (const b of backups) expect(readFileSync(path.join(dir, '.duende-upgrade/backup', b), 'utf8')).toBe(old(Number(b.slice(1, -3))));
  });
});
