#!/usr/bin/env node
// Issue 16's open idea, measured: does splitting the per-file byte search of the
// scan across the two cores with a worker thread pay on this machine?
//
// The scan walks the tree (readdir) and, for every source file, opens it, reads it
// into one reused buffer, searches the tokens and closes it (src/core/scan/index.ts,
// Prefilter). This script times, on the benchmark tree:
//   walk          the walk alone (dist/core/scan/walk.js, the scan's own walk)
//   one thread    the walk, then the byte search of every source file in this thread
//   two threads   the walk, then the byte search split in two: every other file to a
//                 worker thread started before the walk, the rest here, the worker's
//                 matches sent back (paths and bytes, as the scan would need them)
// Medians over --runs runs after one warm-up of each (warm page cache), in
// alternation. Needs `npm run build` (dist/) and the tree of `npm run bench`.
//
//   node bench/worker-split.mjs [--tree <dir>] [--runs 7]

import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import os from 'node:os';
import { DEFAULTS } from './generate.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = new Set(['cs', 'cshtml', 'razor', 'vb', 'fs']);
const TOKENS = ['IdentityServer4', 'Duende.IdentityServer', 'AddDeveloperSigningCredential'].map((t) => Buffer.from(t, 'latin1'));

/** The same work per file as the scan's prefilter: open, read whole into one buffer, search, close. */
function searcher() {
  let buf = Buffer.allocUnsafe(256 * 1024);
  return (abs) => {
    const fd = openSync(abs, 'r');
    let length = 0;
    try {
      const size = fstatSync(fd).size;
      if (size > buf.length) buf = Buffer.allocUnsafe(size * 2);
      for (;;) {
        const n = readSync(fd, buf, length, buf.length - length, null);
        if (n === 0) break;
        length += n;
      }
    } finally {
      closeSync(fd);
    }
    const bytes = buf.subarray(0, length);
    return TOKENS.some((t) => bytes.indexOf(t) !== -1) ? Buffer.from(bytes) : undefined;
  };
}

if (!isMainThread) {
  // The worker: search the files it is given; send back the matches' indexes and bytes.
  const search = searcher();
  parentPort.on('message', (files) => {
    const hits = [];
    for (let i = 0; i < files.length; i++) {
      const b = search(files[i]);
      if (b) hits.push([i, b]);
    }
    parentPort.postMessage(hits, hits.map(([, b]) => b.buffer).filter((ab, k, all) => all.indexOf(ab) === k));
  });
} else {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const at = args.indexOf(name);
    return at === -1 ? dflt : args[at + 1];
  };
  const runs = Number(opt('--runs', 7));
  const tree = path.resolve(opt('--tree', path.join(os.tmpdir(), `duende-upgrade-bench-p${DEFAULTS.projects}-f${DEFAULTS.files}-s${DEFAULTS.seed}`)));
  const walkJs = path.join(REPO, 'dist', 'core', 'scan', 'walk.js');
  if (!existsSync(walkJs)) throw new Error('run `npm run build` first');
  if (!existsSync(tree)) throw new Error(`no tree at ${tree}: run \`npm run bench\` once (it generates it), or pass --tree`);
  const { walkTree } = await import(pathToFileURL(walkJs).href);

  const walk = () => {
    const files = [];
    walkTree(tree, {
      onFile(_rel, name, abs) {
        const dot = name.lastIndexOf('.');
        if (dot !== -1 && SOURCE.has(name.slice(dot + 1).toLowerCase())) files.push(abs);
      },
      onUnreadableFolder() {},
    });
    return files;
  };

  const oneThread = () => {
    const search = searcher();
    let hits = 0;
    for (const f of walk()) if (search(f)) hits++;
    return hits;
  };

  const twoThreads = async () => {
    // started first, so its start-up overlaps the walk, as it would in the scan
    const worker = new Worker(fileURLToPath(import.meta.url));
    try {
      const files = walk();
      const theirs = files.filter((_, i) => i % 2 === 1);
      const answer = new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      worker.postMessage(theirs);
      const search = searcher();
      let hits = 0;
      for (let i = 0; i < files.length; i += 2) if (search(files[i])) hits++;
      return hits + (await answer).length;
    } finally {
      await worker.terminate();
    }
  };

  const time = async (fn) => {
    const t = performance.now();
    const result = await fn();
    return { ms: performance.now() - t, result };
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  const measures = { walk: async () => walk().length, 'one thread': oneThread, 'two threads': twoThreads };
  const times = Object.fromEntries(Object.keys(measures).map((k) => [k, []]));
  const results = {};
  for (const fn of Object.values(measures)) await fn(); // warm-up
  for (let i = 0; i < runs; i++) {
    for (const [name, fn] of Object.entries(measures)) {
      const r = await time(fn);
      times[name].push(r.ms);
      results[name] = r.result;
    }
  }
  if (results['one thread'] !== results['two threads']) throw new Error(`the two ways found ${results['one thread']} and ${results['two threads']} files`);
  console.log(`tree: ${tree}, ${results.walk} source files, ${results['one thread']} with a token; ${runs} runs each, alternating; load average ${os.loadavg()[0].toFixed(2)}`);
  for (const [name, list] of Object.entries(times)) {
    console.log(`${name.padEnd(12)} median ${median(list).toFixed(0)} ms (${Math.min(...list).toFixed(0)}–${Math.max(...list).toFixed(0)})`);
  }
  const one = median(times['one thread']);
  const two = median(times['two threads']);
  console.log(`two threads / one thread: ${(two / one).toFixed(2)}`);
}
