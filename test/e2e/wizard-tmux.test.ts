import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, REPO, removeDir, runCli, snapshotTree, tempDir } from '../helpers/cli.js';
import { standInPath } from '../stand-ins/stand-in-path.js';
import { waitFor } from '../ui/helpers.js';

/**
 * The whole wizard in a real terminal: tmux at 80×24 runs the built binary in a
 * shell, the test types keys and reads the screen. `dotnet` is the stand-in
 * (test/stand-ins), so `dotnet build` in the verify step is quick and offline.
 */

const SOCKET = `duende-wizard-${process.pid}`;
const tmux = (...args: string[]) => execa('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { reject: false });

let work: string;
let dir: string;
let twin: string;
let env: Record<string, string>;

const CSPROJ = `<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="IdentityServer4" Version="4.1.2" />
  </ItemGroup>
</Project>
`;

const STARTUP = `using IdentityServer4;
using Microsoft.Extensions.DependencyInjection;

namespace Host
{
    public class Startup
    {
        public void ConfigureServices(IServiceCollection services)
        {
            // Signing: the developer credential, for now.
            services.AddIdentityServer()
                .AddDeveloperSigningCredential();
        }
    }
}
`;

function writeSolution(root: string): void {
  mkdirSync(path.join(root, 'src/Host'), { recursive: true });
  writeFileSync(path.join(root, 'src/Host/Host.csproj'), CSPROJ);
  writeFileSync(path.join(root, 'src/Host/Startup.cs'), STARTUP);
}

async function screen(): Promise<string> {
  return String((await tmux('capture-pane', '-p', '-t', 'wiz')).stdout);
}

/** Poll the visible screen until it shows every text (a ready marker), never a fixed sleep. */
async function waitScreen(...texts: string[]): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = await screen();
    if (texts.every((t) => s.includes(t))) return s;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${JSON.stringify(texts)}; screen:\n${s}`);
    await new Promise((r) => setImmediate(r));
  }
}

async function keys(...k: string[]): Promise<void> {
  await tmux('send-keys', '-t', 'wiz', ...k);
}

/** Type the command into the pane's shell, the way a person would; its exit code lands in a file. */
async function launch(exitFile: string, target = dir, extra: Record<string, string> = {}, flags = ''): Promise<void> {
  // The environment goes on the command line: tmux starts the pane's shell as a login shell, which resets PATH.
  const vars = Object.entries({ ...env, ...extra }).map(([k, v]) => `${k}='${v}'`).join(' ');
  await keys('-l', `clear; env ${vars} ${process.execPath} ${BIN} ${target}${flags}; echo EXIT=$? > ${exitFile}`);
  await keys('Enter');
}

async function exitCode(exitFile: string): Promise<number> {
  await waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').includes('\n'), () => `${exitFile} to be written`, 30_000);
  return Number(/EXIT=(\d+)/.exec(readFileSync(exitFile, 'utf8'))?.[1]);
}

beforeAll(async () => {
  if (!existsSync(path.join(REPO, 'dist/cli/main.js'))) throw new Error('run `npm run build` first');
  work = tempDir('wizard-e2e-');
  dir = path.join(work, 'solution');
  twin = path.join(work, 'twin');
  writeSolution(dir);
  writeSolution(twin);
  const standIn = standInPath(work);
  env = { PATH: [standIn.PATH, '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter), FAKE_TOOLS_DIR: standIn.toolsDir, NO_COLOR: '1', TERM: 'xterm-256color', HOME: work };
  const r = await tmux('new-session', '-d', '-x', '80', '-y', '24', '-s', 'wiz', 'sh');
  if (r.exitCode !== 0) throw new Error(`tmux: ${r.stderr}`);
});

afterAll(async () => {
  await tmux('kill-server');
  if (work) removeDir(work);
});

describe('the wizard in tmux at 80×24', () => {
  it('apply, skip, quit, resume and finish by keyboard; the files match --yes minus the skipped step', async () => {
    // First run: apply two steps, skip one, then save and quit.
    await launch(path.join(work, 'exit1'));
    let s = await waitScreen('Go through the steps', 'Git          not a repository');
    expect(s).toContain('IdentityServer4 4.1.2');
    expect(s).toContain('Host (host): IdentityServer4 4.1.2');
    await keys('Enter');
    s = await waitScreen('Step 2 of 10', 'file 1 of 1: src/Host/Host.csproj');
    expect(s).toContain('+    <PackageReference Include="Duende.IdentityServer"');
    await keys('a');
    await waitScreen('Step 3 of 10', '✔ Swap the NuGet packages: done');
    await keys('a');
    s = await waitScreen('Step 6 of 10', '✔ Rename the namespaces: done');
    expect(s).toContain('src/Host/Startup.cs:12');
    await keys('s');
    s = await waitScreen('Step 10 of 10', '↷ Remove AddDeveloperSigningCredential');
    await keys('q');
    expect(await exitCode(path.join(work, 'exit1'))).toBe(0);
    expect(await screen()).toContain('Saved. Run duende-upgrade again to carry on: 1 step left.');
    expect(readFileSync(path.join(dir, 'src/Host/Startup.cs'), 'utf8')).toContain('.AddDeveloperSigningCredential();');

    // Second run: it resumes where it stopped and finishes.
    await launch(path.join(work, 'exit2'));
    s = await waitScreen('Resuming: 3 of');
    expect(s).toMatch(/Resuming: 3 of \d+ steps done \(1 skipped, \d+ not needed\)/);
    await keys('Enter');
    s = await waitScreen('Step 10 of 10');
    expect(s).toContain('$ dotnet build');
    await keys('a');
    s = await waitScreen('All steps handled', 'Press Enter to exit.');
    expect(s).toContain('↷ Remove AddDeveloperSigningCredential: skipped (in an earlier run)');
    expect(s).toContain('✔ Verify the build: done');
    // ten steps' lines and their reasons fill more than 24 rows: the report's path is a page down
    await keys('PgDn');
    await waitScreen('Report: ', 'Press Enter to exit.');
    await keys('Enter');
    expect(await exitCode(path.join(work, 'exit2'))).toBe(0);

    // The same upgrade without the wizard, skipping the same step, gives the same files.
    const yes = await runCli([twin, '--yes', '--skip', 'dev-signing-credential'], { env });
    expect(yes.code, yes.stderr).toBe(0);
    const ours = snapshotTree(dir);
    const theirs = snapshotTree(twin);
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [rel, bytes] of ours) expect(bytes.equals(theirs.get(rel)!), rel).toBe(true);
    expect(readFileSync(path.join(dir, 'src/Host/Host.csproj'), 'utf8')).toContain('Include="Duende.IdentityServer"');
    expect(readFileSync(path.join(dir, 'src/Host/Startup.cs'), 'utf8')).toContain('using Duende.IdentityServer;');
    const state = JSON.parse(readFileSync(path.join(dir, '.duende-upgrade/state.json'), 'utf8')) as { steps: Record<string, { status: string }> };
    expect(Object.fromEntries(Object.entries(state.steps).map(([k, v]) => [k, v.status]))).toEqual({ packages: 'done', namespaces: 'done', 'dev-signing-credential': 'skipped', verify: 'done' });
    expect(readFileSync(path.join(dir, '.duende-upgrade/logs/verify.log'), 'utf8')).toContain('dotnet build');
  });

  it('Ctrl+C stops a running dotnet ef and marks the step interrupted; a second Ctrl+C exits 130', async () => {
    const ef = path.join(work, 'ef');
    cpSync(path.join(FIXTURES, 'ef-quickstart', 'before'), ef, { recursive: true });
    const exitFile = path.join(work, 'exit3');
    // The stand-in `dotnet ef migrations add` for this context prints a marker and waits until it is killed.
    // ef-quickstart targets netcoreapp3.1 and the machine has only a later runtime: roll forward, as a user would be told to.
    await launch(exitFile, ef, { FAKE_EF_WAIT: 'PersistedGrantDbContext' }, ' --roll-forward');
    await waitScreen('Go through the steps', 'EF stores    yes');
    await keys('Enter');
    for (const n of [2, 3, 6]) {
      await waitScreen(`Step ${n} of 10`);
      await keys('a');
    }
    await waitScreen('Step 7 of 10: Add and apply the EF Core migrations', 'Roll forward to');
    await keys('a');
    let s = await waitScreen('waiting to be interrupted');
    expect(s).toContain('Ctrl+C interrupt');
    await keys('C-c');
    // The step can only end while the stand-in waits forever if its process was stopped.
    s = await waitScreen('interrupted', 'Retry (r)');
    expect(s).toContain('✖ database');
    const state = JSON.parse(readFileSync(path.join(ef, '.duende-upgrade/state.json'), 'utf8')) as { steps: Record<string, { status: string }> };
    expect(state.steps.database?.status).toBe('interrupted');
    await keys('C-c');
    expect(await exitCode(exitFile)).toBe(130);
    expect(await screen()).toContain('Interrupted. Progress is saved');
  });
});
