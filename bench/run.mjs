#!/usr/bin/env node
// The benchmark of issue 5. Measures, in one run and on one machine:
//   plan        wall time and peak RSS of `duende-upgrade <tree> --plan --json`
//   floor       `grep -rl IdentityServer4 --include=... <tree>`: a plain read of the same files
//   dry run     wall time (and peak RSS) of `--dry-run`
//   first screen  start → the wizard's first screen on a small fixture, in a pseudo-terminal
// Medians over several runs after one warm-up run (warm page cache). Ends with
// `plan/floor ratio: <n>`.
//
//   npm run bench [-- --runs 5 --tree <dir> --projects 2000 --files 40000 --seed 1 --no-build]

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULTS, GENERATOR_VERSION, MANIFEST, generate } from './generate.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(REPO, 'bin', 'duende-upgrade.js');
const FIRST_SCREEN_FIXTURE = path.join(REPO, 'test', 'fixtures', 'ef-quickstart', 'before');
const RSS_HOOK = path.join(REPO, 'bench', 'lib', 'rss-hook.mjs');
const GREP_INCLUDES = ['--include=*.cs', '--include=*.cshtml', '--include=*.csproj', '--include=*.props', '--include=*.targets'];

function parseArgs(argv) {
  const o = { ...DEFAULTS, runs: 5, tree: undefined, build: true, screenText: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--runs') o.runs = Math.max(1, Number(next()));
    else if (a === '--tree') o.tree = path.resolve(next());
    else if (a === '--projects' || a === '--files' || a === '--seed') o[a.slice(2)] = Number(next());
    else if (a === '--no-build') o.build = false;
    else if (a === '--screen-text') o.screenText = next();
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(0)} ms`;
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

/** A generated tree, reused when one with the same parameters is already there. */
function ensureTree(o) {
  const dir = o.tree ?? path.join(os.tmpdir(), `duende-upgrade-bench-p${o.projects}-f${o.files}-s${o.seed}`);
  const manifestPath = path.join(dir, MANIFEST);
  if (existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const same = m.version === GENERATOR_VERSION && m.params.projects === o.projects && m.params.files === o.files && m.params.seed === o.seed;
    if (same) return { dir, manifest: m, generated: false };
    if (o.tree !== undefined) throw new Error(`${dir} holds a tree from another generator version or other parameters; give another --tree`);
  }
  // Our own temp folder: half-written, or from an older generator.
  if (o.tree === undefined && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const manifest = generate(dir, o);
  return { dir, manifest, generated: true, ms: performance.now() - started };
}

const hasGnuTime = (() => {
  try {
    return spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
})();

/**
 * Run a command once, its stdout to `outFile` (or /dev/null); wall time in ms and
 * peak RSS in KiB (GNU time's %M, or for node commands the child's own maxRSS
 * written at exit by a preloaded hook).
 */
function measure(cmd, args, { outFile, node = false, cwd = REPO } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-m-'));
  const rssFile = path.join(tmp, 'rss');
  const out = openSync(outFile ?? '/dev/null', 'w');
  let file = cmd;
  let argv = args;
  const env = { ...process.env, NO_COLOR: '1' };
  if (hasGnuTime) {
    file = '/usr/bin/time';
    argv = ['-f', '%M', '-o', rssFile, cmd, ...args];
  } else if (node) {
    argv = ['--import', RSS_HOOK, ...args];
    env.BENCH_RSS_FILE = rssFile;
  }
  const started = performance.now();
  const r = spawnSync(file, argv, { cwd, env, stdio: ['ignore', out, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const wall = performance.now() - started;
  closeSync(out);
  let rss;
  if (existsSync(rssFile)) rss = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  rmSync(tmp, { recursive: true, force: true });
  return { wall, rss, status: r.status, stderr: String(r.stderr ?? '') };
}

/** One warm-up run, then `runs` measured runs; medians. */
function series(label, cmd, args, o, opts = {}) {
  const okStatus = opts.okStatus ?? [0];
  const check = (r) => {
    if (!okStatus.includes(r.status)) throw new Error(`${label}: exit ${r.status}\n${r.stderr.slice(-2000)}`);
  };
  check(measure(cmd, args, opts));
  const runs = [];
  for (let i = 0; i < o.runs; i++) {
    const r = measure(cmd, args, opts);
    check(r);
    runs.push(r);
  }
  const walls = runs.map((r) => r.wall);
  const rss = runs.map((r) => r.rss).filter((x) => Number.isFinite(x));
  return { wall: median(walls), min: Math.min(...walls), max: Math.max(...walls), rss: rss.length ? median(rss) : undefined, runs };
}

/**
 * Start the wizard in a pseudo-terminal (util-linux `script`, 120×40) and time
 * the first visible text (its first frame) and the moment `marker` shows (the
 * interactive overview). Either is undefined when the program ends or 20 s
 * pass without it.
 */
function timeToScreen(dir, marker) {
  return new Promise((resolve) => {
    const command = `stty cols 120 rows 40 2>/dev/null; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${JSON.stringify(dir)}`;
    const started = performance.now();
    const child = spawn('script', ['-qfec', command, '/dev/null'], { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'xterm-256color', FORCE_COLOR: '0' } });
    let text = '';
    let firstPaint;
    let done = false;
    const finish = (markerMs) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      resolve({ firstPaint, marker: markerMs, text });
    };
    const timer = setTimeout(() => finish(undefined), 20_000);
    const onData = (chunk) => {
      // Ink redraws with cursor moves; look at the text with escape sequences removed.
      text += chunk.toString('utf8').replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '');
      if (firstPaint === undefined && /\S/.test(text)) firstPaint = performance.now() - started;
      if (text.includes(marker)) finish(performance.now() - started);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => setImmediate(() => finish(undefined)));
  });
}

async function firstScreen(o) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'bench-screen-'));
  cpSync(FIRST_SCREEN_FIXTURE, work, { recursive: true });
  try {
    // The key hint under the overview's choices: shown once the scan and plan are done and keys are taken.
    const marker = o.screenText ?? '↑↓ choose';
    const probe = await timeToScreen(work, marker);
    if (probe.marker !== undefined) {
      const paints = [];
      const overviews = [];
      for (let i = 0; i < o.runs; i++) {
        const r = await timeToScreen(work, marker);
        if (r.marker === undefined) throw new Error(`the wizard stopped showing "${marker}"`);
        paints.push(r.firstPaint);
        overviews.push(r.marker);
      }
      return { kind: 'wizard', marker, firstPaint: median(paints), ms: median(overviews) };
    }
    // No wizard screen (not built yet, or it failed): the closest stand-in is the plan's text output.
    const s = series('first screen (plan)', process.execPath, [BIN, work, '--plan'], o, { node: true });
    return { kind: 'plan', ms: s.wall, why: probe.text.trim().split('\n').slice(-2).join(' ') };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const cores = os.cpus().length;
  const loadAtStart = os.loadavg()[0];
  console.log(`duende-upgrade benchmark — ${new Date().toISOString()}`);
  console.log(`machine: ${cores} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`);
  if (o.build) {
    const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed');
  }
  const tree = ensureTree(o);
  const c = tree.manifest.counts;
  console.log(`tree: ${tree.dir} (${tree.generated ? `generated in ${ms(tree.ms)}` : 'reused'})`);
  console.log(`  ${c.projects} projects (${c.is4Projects} with IdentityServer4), ${c.sourceFiles} source files, ${c.tokenFiles} containing the token, ${c.usageFiles} needing a namespace change; ${c.files} files, ${(c.bytes / 2 ** 20).toFixed(0)} MB in all`);
  console.log(`runs: ${o.runs} measured after 1 warm-up; figures are medians (min–max); peak RSS via ${hasGnuTime ? '/usr/bin/time' : 'a maxRSS hook'}`);
  console.log('');

  // The plan's JSON, kept once to check it parsed and to say how big it is.
  const jsonOut = path.join(os.tmpdir(), `bench-plan-${process.pid}.json`);
  const planArgs = [BIN, tree.dir, '--plan', '--json'];
  const plan = series('plan', process.execPath, planArgs, o, { node: true, outFile: jsonOut });
  const json = JSON.parse(readFileSync(jsonOut, 'utf8'));
  const jsonBytes = statSync(jsonOut).size;
  rmSync(jsonOut, { force: true });
  const changes = json.steps.reduce((s, x) => s + x.changes.length, 0);
  const floor = series('floor', 'grep', ['-rl', 'IdentityServer4', ...GREP_INCLUDES, tree.dir], o);
  const dry = series('dry run', process.execPath, [BIN, tree.dir, '--dry-run'], o, { node: true });
  const screen = await firstScreen(o);

  const range = (s) => `(${ms(s.min)}–${ms(s.max)})`;
  console.log(`plan --json:   ${ms(plan.wall)} ${range(plan)}, peak RSS ${plan.rss ? mb(plan.rss) : 'n/a'}; ${changes} file changes planned, ${(jsonBytes / 2 ** 20).toFixed(1)} MB of JSON`);
  console.log(`grep floor:    ${ms(floor.wall)} ${range(floor)}, peak RSS ${floor.rss ? mb(floor.rss) : 'n/a'}`);
  console.log(`dry run:       ${ms(dry.wall)} ${range(dry)}, peak RSS ${dry.rss ? mb(dry.rss) : 'n/a'}`);
  if (screen.kind === 'wizard') {
    console.log(`first screen:  ${ms(screen.firstPaint)} to the wizard's first frame, ${ms(screen.ms)} to its overview ("${screen.marker}" shown; pseudo-terminal, ${path.basename(path.dirname(FIRST_SCREEN_FIXTURE))} fixture)`);
  }
  else console.log(`first screen:  ${ms(screen.ms)} — stand-in: \`--plan\` on the ${path.basename(path.dirname(FIRST_SCREEN_FIXTURE))} fixture, because the wizard showed no first screen (${screen.why || 'no output'})`);
  console.log('');
  console.log(`dry run/floor: ${(dry.wall / floor.wall).toFixed(2)}`);
  console.log(`dry run/plan:  ${(dry.wall / plan.wall).toFixed(2)}`);
  console.log(`targets: plan/floor ≤ 2.0 ${plan.wall / floor.wall <= 2 ? 'met' : 'MISSED'}; peak RSS < 300 MB ${plan.rss === undefined ? 'unknown' : plan.rss < 300 * 1024 ? 'met' : 'MISSED'}; first screen < 300 ms ${(screen.firstPaint ?? screen.ms) < 300 ? 'met' : 'MISSED'} (first frame), ${screen.ms < 300 ? 'met' : 'MISSED'} (overview)`);
  // Other work on the machine skews every figure; say how busy it was.
  console.log(`load average (1 min): ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end, on ${cores} cores`);
  console.log(`cores: ${cores}`);
  console.log(`plan/floor ratio: ${(plan.wall / floor.wall).toFixed(2)}`);
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
