import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, FIXTURES, removeDir, runCli, snapshotTree } from '../helpers/cli.js';

// Issue 6: sources in legacy encodings are upgraded byte for byte, the ones that
// cannot be edited safely are left alone and reported, and none of them stops the run.
// Runs the built CLI: `npm run build` first.

const AFTER = path.join(FIXTURES, 'encodings', 'after');
const SKIP = ['--skip', 'database,signing-keys,verify'];

const dirs: string[] = [];
const fresh = () => {
  const dir = copyFixture('encodings');
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach(removeDir));

interface PlanJson {
  steps: { id: string; status: string; evidence: { path: string; line: number; text: string }[]; changes: { path: string; kind: string; encoding?: string; diff: string }[] }[];
  warnings: string[];
}

/** Every file of the tree equals the expected one, byte for byte; a mismatch names the file and its first differing bytes. */
function expectTree(dir: string, expectedDir: string) {
  const actual = snapshotTree(dir);
  const expected = snapshotTree(expectedDir);
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  const mismatches: string[] = [];
  for (const [rel, bytes] of expected) {
    const got = actual.get(rel)!;
    if (got.equals(bytes)) continue;
    let at = 0;
    while (at < got.length && got[at] === bytes[at]) at++;
    const around = (b: Buffer) => JSON.stringify(b.subarray(Math.max(0, at - 24), at + 24).toString('latin1'));
    mismatches.push(`${rel} at byte ${at}: got ${around(got)}, expected ${around(bytes)}`);
  }
  expect(mismatches).toEqual([]);
}

describe('legacy encodings, end to end', () => {
  it('--plan --json names the encoding of each changed file that is not UTF-8, and reports the files left alone', async () => {
    const dir = fresh();
    const r = await runCli([dir, '--plan', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    const plan = JSON.parse(r.stdout) as PlanJson;
    const edits = new Map<string, string>();
    for (const s of plan.steps) for (const c of s.changes) if (c.kind === 'edit') edits.set(c.path, c.encoding ?? 'utf-8');
    expect(Object.fromEntries(edits)).toEqual({
      'EncodingsHost.csproj': 'utf-8',
      'Cz/Startup.cs': 'windows-1250',
      'Cn/Startup.cs': 'gbk',
      'Jp/ConsentText.cs': 'shift_jis',
      'Tw/ClaimsText.cs': 'big5',
      'Extensions/ProfileExtensions.cs': 'utf-16le',
      'Mixed/ResourceNames.cs': 'utf-8',
    });
    // The diff of a legacy file shows its real characters.
    const cn = plan.steps.find((s) => s.id === 'namespaces')!.changes.find((c) => c.path === 'Cn/Startup.cs')!;
    expect(cn.diff).toContain(' // 身份服务器的模型（客户端、资源、作用域）\n-using IdentityServer4.Models;\n+using Duende.IdentityServer.Models;\n // 以下为依赖注入的扩展方法\n');
    const cz = plan.steps.find((s) => s.id === 'namespaces')!.changes.find((c) => c.path === 'Cz/Startup.cs')!;
    expect(cz.diff).toContain('// Popis: Konfigurace serveru identit, přihlášení uživatelů a klientů.');
    // Evidence lines show the real characters too, not the byte view.
    const evidence = plan.steps.find((s) => s.id === 'namespaces')!.evidence;
    expect(evidence).toContainEqual(expect.objectContaining({ path: 'Cn/Startup.cs', line: 18, text: 'Console.WriteLine("正在運" + typeof(IdentityServer4.Models.Client).Name);' }));
    expect(evidence).toContainEqual(expect.objectContaining({ path: 'Jp/ConsentText.cs', line: 12, text: 'public static readonly string Kind = "表" + typeof(IdentityServer4.Models.Consent).Name;' }));
    // Files that cannot be edited safely are reported, never an error.
    expect(plan.warnings.find((w) => w.startsWith('Resources/Logo.cs:'))).toMatch(/binary/);
    expect(plan.warnings.find((w) => w.startsWith('Legacy/Iso2022.cs:'))).toMatch(/ISO-2022/);
  });

  it('the text plan and the dry run name the encodings too', async () => {
    const dir = fresh();
    const plan = await runCli([dir, '--plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('edit Cn/Startup.cs (gbk)');
    expect(plan.stdout).toContain('edit Extensions/ProfileExtensions.cs (utf-16le)');
    expect(plan.stdout).toMatch(/edit Mixed\/ResourceNames\.cs\n/);
    const dry = await runCli([dir, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Jp/ConsentText.cs is encoded as shift_jis');
    expect(dry.stdout).toContain(' // ソースの表示と同意画面のサービス\n-using IdentityServer4.Services;');
    expectTree(dir, path.join(FIXTURES, 'encodings', 'before'));
  });

  it('--yes upgrades every file byte for byte, skips the unsafe ones, and a second run changes nothing', async () => {
    const dir = fresh();
    const first = await runCli([dir, '--yes', ...SKIP]);
    expect(first.stderr).not.toMatch(/Error/);
    expect(first.code).toBe(0);
    expectTree(dir, AFTER);

    const second = await runCli([dir, '--yes', ...SKIP]);
    expect(second.code).toBe(0);
    expectTree(dir, AFTER);
    const plan = JSON.parse((await runCli([dir, '--plan', '--json'])).stdout) as PlanJson;
    for (const id of ['packages', 'namespaces', 'dev-signing-credential']) {
      expect(`${id}: ${plan.steps.find((s) => s.id === id)?.status}`).toBe(`${id}: done`);
    }
  });
});
