import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The CLI built from the sources one file per module (`npm run build`); the tests run this. */
export const BIN = path.join(REPO, 'test', 'helpers', 'sources-cli.mjs');
/** What a person runs: the esbuild bundle (dist/bundle), tested by test/e2e/bundle.test.ts. */
export const BUNDLED_BIN = path.join(REPO, 'bin', 'duende-upgrade.js');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');

/** Run the real CLI (built from the sources) as a child process. */
/**
 * Build dist/ when it is missing (a bare `npx vitest run` on a fresh clone). Never
 * when it is there: `npm test` builds first, and rebuilding while other test files
 * run the CLI makes them load half-written modules.
 */
export async function ensureBuilt(): Promise<void> {
  if (!existsSync(path.join(REPO, 'dist', 'cli', 'main.js'))) await execa('npm', ['run', 'build'], { cwd: REPO, stdin: 'ignore' });
}

export async function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = await execa(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? REPO,
    env: { NO_COLOR: '1', ...opts.env },
    reject: false,
    stdin: 'ignore',
  });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A fresh temp folder; removed by the returned cleanup. */
export function tempDir(prefix = 'duende-upgrade-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Copy a fixture's tree into a temp folder and return the copy's path. */
export function copyFixture(name: string, sub = 'before'): string {
  const dir = tempDir(`${name}-`);
  cpSync(path.join(FIXTURES, name, sub), dir, { recursive: true });
  return dir;
}

/** Every file below dir, root-relative with forward slashes, mapped to its bytes. */
export function snapshotTree(dir: string, ignore: (rel: string) => boolean = (rel) => rel.startsWith('.duende-upgrade')): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const abs = path.join(d, name);
      const rel = path.relative(dir, abs).split(path.sep).join('/');
      if (ignore(rel)) continue;
      if (statSync(abs).isDirectory()) walk(abs);
      else out.set(rel, readFileSync(abs));
    }
  };
  walk(dir);
  return out;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
