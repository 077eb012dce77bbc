import path from 'node:path';
import { frameworksOf } from '../releases.js';
import { lexFile } from '../lang/index.js';
import { LineIndex } from '../text/edit.js';
import type { ProjectInfo } from '../scan/model.js';
import { projectOwners } from '../scan/source.js';
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
  /** The projects that run this code: the project itself when it runs, else those that run and reference it. */
  hosts: ProjectInfo[];
  /** Each host's frameworks before the upgrade, as `path (frameworks)`. */
  hostsBefore: string[];
  /** A host ran on .NET 6, whose application name ends in a directory separator. */
  fromNet6: boolean;
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
  /** Whether any AddIdentityServer call was found. */
  found: boolean;
  /** Projects that run and whose framework the target keeps, when no call was found. */
  staying: string[];
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
/** The projects that run `project`'s code: itself when it runs, else every project that runs and references it (directly or not). */
function hostsOf(projects: readonly ProjectInfo[], project: ProjectInfo): ProjectInfo[] {
  if (project.runs) return [project];
  const byPath = new Map(projects.map((p) => [p.path, p]));
  const reaches = (from: ProjectInfo, seen = new Set<string>()): boolean =>
    from.projectReferences.some((r) => r === project.path || (!seen.has(r) && (seen.add(r), byPath.get(r) !== undefined && reaches(byPath.get(r)!, seen))));
  const hosts = projects.filter((p) => p.runs && p.role !== 'test' && reaches(p));
  return hosts.length > 0 ? hosts : [project];
}

/**
 * A project's frameworks as they were when this upgrade began: the framework step runs first and
 * moves them, and the application name a host computes depends on the framework it ran on, not the
 * one it is moving to. As the state recorded them at the first step, else as the scan finds them now.
 */
function frameworksBefore(ctx: StepContext, p: ProjectInfo): readonly string[] {
  return ctx.earlier.frameworks(p.path) ?? p.targetFrameworks;
}

function analyse(ctx: StepContext): Analysis {
  const out: Analysis = { sites: [], named: [], unchanged: [], manual: [], found: false, staying: [] };
  const targetTfms = frameworksOf(ctx.options.target) ?? [];
  // the framework step only moves a host up, to the lowest framework the target ships for
  const lowest = Math.min(...targetTfms.map(tfmVersion));
  const before = (p: ProjectInfo) => frameworksBefore(ctx, p);
  const stays = (p: ProjectInfo) => before(p).length === 0 || before(p).some((t) => tfmVersion(t) >= lowest);
  const byProject = new Map<string, { project: ProjectInfo; files: { path: string; text: string; mask: string }[] }>();
  const ownerOf = projectOwners(ctx.scan.projects);
  // AddIdentityServer often sits in a Startup.cs or Program.cs that names no IdentityServer4 namespace: the signing scan found those
  const files = new Set([...ctx.scan.sourceFiles, ...ctx.scan.signing.identityServer.map((e) => e.path)]);
  for (const p of [...files].sort()) {
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
    out.found = true;
    const hosts = hostsOf(ctx.scan.projects, project);
    if (hosts.every(stays)) {
      out.unchanged.push(...hosts.map((h) => h.path).filter((h) => !out.unchanged.includes(h)));
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
    // code in a library run by hosts on different frameworks: no one name fits them all
    const net6 = new Set(hosts.map((h) => before(h).includes('net6.0')));
    // a statement of its own line: `services.AddIdentityServer(...)`, `var b = services.AddIdentityServer(...)`, `builder.Services.AddIdentityServer(...)`
    if (!/^[ \t]*(?:(?:var|IIdentityServerBuilder)\s+\w+\s*=\s*)?$/.test(lead) || net6.size > 1) {
      out.manual.push(evidence);
      continue;
    }
    const hostsBefore = hosts.map((h) => `${h.path} (${before(h).join(', ') || 'framework unknown'})`);
    out.sites.push({ project, hosts, hostsBefore, fromNet6: net6.has(true), file: f.path, lineStart, indent: /^[ \t]*/.exec(lead)![0], services: m[1]!.replace(/\s+/g, ''), evidence, eol: f.text.includes('\r\n') ? '\r\n' : '\n' });
  }
  if (!out.found) out.staying = ctx.scan.projects.filter((p) => p.runs && p.role !== 'test' && before(p).length > 0 && stays(p)).map((p) => p.path);
  if (!out.found && ctx.scan.projects.some((p) => p.runs && p.role !== 'test' && !stays(p))) out.staying = [];
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
  kind: 'work',
  title: 'Keep the data-protection application name',
  why: 'The data-protection key ring (automatic signing keys, cookies) is isolated by an application name derived from the content-root path, which a framework change can alter; pinning it keeps the keys readable.',
  detect(ctx) {
    if (!frameworksOf(ctx.options.target)) return { status: 'not-applicable', evidence: [], warnings: ['The target has no known frameworks.'] };
    const a = analyse(ctx);
    const manual = a.manual.map((e) => `${e.path}:${e.line}: set the data-protection application name by hand before the framework changes (services.AddDataProtection().SetApplicationName("<the content-root path the host runs from today>")), with the key ring persisted.`);
    if (a.sites.length > 0 || a.manual.length > 0) return { status: 'pending', evidence: [...a.sites.map((s) => s.evidence), ...a.manual], followUps: manual };
    if (a.named.length > 0 && ctx.earlier.record('data-protection')?.status === 'done') return { status: 'done', evidence: a.named };
    if (a.named.length > 0) return { status: 'not-applicable', evidence: a.named, warnings: ['The host sets its data-protection application name already, so a framework change keeps its key ring.'] };
    // the framework staying is the reason first: with no framework change, no name changes, wherever IdentityServer is registered
    const reason =
      a.unchanged.length > 0
        ? `The host's framework stays (${a.unchanged.join(', ')}), so its data-protection application name does not change.`
        : a.staying.length > 0
          ? `The framework stays for every project that runs (${a.staying.join(', ')}), so no data-protection application name changes.`
          : 'No AddIdentityServer call was found in the code read, so there is no host whose data-protection application name this step can pin; if a host\'s framework changes, set its name by hand (services.AddDataProtection().SetApplicationName(...)).';
    return { status: 'not-applicable', evidence: [], warnings: [reason] };
  },
  plan(ctx) {
    const a = analyse(ctx);
    const source = sourceOf(ctx.options);
    const changes: FileChange[] = [];
    const warnings: string[] = [];
    for (const s of a.sites) {
      const fromNet6 = s.fromNet6;
      changes.push({ kind: 'edit', path: s.file, splices: [{ start: s.lineStart, end: s.lineStart, text: `${s.indent}${pinStatement(s.services, fromNet6)}${s.eol}` }] });
      warnings.push(
        `${s.hostsBefore.join(', ')} ${s.hosts.length > 1 ? 'do' : 'does'} not set a data-protection application name; the name is pinned to the content-root path as ${fromNet6 ? '.NET 6 computes it (with a trailing separator)' : 'the current framework computes it'}, ` +
          `the same as SetApplicationName("<that path>"), so keys written before the upgrade (from ${source}) stay readable. Keep the key ring persisted (PersistKeysTo…) where every instance reads it.`,
      );
    }
    return { changes, commands: [], warnings };
  },
};
