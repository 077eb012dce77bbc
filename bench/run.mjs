#!/usr/bin/env node
// The benchmark of issue 5. Measures, in one run and on one machine:
//   plan        wall time and peak RSS of `duende-upgrade <tree> --plan --json`
//   floor       `grep -rl IdentityServer4 --include=... <tree>`: a plain read of the same files
//   dry run     wall time (and peak RSS) of `--dry-run`
//   first screen  start → the wizard's first screen on a small fixture, in a pseudo-terminal
//   apply+replan  one step's apply and the replan after it on the tree (bench/lib/apply-replan.mjs)
// Medians over several runs after one warm-up run (warm page cache). Ends with
// `plan/floor ratio: <n>`.
//
// With --baseline <commit> every measure is also taken for that commit (built
// once into a temp folder), in alternation with this build (A B A B …), so
// both see the same load on a shared machine.
//
//   npm run bench [-- --runs 5 --tree <dir> --projects 2000 --files 40000 --seed 1 --no-build --baseline <commit> --step packages]

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULTS, GENERATOR_VERSION, MANIFEST, generate } from './generate.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIRST_SCREEN_FIXTURE = path.join(REPO, 'test', 'fixtures', 'ef-quickstart', 'before');
const RSS_HOOK = path.join(REPO, 'bench', 'lib', 'rss-hook.mjs');
const GREP_INCLUDES = ['--include=*.cs', '--include=*.cshtml', '--include=*.csproj', '--include=*.props', '--include=*.targets'];

function parseArgs(argv) {
  const o = { ...DEFAULTS, runs: 5, tree: undefined, build: true, screenText: undefined, baseline: undefined, step: 'packages' };
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
    else if (a === '--baseline') o.baseline = next();
    else if (a === '--step') o.step = next();
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
    // a .duende-upgrade folder: an apply+replan run was stopped before it put the tree back
    if (same && !existsSync(path.join(dir, '.duende-upgrade'))) return { dir, manifest: m, generated: false };
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

/**
 * One warm-up run of each build, then `runs` measured runs of each, taken in
 * alternation (A B A B …); medians per build. `make(build)` gives [cmd, args].
 */
function series(label, builds, make, o, opts = {}) {
  const okStatus = opts.okStatus ?? [0];
  const check = (r, b) => {
    if (!okStatus.includes(r.status)) throw new Error(`${label} (${b.name}): exit ${r.status}\n${r.stderr.slice(-2000)}`);
  };
  const optsOf = (b) => (opts.outFileOf ? { ...opts, outFile: opts.outFileOf(b) } : opts);
  for (const b of builds) check(measure(...make(b), optsOf(b)), b);
  const runs = builds.map(() => []);
  for (let i = 0; i < o.runs; i++) {
    builds.forEach((b, k) => {
      const r = measure(...make(b), optsOf(b));
      check(r, b);
      runs[k].push(r);
    });
  }
  return builds.map((b, k) => summary(runs[k].map((r) => r.wall), runs[k].map((r) => r.rss)));
}

function summary(walls, rssList = []) {
  const rss = rssList.filter((x) => Number.isFinite(x));
  return { wall: median(walls), min: Math.min(...walls), max: Math.max(...walls), rss: rss.length ? median(rss) : undefined };
}

/**
 * Start the wizard in a pseudo-terminal (util-linux `script`, 120×40) and time
 * the first visible text (its first frame) and the moment `marker` shows (the
 * interactive overview). Either is undefined when the program ends or 20 s
 * pass without it.
 */
function timeToScreen(bin, dir, marker) {
  return new Promise((resolve) => {
    const command = `stty cols 120 rows 40 2>/dev/null; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} ${JSON.stringify(dir)}`;
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

const binOf = (b) => path.join(b.repo, 'bin', 'duende-upgrade.js');

async function firstScreen(builds, o) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'bench-screen-'));
  // A fresh copy for every start: a killed wizard may still hold its folder's lock while it exits (SIGHUP from the closed terminal).
  let copies = 0;
  const fresh = () => {
    const dir = path.join(work, String(copies++));
    cpSync(FIRST_SCREEN_FIXTURE, dir, { recursive: true });
    return dir;
  };
  try {
    // The key hint under the overview's choices: shown once the scan and plan are done and keys are taken.
    const marker = o.screenText ?? '↑↓ choose';
    const probes = [];
    for (const b of builds) probes.push(await timeToScreen(binOf(b), fresh(), marker));
    if (probes.every((p) => p.marker !== undefined)) {
      const paints = builds.map(() => []);
      const overviews = builds.map(() => []);
      for (let i = 0; i < o.runs; i++) {
        for (const [k, b] of builds.entries()) {
          const r = await timeToScreen(binOf(b), fresh(), marker);
          if (r.marker === undefined) throw new Error(`the wizard (${b.name}) stopped showing "${marker}"; its last output:\n${r.text.slice(-1500)}`);
          paints[k].push(r.firstPaint);
          overviews[k].push(r.marker);
        }
      }
      return builds.map((b, k) => ({ kind: 'wizard', marker, firstPaint: median(paints[k]), ...summary(overviews[k]), ms: median(overviews[k]) }));
    }
    // No wizard screen (not built yet, or it failed): the closest stand-in is the plan's text output.
    const s = series('first screen (plan)', builds, (b) => [process.execPath, [binOf(b), fresh(), '--plan']], o, { node: true });
    return builds.map((b, k) => ({ kind: 'plan', ms: s[k].wall, why: probes[k].text.trim().split('\n').slice(-2).join(' ') }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The commit compared with, built once into a temp folder with its own build script and dependencies. */
function baselineBuild(ref) {
  const sha = spawnSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: REPO, encoding: 'utf8' });
  if (sha.status !== 0) throw new Error(`--baseline ${ref}: no such commit`);
  const commit = sha.stdout.trim();
  const dir = path.join(os.tmpdir(), `duende-upgrade-bench-base-${commit.slice(0, 12)}`);
  if (!existsSync(path.join(dir, '.built'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const archive = spawnSync('sh', ['-c', `git archive ${commit} | tar -x -C ${JSON.stringify(dir)}`], { cwd: REPO, stdio: 'inherit' });
    if (archive.status !== 0) throw new Error('git archive failed');
    // the same dependencies: share this clone's; others: install that commit's own
    if (readFileSync(path.join(dir, 'package-lock.json'), 'utf8') === readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) {
      symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
    } else {
      const ci = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, stdio: 'inherit' });
      if (ci.status !== 0) throw new Error(`npm ci for ${commit} failed`);
    }
    const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: dir, stdio: 'inherit' });
    if (b.status !== 0) throw new Error(`building ${commit} failed`);
    writeFileSync(path.join(dir, '.built'), `${commit}\n`);
  }
  return { name: `base ${commit.slice(0, 7)}`, repo: dir };
}

/** One step's apply+replan on the tree, per build in alternation (each run puts the tree back). */
function applyReplan(builds, tree, o) {
  const script = path.join(REPO, 'bench', 'lib', 'apply-replan.mjs');
  const one = (b) => {
    const r = spawnSync(process.execPath, [script, b.repo, tree, o.step], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    if (r.status !== 0) throw new Error(`apply+replan (${b.name}): exit ${r.status}\n${String(r.stderr).slice(-2000)}`);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  for (const b of builds) one(b);
  const runs = builds.map(() => []);
  for (let i = 0; i < o.runs; i++) builds.forEach((b, k) => runs[k].push(one(b)));
  return builds.map((b, k) => ({ files: runs[k][0].files, apply: median(runs[k].map((r) => r.applyMs)), replan: summary(runs[k].map((r) => r.replanMs)), total: summary(runs[k].map((r) => r.applyMs + r.replanMs)) }));
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
  const builds = [{ name: 'now', repo: REPO }, ...(o.baseline ? [baselineBuild(o.baseline)] : [])];
  const tree = ensureTree(o);
  const c = tree.manifest.counts;
  console.log(`tree: ${tree.dir} (${tree.generated ? `generated in ${ms(tree.ms)}` : 'reused'})`);
  console.log(`  ${c.projects} projects (${c.is4Projects} with IdentityServer4), ${c.sourceFiles} source files, ${c.tokenFiles} containing the token, ${c.usageFiles} needing a namespace change; ${c.files} files, ${(c.bytes / 2 ** 20).toFixed(0)} MB in all`);
  console.log(`runs: ${o.runs} measured after 1 warm-up; figures are medians (min–max); peak RSS via ${hasGnuTime ? '/usr/bin/time' : 'a maxRSS hook'}${builds.length > 1 ? `; each measure alternates ${builds.map((b) => b.name).join(' / ')}` : ''}`);
  console.log('');

  // The plan's JSON, kept once per build to check it parsed and to say how big it is.
  const jsonOut = (b) => path.join(os.tmpdir(), `bench-plan-${process.pid}-${builds.indexOf(b)}.json`);
  const plan = series('plan', builds, (b) => [process.execPath, [binOf(b), tree.dir, '--plan', '--json']], o, { node: true, outFileOf: jsonOut });
  const sizes = builds.map((b) => {
    const json = JSON.parse(readFileSync(jsonOut(b), 'utf8'));
    const bytes = statSync(jsonOut(b)).size;
    rmSync(jsonOut(b), { force: true });
    return { changes: json.steps.reduce((s, x) => s + x.changes.length, 0), bytes };
  });
  const [floor] = series('floor', [builds[0]], () => ['grep', ['-rl', 'IdentityServer4', ...GREP_INCLUDES, tree.dir]], o);
  const dry = series('dry run', builds, (b) => [process.execPath, [binOf(b), tree.dir, '--dry-run']], o, { node: true });
  const screen = await firstScreen(builds, o);
  const loadBeforeApply = os.loadavg()[0];
  const replan = applyReplan(builds, tree.dir, o);

  const range = (s) => `(${ms(s.min)}–${ms(s.max)})`;
  const fixture = path.basename(path.dirname(FIRST_SCREEN_FIXTURE));
  builds.forEach((b, k) => {
    if (builds.length > 1) console.log(`[${b.name}]`);
    console.log(`plan --json:   ${ms(plan[k].wall)} ${range(plan[k])}, peak RSS ${plan[k].rss ? mb(plan[k].rss) : 'n/a'}; ${sizes[k].changes} file changes planned, ${(sizes[k].bytes / 2 ** 20).toFixed(1)} MB of JSON`);
    if (k === 0) console.log(`grep floor:    ${ms(floor.wall)} ${range(floor)}, peak RSS ${floor.rss ? mb(floor.rss) : 'n/a'}`);
    console.log(`dry run:       ${ms(dry[k].wall)} ${range(dry[k])}, peak RSS ${dry[k].rss ? mb(dry[k].rss) : 'n/a'}`);
    const sc = screen[k];
    if (sc.kind === 'wizard') console.log(`first screen:  ${ms(sc.firstPaint)} to the wizard's first frame, ${ms(sc.ms)} ${range(sc)} to its overview ("${sc.marker}" shown; pseudo-terminal, ${fixture} fixture)`);
    else console.log(`first screen:  ${ms(sc.ms)} — stand-in: \`--plan\` on the ${fixture} fixture, because the wizard showed no first screen (${sc.why || 'no output'})`);
    const r = replan[k];
    console.log(`apply+replan:  ${ms(r.total.wall)} ${range(r.total)} for the ${o.step} step (${r.files} files): apply ${ms(r.apply)}, replan ${ms(r.replan.wall)} ${range(r.replan)}`);
    console.log(`plan/floor:    ${(plan[k].wall / floor.wall).toFixed(2)}`);
  });
  console.log('');
  const [p, sc] = [plan[0], screen[0]];
  console.log(`dry run/floor: ${(dry[0].wall / floor.wall).toFixed(2)}`);
  console.log(`dry run/plan:  ${(dry[0].wall / p.wall).toFixed(2)}`);
  console.log(`targets: plan/floor ≤ 2.0 ${p.wall / floor.wall <= 2 ? 'met' : 'MISSED'}; peak RSS < 300 MB ${p.rss === undefined ? 'unknown' : p.rss < 300 * 1024 ? 'met' : 'MISSED'}; first screen < 300 ms ${(sc.firstPaint ?? sc.ms) < 300 ? 'met' : 'MISSED'} (first frame), ${sc.ms < 300 ? 'met' : 'MISSED'} (overview)`);
  // Other work on the machine skews every figure; say how busy it was.
  console.log(`load average (1 min): ${loadAtStart.toFixed(1)} at start, ${loadBeforeApply.toFixed(1)} before apply+replan, ${os.loadavg()[0].toFixed(1)} at end, on ${cores} cores`);
  console.log(`cores: ${cores}`);
  console.log(`plan/floor ratio: ${(p.wall / floor.wall).toFixed(2)}`);
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
