import path from 'node:path';
import { frameworksOf } from '../data/pair.js';
import { lexFile } from '../lang/index.js';
import { LineIndex } from '../text/edit.js';
import type { ProjectInfo } from '../scan/model.js';
import type { Evidence, FileChange } from '../types.js';
import { sourceOf } from './database.js';
import type { Step, StepContext } from './step.js';

/**
 * ASP.NET isolates the data-protection key ring by application name, which by
 * default is the host's content-root path; .NET 6 ended that path with a
 * directory separator and .NET 7 stopped, so a framework change can leave the
 * host unable to read its own keys (automatic signing keys, cookies). Pinning
 * the name to the value the current framework computes keeps the key ring.
 */

interface HostSite {
  project: ProjectInfo;
  file: string;
  /** Offset of the start of the line holding the AddIdentityServer statement. */
  lineStart: number;
  indent: string;
  /** The service collection the statement is called on: `services`, `builder.Services`. */
  services: string;
  evidence: Evidence;
  eol: string;
}

interface Analysis {
  sites: HostSite[];
  /** Hosts that set the name already. */
  named: Evidence[];
  /** Hosts whose framework the target keeps. */
  unchanged: string[];
  /** Hosts the step cannot edit (no plain statement to put the line before). */
  manual: Evidence[];
}

const ADD = /\b((?:[A-Za-z_]\w*\s*\.\s*)*[A-Za-z_]\w*)\s*\.\s*AddIdentityServer\s*[<(]/g;
const NAMED = /\b(?:SetApplicationName|ApplicationDiscriminator)\b/;

/** netcoreapp3.1 → 3.1, net8.0 → 8; anything else (netstandard, net48) → Infinity, never moved. */
function tfmVersion(tfm: string): number {
  const m = /^net(?:coreapp)?(\d+)\.(\d+)$/.exec(tfm.trim().toLowerCase());
  return m ? Number(m[1]) + Number(m[2]) / 10 : Number.POSITIVE_INFINITY;
}

/**
 * The project whose folder holds `file` most closely (the first listed when two share a
 * folder). One map of the project folders, then a walk up the file's folders: a
 * 2,000-project tree with 5,500 source files spent over a second comparing each file
 * with every project (issue 16's profile).
 */
function projectOwners(projects: readonly ProjectInfo[]): (file: string) => ProjectInfo | undefined {
  const byDir = new Map<string, ProjectInfo>();
  for (const p of projects) {
    const dir = path.posix.dirname(p.path);
    if (!byDir.has(dir)) byDir.set(dir, p);
  }
  return (file) => {
    for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
      const p = byDir.get(dir);
      if (p) return p;
      if (dir === '.' || dir === '/' || dir === '') return undefined;
    }
  };
}

function analyse(ctx: StepContext): Analysis {
  const out: Analysis = { sites: [], named: [], unchanged: [], manual: [] };
  const targetTfms = frameworksOf(ctx.options.target) ?? [];
  const byProject = new Map<string, { project: ProjectInfo; files: { path: string; text: string; mask: string }[] }>();
  const ownerOf = projectOwners(ctx.scan.projects);
  for (const p of ctx.scan.sourceFiles) {
    if (!p.endsWith('.cs')) continue;
    const r = ctx.workspace.tryRead(p);
    if (!r.ok) continue;
    const lexed = lexFile(r.file);
    if (!lexed) continue;
    const owner = ownerOf(p);
    if (!owner) continue;
    const entry = byProject.get(owner.path) ?? { project: owner, files: [] };
    entry.files.push({ path: p, text: r.file.text, mask: lexed.mask });
    byProject.set(owner.path, entry);
  }
  for (const { project, files } of byProject.values()) {
    const calls = files.flatMap((f) => [...f.mask.matchAll(ADD)].map((m) => ({ f, m })));
    if (calls.length === 0) continue;
    // the framework step only moves a host up, to the lowest framework the target ships for
    const lowest = Math.min(...targetTfms.map(tfmVersion));
    if (project.targetFrameworks.length === 0 || project.targetFrameworks.some((t) => tfmVersion(t) >= lowest)) {
      out.unchanged.push(project.path);
      continue;
    }
    const namedAt = files.find((f) => NAMED.test(f.mask));
    if (namedAt) {
      const at = namedAt.mask.search(NAMED);
      const lines = new LineIndex(namedAt.text);
      out.named.push({ path: namedAt.path, line: lines.line(at), text: lines.lineText(at).trim(), note: 'sets the data-protection application name' });
      continue;
    }
    const { f, m } = calls[0]!;
    const lines = new LineIndex(f.text);
    const at = m.index!;
    const evidence: Evidence = { path: f.path, line: lines.line(at), text: lines.lineText(at).trim(), note: `${project.name} registers IdentityServer without a data-protection application name` };
    const lineStart = f.text.lastIndexOf('\n', at - 1) + 1;
    const lead = f.mask.slice(lineStart, at);
    // a statement of its own line: `services.AddIdentityServer(...)`, `var b = services.AddIdentityServer(...)`, `builder.Services.AddIdentityServer(...)`
    if (!/^[ \t]*(?:(?:var|IIdentityServerBuilder)\s+\w+\s*=\s*)?$/.test(lead)) {
      out.manual.push(evidence);
      continue;
    }
    out.sites.push({ project, file: f.path, lineStart, indent: /^[ \t]*/.exec(lead)![0], services: m[1]!.replace(/\s+/g, ''), evidence, eol: f.text.includes('\r\n') ? '\r\n' : '\n' });
  }
  return out;
}

/**
 * The statement that pins the application name to what the host's current
 * framework computes: the content-root path as it is, and on .NET 6 with the
 * trailing separator .NET 6 gave it.
 */
export function pinStatement(services: string, fromNet6: boolean): string {
  const path = 'global::System.IO.Path';
  const name = fromNet6 ? `${path}.TrimEndingDirectorySeparator(environment.ContentRootPath) + ${path}.DirectorySeparatorChar` : 'environment.ContentRootPath';
  return (
    `${services}.AddOptions<global::Microsoft.AspNetCore.DataProtection.DataProtectionOptions>()` +
    `.Configure<global::Microsoft.Extensions.Hosting.IHostEnvironment>((options, environment) => options.ApplicationDiscriminator = ${name});`
  );
}

export const dataProtectionStep: Step = {
  id: 'data-protection',
  title: 'Keep the data-protection application name',
  why: 'The data-protection key ring (automatic signing keys, cookies) is isolated by an application name derived from the content-root path, which a framework change can alter; pinning it keeps the keys readable.',
  detect(ctx) {
    if (!frameworksOf(ctx.options.target)) return { status: 'not-applicable', evidence: [], warnings: ['The target has no known frameworks.'] };
    const a = analyse(ctx);
    const manual = a.manual.map((e) => `${e.path}:${e.line}: set the data-protection application name by hand before the framework changes (services.AddDataProtection().SetApplicationName("<the content-root path the host runs from today>")), with the key ring persisted.`);
    if (a.sites.length > 0 || a.manual.length > 0) return { status: 'pending', evidence: [...a.sites.map((s) => s.evidence), ...a.manual], followUps: manual };
    if (a.named.length > 0 && ctx.state?.steps['data-protection']?.status === 'done') return { status: 'done', evidence: a.named };
    if (a.named.length > 0) return { status: 'not-applicable', evidence: a.named, warnings: ['The host sets its data-protection application name already, so a framework change keeps its key ring.'] };
    return { status: 'not-applicable', evidence: [], warnings: [a.unchanged.length > 0 ? `The host's framework stays (${a.unchanged.join(', ')}), so its data-protection application name does not change.` : 'No host registers IdentityServer in the code read.'] };
  },
  plan(ctx) {
    const a = analyse(ctx);
    const source = sourceOf(ctx.options);
    const changes: FileChange[] = [];
    const warnings: string[] = [];
    for (const s of a.sites) {
      const fromNet6 = s.project.targetFrameworks.includes('net6.0');
      changes.push({ kind: 'edit', path: s.file, splices: [{ start: s.lineStart, end: s.lineStart, text: `${s.indent}${pinStatement(s.services, fromNet6)}${s.eol}` }] });
      warnings.push(
        `${s.project.path} (${s.project.targetFrameworks.join(', ') || 'framework unknown'}) does not set a data-protection application name; the name is pinned to the content-root path as ${fromNet6 ? '.NET 6 computes it (with a trailing separator)' : 'the current framework computes it'}, ` +
          `the same as SetApplicationName("<that path>"), so keys written before the upgrade (from ${source}) stay readable. Keep the key ring persisted (PersistKeysTo…) where every instance reads it.`,
      );
    }
    return { changes, commands: [], warnings };
  },
};
