#!/usr/bin/env node
// The kill test of issue 11: SIGKILL `duende-upgrade --yes` at random moments on
// a generated tree, then check what the kill left and that a second run ends
// exactly where an uninterrupted run ends. Not a timed test: it prints figures.
//
//   node bench/kill.mjs [--kills 50] [--projects 200] [--files 4000] [--seed 1] [--tree <dir>] [--keep]
//
// For each kill it reports, and sums up at the end:
//   half-written  a file (in the tree or among the backups) whose bytes are neither the original nor the finished text
//   stray         after the resume, a file that neither the uninterrupted run nor the original tree has
//   resumed exactly  the resumed tree is byte-identical to the uninterrupted run's (state.json compared
//                 by its step statuses, as its times differ by nature; report.md by the files it
//                 lists as changed, per step, as it names the folder and the run's times, and a
//                 resume says 'skipped (in an earlier run)' where the one run says 'skipped by choice')
// Kills land at a random moment: a quarter at a random time before the first
// output line (planning), the rest a random 0–30 ms after a random output line
// of the uninterrupted run (so most fall while files are written).

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';
import { createRng } from './lib/prng.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(REPO, 'bin', 'duende-upgrade.js');
const ARGS = ['--yes', '--skip', 'database,signing-keys,verify'];
const STATE = '.duende-upgrade/state.json';
const REPORT = '.duende-upgrade/report.md';

function parseArgs(argv) {
  const o = { kills: 50, projects: 200, files: 4000, seed: 1, tree: undefined, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--kills' || a === '--projects' || a === '--files' || a === '--seed') o[a.slice(2)] = Number(next());
    else if (a === '--tree') o.tree = path.resolve(next());
    else if (a === '--keep') o.keep = true;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** Every file below dir, root-relative, mapped to its bytes. */
function snapshot(dir) {
  const out = new Map();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else out.set(path.relative(dir, abs).split(path.sep).join('/'), readFileSync(abs));
    }
  };
  walk(dir);
  return out;
}

/** Run the CLI; resolves with its exit code, signal, output lines, and the time of its first line. */
function run(dir, kill, args = ARGS) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    const lines = [];
    let firstLineAt;
    let buffered = '';
    let timer;
    const killNow = () => child.kill('SIGKILL');
    if (kill?.atMs !== undefined) timer = setTimeout(killNow, kill.atMs);
    child.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop();
      for (const l of parts) {
        firstLineAt ??= performance.now() - started;
        lines.push(l);
        if (kill?.afterLine !== undefined && lines.length === kill.afterLine && !timer) timer = setTimeout(killNow, kill.delayMs);
      }
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, lines, stderr, firstLineAt, ms: performance.now() - started });
    });
  });
}

function stateSummary(bytes) {
  const s = JSON.parse(bytes.toString('utf8'));
  return JSON.stringify(Object.fromEntries(Object.entries(s.steps).map(([id, r]) => [id, r.status])));
}

/** The files the report lists as changed, each with its step's id. */
function reportSummary(bytes) {
  let step = '';
  const out = [];
  for (const line of bytes.toString('utf8').split('\n')) {
    const heading = /^### .* \(([\w-]+)\): /.exec(line);
    if (heading) step = heading[1];
    else if (line.startsWith('- changed `')) out.push(`${step} ${line}`);
  }
  return out.sort().join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(path.join(os.tmpdir(), 'duende-kill-'));
  const template = o.tree ?? path.join(work, 'template');
  if (!o.tree) generate(template, { projects: o.projects, files: o.files, seed: o.seed });
  const original = snapshot(template);

  // The uninterrupted run: the tree every resume must end as.
  const refDir = path.join(work, 'reference');
  cpSync(template, refDir, { recursive: true });
  const ref = await run(refDir);
  if (ref.code !== 0) throw new Error(`the uninterrupted run failed (exit ${ref.code}):\n${ref.stderr}`);
  const reference = snapshot(refDir);
  const refState = stateSummary(reference.get(STATE));
  const refReport = reportSummary(reference.get(REPORT));
  // Files two steps change (Startup.cs: namespaces, then the signing credential) are also whole
  // between the steps: the tree after each step, on its own, gives those contents.
  const whole = new Map([...original].map(([k, v]) => [k, [v]]));
  const stagedDir = path.join(work, 'staged');
  cpSync(template, stagedDir, { recursive: true });
  for (const only of ['packages', 'namespaces']) {
    const r = await run(stagedDir, undefined, ['--yes', '--only', only]);
    if (r.code !== 0) throw new Error(`the run with --only ${only} failed (exit ${r.code}):\n${r.stderr}`);
    for (const [k, v] of snapshot(stagedDir)) if (!k.startsWith('.duende-upgrade/')) whole.set(k, [...(whole.get(k) ?? []), v]);
  }
  rmSync(stagedDir, { recursive: true, force: true });
  for (const [k, v] of reference) whole.set(k, [...(whole.get(k) ?? []), v]);
  const changed = [...reference.keys()].filter((k) => !k.startsWith('.duende-upgrade/') && !original.get(k)?.equals(reference.get(k))).length;
  console.log(`tree: ${original.size} files; the uninterrupted run changes ${changed} and takes ${(ref.ms / 1000).toFixed(1)} s (${ref.lines.length} output lines)`);

  const rng = createRng(o.seed + 1000);
  const totals = { kills: 0, halfWritten: 0, stray: 0, exact: 0, whileWriting: 0, leftoversRemoved: 0 };
  for (let i = 1; i <= o.kills; i++) {
    const dir = path.join(work, `kill-${i}`);
    cpSync(template, dir, { recursive: true });
    const kill = rng.chance(0.25) ? { atMs: Math.floor(rng.float() * (ref.firstLineAt ?? ref.ms)) } : { afterLine: rng.int(1, ref.lines.length), delayMs: rng.int(0, 30) };
    const killed = await run(dir, kill);
    totals.kills++;

    // What the kill left: every file old or new, never between.
    const after = snapshot(dir);
    let half = 0;
    let written = 0;
    const leftovers = [];
    for (const [rel, bytes] of after) {
      if (rel.startsWith('.duende-upgrade/backup/')) {
        if (!original.get(rel.slice('.duende-upgrade/backup/'.length))?.equals(bytes)) half++;
      } else if (rel === STATE) {
        try {
          JSON.parse(bytes.toString('utf8'));
        } catch {
          half++;
        }
      } else if (rel.startsWith('.duende-upgrade/')) {
        if (!reference.has(rel)) leftovers.push(rel);
      } else if (original.get(rel)?.equals(bytes)) {
        /* old */
      } else if (reference.get(rel)?.equals(bytes)) written++;
      else if (whole.get(rel)?.some((v) => v.equals(bytes))) written++;
      else if (original.has(rel) || reference.has(rel)) half++;
      else leftovers.push(rel);
    }
    if (written > 0 && written < changed) totals.whileWriting++;

    // The resume.
    const resumed = await run(dir);
    const end = snapshot(dir);
    let stray = 0;
    const differ = [];
    for (const [rel, bytes] of end) {
      if (!reference.has(rel) && !original.has(rel)) stray++;
      else if (rel === STATE) {
        if (stateSummary(bytes) !== refState) differ.push(rel);
      } else if (rel === REPORT) {
        if (reportSummary(bytes) !== refReport) differ.push(rel);
      } else if (!reference.get(rel)?.equals(bytes)) differ.push(rel);
    }
    for (const rel of reference.keys()) if (!end.has(rel)) differ.push(rel);
    const exact = resumed.code === 0 && stray === 0 && differ.length === 0;
    totals.halfWritten += half;
    totals.stray += stray;
    totals.leftoversRemoved += leftovers.length;
    if (exact) totals.exact++;
    const how = kill.atMs !== undefined ? `at ${kill.atMs} ms` : `${kill.delayMs} ms after line ${kill.afterLine}`;
    console.log(
      `kill ${String(i).padStart(2)}: ${how.padEnd(26)} ${killed.signal ?? `exit ${killed.code}`}; ${written}/${changed} written, half-written ${half}, left by the kill ${leftovers.length}; resume exit ${resumed.code}, stray ${stray}, ${exact ? 'exact' : `${differ.length} file(s) differ: ${differ.slice(0, 3).join(', ')}`}`,
    );
    if (!o.keep && exact) rmSync(dir, { recursive: true, force: true });
  }
  console.log('');
  console.log(`kills: ${totals.kills} (${totals.whileWriting} while a step was writing files)`);
  console.log(`half-written: ${totals.halfWritten}`);
  console.log(`left by the kills under .duende-upgrade (removed by the next start): ${totals.leftoversRemoved}`);
  console.log(`stray after resume: ${totals.stray}`);
  console.log(`resumed exactly: ${totals.exact}/${totals.kills}`);
  if (!o.keep && totals.exact === totals.kills) rmSync(work, { recursive: true, force: true });
  else console.log(`trees kept in ${work}`);
  process.exitCode = totals.halfWritten === 0 && totals.stray === 0 && totals.exact === totals.kills ? 0 : 1;
}

await main();
