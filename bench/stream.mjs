#!/usr/bin/env node
// Streaming benchmark of issue 4 §6. A child prints 100,000 lines (shaped like
// dotnet build output). It runs
//   floor:    with its stdout on /dev/null
//   streamed: through ProcessRunner (log file, capped LineTail) with every batch
//             of lines dispatched into the wizard's reducer, whose command pane
//             keeps the last TAIL_KEEP lines; this is what the output pane renders from
// Medians over several runs after a warm-up. Prints the ratio (streamed/floor;
// the aim is at most 1.5) and the peak memory of this process while streaming.
//
//   node bench/stream.mjs [--lines 100000] [--runs 5] [--no-build]

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const o = { lines: 100_000, runs: 5, build: true };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--lines') o.lines = Number(process.argv[++i]);
  else if (a === '--runs') o.runs = Math.max(1, Number(process.argv[++i]));
  else if (a === '--no-build') o.build = false;
  else throw new Error(`unknown option ${a}`);
}

if (o.build) {
  const b = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'ignore' });
  if (b.status !== 0) throw new Error('npm run build failed');
}
const { ProcessRunner } = await import(pathToFileURL(path.join(REPO, 'dist/src/core/run/runner.js')).href).catch(() => import(pathToFileURL(path.join(REPO, 'dist/core/run/runner.js')).href));
const wizard = await import(pathToFileURL(path.join(REPO, 'dist/src/ui/state/wizard.js')).href).catch(() => import(pathToFileURL(path.join(REPO, 'dist/ui/state/wizard.js')).href));

// The child writes in 64 KiB blocks, as a build tool's buffered stdout does.
const CHILD = `
const n = ${o.lines};
let buf = '';
const flush = () => { process.stdout.write(buf); buf = ''; };
for (let i = 0; i < n; i++) {
  buf += '  Project' + (i % 37) + ' -> /src/Project' + (i % 37) + '/bin/Debug/net10.0/Project.dll (line ' + i + ')\\n';
  if (buf.length > 65536) flush();
}
flush();
`;
const ARGS = ['-e', CHILD];

function floorRun() {
  return new Promise((resolve, reject) => {
    const devnull = openSync('/dev/null', 'w');
    const t0 = performance.now();
    const child = spawn(process.execPath, ARGS, { stdio: ['ignore', devnull, devnull] });
    child.on('error', reject);
    child.on('exit', (code) => {
      closeSync(devnull);
      if (code !== 0) reject(new Error(`floor child exited ${code}`));
      else resolve(performance.now() - t0);
    });
  });
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'duende-stream-bench-'));
let peakHeap = 0;
let peakRss = 0;

async function streamedRun(k) {
  const logFile = path.join(tmp, `run-${k}.log`);
  const command = { id: 'bench', title: 'bench', file: process.execPath, args: ARGS, cwd: REPO };
  let state = wizard.reducer(wizard.initialState(), { type: 'engine', event: { type: 'command-start', step: 'verify', command }, now: Date.now() });
  let lines = 0;
  const runner = new ProcessRunner();
  const t0 = performance.now();
  const result = await runner.run(
    { file: command.file, args: command.args, cwd: command.cwd, logFile },
    {
      onLines(batch) {
        lines += batch.length;
        state = wizard.reducer(state, { type: 'engine', event: { type: 'output', step: 'verify', lines: batch }, now: Date.now() });
        const m = process.memoryUsage();
        if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
        if (m.rss > peakRss) peakRss = m.rss;
      },
    },
  );
  const elapsed = performance.now() - t0;
  if (result.exitCode !== 0) throw new Error(`streamed child exited ${result.exitCode}`);
  if (lines !== o.lines) throw new Error(`saw ${lines} lines, expected ${o.lines}`);
  if (state.command.tail.length !== wizard.TAIL_KEEP || state.command.lineCount !== o.lines) throw new Error('the pane model did not keep the expected tail');
  if (!state.command.tail.at(-1).endsWith(`(line ${o.lines - 1})`)) throw new Error('the last line is not the last one printed');
  const logBytes = statSync(logFile).size;
  rmSync(logFile);
  return { elapsed, tailLen: result.tail.length, logBytes };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

await floorRun();
await streamedRun('warm');
const floors = [];
const streams = [];
let last;
for (let k = 0; k < o.runs; k++) {
  floors.push(await floorRun());
  last = await streamedRun(k);
  streams.push(last.elapsed);
}
rmSync(tmp, { recursive: true, force: true });
const f = median(floors);
const s = median(streams);
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
console.log(`lines: ${o.lines}, runs: ${o.runs} (median after a warm-up), load average: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`floor (stdout to /dev/null): ${f.toFixed(0)} ms`);
console.log(`streamed (ProcessRunner + log file + wizard pane model): ${s.toFixed(0)} ms; log ${mb(last.logBytes)}; runner tail ${last.tailLen} lines; pane tail ${wizard.TAIL_KEEP} lines`);
console.log(`peak memory while streaming: heap ${mb(peakHeap)}, rss ${mb(peakRss)}; process maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
console.log(`stream/floor ratio: ${(s / f).toFixed(2)} (aim: at most 1.5)`);
