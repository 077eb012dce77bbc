/**
 * What a person runs is the esbuild bundle (bin/duende-upgrade.js → dist/bundle,
 * scripts/bundle.mjs); every other test runs the tsc build of the sources
 * (test/helpers/sources-cli.mjs). This file runs both on the same inputs and
 * wants the same bytes out, so the bundle can never drift from the sources
 * (`npm run build` makes both).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, BUNDLED_BIN, FIXTURES, REPO, copyFixture, removeDir, snapshotTree } from '../helpers/cli.js';

const run = async (bin: string, args: string[], cwd = REPO) => {
  const r = await execa(process.execPath, [bin, ...args], { cwd, env: { NO_COLOR: '1' }, reject: false, stdin: 'ignore' });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
};

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const fresh = (name: string) => {
  const dir = copyFixture(name);
  dirs.push(dir);
  return dir;
};

describe('the bundled CLI', () => {
  it('is built, and is the code bin/duende-upgrade.js runs', () => {
    expect(existsSync(path.join(REPO, 'dist/bundle/main.js')), 'run `npm run build` first').toBe(true);
    expect(readFileSync(BUNDLED_BIN, 'utf8')).toContain('../dist/bundle/main.js');
    // Built after every source file, or it may be an older build's.
    const built = statSync(path.join(REPO, 'dist/bundle/main.js')).mtimeMs;
    const newer: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const abs = path.join(d, n);
        if (statSync(abs).isDirectory()) walk(abs);
        else if (statSync(abs).mtimeMs > built) newer.push(path.relative(REPO, abs));
      }
    };
    walk(path.join(REPO, 'src'));
    expect(newer, 'sources changed since the bundle was built: run `npm run build`').toEqual([]);
  });

  it('keeps the wizard (ink, react, src/ui) out of the code every run loads', () => {
    const main = readFileSync(path.join(REPO, 'dist/bundle/main.js'), 'utf8');
    // The chunks main.js imports statically are loaded at every start; the wizard's come only by import().
    const eager = [...main.matchAll(/^import\s[^'"]*['"](\.\/[^'"]+)['"]/gm)].map((m) => m[1]!);
    const loaded = [main, ...eager.map((f) => readFileSync(path.join(REPO, 'dist/bundle', f), 'utf8'))].join('\n');
    expect(loaded).not.toMatch(/node_modules\/(ink|react|react-reconciler)\//);
    expect(loaded).not.toMatch(/src\/ui\/(App|run-wizard|use-wizard)/);
    // and the wizard's chunk is there to be loaded
    expect(main).toMatch(/import\(["']\.\/chunk-[\w-]+\.js["']\)/);
  });

  it('--version and --help print what the sources print', async () => {
    for (const args of [['--version'], ['--help']]) {
      const [a, b] = await Promise.all([run(BUNDLED_BIN, args), run(BIN, args)]);
      expect(a, args.join(' ')).toEqual(b);
      expect(a.code).toBe(0);
    }
  });

  it.each(readdirSync(FIXTURES).filter((n) => existsSync(path.join(FIXTURES, n, 'before'))))('--plan --json on the %s fixture is byte for byte the sources\' output', async (name) => {
    const dir = fresh(name);
    const [bundled, sources] = await Promise.all([run(BUNDLED_BIN, [dir, '--plan', '--json']), run(BIN, [dir, '--plan', '--json'])]);
    expect(bundled.stderr).toBe(sources.stderr);
    expect(bundled.code).toBe(sources.code);
    // something to compare: a plan, or (IdentityServer4 before 4.0) the refusal
    expect(bundled.code === 0 ? bundled.stdout : bundled.stderr).not.toBe('');
    expect(bundled.stdout).toBe(sources.stdout);
  }, 240_000);

  it('--yes upgrades a fixture to the same files, output and report as the sources', async () => {
    const a = fresh('multi-project');
    const b = fresh('multi-project');
    const args = ['--yes', '--skip', 'database,signing-keys,verify'];
    const bundled = await run(BUNDLED_BIN, [a, ...args]);
    const sources = await run(BIN, [b, ...args]);
    // the temp folder and the report's clock differ between the two runs, nothing else may
    const same = (t: string, dir: string) => t.split(dir).join('<root>').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
    expect(bundled.code).toBe(sources.code);
    expect(same(bundled.stdout, a)).toBe(same(sources.stdout, b));
    const ta = snapshotTree(a, (rel) => rel.startsWith('.duende-upgrade/backup') || rel.startsWith('.duende-upgrade/logs') || rel === '.duende-upgrade/state.json');
    const tb = snapshotTree(b, (rel) => rel.startsWith('.duende-upgrade/backup') || rel.startsWith('.duende-upgrade/logs') || rel === '.duende-upgrade/state.json');
    expect([...ta.keys()]).toEqual([...tb.keys()]);
    const before = (k: string) => path.join(FIXTURES, 'multi-project', 'before', k);
    const changed = [...ta.keys()].filter((k) => !k.startsWith('.duende-upgrade') && (!existsSync(before(k)) || !ta.get(k)!.equals(readFileSync(before(k)))));
    expect(changed.length).toBeGreaterThan(0);
    for (const [k, v] of ta) expect(same(v.toString('latin1'), a), k).toBe(same(tb.get(k)!.toString('latin1'), b));
  }, 240_000);
});
