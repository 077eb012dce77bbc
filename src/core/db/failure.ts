import { compileHintsFor, DEFAULT_TARGET, type CompileHint } from '../releases.js';

/**
 * Reads the tail of a failed `dotnet ef` or `dotnet build` and says what most
 * likely went wrong, in terms a .NET developer can act on.
 */

export interface CompilerError {
  /** "src/Host/Startup.cs:42" when MSBuild gave a location. */
  where?: string;
  code: string;
  message: string;
}

/** `path(line,col): error CS0246: message [project]` as MSBuild prints it. */
export function compilerErrors(lines: readonly string[], root?: string): CompilerError[] {
  const seen = new Set<string>();
  const out: CompilerError[] = [];
  for (const raw of lines) {
    const m = /^\s*(?:(.+?)\((\d+)(?:,\d+)?\)\s*:\s*)?error\s+([A-Z]+\d+)\s*:\s*(.*?)(?:\s+\[[^\]]+\])?\s*$/.exec(raw);
    if (!m) continue;
    // Root-relative where MSBuild printed an absolute path inside the solution.
    const file = m[1]?.trim();
    const shown = file && root && file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
    const where = shown ? `${shown}:${m[2]}` : undefined;
    const key = `${where}|${m[3]}|${m[4]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...(where ? { where } : {}), code: m[3]!, message: m[4]! });
  }
  return out;
}

export function formatErrors(errors: CompilerError[], limit = 20): string[] {
  const shown = errors.slice(0, limit).map((e) => `${e.where ? `${e.where}: ` : ''}error ${e.code}: ${e.message}`);
  if (errors.length > limit) shown.push(`… and ${errors.length - limit} more (see the log)`);
  return shown;
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
    return { cause: 'The dotnet-ef tool is not installed (or not on PATH).', details: [ctx.installCommand ? `Install it: ${ctx.installCommand}` : 'Install it: dotnet tool install --global dotnet-ef', 'A global tool lives in ~/.dotnet/tools, which must be on PATH.'] };
  }
  if (/Tool '?dotnet-ef'? is already installed/i.test(text)) {
    return { cause: 'dotnet-ef is installed, but `dotnet ef` cannot find it.', details: ['Add the global tools folder (~/.dotnet/tools, %USERPROFILE%\\.dotnet\\tools on Windows) to PATH, then run again.'] };
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
  return { cause: 'The command failed.', details: ['See the last lines below and the full log in .duende-upgrade/logs/.'] };
}
