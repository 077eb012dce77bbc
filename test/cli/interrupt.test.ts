import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, removeDir, runCli, snapshotTree, tempDir } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const FILES = 200;

function host(): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFileSync(path.join(dir, 'App.csproj'), '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4" Version="4.1.2" />\n  </ItemGroup>\n</Project>\n');
  mkdirSync(path.join(dir, 'Services'));
  for (let i = 0; i < FILES; i++) writeFileSync(path.join(dir, 'Services', `S${i}.cs`), `using IdentityServer4.Models;\nclass S${i} { }\n`);
  return dir;
}

const ARGS = ['--yes', '--skip', 'database,signing-keys,verify'];

/** Start --yes; `when` decides from the output so far (and the tree) when to send the signal (SIGINT unless told). */
async function interruptWhen(dir: string, when: (out: string) => boolean, signal: 'SIGINT' | 'SIGKILL' = 'SIGINT') {
  const child = execa(process.execPath, [BIN, dir, ...ARGS], { reject: false, stripFinalNewline: false, env: { NO_COLOR: '1' }, stdin: 'ignore', buffer: true });
  let out = '';
  let sentAt = 0;
  const send = () => {
    if (sentAt || !when(out)) return;
    sentAt = performance.now();
    child.kill(signal);
  };
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    send();
  });
  const poll = setInterval(send, 5);
  const result = await child;
  clearInterval(poll);
  return { result, stopMs: performance.now() - sentAt, sent: sentAt > 0 };
}

describe('Ctrl+C during --yes', () => {
  it('stops at the next file boundary, records what was written, says so in one stderr line, and a second run finishes the job', async () => {
    const dir = host();
    const { result, stopMs, sent } = await interruptWhen(dir, (out) => (out.match(/^ {2}Services\//gm) ?? []).length >= 5);
    expect(sent).toBe(true);
    const stderr = String(result.stderr).replace(/\n$/, '');
    // The figure the issue asks for: how long from Ctrl+C to the process being gone.
    console.log(`Ctrl+C → exit: ${stopMs.toFixed(0)} ms; stderr: ${stderr.trim()}`);
    expect(result.exitCode).toBe(130);
    const m = /^✖ Rename the namespaces: interrupted with (\d+) of its (\d+) files written\. Run duende-upgrade again to continue from there\.$/.exec(stderr);
    expect(m, stderr).not.toBeNull();
    const written = Number(m![1]);
    expect(Number(m![2])).toBe(FILES);
    // It stopped inside the step, not at its end.
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(FILES);
    const changed = [...Array(FILES).keys()].filter((i) => readFileSync(path.join(dir, 'Services', `S${i}.cs`), 'utf8').includes('Duende')).length;
    expect(changed).toBe(written);
    const state = JSON.parse(readFileSync(path.join(dir, '.duende-upgrade/state.json'), 'utf8'));
    expect(state.steps.namespaces.status).toBe('interrupted');
    expect(state.steps.namespaces.files).toHaveLength(written);

    const again = await runCli([dir, ...ARGS]);
    expect(again.code).toBe(0);
    for (let i = 0; i < FILES; i++) expect(readFileSync(path.join(dir, 'Services', `S${i}.cs`), 'utf8')).toBe(`using Duende.IdentityServer.Models;\nclass S${i} { }\n`);
    expect(JSON.parse(readFileSync(path.join(dir, '.duende-upgrade/state.json'), 'utf8')).steps.namespaces.files).toHaveLength(FILES);
  }, 900_000); // two runs of the CLI on a shared machine; nothing here is timed

  it('SIGKILL mid-step: the next run knows every file the killed run wrote (journal), and its report lists them all', async () => {
    const dir = host();
    const { result, sent } = await interruptWhen(dir, (out) => (out.match(/^ {2}Services\//gm) ?? []).length >= 5, 'SIGKILL');
    expect(sent).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    const changed = [...Array(FILES).keys()].filter((i) => readFileSync(path.join(dir, 'Services', `S${i}.cs`), 'utf8').includes('Duende')).map((i) => `Services/S${i}.cs`);
    // killed inside the step: the state file was last saved when the step began, so it names none of them
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(FILES);
    expect(JSON.parse(readFileSync(path.join(dir, '.duende-upgrade/state.json'), 'utf8')).steps.namespaces).toMatchObject({ status: 'interrupted', files: [] });
    // what a read of the state gives: exactly the files on disk that changed (the journal holds the rest)
    const plan = await runCli([dir, '--plan', '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    const { loadState } = await import('../../src/core/apply/state.js');
    expect(loadState(dir)!.steps.namespaces!.files.filter((f) => f.startsWith('Services/')).sort()).toEqual([...changed].sort());

    const again = await runCli([dir, ...ARGS]);
    expect(again.code, again.stderr).toBe(0);
    const state = JSON.parse(readFileSync(path.join(dir, '.duende-upgrade/state.json'), 'utf8'));
    expect(state.steps.namespaces.status).toBe('done');
    expect(state.steps.namespaces.files.filter((f: string) => f.startsWith('Services/'))).toHaveLength(FILES);
    // the report of the resumed run names the files written before the kill too
    const report = readFileSync(path.join(dir, '.duende-upgrade/report.md'), 'utf8');
    for (let i = 0; i < FILES; i++) expect(report).toContain(`- changed \`Services/S${i}.cs\``);
    expect(existsSync(path.join(dir, '.duende-upgrade/journal.jsonl'))).toBe(false);
  }, 900_000);

  it('while planning exits 130 with a line that nothing was changed', async () => {
    const dir = host();
    const before = snapshotTree(dir);
    // The lock is taken once the handler is in place and before planning starts.
    const { result, sent } = await interruptWhen(dir, () => existsSync(path.join(dir, '.duende-upgrade/lock')));
    expect(sent).toBe(true);
    expect(result.exitCode).toBe(130);
    expect(String(result.stderr).trim()).toBe('Interrupted while planning: nothing was changed.');
    expect(snapshotTree(dir)).toEqual(before);
    expect(existsSync(path.join(dir, '.duende-upgrade/lock'))).toBe(false);
  }, 120_000);
});
