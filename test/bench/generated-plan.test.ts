// The at-scale correctness check of issue 5: generate a small synthetic monorepo
// with bench/generate.mjs, plan it through the built CLI, and hold the plan to
// what the generator knows it wrote. No timing here; bench/run.mjs measures speed.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, removeDir, runCli, tempDir } from '../helpers/cli.js';

interface Site {
  path: string;
  line: number;
  versionLine?: number;
  id: string;
  kind: string;
  versionFrom?: string;
}
interface ManifestFile {
  path: string;
  usages: number;
  usageLines: number[];
  mentionLines: number[];
  entityLines: number[];
  devSigningLines: number[];
  atvLines: number[];
}
interface Manifest {
  params: { projects: number; files: number; seed: number };
  counts: Record<string, number>;
  projects: { path: string; name: string; role: string; solution: string; is4Packages: string[]; mode: string }[];
  packageSites: Site[];
  relatedSites: (Site & { lookalike?: boolean })[];
  files: ManifestFile[];
  migrations: { project: string; store: string; context: string; dir: string }[];
  decoys: string[];
  ignored: string[];
}
interface PlanJson {
  steps: {
    id: string;
    status: string;
    evidence: { path: string; line: number; text: string; note?: string }[];
    changes: { path: string; kind: 'edit' | 'delete'; diff: string }[];
    commands: { file: string; args: string[]; cwd: string }[];
    warnings: string[];
    followUps: string[];
  }[];
  warnings: string[];
}

/** Lines of the original file that a unified diff removes or replaces (1-based). */
function changedLines(diff: string): Set<number> {
  const out = new Set<number>();
  let line = 0;
  for (const l of diff.split('\n')) {
    const hunk = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(l);
    if (hunk) {
      line = Number(hunk[1]);
      continue;
    }
    if (line === 0 || l.startsWith('---') || l.startsWith('+++')) continue;
    if (l.startsWith('-')) out.add(line++);
    else if (l.startsWith(' ')) line++;
  }
  return out;
}

const key = (p: string, line: number) => `${p}:${line}`;

/** Where a step changes or points: evidence (path:line) and changed original lines per path. */
function index(step: PlanJson['steps'][number]) {
  const evidence = new Set(step.evidence.map((e) => key(e.path, e.line)));
  const changed = new Map<string, Set<number>>();
  for (const c of step.changes) {
    if (c.kind !== 'edit') continue;
    const lines = changed.get(c.path) ?? new Set<number>();
    for (const n of changedLines(c.diff)) lines.add(n);
    changed.set(c.path, lines);
  }
  return { evidence, changed, touches: (p: string, line: number) => evidence.has(key(p, line)) || (changed.get(p)?.has(line) ?? false) };
}

const OUTSIDE = /(^|\/)(bin|obj|node_modules)\/|^artifacts\/|\/Generated\//;

describe('plan of a generated monorepo (bench/generate.mjs, 40 projects, 400 source files)', () => {
  let dir: string;
  let manifest: Manifest;
  let plan: PlanJson;
  let planText: string;
  const step = (id: string) => {
    const s = plan.steps.find((x) => x.id === id);
    if (!s) throw new Error(`no step ${id} in the plan`);
    return s;
  };

  beforeAll(async () => {
    dir = path.join(tempDir('generated-plan-'), 'tree');
    await execa(process.execPath, [path.join(REPO, 'bench', 'generate.mjs'), dir, '--projects', '40', '--files', '400', '--seed', '7']);
    manifest = JSON.parse(readFileSync(path.join(dir, '.generator-manifest.json'), 'utf8')) as Manifest;
    const r = await runCli([dir, '--plan', '--json']);
    expect(r.code, r.stderr).toBe(0);
    planText = r.stdout;
    plan = JSON.parse(r.stdout) as PlanJson;
  });

  afterAll(() => {
    if (dir) removeDir(path.dirname(dir));
  });

  it('generated what the checks below rely on', () => {
    // Guards against a generator change quietly emptying the checks.
    expect(manifest.counts.projects).toBe(40);
    expect(manifest.counts.sourceFiles).toBe(400);
    expect(new Set(manifest.packageSites.map((s) => s.kind))).toEqual(new Set(['PackageReference', 'PackageVersion', 'PackageReferenceUpdate', 'packages.config']));
    expect(manifest.files.filter((f) => f.usages > 0).length).toBeGreaterThan(20);
    expect(manifest.files.some((f) => f.devSigningLines.length > 0)).toBe(true);
    // AddDeveloperSigningCredential in a file that names no IdentityServer4 namespace (the builder extensions live in Microsoft.Extensions.DependencyInjection).
    expect(manifest.files.some((f) => f.devSigningLines.length > 0 && f.usages === 0)).toBe(true);
    expect(manifest.files.some((f) => f.mentionLines.length > 0)).toBe(true);
    expect(new Set(manifest.migrations.map((m) => m.project)).size).toBeGreaterThan(1);
    expect(manifest.decoys.some((d) => d.includes('/node_modules/'))).toBe(true);
    expect(manifest.decoys.some((d) => d.includes('/Generated/'))).toBe(true);
  });

  it('names nothing from bin/, obj/, node_modules/ or .gitignore\'d folders', () => {
    for (const s of plan.steps) {
      for (const e of s.evidence) expect(e.path, `${s.id} evidence`).not.toMatch(OUTSIDE);
      for (const c of s.changes) expect(c.path, `${s.id} change`).not.toMatch(OUTSIDE);
    }
    for (const d of manifest.decoys) expect(planText.includes(d), d).toBe(false);
  });

  it('finds every IdentityServer4 package site: reference, <Version> child, central version, Update item, packages.config', () => {
    const packages = index(step('packages'));
    const missing = manifest.packageSites.filter((s) => {
      if (s.id === 'IdentityServer4.AccessTokenValidation') return false; // checked below: no Duende package replaces it
      return !(packages.touches(s.path, s.line) || (s.versionLine !== undefined && packages.touches(s.path, s.versionLine)));
    });
    expect(missing).toEqual([]);
  });

  it('flags every IdentityServer4.AccessTokenValidation reference and use for a person to move to AddJwtBearer', () => {
    const said = plan.steps.flatMap((s) => [...s.evidence.map((e) => e.path), ...s.warnings, ...s.followUps, ...s.changes.map((c) => c.path)]).join('\n');
    const atvSites = manifest.packageSites.filter((s) => s.id === 'IdentityServer4.AccessTokenValidation');
    expect(atvSites.length).toBeGreaterThan(0);
    for (const s of atvSites) expect(said.includes(s.path), s.path).toBe(true);
  });

  it('covers every project: each IdentityServer4 project in the packages step, each project in a solution the verify step builds', () => {
    const packages = step('packages');
    const named = new Set([...packages.evidence.map((e) => e.path), ...packages.changes.map((c) => c.path)]);
    // A packages.config project is named by its packages.config.
    const missed = manifest.projects.filter((p) => p.is4Packages.length > 0 && !named.has(p.path) && !named.has(`${path.posix.dirname(p.path)}/packages.config`));
    expect(missed.map((p) => p.path)).toEqual([]);
    const built = new Set(step('verify').commands.flatMap((c) => c.args));
    const unbuilt = manifest.projects.filter((p) => !built.has(p.solution) && !built.has(p.path));
    expect(unbuilt.map((p) => p.path)).toEqual([]);
  });

  it('changes every IdentityServer4 namespace usage, line for line, and no comment, string or lookalike', () => {
    const namespaces = index(step('namespaces'));
    const missed: string[] = [];
    let found = 0;
    for (const f of manifest.files) {
      const changed = namespaces.changed.get(f.path) ?? new Set<number>();
      for (const l of f.usageLines) {
        if (changed.has(l)) found++;
        else missed.push(key(f.path, l));
      }
    }
    expect(missed).toEqual([]);
    expect(found).toBe(manifest.counts.usages);
    const touchedMentions = plan.steps.flatMap((s) => {
      const ix = index(s);
      return manifest.files.flatMap((f) => f.mentionLines.filter((l) => ix.changed.get(f.path)?.has(l)).map((l) => `${s.id} ${key(f.path, l)}`));
    });
    expect(touchedMentions).toEqual([]);
  });

  it('edits no source file that lacks IdentityServer4 and AddDeveloperSigningCredential', () => {
    const tokenFiles = new Set(manifest.files.map((f) => f.path));
    const stray = plan.steps.flatMap((s) => s.changes.map((c) => c.path)).filter((p) => /\.(cs|cshtml)$/.test(p) && !tokenFiles.has(p));
    expect(stray).toEqual([]);
  });

  it('removes every AddDeveloperSigningCredential call', () => {
    const dev = index(step('dev-signing-credential'));
    const calls = manifest.files.flatMap((f) => f.devSigningLines.map((l) => key(f.path, l)));
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => {
      const [p, l] = [c.slice(0, c.lastIndexOf(':')), Number(c.slice(c.lastIndexOf(':') + 1))];
      return !dev.changed.get(p)?.has(l);
    })).toEqual([]);
  });

  it('adds a migration for every EF store of every host, in that host\'s migrations folder', () => {
    const adds = step('database').commands.filter((c) => c.args.includes('migrations') && c.args.includes('add'));
    // Paths may be given root-relative or absolute; -o is relative to the migrations project.
    const missing = manifest.migrations.filter((m) => {
      const project = path.resolve(dir, m.project);
      return !adds.some((c) => {
        const arg = (flag: string) => {
          const i = c.args.indexOf(flag);
          return i === -1 ? undefined : c.args[i + 1];
        };
        const at = (base: string, p: string | undefined) => (p === undefined ? undefined : path.resolve(base, p));
        const cwd = path.resolve(dir, c.cwd);
        // The generated hosts keep their migrations in the host project itself.
        return (
          at(cwd, arg('--project')) === project &&
          at(cwd, arg('--startup-project')) === project &&
          arg('-c') === m.context &&
          at(path.dirname(project), arg('-o')) === path.resolve(dir, m.dir)
        );
      });
    });
    expect(missing.map((m) => `${m.project} ${m.context}`)).toEqual([]);
  });
});
