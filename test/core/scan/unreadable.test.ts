import { chmodSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, removeDir, snapshotTree } from '../../helpers/cli.js';
import { csproj, writeTree } from './tree.js';

/**
 * Files and folders that cannot be read are listed in the plan, never dropped in
 * silence; for the all-or-nothing rule on the user's own IdentityServer4.*
 * namespace they count as "might use it". Permissions mean nothing to root, so
 * under root the real CLI runs as the unprivileged user 65534 (setpriv).
 */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) {
    chmodAll(d);
    removeDir(d);
  }
});
const locked: string[] = [];
function chmodAll(d: string) {
  for (const l of locked.filter((x) => x.startsWith(d))) chmodSync(l, 0o755);
}

async function planAsUser(root: string, json: boolean) {
  const argv = [BIN, root, '--plan', ...(json ? ['--json'] : [])];
  const asRoot = process.getuid?.() === 0;
  const r = await execa(asRoot ? 'setpriv' : process.execPath, asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...argv] : argv, {
    reject: false,
    env: { NO_COLOR: '1', HOME: '/tmp', DOTNET_CLI_HOME: '/tmp' },
    stdin: 'ignore',
  });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const DECLARES = 'namespace IdentityServer4.Quickstart.UI\n{\n    public class AccountController { }\n}\n';
const USES = 'using IdentityServer4.Quickstart.UI;\nusing IdentityServer4.Models;\n\nnamespace Host\n{\n    public class Home { }\n}\n';

describe('unreadable files and folders', () => {
  const variants: { name: string; lock: string; listed: string }[] = [
    { name: 'an unreadable .cs file next to the declaration', lock: 'Host/Quickstart/Grants.cs', listed: 'Host/Quickstart/Grants.cs' },
    { name: 'an unreadable folder deeper in another project', lock: 'Admin/Areas/Identity', listed: 'Admin/Areas/Identity/' },
  ];
  for (const v of variants) {
    it(`${v.name}: listed in the plan, and the user's IdentityServer4.* namespace is held back everywhere`, async () => {
      const root = writeTree({
        'Host/Host.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n'),
        'Host/Quickstart/Account.cs': DECLARES,
        'Host/Quickstart/Grants.cs': 'using IdentityServer4.Quickstart.UI;\nnamespace Host { }\n',
        'Host/Home.cs': USES,
        'Admin/Admin.csproj': csproj('    <ProjectReference Include="../Host/Host.csproj" />\n'),
        'Admin/Areas/Identity/Login.cs': 'using IdentityServer4.Quickstart.UI;\nnamespace Admin { }\n',
      });
      dirs.push(root);
      // the temp folder itself must be enterable by the unprivileged user
      chmodSync(root, 0o755);
      const target = path.join(root, ...v.lock.split('/'));
      chmodSync(target, 0o000);
      locked.push(target);
      const before = snapshotTree(root, (rel) => rel === v.lock || rel.startsWith(`${v.lock}/`));

      const text = await planAsUser(root, false);
      expect(text.stderr).toBe('');
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(`warning: ${v.listed}: cannot be read (permission denied)`);

      const json = JSON.parse((await planAsUser(root, true)).stdout) as { warnings: string[]; steps: { id: string; warnings: string[]; changes: { path: string; diff: string }[] }[] };
      expect(json.warnings.some((w) => w.startsWith(`${v.listed}: cannot be read (permission denied)`))).toBe(true);
      const ns = json.steps.find((s) => s.id === 'namespaces')!;
      expect(ns.warnings.join('\n')).toContain(`Your code declares its own namespace under IdentityServer4, and ${v.listed} could not be read`);
      const diffs = ns.changes.map((c) => c.diff).join('\n');
      // IdentityServer4's own namespaces are still renamed; the user's is renamed nowhere.
      expect(diffs).toContain('+using Duende.IdentityServer.Models;');
      expect(diffs).not.toContain('Duende.IdentityServer.Quickstart');
      expect(snapshotTree(root, (rel) => rel === v.lock || rel.startsWith(`${v.lock}/`))).toEqual(before);
    }, 120_000);
  }
});
