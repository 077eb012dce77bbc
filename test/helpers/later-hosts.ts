/**
 * Hosts on a later Duende line for the real-dotnet tests of the later targets: the sample host moved to
 * a Duende version (a stand-in for a team that upgraded earlier), its migrations made afresh by
 * dotnet-ef, and the CLI's `--yes --json` report read back.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './cli.js';
import { dotnet, stringEnv } from './dotnet.js';

export function filesUnder(dir: string, keep: (rel: string) => boolean, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'bin' || e.name === 'obj' || e.name === '.duende-upgrade' ? [] : filesUnder(abs, keep, base);
    const rel = path.relative(base, abs).split(path.sep).join('/');
    return keep(rel) ? [rel] : [];
  });
}

export function edit(file: string, change: (text: string) => string) {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the sample set-up changed nothing in ${file}`);
  writeFileSync(file, after);
}

/**
 * The sample host as a solution already on Duende `version` (a stand-in for one a team upgraded
 * earlier): the package references and the code's namespaces, nothing else.
 */
export function sampleOnDuende(dir: string, version: string) {
  edit(path.join(dir, 'IdentityServerHost.csproj'), (t) =>
    t
      .replace('Include="IdentityServer4" Version="4.1.1"', `Include="Duende.IdentityServer" Version="${version}"`)
      .replace('Include="IdentityServer4.EntityFramework" Version="4.1.1"', `Include="Duende.IdentityServer.EntityFramework" Version="${version}"`),
  );
  for (const rel of filesUnder(dir, (r) => /\.(cs|cshtml)$/.test(r) && !r.startsWith('Data/'))) {
    const file = path.join(dir, rel);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/\bIdentityServer4(?=[.;])/g, 'Duende.IdentityServer'));
  }
}

/** Replace the sample's IdentityServer4 migrations by initial ones made by dotnet-ef against the sample's current packages. */
export async function freshInitialMigrations(dir: string, env: NodeJS.ProcessEnv) {
  rmSync(path.join(dir, 'Data', 'Migrations'), { recursive: true, force: true });
  await dotnet(['build', '-nodeReuse:false'], { cwd: dir, env });
  await dotnet(['ef', 'migrations', 'add', 'InitialIdentityServerPersistedGrantDbMigration', '-c', 'PersistedGrantDbContext', '-o', 'Data/Migrations/IdentityServer/PersistedGrantDb', '--no-build'], { cwd: dir, env });
  await dotnet(['ef', 'migrations', 'add', 'InitialIdentityServerConfigurationDbMigration', '-c', 'ConfigurationDbContext', '-o', 'Data/Migrations/IdentityServer/ConfigurationDb', '--no-build'], { cwd: dir, env });
}

export interface Report {
  result: { allHandled: boolean; exitCode: number; problems: string[] };
  steps: { id: string; status: string; files: string[]; message?: string; followUps: string[]; log?: string }[];
}

export async function upgrade(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await runCli([dir, '--yes', '--json', ...args], { cwd: dir, env: stringEnv(env) });
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`--yes --json printed no report (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, report, stderr: r.stderr };
}

export const stepOf = (report: Report, id: string) => report.steps.find((s) => s.id === id);

export function migrationsNamed(dir: string, name: string): string[] {
  return filesUnder(dir, (rel) => rel.endsWith(`_${name}.cs`));
}
