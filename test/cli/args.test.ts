import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.js';
import { InputError } from '../../src/core/errors.js';
import { runCli } from '../helpers/cli.js';

describe('command-line arguments', () => {
  it('reads modes, step lists and the target', () => {
    const a = parseCliArgs(['sln', '--yes', '--skip', 'database,verify', '--skip', 'signing-keys', '--target-version', '5.1.1']);
    expect(a).toMatchObject({ dir: 'sln', mode: 'yes', skip: ['database', 'verify', 'signing-keys'], target: '5.1.1' });
  });

  it.each([
    [['--plan', '--yes'], /cannot be combined/],
    [['--skip', 'nope'], /unknown step "nope"/],
    [['--target-version', '6.0.0'], /5\.x/],
    [['--json'], /--json goes with --plan/],
    [['--bogus'], /bogus/],
    [['a', 'b'], /one folder/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(InputError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('exits 2 with a message for a usage error, from the real binary', async () => {
    const r = await runCli(['--skip', 'nope', '--plan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown step "nope"');
  });

  it('prints help and version', async () => {
    expect((await runCli(['--help'])).stdout).toContain('Usage: duende-upgrade');
    expect((await runCli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
