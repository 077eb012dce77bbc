import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changeDiff } from '../../../src/core/plan/diff.js';
import { Workspace } from '../../../src/core/workspace.js';
import { removeDir, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

describe('changeDiff', () => {
  it('shows an edit as a unified diff with CR dropped from CRLF lines', () => {
    const dir = tempDir();
    dirs.push(dir);
    writeFileSync(path.join(dir, 'A.cs'), 'using IdentityServer4;\r\nclass A { }\r\n');
    const ws = new Workspace(dir);
    const diff = changeDiff(ws, { kind: 'edit', path: 'A.cs', splices: [{ start: 6, end: 21, text: 'Duende.IdentityServer' }] });
    expect(diff).toBe(
      ['--- a/A.cs', '+++ b/A.cs', '@@ -1,2 +1,2 @@', '-using IdentityServer4;', '+using Duende.IdentityServer;', ' class A { }', ''].join('\n'),
    );
  });

  it('never prints the contents of a deleted key file', () => {
    const dir = tempDir();
    dirs.push(dir);
    const secret = '{"kty":"RSA","d":"SECRET-PRIVATE-EXPONENT"}';
    writeFileSync(path.join(dir, 'tempkey.jwk'), secret);
    const diff = changeDiff(new Workspace(dir), { kind: 'delete', path: 'tempkey.jwk', reason: 'developer key' });
    expect(diff).not.toContain('SECRET');
    expect(diff).toBe(`--- a/tempkey.jwk\n+++ /dev/null\n(file deleted: ${secret.length} bytes; contents not shown; a copy is kept in .duende-upgrade/backup/)\n`);
  });
});
