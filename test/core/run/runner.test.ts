import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LineTail, ProcessRunner } from '../../../src/core/run/runner.js';
import { removeDir, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});
const scratch = () => {
  const d = tempDir('runner-');
  dirs.push(d);
  return d;
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ProcessRunner', () => {
  it.each([['into a log file', true], ['through a pipe', false]])('streams stdout and stderr lines %s, keeps a capped tail, and logs everything', async (_name, withLog) => {
    const d = scratch();
    const logFile = path.join(d, 'logs', 'step.log');
    const script = "for (let i = 0; i < 500; i++) (i % 2 ? process.stderr : process.stdout).write('line ' + i + '\\n'); process.stdout.write('no newline at the end')";
    const seen: string[] = [];
    const r = await new ProcessRunner().run({ file: process.execPath, args: ['-e', script], cwd: d, ...(withLog ? { logFile } : {}) }, { onLines: (l) => seen.push(...l) });
    expect(r.exitCode).toBe(0);
    // Every line whole, even the unterminated last one; through pipes stdout and stderr may interleave
    // differently than written (into the log file they share one descriptor, so there the order holds).
    expect(seen).toHaveLength(501);
    expect(seen).toContain('no newline at the end');
    expect(new Set(seen).size).toBe(501);
    expect(r.tail).toHaveLength(200);
    if (withLog) expect(r.tail.at(-1)).toBe('no newline at the end');
    if (withLog) {
      const log = readFileSync(logFile, 'utf8');
      expect(log.startsWith(`$ ${process.execPath} -e `)).toBe(true);
      expect(log).toContain('line 0\n');
      expect(log).toContain('line 499\n');
      expect(log).toMatch(/no newline at the end\n# exit 0 after \d+\.\d s\n$/);
      // stdout and stderr share one descriptor, so their order in the log is the order they were written.
      const order = [...log.matchAll(/^line (\d+)$/gm)].map((m) => Number(m[1]));
      expect(order).toEqual([...Array(500).keys()]);
    }
  });

  it('passes arguments with spaces, quotes and $() as written, never through a shell', async () => {
    const d = scratch();
    const args = ['a b', `it's "quoted"`, '$(touch pwned)', '; rm -rf /'];
    const seen: string[] = [];
    await new ProcessRunner().run({ file: process.execPath, args: ['-e', 'console.log(JSON.stringify(process.argv.slice(1)))', ...args], cwd: d, logFile: path.join(d, 'x.log') }, { onLines: (l) => seen.push(...l) });
    expect(JSON.parse(seen[0]!)).toEqual(args);
    expect(existsSync(path.join(d, 'pwned'))).toBe(false);
  });

  it('interrupt stops the child and everything it started', async () => {
    const d = scratch();
    const pidFile = path.join(d, 'grandchild.pid');
    const grandchild = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); console.log('ready'); setInterval(() => {}, 1000)`;
    const parent = `const c = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' }); setInterval(() => {}, 1000)`;
    const runner = new ProcessRunner();
    let resolveReady!: () => void;
    const ready = new Promise<void>((r) => (resolveReady = r));
    const done = runner.run({ file: process.execPath, args: ['-e', parent], cwd: d, logFile: path.join(d, 'x.log') }, { onLines: (l) => l.includes('ready') && resolveReady() });
    await ready;
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(runner.running).toBe(true);
    runner.interrupt();
    const r = await done;
    expect(r.interrupted).toBe(true);
    await expect.poll(() => alive(pid), { timeout: 10_000, interval: 50 }).toBe(false);
    expect(readFileSync(path.join(d, 'x.log'), 'utf8')).toMatch(/# exit interrupted after/);
  });

  it('reports a command that cannot start as exit 127 with the reason', async () => {
    const d = scratch();
    const r = await new ProcessRunner().run({ file: path.join(d, 'no-such-tool'), args: [], cwd: d, logFile: path.join(d, 'x.log') });
    expect(r.exitCode).toBe(127);
    expect(r.tail.join('\n')).toMatch(/ENOENT/);
  });

  it('LineTail keeps the last lines in order without growing', () => {
    const t = new LineTail(3);
    for (const l of ['a', 'b', 'c', 'd', 'e']) t.push(l);
    expect(t.lines()).toEqual(['c', 'd', 'e']);
  });
});
