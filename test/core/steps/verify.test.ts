import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO, removeDir, runCli, tempDir } from '../../helpers/cli.js';
import { writeEfHost } from '../../stand-ins/ef-host.js';
import { standInPath } from '../../stand-ins/stand-in-path.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function setup(env: Record<string, string> = {}) {
  const dir = tempDir('verify-step-');
  dirs.push(dir);
  const root = path.join(dir, 'root');
  writeEfHost(root);
  const log = path.join(dir, 'calls.jsonl');
  return { root, log, env: { PATH: standInPath(dir).PATH, FAKE_DOTNET_LOG: log, ...env } };
}

const builds = (log: string) =>
  readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { tool: string; args: string[] })
    .filter((c) => c.tool === 'dotnet' && c.args[0] === 'build');

beforeAll(async () => {
  await execa('npm', ['run', 'build'], { cwd: REPO });
});

describe('verify step with a stand-in dotnet', () => {
  it('builds the solution, records it, and is done on the next run until another step changes something', async () => {
    const s = setup();
    const r = await runCli([s.root, '--yes', '--only', 'packages,verify'], { env: s.env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(builds(s.log).map((c) => c.args)).toEqual([['build', 'IdentityServer.sln', '--nologo']]);
    const plan = JSON.parse((await runCli([s.root, '--plan', '--json'], { env: s.env })).stdout);
    const verify = plan.steps.find((x: { id: string }) => x.id === 'verify');
    expect(verify.status).toBe('done');
    expect(verify.warnings.join('\n')).toContain('no step changed anything since');

    // The database step then writes migrations: the build must be checked again.
    expect((await runCli([s.root, '--yes', '--only', 'packages,database'], { env: s.env })).code).toBe(0);
    const after = JSON.parse((await runCli([s.root, '--plan', '--json'], { env: s.env })).stdout);
    expect(after.steps.find((x: { id: string }) => x.id === 'verify').status).toBe('pending');
  });

  it('lists the compiler errors with file:line and maps known v5 API breaks to hints', async () => {
    const s = setup({ FAKE_BUILD: 'fail' });
    const r = await runCli([s.root, '--yes', '--only', 'packages,verify'], { env: s.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Build IdentityServer.sln failed (exit 1) with 2 compiler errors:');
    expect(r.stderr).toContain(`\n  src/IdentityServer/Services/TokenService.cs(42): error CS1501: No overload for method 'CreateRefreshTokenAsync' takes 3 arguments`);
    expect(r.stderr).toContain('hint: IRefreshTokenService in v5 takes CreateRefreshTokenAsync(RefreshTokenCreationRequest)');
    expect(r.stderr).toContain('hint: Code still refers to the IdentityServer4 namespace');
  });

  it('is not applicable, with a warning to build by hand, when dotnet is not on PATH', async () => {
    const s = setup();
    const plan = JSON.parse((await runCli([s.root, '--plan', '--json'], { env: { ...s.env, PATH: path.join(path.dirname(s.root), 'empty') } })).stdout);
    const verify = plan.steps.find((x: { id: string }) => x.id === 'verify');
    expect(verify.status).toBe('not-applicable');
    expect(verify.warnings.join('\n')).toContain('run `dotnet build` by hand');
  });
});
