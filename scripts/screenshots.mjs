#!/usr/bin/env node
// Drives the wizard through its main screens in a real 80×24 tmux terminal and
// writes screenshots/NN-name.svg (terminal text with its colours) and .png (via
// rsvg-convert, Debian's librsvg2-bin). Every screen is a real run: the built
// binary on `duende-upgrade --demo` (the bundled IdentityServer4 4.1 sample), the
// real `dotnet` and `dotnet ef`, and the miniature IdentityServer4 / Duende
// packages the demo packs into its local feed. No stand-in is used anywhere.
//
//   npm run screenshots            (builds, then runs this)
//   node scripts/screenshots.mjs [outDir]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.resolve(process.argv[2] ?? path.join(REPO, 'screenshots'));
const BIN = path.join(REPO, 'bin', 'duende-upgrade.js');
const SOCKET = `duende-shots-${process.pid}`;
const COLS = 80;
const ROWS = 24;
/** How long one wait may take: a restore or an EF command on a busy two-core machine takes minutes. */
const WAIT_MS = 15 * 60_000;

if (!existsSync(path.join(REPO, 'dist', 'cli', 'main.js'))) {
  console.error('Build first: npm run build');
  process.exit(2);
}
for (const tool of ['tmux', 'dotnet', 'rsvg-convert']) {
  if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).error) {
    console.error(`${tool} is needed (apt-get install -y tmux librsvg2-bin; the .NET SDK for dotnet)`);
    process.exit(2);
  }
}

// dotnet-ef as CI installs it: a global tool in ~/.dotnet/tools.
const PATH = [...new Set([...(process.env.PATH ?? '').split(':'), path.join(homedir(), '.dotnet', 'tools')])].filter(Boolean).join(':');

const tmux = (...args) => execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const keys = (...k) => tmux('send-keys', '-t', 'shots', ...k);
const screen = (ansi = false) => tmux('capture-pane', '-p', '-t', 'shots', ...(ansi ? ['-e'] : []));

/** Poll the screen until it shows every text; a deadline turns a hang into a message. */
async function see(...texts) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const s = screen();
    if (texts.every((t) => (t instanceof RegExp ? t.test(s) : s.includes(t)))) return s;
    if (/EXIT=\d+/.test(s) && !texts.some((t) => String(t).includes('EXIT='))) throw new Error(`the wizard ended while waiting for ${texts.join(', ')}:\n${s}`);
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${JSON.stringify(texts.map(String))}:\n${s}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
function launch(args, cwd = REPO) {
  // On the command line, not in tmux's environment: the pane's login shell resets PATH.
  keys('-l', `clear; cd ${q(cwd)} && env PATH=${q(PATH)} TERM=xterm-256color DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 ${q(process.execPath)} ${q(BIN)} ${args.map(q).join(' ')}; echo EXIT=$?`);
  keys('Enter');
}

// ---- ANSI → SVG -----------------------------------------------------------

const PALETTE = ['#1e1e1e', '#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#dcdfe4', '#5c6370', '#ff7a85', '#b5e890', '#ffd68a', '#7cc4ff', '#de97f2', '#6fd6e3', '#ffffff'];
const FG = '#dcdfe4';
const BG = '#1e1e1e';

function xterm256(n) {
  if (n < 16) return PALETTE[n];
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v},${v},${v})`;
  }
  const k = n - 16;
  const c = (x) => (x === 0 ? 0 : 55 + x * 40);
  return `rgb(${c(Math.floor(k / 36))},${c(Math.floor(k / 6) % 6)},${c(k % 6)})`;
}

/** Split each line into runs of one style. */
function parseAnsi(text) {
  const rows = [];
  // tmux writes an attribute only where it changes, so a style runs on across line ends.
  let style = { fg: undefined, bg: undefined, bold: false, dim: false, inverse: false };
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const runs = [];
    let buf = '';
    const flush = () => {
      if (buf) runs.push({ text: buf, ...style });
      buf = '';
    };
    for (let i = 0; i < line.length; i++) {
      const m = /^\u001b\[([0-9;]*)m/.exec(line.slice(i));
      if (!m) {
        buf += line[i];
        continue;
      }
      flush();
      const codes = m[1] === '' ? [0] : m[1].split(';').map(Number);
      style = { ...style };
      for (let k = 0; k < codes.length; k++) {
        const c = codes[k];
        if (c === 0) style = { fg: undefined, bg: undefined, bold: false, dim: false, inverse: false };
        else if (c === 1) style.bold = true;
        else if (c === 2) style.dim = true;
        else if (c === 22) style.bold = style.dim = false;
        else if (c === 7) style.inverse = true;
        else if (c === 27) style.inverse = false;
        else if (c >= 30 && c <= 37) style.fg = PALETTE[c - 30];
        else if (c >= 90 && c <= 97) style.fg = PALETTE[c - 90 + 8];
        else if (c === 39) style.fg = undefined;
        else if (c >= 40 && c <= 47) style.bg = PALETTE[c - 40];
        else if (c >= 100 && c <= 107) style.bg = PALETTE[c - 100 + 8];
        else if (c === 49) style.bg = undefined;
        else if ((c === 38 || c === 48) && codes[k + 1] === 5) {
          style[c === 38 ? 'fg' : 'bg'] = xterm256(codes[k + 2]);
          k += 2;
        } else if ((c === 38 || c === 48) && codes[k + 1] === 2) {
          style[c === 38 ? 'fg' : 'bg'] = `rgb(${codes[k + 2]},${codes[k + 3]},${codes[k + 4]})`;
          k += 4;
        }
      }
      i += m[0].length - 1;
    }
    flush();
    rows.push(runs);
  }
  return rows;
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function toSvg(ansi, title) {
  const cw = 8.4;
  const lh = 18;
  const pad = 12;
  const bar = 26;
  const width = Math.round(COLS * cw + pad * 2);
  const height = ROWS * lh + pad * 2 + bar;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`);
  out.push(`<rect width="100%" height="100%" rx="8" fill="${BG}"/>`);
  out.push(`<circle cx="16" cy="13" r="5" fill="#e06c75"/><circle cx="32" cy="13" r="5" fill="#e5c07b"/><circle cx="48" cy="13" r="5" fill="#98c379"/>`);
  out.push(`<text x="${width / 2}" y="17" fill="#9da5b4" font-family="DejaVu Sans, sans-serif" font-size="12" text-anchor="middle">${esc(title)}</text>`);
  out.push(`<g font-family="DejaVu Sans Mono, monospace" font-size="14" xml:space="preserve">`);
  parseAnsi(ansi).forEach((runs, row) => {
    let col = 0;
    const y = pad + bar + row * lh;
    for (const r of runs) {
      const chars = [...r.text];
      let fg = r.fg ?? FG;
      let bg = r.bg;
      if (r.inverse) [fg, bg] = [bg ?? BG, fg];
      const x = pad + col * cw;
      if (bg) out.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${(chars.length * cw).toFixed(1)}" height="${lh}" fill="${bg}"/>`);
      if (r.text.trim()) {
        const attrs = [`x="${x.toFixed(1)}"`, `y="${y + 13}"`, `fill="${fg}"`];
        if (r.bold) attrs.push('font-weight="bold"');
        if (r.dim) attrs.push('fill-opacity="0.6"');
        // textLength pins every glyph to the cell grid, whatever the font's advance.
        attrs.push(`textLength="${(chars.length * cw).toFixed(1)}"`, 'lengthAdjust="spacingAndGlyphs"');
        out.push(`<text ${attrs.join(' ')}>${esc(r.text)}</text>`);
      }
      col += chars.length;
    }
  });
  out.push('</g></svg>');
  return out.join('\n');
}

const shots = [];
function shoot(name, title) {
  const ansi = screen(true);
  if (/STAND-IN/.test(ansi)) throw new Error(`${name}: the screen shows a stand-in`);
  const svg = toSvg(ansi, title);
  const svgFile = path.join(OUT, `${name}.svg`);
  writeFileSync(svgFile, svg);
  const png = spawnSync('rsvg-convert', ['-f', 'png', '-o', path.join(OUT, `${name}.png`), svgFile]);
  if (png.error || png.status !== 0) throw new Error(`no PNG for ${name}: ${png.error?.message ?? png.stderr}`);
  shots.push({ name, title });
  console.log(`screenshots/${name}.svg + .png`);
}

/** The step the wizard is on, from the step list's "● id" mark. */
const current = (s) => /● ([a-z-]+)/.exec(s)?.[1];

/** Apply steps until the wizard reaches `id` (a step screen with it marked current). */
async function applyUntil(id) {
  for (;;) {
    // a plain step offers "Apply this step (a)"; the database step "Apply now: … (1)" among its choices
    const s = await see(/Step \d+ of \d+/, /Apply this step|Apply now/);
    if (current(s) === id) return s;
    const before = current(s);
    keys(/Apply now/.test(s) ? '1' : 'a');
    const deadline = Date.now() + WAIT_MS;
    while (current(screen()) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  }
}

mkdirSync(OUT, { recursive: true });
tmux('new-session', '-d', '-x', String(COLS), '-y', String(ROWS), '-s', 'shots', 'sh');
let root;
try {
  launch(['--demo']);
  let s = await see('Go through the steps', /dotnet ef \d/, /Git {10}(clean|\d|not)/);
  // Where the demo put its copy: printed before the wizard drew, so in the pane's history.
  root = /The demo solution is in (\S+)/.exec(tmux('capture-pane', '-p', '-t', 'shots', '-S', '-200'))?.[1];
  if (!root) throw new Error(`the demo did not say where its folder is:\n${s}`);
  shoot('01-overview', 'duende-upgrade --demo: what was found');
  keys('Enter');
  await see(/Step \d+ of/, '● packages', 'file 1 of 1');
  shoot('02-step-diff', 'duende-upgrade: a step, its evidence and its diff');
  await applyUntil('database');
  // Save and quit before the database step, then start again: the resume screen.
  keys('q');
  await see('EXIT=');
  launch([path.basename(root)], path.dirname(root));
  await see('Resuming:', /dotnet ef \d/, /Git {10}(clean|\d|not)/);
  shoot('04-resume', 'duende-upgrade: starting again after q');
  keys('Enter');
  await see('● database', 'Apply now');
  keys('1');
  // The second migration building, the first one listed as done above it.
  await see(/✔ Add migration .*: ok/, /· Add migration/, /Build started/);
  shoot('03-live-output', 'duende-upgrade: dotnet ef running, its output live');
  await applyUntil('verify');
  // A teammate's file from before the upgrade lands meanwhile: the build fails, and the wizard says where.
  const late = path.join(root, 'src', 'IdentityServerHost', 'Quickstart', 'ConsentOptions.cs');
  writeFileSync(late, 'using IdentityServer4.Models;\n\nnamespace IdentityServerHost.Quickstart.UI\n{\n    public static class ConsentOptions\n    {\n        public static readonly Client[] Clients = new Client[0];\n    }\n}\n');
  keys('a');
  await see('Retry (r)', /ConsentOptions\.cs/);
  shoot('05-failure', 'duende-upgrade: a failed build, its errors by file and line');
  unlinkSync(late);
  keys('r');
  s = await see(/Press Enter to exit|Enter or q exit/);
  shoot('06-summary', 'duende-upgrade: the summary');
  keys('Enter');
  await see('EXIT=');
  // Images from an older set of names would no longer be real screens of this code.
  const names = new Set(shots.map((x) => x.name));
  for (const f of readdirSync(OUT)) {
    if (/\.(svg|png)$/.test(f) && !names.has(f.replace(/\.(svg|png)$/, ''))) rmSync(path.join(OUT, f));
  }
  writeFileSync(
    path.join(OUT, 'README.md'),
    `# Wizard screenshots\n\nWritten by \`npm run screenshots\` (scripts/screenshots.mjs): 80×24 tmux, \`duende-upgrade --demo\` on the bundled sample, the real dotnet and dotnet ef with the demo's miniature IdentityServer4 4.1.1 and Duende IdentityServer 5.2.4 packages. Each .svg is the terminal text with its colours; each .png is the .svg rendered by rsvg-convert.\n\n${shots.map((x) => `- ${x.name}: ${x.title}`).join('\n')}\n`,
  );
} finally {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  if (root) rmSync(path.dirname(root), { recursive: true, force: true });
}
