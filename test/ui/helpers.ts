import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyChanges } from '../../src/core/apply/apply.js';
import { UpgradeSession, type EngineEvent, type StepOutcome } from '../../src/core/apply/session.js';
import { skippedOutcome } from '../../src/core/outcome.js';
import { loadState, saveState, type UpgradeState } from '../../src/core/apply/state.js';
import { resolveOptions, type Plan } from '../../src/core/plan/plan.js';
import { detectSource } from '../../src/core/scan/source.js';
import { frameworksAfter } from '../../src/core/steps/framework.js';
import { scan } from '../../src/core/scan/index.js';
import type { RequestedOptions } from '../../src/core/types.js';
import { DEFAULT_OPTIONS, type PlannedCommand, type StepId, type StepPlan } from '../../src/core/types.js';
import { Workspace } from '../../src/core/workspace.js';
import { InterruptedError } from '../../src/core/errors.js';
import { writeReport } from '../../src/core/report.js';
import type { WizardDeps } from '../../src/ui/engine.js';
import type { Environment } from '../../src/ui/state/wizard.js';
import { tempDir } from '../helpers/cli.js';

/**
 * Poll until `check` returns true, yielding with setImmediate then setTimeout(0)
 * so React 19 flushes effects between polls (never a bare sleep). The deadline
 * only turns a hang into a readable failure.
 */
export async function waitFor(check: () => boolean, describe: () => string, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${describe()}`);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** Wait until the last frame contains every one of `texts`. */
export async function waitForFrame(lastFrame: () => string | undefined, ...texts: string[]): Promise<string> {
  await waitFor(
    () => texts.every((t) => (lastFrame() ?? '').includes(t)),
    () => `frame with ${JSON.stringify(texts)}; last frame:\n${lastFrame() ?? '(none)'}`,
  );
  return lastFrame() ?? '';
}

export const CSPROJ = `<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="IdentityServer4" Version="4.1.2" />
  </ItemGroup>
</Project>
`;

export const STARTUP = `using IdentityServer4;
using Microsoft.Extensions.DependencyInjection;

namespace Host
{
    public class Startup
    {
        public void ConfigureServices(IServiceCollection services)
        {
            services.AddIdentityServer();
        }
    }
}
`;

/** A long file, so the diff pane has to scroll: changes at the top and near the bottom. */
export const CONFIG = [
  'using IdentityServer4.Models;',
  '',
  'namespace Host',
  '{',
  '    public static class Config',
  '    {',
  ...Array.from({ length: 40 }, (_, i) => `        public const string Scope${i} = "scope${i}";`),
  '        public static ApiScope Api => new ApiScope("api", IdentityServer4.IdentityServerConstants.StandardScopes.OpenId);',
  '    }',
  '}',
  '',
].join('\n');

/** A small IdentityServer4 solution in a temp folder. */
export function writeSolution(): string {
  const dir = tempDir('wizard-ui-');
  mkdirSync(path.join(dir, 'src/Host'), { recursive: true });
  writeFileSync(path.join(dir, 'src/Host/Host.csproj'), CSPROJ);
  writeFileSync(path.join(dir, 'src/Host/Startup.cs'), STARTUP);
  writeFileSync(path.join(dir, 'src/Host/Config.cs'), CONFIG);
  return dir;
}

/** How the stand-in for `dotnet ef` behaves. */
export type FakeEfMode = 'ok' | 'fail' | 'hang' | 'fail-once';

/** A real child process standing in for `dotnet ef`: prints lines, then exits or waits to be killed. */
export function fakeEfCommand(dir: string, mode: FakeEfMode): PlannedCommand {
  const script = {
    ok: 'for (let i = 1; i <= 30; i++) console.log("fake-ef line " + i); console.log("fake-ef done");',
    fail: 'console.log("fake-ef building"); console.error("fake-ef error: the database is locked"); process.exit(3);',
    hang: 'let i = 0; console.log("fake-ef waiting"); setInterval(() => console.log("fake-ef tick " + ++i), 20);',
    // Fails the first time (the database was busy), then works: what retry is for.
    'fail-once': 'const fs = require("fs"); if (fs.existsSync("fake-ef.ran")) { console.log("fake-ef done"); } else { fs.writeFileSync("fake-ef.ran", ""); console.error("fake-ef error: the database is busy"); process.exit(4); }',
  }[mode];
  return { id: 'fake-ef', title: 'fake-ef database update (stand-in)', file: process.execPath, args: ['-e', script], cwd: dir };
}

function offsetOf(text: string, find: string): number {
  const at = text.indexOf(find);
  if (at < 0) throw new Error(`no ${find} in fixture`);
  return at;
}

/**
 * The scripted plan: four pending steps (two file steps, one command step,
 * one with a follow-up) and two that do not apply. Statuses follow the state,
 * the way the engine's re-detection would for a finished step.
 */
export function scriptedSteps(dir: string, efMode: FakeEfMode, state?: UpgradeState): StepPlan[] {
  const ev = (p: string, line: number, text: string) => ({ path: p, line, text });
  const base = (id: StepId, title: string): StepPlan => ({ id, title, why: `Why ${title.toLowerCase()}: the Duende guide says so.`, status: 'pending', kind: id === 'signing-keys' ? 'decision' : id === 'access-token-validation' ? 'optional' : 'work', evidence: [], changes: [], commands: [], warnings: [], followUps: [] });
  const steps: StepPlan[] = [
    { ...base('packages', 'Swap the packages'), evidence: [ev('src/Host/Host.csproj', 6, '<PackageReference Include="IdentityServer4" Version="4.1.2" />')], changes: [{ kind: 'edit', path: 'src/Host/Host.csproj', splices: [{ start: offsetOf(CSPROJ, 'IdentityServer4"'), end: offsetOf(CSPROJ, '4.1.2') + 5, text: 'Duende.IdentityServer" Version="5.2.4' }] }] },
    {
      ...base('namespaces', 'Rename the namespaces'),
      evidence: [ev('src/Host/Startup.cs', 1, 'using IdentityServer4;'), ev('src/Host/Config.cs', 1, 'using IdentityServer4.Models;'), ev('src/Host/Config.cs', 47, 'IdentityServer4.IdentityServerConstants')],
      changes: [
        { kind: 'edit', path: 'src/Host/Startup.cs', splices: [{ start: 6, end: 21, text: 'Duende.IdentityServer' }] },
        {
          kind: 'edit',
          path: 'src/Host/Config.cs',
          splices: [
            { start: 6, end: 21, text: 'Duende.IdentityServer' },
            { start: offsetOf(CONFIG, 'IdentityServer4.IdentityServerConstants'), end: offsetOf(CONFIG, 'IdentityServer4.IdentityServerConstants') + 15, text: 'Duende.IdentityServer' },
          ],
        },
      ],
    },
    { ...base('dev-signing-credential', 'Keep the developer signing key'), status: 'not-applicable' },
    {
      ...base('database', 'Migrate the database'),
      why: 'Why migrate the database: the Duende schema adds a Keys table to the operational store and new columns and tables to the configuration store.',
      evidence: [ev('src/Host/Startup.cs', 10, 'services.AddIdentityServer();'), ev('src/Host/Startup.cs', 11, 'operational store'), ev('src/Host/Startup.cs', 12, 'configuration store')],
      warnings: ['The stand-in tool will be updated first, which takes a moment; a long note so that it wraps onto a second line at eighty columns.'],
      commands: [fakeEfCommand(dir, efMode), ...['migrations add', 'database update', 'migrations script', 'migrations list'].map((what, i) => ({ ...fakeEfCommand(dir, 'ok'), id: `fake-ef-${i}`, title: `fake-ef ${what} (stand-in)` }))],
    },
    { ...base('signing-keys', 'Signing keys'), status: 'not-applicable' },
    { ...base('verify', 'Build and verify'), followUps: ['Add the Duende licence key before going to production.'], warnings: ['A scripted note for the verify step.'] },
  ];
  for (const s of steps) {
    const r = state?.steps[s.id];
    if (r?.status === 'done' || r?.status === 'skipped') s.status = r.status;
  }
  return steps;
}

/**
 * A stand-in for the engine's UpgradeSession: the same state file and events,
 * but a scripted plan, so these tests do not depend on how the real steps
 * detect things. File changes go through the real applyChanges; commands run
 * as real child processes through the real ProcessRunner.
 */
export class ScriptedSession extends UpgradeSession {
  constructor(plan: Plan, state: UpgradeState | undefined, private readonly efMode: FakeEfMode) {
    super(plan, state);
  }

  override async replan(): Promise<Plan> {
    this.plan = await scriptedPlan(this.plan.root, this.plan.options, this.efMode, this.state);
    return this.plan;
  }

  override async skip(id: StepId): Promise<StepOutcome> {
    return this.save(id, skippedOutcome(id, this.outcomes[id]));
  }

  override async apply(id: StepId, onEvent: (e: EngineEvent) => void = () => {}): Promise<StepOutcome> {
    const plan = this.step(id);
    const files = await applyChanges(this.plan.workspace, plan.changes, { onFile: (p, index, total) => onEvent({ type: 'file', step: id, path: p, index, total }) });
    for (const command of plan.commands) {
      onEvent({ type: 'command-start', step: id, command });
      const result = await this.runner.run({ file: command.file, args: command.args, cwd: command.cwd, logFile: this.logFile(id) }, { onLines: (lines) => onEvent({ type: 'output', step: id, lines }) });
      onEvent({ type: 'command-end', step: id, command, result });
      if (result.interrupted) return this.save(id, { id, status: 'interrupted', files, message: new InterruptedError(`interrupted: ${command.title}`).message });
      if (result.exitCode !== 0) return this.save(id, { id, status: 'failed', files, message: `${command.title} exited with code ${result.exitCode}`, tail: result.tail });
    }
    return this.save(id, { id, status: 'done', files });
  }

  private async save(id: StepId, outcome: StepOutcome): Promise<StepOutcome> {
    const status = outcome.status === 'not-needed' ? 'done' : outcome.status === 'failed-then-skipped' ? 'skipped' : outcome.status;
    this.state.steps[id] = { status, at: new Date().toISOString(), files: outcome.files, commandsDone: [], ...(outcome.message ? { message: outcome.message } : {}) };
    await saveState(this.plan.root, this.state);
    // As the engine's session: the log is named only when it exists.
    const log = (outcome.status === 'failed' || outcome.status === 'interrupted') && existsSync(this.logFile(id)) ? `.duende-upgrade/logs/${id}.log` : undefined;
    this.outcomes[id] = { ...outcome, ...(log ? { log } : {}) };
    return this.outcomes[id]!;
  }
}

/** The real scanner's findings, with the scripted steps in place of the real ones. */
export async function scriptedPlan(root: string, requested: RequestedOptions, efMode: FakeEfMode, state?: UpgradeState): Promise<Plan> {
  const found = await scan(root, new Workspace(root));
  const options = resolveOptions(requested, state);
  const source = state?.source ?? detectSource(found.scan);
  const target = { version: options.target };
  return { root: found.scan.root, options: { ...options, ...(source ? { source: source.version } : {}) }, source, target, frameworks: frameworksAfter(found.scan, target), steps: scriptedSteps(root, efMode, state), warnings: [], scan: found.scan, workspace: found.workspace };
}

/** Environment findings standing in for git and dotnet, so UI tests do not wait on `dotnet ef`. */
export const standInEnvironment: Environment = {
  git: { kind: 'dirty', branch: 'main', changed: 2 },
  dotnet: { found: true, version: '10.0.100 (stand-in)' },
  dotnetEf: { found: false, reason: 'stand-in: not installed' },
};

export function scriptedDeps(efMode: FakeEfMode = 'ok', env: Environment = standInEnvironment): WizardDeps {
  return {
    async open(root, options, restart) {
      const previous = restart ? undefined : loadState(root);
      const plan = await scriptedPlan(root, options, efMode, previous);
      return { session: new ScriptedSession(plan, previous, efMode), previous };
    },
    async probe(_root, report) {
      report(env);
    },
    writeReport,
  };
}

export const OPTIONS = DEFAULT_OPTIONS;
