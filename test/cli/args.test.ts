import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.js';
import { InputError } from '../../src/core/errors.js';
import { runCli } from '../helpers/cli.js';

describe('command-line arguments', () => {
  it('reads modes, step lists and the target', () => {
    const a = parseCliArgs(['sln', '--yes', '--skip', 'database,verify', '--skip', 'signing-keys', '--target-version', '5.1.1']);
    expect(a).toMatchObject({ dir: 'sln', mode: 'yes', skip: ['database', 'verify', 'signing-keys'], target: '5.1.1' });
  });

  it.each(['5.2.4', '6.3.10', '7.4.8', '8.0.3', '6.1.8', '7.0.0'])('accepts the published version %s as the target', (v) => {
    expect(parseCliArgs(['--plan', '--target-version', v]).target).toBe(v);
  });

  it('leaves the target, its framework and the migration name unset when not given (a resume keeps the recorded ones)', () => {
    const a = parseCliArgs(['--plan']);
    expect('target' in a || 'targetFramework' in a || 'migrationName' in a).toBe(false);
    expect(parseCliArgs(['--plan', '--target-version', '7.4.8', '--target-framework', 'net10.0'])).toMatchObject({ target: '7.4.8', targetFramework: 'net10.0' });
  });

  it.each([
    [['--plan', '--yes'], /cannot be combined/],
    [['--skip', 'nope'], /unknown step "nope"/],
    [['--target-version', '5.2.5'], /--target-version 5\.2\.5 was not published; the 5\.2 line ends at 5\.2\.4/],
    [['--target-version', '7.4'], /must be an exact Duende IdentityServer version/],
    [['--target-version', '4.1.2'], /not a Duende IdentityServer release/],
    [['--target-version', '8.0.3', '--target-framework', 'net8.0'], /--target-framework: Duende IdentityServer 8\.0\.3 targets net10\.0, not net8\.0/],
    [['--target-framework', 'net10.0'], /5\.2\.4 targets netcoreapp3\.1, net5\.0, not net10\.0/],
    [['--json'], /--json goes with --plan/],
    [['--skip', 'database'], /--skip chooses the steps for --yes, --dry-run and --plan; the wizard asks at each step instead/],
    [['--only', 'packages,namespaces'], /--only chooses the steps for --yes/],
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
