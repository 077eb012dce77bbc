import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { engineDeps } from '../../src/ui/engine.js';
import { PLAIN_THEME } from '../../src/ui/theme.js';
import { removeDir } from '../helpers/cli.js';
import { csproj, writeTree } from '../core/scan/tree.js';
import { OPTIONS, waitFor, waitForFrame } from './helpers.js';

const KEY = { enter: '\r', down: '\u001B[B' };
const dirs: string[] = [];
const apps: { unmount(): void }[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.unmount();
  for (const d of dirs.splice(0)) removeDir(d);
});

const CONFIG = 'using IdentityServer4.Models;\n\nnamespace Sts\n{\n    public static class Config\n    {\n        public static Client[] Clients => new Client[0];\n    }\n}\n';

describe('wizard: a step blocked by its dependency', () => {
  it('says why, offers no plain apply (the a key does nothing), and applies only on the choice naming the consequence', async () => {
    const dir = writeTree({ 'Sts/Sts.csproj': csproj('    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n'), 'Sts/Config.cs': CONFIG });
    dirs.push(dir);
    let code: number | undefined;
    // The real engine: real scan, plan, dependencies and session.
    const r = render(<App root={dir} dir="sts" options={OPTIONS} restart={false} deps={{ ...engineDeps, probe: async () => {} }} theme={PLAIN_THEME} onExit={(c) => (code = c)} />);
    apps.push(r);
    const see = (...t: string[]) => waitForFrame(r.lastFrame, ...t);
    const file = () => readFileSync(path.join(dir, 'Sts/Config.cs'), 'utf8');
    await see('Go through the steps');
    r.stdin.write(KEY.enter);
    await see('Swap the NuGet packages');
    r.stdin.write('s');
    const f = await see('Rename the namespaces', 'Blocked:');
    expect(f.replace(/\s+/g, ' ')).toContain('Blocked: needs "Swap the NuGet packages" [packages] done first, which is skipped.');
    expect(f).toMatch(/❯ Skip this step \(s\)\n\s+Apply anyway: the build breaks/);
    expect(f).not.toContain('Apply this step (a)');
    expect(f).toContain('s skip · d details · q quit');
    // the details hold the whole reason and the consequence, which the step screen clips
    r.stdin.write('d');
    const details = await see('Evidence (');
    expect(details.replace(/\s+/g, ' ')).toMatch(/Blocked: needs "Swap the NuGet packages" \[packages\] done first, which is skipped\. Applying it anyway: the build breaks/);
    r.stdin.write('\u001B');
    await see('Rename the namespaces', 'Blocked:', '❯ Skip this step (s)');
    r.stdin.write('a');
    await new Promise((res) => setTimeout(res, 300));
    expect(file()).toBe(CONFIG);
    expect(r.lastFrame()).toContain('Blocked:');
    r.stdin.write(KEY.down);
    await see('❯ Apply anyway: the build breaks');
    r.stdin.write(KEY.enter);
    await waitFor(() => file() !== CONFIG, () => `not applied:\n${r.lastFrame()}`);
    expect(file()).toContain('using Duende.IdentityServer.Models;');
    const state = () => JSON.parse(readFileSync(path.join(dir, '.duende-upgrade/state.json'), 'utf8')) as { steps: Record<string, { status: string }> };
    await waitFor(() => state().steps.namespaces?.status === 'done', () => `not recorded:\n${r.lastFrame()}`);
    expect(state().steps).toMatchObject({ packages: { status: 'skipped' }, namespaces: { status: 'done' } });
    expect(code).toBeUndefined();
  }, 60_000);

  it('the overview never says "nothing to do" while a step is blocked: it counts them and names the one that blocks', async () => {
    // the versions live in a parent Directory.Build.props: packages is blocked on its own, namespaces and verify on it
    const dir = writeTree({
      'Directory.Build.props': '<Project>\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n  </ItemGroup>\n</Project>\n',
      'sts/Sts.csproj': csproj(''),
      'sts/Config.cs': CONFIG,
    });
    dirs.push(dir);
    const r = render(<App root={path.join(dir, 'sts')} dir="sts" options={OPTIONS} restart={false} deps={{ ...engineDeps, probe: async () => {} }} theme={PLAIN_THEME} onExit={() => {}} />);
    apps.push(r);
    const f = await waitForFrame(r.lastFrame, 'Go through the steps');
    expect(f).toMatch(/\d steps blocked \(⊘\): Swap the NuGet packages and the steps that need it\./);
    expect(f).not.toContain('Nothing to do');
  }, 60_000);
});
