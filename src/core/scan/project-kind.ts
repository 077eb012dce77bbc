import { lexSource } from '../lang/index.js';

/**
 * What kind of project a .csproj is, from its type rather than its packages:
 * whether it runs (a process `dotnet ef --startup-project` can start) and
 * whether it is a test project. MSBuild decides by the SDK's default
 * OutputType (Exe for Microsoft.NET.Sdk.Web and .Worker, Library otherwise)
 * and the OutputType property; a Program that builds a host only settles it
 * where this tool cannot know the OutputType (an SDK it does not know, or a
 * $(Property) it cannot follow).
 */

/** SDKs whose default OutputType is Exe (Microsoft.NET.Sdk.Web and .Worker set it in their props). */
const EXE_SDKS = new Set(['microsoft.net.sdk.web', 'microsoft.net.sdk.worker']);
/** SDKs whose default OutputType is Library. */
const LIBRARY_SDKS = new Set(['microsoft.net.sdk', 'microsoft.net.sdk.razor', 'microsoft.net.sdk.windowsdesktop']);
const EXE_OUTPUT = new Set(['exe', 'winexe', 'appcontainerexe']);
/** Test frameworks' packages (Microsoft.NET.Test.Sdk turns a project into an Exe for the test host). */
const TEST_PACKAGES = new Set(['microsoft.net.test.sdk', 'xunit', 'xunit.v3', 'xunit.core', 'nunit', 'mstest.testframework', 'mstest', 'tunit']);
const TEST_SDKS = new Set(['mstest.sdk']);
/** Code that builds a host: generic host, web host, minimal hosting. */
const HOST_BUILDER = /\b(?:WebApplication\s*\.\s*Create(?:Slim|Empty)?Builder|Host\s*\.\s*Create(?:Default|Application|Empty)Builder|WebHost\s*\.\s*(?:CreateDefaultBuilder|Start)|new\s+(?:WebHostBuilder|HostBuilder)\s*\()/;

export interface KindInput {
  /** The SDK names the project uses (Project Sdk="…", <Sdk Name>, <Import Sdk>), without versions. */
  sdks: string[];
  /** OutputType as evaluated; null when it is set through a property this tool cannot follow. */
  outputType: string | undefined | null;
  isTestProject?: string;
  /** Lower-case ids of every package the project references. */
  packageIds: ReadonlySet<string>;
  /** The project's Program.cs (or .vb/.fs) text, read only when needed. */
  program(): { path: string; text: string } | undefined;
}

export interface ProjectKind {
  /** Why the project runs (for the plan's JSON and messages), absent for a library or a test project. */
  runs?: string;
  test: boolean;
}

export function projectKind(input: KindInput): ProjectKind {
  const sdks = input.sdks.map((s) => s.trim().toLowerCase()).filter(Boolean);
  const test = input.isTestProject?.trim().toLowerCase() === 'true' || sdks.some((s) => TEST_SDKS.has(s)) || [...input.packageIds].some((id) => TEST_PACKAGES.has(id));
  if (test) return { test };
  const output = input.outputType?.trim().toLowerCase();
  if (output) return EXE_OUTPUT.has(output) ? { runs: `OutputType ${input.outputType!.trim()}`, test } : { test };
  if (input.outputType !== null) {
    const exeSdk = input.sdks.find((s) => EXE_SDKS.has(s.trim().toLowerCase()));
    if (exeSdk) return { runs: exeSdk.trim(), test };
    // A project with no SDK is an old-style project: its OutputType, absent here, defaults to Library.
    if (sdks.length === 0 || sdks.every((s) => LIBRARY_SDKS.has(s))) return { test };
  }
  const program = input.program();
  if (program && buildsHost(program.path, program.text)) return { runs: `${program.path} builds a host`, test };
  return { test };
}

/** Whether a Program file, read as code (comments and strings masked), builds a host. */
export function buildsHost(path: string, text: string): boolean {
  const mask = lexSource(path, text)?.mask ?? text;
  return HOST_BUILDER.test(mask);
}
