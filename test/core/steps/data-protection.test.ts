import { cpSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyChanges } from '../../../src/core/apply/apply.js';
import { planFromScan } from '../../../src/core/plan/plan.js';
import { scan } from '../../../src/core/scan/index.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';
import { FIXTURES, removeDir, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

async function stepFor(dir: string, source: string, target: string) {
  const { scan: s, workspace } = await scan(dir);
  const plan = planFromScan(s, workspace, { ...DEFAULT_OPTIONS, source, target }, undefined, {});
  return { workspace, step: plan.steps.find((x) => x.id === 'data-protection')! };
}

function copy(name: string): string {
  const dir = tempDir('data-protection-');
  dirs.push(dir);
  cpSync(path.join(FIXTURES, name, 'before'), dir, { recursive: true });
  return dir;
}

describe('data-protection', () => {
  it('net6 host → 8.0.3: pins the name to the content-root path with .NET 6’s trailing separator, before AddIdentityServer, and a second plan finds it set', async () => {
    const dir = copy('net6-minimal');
    const program = path.join(dir, 'Program.cs');
    const before = readFileSync(program, 'utf8');
    const first = await stepFor(dir, '4.1.1', '8.0.3');
    expect(first.step.status).toBe('pending');
    await applyChanges(first.workspace, first.step.changes);
    const after = readFileSync(program, 'utf8');
    const line = after.split('\n').find((l) => l.includes('ApplicationDiscriminator'))!;
    expect(line.trim()).toBe(
      'builder.Services.AddOptions<global::Microsoft.AspNetCore.DataProtection.DataProtectionOptions>().Configure<global::Microsoft.Extensions.Hosting.IHostEnvironment>((options, environment) => options.ApplicationDiscriminator = global::System.IO.Path.TrimEndingDirectorySeparator(environment.ContentRootPath) + global::System.IO.Path.DirectorySeparatorChar);',
    );
    // one line added, every other byte kept
    expect(after.replace(`${line}\n`, '')).toBe(before);
    expect(after.indexOf(line)).toBeLessThan(after.indexOf('AddIdentityServer'));
    const second = await stepFor(dir, '4.1.1', '8.0.3');
    expect(second.step.status).toBe('not-applicable');
    expect(second.step.changes).toEqual([]);
  });

  it('is not applicable when the framework stays, or the host names its key ring already', async () => {
    const dir = copy('net6-minimal');
    expect((await stepFor(dir, '6.0.5', '6.3.10')).step.status).toBe('not-applicable');
    // 5.x ships for netcoreapp3.1 and net5.0 only, but a net6.0 host keeps its framework
    expect((await stepFor(dir, '4.1.1', '5.2.4')).step.warnings).toEqual(["The host's framework stays (IdentityServer.csproj), so its data-protection application name does not change."]);
    const program = path.join(dir, 'Program.cs');
    writeFileSync(program, readFileSync(program, 'utf8').replace('var app', 'builder.Services.AddDataProtection().SetApplicationName("idsrv");\nvar app'));
    const named = await stepFor(dir, '4.1.1', '8.0.3');
    expect(named.step.status).toBe('not-applicable');
    expect(named.step.evidence[0]!.note).toBe('sets the data-protection application name');
  });

  it('a netcoreapp3.1 Startup host pins the content-root path as it is; a string that mentions SetApplicationName does not count', async () => {
    const dir = copy('ef-quickstart');
    const startup = path.join(dir, 'src', 'IdentityServer', 'Startup.cs');
    writeFileSync(startup, readFileSync(startup, 'utf8').replace('services.AddIdentityServer(', '// SetApplicationName("later")\n            var note = "SetApplicationName";\n            services.AddIdentityServer('));
    const { step } = await stepFor(dir, '4.1.1', '7.4.8');
    expect(step.status).toBe('pending');
    const splice = (step.changes[0] as { splices: { text: string }[] }).splices[0]!.text;
    expect(splice).toMatch(/^\s+services\.AddOptions<global::Microsoft\.AspNetCore\.DataProtection\.DataProtectionOptions>\(\)\.Configure<global::Microsoft\.Extensions\.Hosting\.IHostEnvironment>\(\(options, environment\) => options\.ApplicationDiscriminator = environment\.ContentRootPath\);\r?\n$/);
  });
});
