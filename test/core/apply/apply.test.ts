import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_DIR, applyChanges } from '../../../src/core/apply/apply.js';
import { InputError, StaleFileError } from '../../../src/core/errors.js';
import { Workspace } from '../../../src/core/workspace.js';
import { removeDir, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    try {
      chmodSync(d, 0o755);
    } catch {
      /* gone */
    }
    removeDir(d);
  }
});

function tree(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  dirs.push(dir);
  for (const [rel, body] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, body);
  }
  return dir;
}

describe('applyChanges', () => {
  it('splices into the original text, keeps BOM and CRLF, and backs up the original', async () => {
    const original = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('using IdentityServer4;\r\nclass A { }\r\n')]);
    const dir = tree({ 'src/A.cs': original });
    const ws = new Workspace(dir);
    const text = ws.read('src/A.cs').text;
    const at = text.indexOf('IdentityServer4');
    const written = await applyChanges(ws, [{ kind: 'edit', path: 'src/A.cs', splices: [{ start: at, end: at + 'IdentityServer4'.length, text: 'Duende.IdentityServer' }] }]);
    expect(written).toEqual(['src/A.cs']);
    const after = readFileSync(path.join(dir, 'src/A.cs'));
    expect(after).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('using Duende.IdentityServer;\r\nclass A { }\r\n')]));
    expect(readFileSync(path.join(dir, BACKUP_DIR, 'src/A.cs'))).toEqual(original);
  });

  it('deletes a file after backing it up', async () => {
    const dir = tree({ 'tempkey.jwk': '{"kty":"RSA"}' });
    const ws = new Workspace(dir);
    await applyChanges(ws, [{ kind: 'delete', path: 'tempkey.jwk', reason: 'test' }]);
    expect(existsSync(path.join(dir, 'tempkey.jwk'))).toBe(false);
    expect(readFileSync(path.join(dir, BACKUP_DIR, 'tempkey.jwk'), 'utf8')).toBe('{"kty":"RSA"}');
  });

  it('refuses a file that changed since the plan, and writes none of the step\'s files', async () => {
    const dir = tree({ 'A.cs': 'using IdentityServer4;\n', 'B.cs': 'using IdentityServer4;\n' });
    const ws = new Workspace(dir);
    const edit = (p: string) => ({ kind: 'edit' as const, path: p, splices: [{ start: 6, end: 21, text: 'Duende.IdentityServer' }] });
    ws.read('A.cs');
    ws.read('B.cs');
    writeFileSync(path.join(dir, 'B.cs'), 'using IdentityServer4; // edited meanwhile\n');
    const err = await applyChanges(ws, [edit('A.cs'), edit('B.cs')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StaleFileError);
    expect((err as StaleFileError).describe()).toMatch(/^B\.cs: the file changed on disk/);
    expect(readFileSync(path.join(dir, 'A.cs'), 'utf8')).toBe('using IdentityServer4;\n');
    expect(existsSync(path.join(dir, BACKUP_DIR))).toBe(false);
  });

  it('refuses a read-only file before writing anything, even as root', async () => {
    const dir = tree({ 'A.cs': 'using IdentityServer4;\n' });
    chmodSync(path.join(dir, 'A.cs'), 0o444);
    const ws = new Workspace(dir);
    const err = await applyChanges(ws, [{ kind: 'edit', path: 'A.cs', splices: [{ start: 6, end: 21, text: 'Duende.IdentityServer' }] }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toContain('A.cs: the file is read-only');
  });

  it('never writes through a symbolic link that leads outside the root', async () => {
    const outside = tree({ 'Shared.cs': 'using IdentityServer4;\n' });
    const dir = tree({ 'App.csproj': '<Project />' });
    symlinkSync(path.join(outside, 'Shared.cs'), path.join(dir, 'Shared.cs'));
    const ws = new Workspace(dir);
    const err = await applyChanges(ws, [{ kind: 'edit', path: 'Shared.cs', splices: [{ start: 6, end: 21, text: 'Duende.IdentityServer' }] }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toMatch(/^Shared\.cs: is a symbolic link to .*outside the folder/);
    expect(readFileSync(path.join(outside, 'Shared.cs'), 'utf8')).toBe('using IdentityServer4;\n');
  });

  it('keeps the file mode', async () => {
    const dir = tree({ 'run.sh': 'echo IdentityServer4\n' });
    chmodSync(path.join(dir, 'run.sh'), 0o750);
    const ws = new Workspace(dir);
    await applyChanges(ws, [{ kind: 'edit', path: 'run.sh', splices: [{ start: 5, end: 20, text: 'Duende' }] }]);
    const { statSync } = await import('node:fs');
    expect(statSync(path.join(dir, 'run.sh')).mode & 0o777).toBe(0o750);
  });
});
