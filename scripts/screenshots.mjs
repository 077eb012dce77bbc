#!/usr/bin/env node
// Drives the wizard through its main screens in a real 80×24 tmux terminal and
// writes screenshots/NN-name.svg (terminal text with its colours) and .png
// (via rsvg-convert, Debian's librsvg2-bin). Uses the built binary (`npm run build`
// first), the ef-quickstart fixture and the stand-in `dotnet` from test/stand-ins,
// so it needs neither a .NET SDK nor a network.
//
//   node scripts/screenshots.mjs [outDir]
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.resolve(process.argv[2] ?? path.join(REPO, 'screenshots'));
const BIN = path.join(REPO, 'bin', 'duende-upgrade.js');
const SOCKET = `duende-shots-${process.pid}`;
const COLS = 80;
const ROWS = 24;

if (!existsSync(path.join(REPO, 'dist', 'cli', 'main.js'))) {
  console.error('Build first: npm run build');
  process.exit(2);
}

const work = mkdtempSync(path.join(tmpdir(), 'duende-shots-'));
const dir = path.join(work, 'IdentityServerEF');
cpSync(path.join(REPO, 'test/fixtures/ef-quickstart/before'), dir, { recursive: true });

// The stand-in dotnet and dotnet-ef, as the tests use them.
const binDir = path.join(work, 'bin');
const toolsDir = path.join(work, 'tools');
mkdirSync(binDir);
mkdirSync(toolsDir);
const wrapper = (file, script) => {
  writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${path.join(REPO, 'test/stand-ins', script)}" "$@"\n`);
  chmodSync(file, 0o755);
};
wrapper(path.join(binDir, 'dotnet'), 'fake-dotnet.mjs');
wrapper(path.join(toolsDir, 'dotnet-ef'), 'fake-dotnet-ef.mjs');
const PATH = [binDir, toolsDir, '/usr/local/bin', '/usr/bin', '/bin'].join(':');

const tmux = (...args) => execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const keys = (...k) => tmux('send-keys', '-t', 'shots', ...k);
const screen = (ansi = false) => tmux('capture-pane', '-p', '-t', 'shots', ...(ansi ? ['-e'] : []));

/** Poll the screen until it shows every text; a deadline turns a hang into a message. */
async function see(...texts) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = screen();
    if (texts.every((t) => s.includes(t))) return s;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${JSON.stringify(texts)}:\n${s}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function launch(extra = '') {
  // On the command line, not in tmux's environment: the pane's login shell resets PATH.
  keys('-l', `clear; cd ${work} && env PATH='${PATH}' FAKE_TOOLS_DIR='${toolsDir}' TERM=xterm-256color ${extra} ${process.execPath} ${BIN} ${path.basename(dir)}; echo EXIT=$?`);
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
  const svg = toSvg(ansi, title);
  const svgFile = path.join(OUT, `${name}.svg`);
  writeFileSync(svgFile, svg);
  const png = spawnSync('rsvg-convert', ['-f', 'png', '-o', path.join(OUT, `${name}.png`), svgFile]);
  if (png.error || png.status !== 0) console.warn(`no PNG for ${name}: ${png.error?.message ?? png.stderr}`);
  shots.push(name);
  console.log(`screenshots/${name}.svg${png.status === 0 ? ' + .png' : ''}`);
}

mkdirSync(OUT, { recursive: true });
tmux('new-session', '-d', '-x', String(COLS), '-y', String(ROWS), '-s', 'shots', 'sh');
try {
  launch('FAKE_EF_WAIT=PersistedGrantDbContext');
  await see('Go through the steps', 'Tools        dotnet');
  await see('dotnet ef 10');
  shoot('01-overview', 'duende-upgrade: what was found');
  keys('Enter');
  await see('Step 1 of 6', 'file 1 of 2');
  shoot('02-step-diff', 'duende-upgrade: a step, its evidence and its diff');
  keys('a');
  await see('Step 2 of 6', 'file 1 of 13');
  keys('n', 'n');
  await see('file 3 of 13');
  shoot('03-step-files', 'duende-upgrade: moving between files (n/p)');
  keys('d');
  await see('Evidence (');
  shoot('04-details', 'duende-upgrade: details (d)');
  keys('Escape');
  await see('Apply this step');
  keys('a');
  await see('Step 3 of 6');
  keys('s');
  await see('Step 4 of 6', '↷ dev-signing');
  shoot('05-commands', 'duende-upgrade: a step that runs commands');
  keys('a');
  await see('waiting to be interrupted');
  shoot('06-live-output', 'duende-upgrade: live command output');
  keys('C-c');
  await see('interrupted', 'Retry (r)');
  shoot('07-interrupted', 'duende-upgrade: Ctrl+C stopped the command');
  keys('q');
  await see('EXIT=');
  launch();
  await see('Resuming:', 'dotnet ef 10');
  shoot('08-resume', 'duende-upgrade: resuming');
  keys('Enter');
  await see('Step 4 of 6');
  keys('a');
  await see('Step 6 of 6');
  keys('a');
  await see('Press Enter to exit.', 'Report: IdentityServerEF/');
  shoot('09-summary', 'duende-upgrade: summary');
  keys('Enter');
  await see('EXIT=0');
  writeFileSync(
    path.join(OUT, 'README.md'),
    `# Wizard screenshots\n\nWritten by \`node scripts/screenshots.mjs\` (80×24 tmux, the ef-quickstart fixture, the stand-in dotnet). Each .svg is the terminal text with its colours; each .png is the .svg rendered by rsvg-convert.\n\n${shots.map((s) => `- ${s}`).join('\n')}\n`,
  );
} finally {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  rmSync(work, { recursive: true, force: true });
}

