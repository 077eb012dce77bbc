import { compileHintsFor, DEFAULT_TARGET, type CompileHint } from '../releases.js';

/**
 * Reads the tail of a failed `dotnet ef` or `dotnet build` and says what most
 * likely went wrong, in terms a .NET developer can act on.
 */

export interface CompilerError {
  /** "src/Host/Startup.cs(42)" when MSBuild gave a line, "src/Host/Host.csproj" when it named only a file. */
  where?: string;
  code: string;
  message: string;
}

/** A path as shown: relative to the folder being upgraded when it is inside it. */
function shownPath(file: string, root: string | undefined): string {
  if (!root) return file;
  const r = root.endsWith('/') || root.endsWith('\\') ? root.slice(0, -1) : root;
  if (file.startsWith(`${r}/`) || file.startsWith(`${r}\\`)) return file.slice(r.length + 1).replace(/\\/g, '/');
  return file;
}

/**
 * MSBuild's canonical diagnostics, compiler (CS…), NuGet (NU…) and SDK (NETSDK…) alike:
 * `path(line,col): error CODE: message [project]`, or `path : error CODE: message [project]`,
 * or `error CODE: message` with no origin. A continuation that NuGet prints under the
 * same code (NU1102's "- Found 40 version(s)…") is joined to the error before it.
 */
export function compilerErrors(lines: readonly string[], root?: string): CompilerError[] {
  const seen = new Set<string>();
  const out: CompilerError[] = [];
  for (const raw of lines) {
    const m = /^\s*(?:(.+?)(?:\((\d+)(?:,\d+)*\))?\s*:\s*)?error\s+([A-Z]+\d+)\s*:\s*(.*?)(?:\s+\[([^\]]+\.(?:\w+proj|sln|slnx|props|targets))\])?\s*$/i.exec(raw);
    if (!m) continue;
    const file = m[1]?.trim();
    const project = m[5]?.trim();
    // An error inside the SDK's own targets (NETSDK1045) is about the project in brackets: name that instead.
    const inside = (f: string) => shownPath(f, root) !== f;
    const where =
      file && root && !inside(file) && project && inside(project) ? shownPath(project, root) : file ? `${shownPath(file, root)}${m[2] ? `(${m[2]})` : ''}` : undefined;
    const code = m[3]!;
    const message = m[4]!.trim();
    const previous = out.at(-1);
    // NuGet continues one error over several lines under the same code: "- Found 40 version(s)…", "Host -> A 1.0 -> B (>= 2.0)".
    if (previous && previous.code === code && previous.where === where && (/^-\s/.test(message) || / -> /.test(message))) {
      previous.message = `${previous.message} ${message}`;
      continue;
    }
    const key = `${where}|${code}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...(where ? { where } : {}), code, message });
  }
  return out;
}

/** `file(line): error CODE: message`, one a line. */
export function formatErrors(errors: CompilerError[], limit = 20): string[] {
  const shown = errors.slice(0, limit).map((e) => `${e.where ? `${e.where}: ` : ''}error ${e.code}: ${e.message}`);
  if (errors.length > limit) shown.push(`… and ${errors.length - limit} more (see the log)`);
  return shown;
}

/** What to do about the NuGet and SDK errors people meet most, from their own words. */
export function diagnosticAdvice(e: CompilerError): string | undefined {
  const sources = /in source\(s\): (.+?)(?:\.\s|\.?$)/.exec(e.message)?.[1] ?? /version\(s\) in ([^\[]+?) \[/.exec(e.message)?.[1];
  // "PackageSourceMapping is enabled, the following source(s) were not considered: nuget.org."
  const unmapped = /source\(s\) were not considered: (.+?)\.?$/.exec(e.message)?.[1];
  const mapping = unmapped
    ? ` Package source mapping in nuget.config sends this id to ${sources ?? 'other sources'} only, so ${unmapped} ${unmapped.includes(',') ? 'were' : 'was'} not asked: if it should come from there, add a <package pattern> for it under that source in <packageSourceMapping>.`
    : '';
  const advice = (text: string | undefined) => (text === undefined ? undefined : `${text}${mapping}`);
  switch (e.code) {
    case 'NU1101': {
      const pkg = /Unable to find package ([^\s.]+(?:\.[^\s.]+)*)\./.exec(e.message)?.[1] ?? 'the package';
      return advice(`${pkg} is on none of the configured package sources (${sources ?? 'see nuget.config'}). Add a source that serves it to nuget.config (a private feed, or nuget.org), or correct the package id.`);
    }
    case 'NU1102': {
      const m = /Unable to find package (\S+) with version \(([^)]*)\)/.exec(e.message);
      const nearest = /Nearest version: ([^\s\]]+)/.exec(e.message)?.[1];
      return advice(`${m?.[1] ?? 'The package'} ${m?.[2] ?? ''} is not on the configured sources (${sources ?? 'see nuget.config'})${nearest ? `; the nearest there is ${nearest}` : ''}. Use a version the source has, or add a source that has this one.`);
    }
    case 'NU1103':
      return advice(`Only pre-release versions of the package are on the configured sources (${sources ?? 'see nuget.config'}). Use a released version, or allow the pre-release explicitly.`);
    case 'NU1605': {
      const m = /downgrade: (\S+) from (\S+) to (\S+?)\.?(?:\s|$)/.exec(e.message);
      return m
        ? `${m[1]} is referenced at ${m[3]} while a dependency needs ${m[2]}: raise or remove the explicit ${m[1]} reference (e.g. an explicit IdentityModel 4.x under Duende), then restore.`
        : 'A direct reference holds a package below what a dependency needs: raise or remove that explicit reference, then restore.';
    }
    case 'NU1608':
      return 'A resolved package is outside the version range a dependency allows: align the explicit reference with that range (e.g. an explicit IdentityModel 4.x under Duende), then restore.';
    case 'NETSDK1045':
      return 'The installed .NET SDK is older than the project\'s target framework: install the SDK for that framework (https://dotnet.microsoft.com/download), or pin one in global.json.';
    default:
      return undefined;
  }
}

/**
 * Hints for compiler errors that API changes explain: those of the release
 * lines the upgrade crosses (releases.ts), by default IdentityServer4 → 5.2.4.
 */
export function apiBreakHints(errors: CompilerError[], hints: readonly CompileHint[] = compileHintsFor(undefined, { version: DEFAULT_TARGET })): string[] {
  const matches = (h: CompileHint, e: CompilerError) => (h.codes === undefined || h.codes.includes(e.code)) && h.message.test(e.message);
  return [...new Set(errors.flatMap((e) => hints.filter((h) => matches(h, e)).map((h) => h.hint)))];
}

export interface FailureAnalysis {
  /** One line: the likely cause. */
  cause: string;
  /** Further lines: the errors found, contexts known, what to do. */
  details: string[];
}

export interface FailureContext {
  /** The store contexts the scan found, for "No DbContext named". */
  contexts: string[];
  /** The exact dotnet-ef install command, for a missing tool. */
  installCommand?: string;
  /** Solution root, to show compiler error locations relative to it. */
  root?: string;
  /** Hints for the API changes the upgrade crosses (compileHintsFor); IdentityServer4 → 5.2.4 when absent. */
  hints?: readonly CompileHint[];
}

export function analyzeEfFailure(tail: readonly string[], ctx: FailureContext): FailureAnalysis {
  const text = tail.join('\n');
  const errors = compilerErrors(tail, ctx.root);
  if (/Could not execute because the specified command or file was not found|dotnet-ef does not exist|No executable found matching command "dotnet-ef"/.test(text)) {
    return { cause: 'The dotnet-ef tool is not installed (or not on PATH).', details: [`Install it as a local tool: ${ctx.installCommand ?? 'dotnet new tool-manifest; dotnet tool install dotnet-ef --version <the project\'s EF Core version>'}`] };
  }
  const notOnFeed = /Version (\S+) of package (\S+) is not found in NuGet feeds ([^\n]*?)\.?$/m.exec(text);
  if (notOnFeed) {
    const [, version, id, feeds] = notOnFeed;
    return {
      cause: `${id} ${version} is not on the package sources this machine uses (${feeds!.trim()}).`,
      details: [
        `Add a source that has ${id} ${version} (a nuget.config in this folder, or \`dotnet nuget add source <url>\`), then retry.`,
        'The tool is installed only locally, into this folder\'s tool manifest: global tools are not changed.',
      ],
    };
  }
  if (/Tool '?dotnet-ef'? is already installed/i.test(text)) {
    return { cause: 'dotnet-ef is installed, but `dotnet ef` cannot find it.', details: ['Run `dotnet tool restore` in the folder with the local tool manifest (dotnet-tools.json or .config/dotnet-tools.json), or add the global tools folder (~/.dotnet/tools) to PATH, then run again.'] };
  }
  const missingRuntime = /You must install or update \.NET to run this application|framework '?Microsoft\.(?:NETCore|AspNetCore)\.App'?, version '([^']+)' (?:\(\w+\) )?was not found/i.exec(text);
  if (missingRuntime) {
    const fw = /Framework: '([^']+)', version '([^']+)'/.exec(text);
    const found = [...text.matchAll(/^\s+(\d+\.\d+\.\d+\S*) at \[/gm)].map((m) => m[1]);
    return {
      cause: `The .NET runtime the startup project needs is not installed${fw ? ` (${fw[1]} ${fw[2]})` : ''}.`,
      details: [`Installed: ${found.length ? found.join(', ') : 'none of that framework'}.`, 'Install that runtime, or run again with --roll-forward to run the dotnet ef commands on a later one (DOTNET_ROLL_FORWARD=Major).'],
    };
  }
  const advised = errors.filter((e) => diagnosticAdvice(e) !== undefined);
  if (advised.length > 0) {
    const restore = advised.some((e) => e.code.startsWith('NU'));
    return {
      cause: restore ? 'The packages could not be restored.' : 'The .NET SDK cannot build the project.',
      details: [...formatErrors(errors), ...[...new Set(advised.map((e) => diagnosticAdvice(e)!))].map((a) => `fix: ${a}`)],
    };
  }
  if (errors.length > 0 || /Build failed\./.test(text)) {
    const hints = apiBreakHints(errors, ctx.hints);
    return { cause: 'The project does not build, so dotnet ef cannot load it.', details: [...formatErrors(errors), ...hints.map((h) => `hint: ${h}`), ...(errors.length === 0 ? ['Run `dotnet build` to see the errors.'] : [])] };
  }
  const noContext = /No DbContext named '([^']+)' was found/.exec(text);
  if (noContext) {
    return { cause: `No DbContext named '${noContext[1]}' in the startup or migrations project.`, details: [`Contexts found by the scan: ${ctx.contexts.join(', ') || 'none'}.`, 'Check that --project names the project that references the context, and pass the right name to -c.'] };
  }
  if (/Unable to create (?:an object of type|a 'DbContext')|An error occurred while accessing the Microsoft\.Extensions\.Hosting services|Parameter 'certificate'/.test(text)) {
    const cert = /Parameter 'certificate'|X509Certificate|certificate/i.test(text);
    return {
      cause: 'The design-time host failed: dotnet ef runs your Program/Startup to build the DbContext, and it threw.',
      details: cert
        ? ["A certificate loaded in ConfigureServices was null at design time (\"Value cannot be null. (Parameter 'certificate')\").", 'Load it only when not at design time, or add an IDesignTimeDbContextFactory for the store contexts, and run again.']
        : ['Add an IDesignTimeDbContextFactory for the context, or make startup code that needs secrets or services tolerate design time.'],
    };
  }
  const exists = /There is already an object named '([^']+)'|table "?'?(\w+)'?"? already exists|relation "([^"]+)" already exists/i.exec(text);
  if (exists) {
    const table = exists[1] ?? exists[2] ?? exists[3];
    return {
      cause: `The table ${table} already exists: the database was created without EF's migrations history (__EFMigrationsHistory).`,
      details: ['Baseline it: insert the ids of the existing migrations into __EFMigrationsHistory (or generate a script with --db script and apply only the new part), then run again.'],
    };
  }
  if (/doesn't reference Microsoft\.EntityFrameworkCore\.Design/.test(text)) {
    return { cause: 'The startup project does not reference Microsoft.EntityFrameworkCore.Design.', details: ['Add the package at the project\'s EF Core version and run again.'] };
  }
  return { cause: 'The command failed.', details: ['See the last lines below; the full output is in the step\'s log.'] };
}
