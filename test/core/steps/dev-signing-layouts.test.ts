import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, runCli, snapshotTree } from '../../helpers/cli.js';
import { csproj, writeTree } from '../scan/tree.js';

/**
 * AddDeveloperSigningCredential through the real CLI, run twice: a brace-less else
 * is dropped; a call that must stay keeps the step pending (never "done") with its
 * follow-up on every later run, and a second run changes nothing.
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const PROJECT = csproj('    <PackageReference Include="Duende.IdentityServer" Version="5.2.4" />\n');
const state = (root: string) => JSON.parse(readFileSync(path.join(root, '.duende-upgrade/state.json'), 'utf8')) as { steps: Record<string, { status: string } | undefined> };

describe('dev-signing-credential across runs', () => {
  it('a reassigned builder keeps the step pending with its follow-up on every run; the rest is removed once', async () => {
    const startup = [
      'public class Startup',
      '{',
      '    public void ConfigureServices(IServiceCollection services)',
      '    {',
      '        var b = services.AddIdentityServer();',
      '',
      '        b.AddDeveloperSigningCredential();',
      '',
      '        if (Env.IsDevelopment())',
      '            b = b.AddDeveloperSigningCredential();',
      '    }',
      '}',
      '',
    ].join('\r\n');
    const root = writeTree({ 'Auth/Auth.csproj': PROJECT, 'Auth/Startup.cs': startup });
    dirs.push(root);
    const first = await runCli([root, '--yes', '--only', 'dev-signing-credential']);
    // one call removed, one left for a person: not all handled
    expect(first.code).toBe(1);
    expect(first.stderr).toBe('\nNot all steps handled (exit code 1):\n  Remove AddDeveloperSigningCredential is left for you: its work is not done (see its by-hand lines).');
    const after = readFileSync(path.join(root, 'Auth/Startup.cs'), 'utf8');
    // the statement between two blank lines went with one of them; the assigned call stays
    expect(after).toBe(startup.replace('\r\n        b.AddDeveloperSigningCredential();\r\n', ''));
    expect(after.split('AddDeveloperSigningCredential').length).toBe(2);
    const tree = snapshotTree(root);
    for (let run = 0; run < 2; run++) {
      const again = await runCli([root, '--yes', '--only', 'dev-signing-credential']);
      expect(again.code).toBe(1);
      expect(again.stdout).toContain('○ Remove AddDeveloperSigningCredential: pending, left for you');
      expect(again.stdout).toMatch(/by hand: Auth\/Startup\.cs:8: b = b\.AddDeveloperSigningCredential\(\); was left in place: its result is used/);
      expect(again.stdout).not.toContain('Remove AddDeveloperSigningCredential: done');
      const plan = await runCli([root, '--plan']);
      expect(plan.stdout).toMatch(/○ \d+\. Remove AddDeveloperSigningCredential \[dev-signing-credential\] — pending/);
      expect(snapshotTree(root)).toEqual(tree);
    }
    expect(state(root).steps['dev-signing-credential']?.status).toBe('done'); // the first run's removal, recorded once
  }, 180_000);

  it('the only call as a brace-less else: the else branch goes, and the step is done for good', async () => {
    const program = 'var builder = WebApplication.CreateBuilder(args);\nvar idsrv = builder.Services.AddIdentityServer();\nif (builder.Environment.IsProduction())\n    idsrv.AddSigningCredential(LoadCert());\nelse\n    idsrv.AddDeveloperSigningCredential();\n\nvar app = builder.Build();\napp.Run();\n';
    const root = writeTree({ 'Sts/Sts.csproj': PROJECT, 'Sts/Program.cs': program });
    dirs.push(root);
    const r = await runCli([root, '--yes', '--only', 'dev-signing-credential']);
    expect(r.stderr).toBe('');
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    expect(readFileSync(path.join(root, 'Sts/Program.cs'), 'utf8')).toBe(program.replace('else\n    idsrv.AddDeveloperSigningCredential();\n', ''));
    const tree = snapshotTree(root);
    const plan = await runCli([root, '--plan']);
    expect(plan.stdout).toMatch(/✔ \d+\. Remove AddDeveloperSigningCredential \[dev-signing-credential\] — done/);
    expect((await runCli([root, '--yes', '--only', 'dev-signing-credential'])).code).toBe(0);
    expect(snapshotTree(root)).toEqual(tree);
  }, 180_000);
});
