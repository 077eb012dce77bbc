import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { snapshotTree, tempDir } from './cli.js';

/** The parts of the --plan --json shape (README) that the fixture tests read. */
export interface PlanJson {
  root: string;
  target: string;
  steps: {
    id: string;
    status: string;
    changes: { path: string; kind: 'edit' | 'delete'; diff: string }[];
    commands: { file: string; args: string[]; cwd: string }[];
    warnings: string[];
  }[];
  warnings: string[];
}

export function parsePlan(stdout: string): PlanJson {
  return JSON.parse(stdout) as PlanJson;
}

export function stepOf(plan: PlanJson, id: string): PlanJson['steps'][number] {
  const step = plan.steps.find((s) => s.id === id);
  if (!step) throw new Error(`the plan has no step "${id}"; it has ${plan.steps.map((s) => s.id).join(', ')}`);
  return step;
}

/**
 * How dir differs from expectedDir, file by file and byte for byte (.duende-upgrade/
 * left out): one readable line per missing, extra or different file, naming the
 * first line that differs with both versions quoted so a lost \r or BOM shows.
 * An empty list means the trees are identical.
 */
export function treeMismatches(dir: string, expectedDir: string): string[] {
  const actual = snapshotTree(dir);
  const expected = snapshotTree(expectedDir);
  const out: string[] = [];
  for (const rel of [...expected.keys()].sort()) {
    const want = expected.get(rel)!;
    const got = actual.get(rel);
    if (!got) out.push(`${rel}: missing (expected ${want.length} bytes)`);
    else if (!got.equals(want)) out.push(`${rel}: ${firstDifference(got, want)}`);
  }
  for (const rel of [...actual.keys()].sort()) {
    if (!expected.has(rel)) out.push(`${rel}: present but not expected (${actual.get(rel)!.length} bytes)`);
  }
  return out;
}

/** Lines with their own endings, so "\r\n" and "\n" endings compare as different. */
export function splitLinesKeepingEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function firstDifference(got: Buffer, want: Buffer): string {
  // latin1 maps each byte to one char, so a BOM or stray byte stays visible in the quote.
  const g = splitLinesKeepingEnds(got.toString('latin1'));
  const w = splitLinesKeepingEnds(want.toString('latin1'));
  let i = 0;
  while (i < g.length && i < w.length && g[i] === w[i]) i++;
  const show = (lines: string[]) => (i < lines.length ? JSON.stringify(lines[i]) : '(end of file)');
  return `differs from line ${i + 1} (got ${g.length} lines, expected ${w.length}): got ${show(g)}, expected ${show(w)}`;
}

export interface LineEndings {
  bom: boolean;
  crlf: number;
  /** Line feeds not preceded by a carriage return. */
  bareLf: number;
}

export function lineEndings(bytes: Buffer): LineEndings {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let crlf = 0;
  let bareLf = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (i > 0 && bytes[i - 1] === 0x0d) crlf++;
    else bareLf++;
  }
  return { bom, crlf, bareLf };
}

/** The `dotnet ef` commands of the database step, grouped by their -c context, in plan order. */
export function efCommandsByContext(plan: PlanJson): Map<string, { file: string; args: string[]; cwd: string }[]> {
  const out = new Map<string, { file: string; args: string[]; cwd: string }[]>();
  for (const c of stepOf(plan, 'database').commands) {
    // Preflight commands (installing dotnet-ef, adding the Design package) are not the migration pair.
    if (c.args[0] !== 'ef' || !['migrations', 'database'].includes(c.args[1] ?? '')) continue;
    const at = c.args.indexOf('-c');
    const context = at >= 0 ? c.args[at + 1] ?? '' : '';
    out.set(context, [...(out.get(context) ?? []), c]);
  }
  return out;
}

/** The C# compiler and reference assemblies of the installed .NET SDK, or undefined when there is none. */
export function roslyn(): { csc: string; references: string[] } | undefined {
  const sdks = spawnSync('dotnet', ['--list-sdks'], { encoding: 'utf8' });
  if (sdks.status !== 0) return undefined;
  const last = /^(\S+) \[(.+)\]\s*$/m.exec(sdks.stdout.trim().split('\n').pop() ?? '');
  if (!last) return undefined;
  const csc = path.join(last[2]!, last[1]!, 'Roslyn', 'bincore', 'csc.dll');
  const packs = path.join(path.dirname(last[2]!), 'packs');
  const references: string[] = [];
  for (const pack of ['Microsoft.NETCore.App.Ref', 'Microsoft.AspNetCore.App.Ref']) {
    const versions = existsSync(path.join(packs, pack)) ? readdirSync(path.join(packs, pack)).sort(compareVersions) : [];
    const newest = versions.pop();
    if (!newest) continue;
    const ref = path.join(packs, pack, newest, 'ref');
    for (const tfm of readdirSync(ref)) {
      for (const dll of readdirSync(path.join(ref, tfm))) if (dll.endsWith('.dll')) references.push(path.join(ref, tfm, dll));
    }
  }
  return existsSync(csc) && references.length > 0 ? { csc, references } : undefined;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * Compile every .cs file below dir with Roslyn against the framework reference
 * assemblies only, and count the error codes. The NuGet packages are absent, so
 * unknown types and namespaces are expected; anything else is a real defect.
 */
export function csharpErrorCodes(dir: string, tools: { csc: string; references: string[] }): Map<string, string[]> {
  const sources = [...snapshotTree(dir).keys()].filter((rel) => rel.endsWith('.cs')).map((rel) => path.join(dir, rel));
  const out = path.join(tempDir('csc-'), 'check.dll');
  const r = spawnSync(
    'dotnet',
    [tools.csc, '-nologo', '-noconfig', '-nostdlib', '-t:library', '-langversion:latest', `-out:${out}`, ...tools.references.map((x) => `-r:${x}`), ...sources],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  rmSync(path.dirname(out), { recursive: true, force: true });
  const codes = new Map<string, string[]>();
  for (const line of r.stdout.split('\n')) {
    const m = /^(.*)\(\d+,\d+\): error (CS\d+): /.exec(line);
    if (m) codes.set(m[2]!, [...(codes.get(m[2]!) ?? []), line.trim()]);
  }
  if (r.status !== 0 && codes.size === 0) codes.set('no diagnostics', [r.stdout + r.stderr]);
  return codes;
}
