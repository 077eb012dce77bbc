import { parseArgs } from 'node:util';
import { InputError } from '../core/errors.js';
import { DEFAULT_TARGET, frameworkProblem, targetProblem } from '../core/releases.js';
import { KEYS_CHOICES, STEP_IDS, type KeysChoice, type StepId } from '../core/types.js';

export interface CliArgs {
  dir: string;
  mode: 'help' | 'version' | 'plan' | 'dry-run' | 'yes' | 'wizard';
  json: boolean;
  skip: StepId[];
  only: StepId[];
  /** Undefined when not given: a resume keeps the recorded target, a fresh start takes DEFAULT_TARGET. */
  target?: string;
  targetFramework?: string;
  /** Undefined when not given: the name Duende's guide gives the (source, target) pair. */
  migrationName?: string;
  dbMode: 'update' | 'script';
  force: boolean;
  rollForward: boolean;
  restart: boolean;
  /** --demo: run on a fresh copy of the bundled sample instead of a folder. */
  demo: boolean;
  keys: KeysChoice;
}

export const USAGE = `Usage: duende-upgrade [dir] [options]
       duende-upgrade --demo [options]

Upgrades a .NET solution from IdentityServer4 4.x, or from Duende IdentityServer
5.x, 6.x or 7.x, to a Duende IdentityServer version (5.2.4 unless you choose).
Without options, in a terminal, starts the interactive wizard.

Modes:
  --plan [--json]        show what was found and the plan; changes nothing
  --dry-run              show every change as a unified diff, and the commands; changes nothing
  --yes [--json]         apply the pending steps without prompts; writes .duende-upgrade/report.md
                         (--json: print the report as JSON, progress on stderr)

Options:
  --skip <ids>           steps to leave out, comma-separated
  --only <ids>           steps to run, comma-separated
  --target-version <v>   Duende IdentityServer version: 5.2.4 (default), 6.3.10,
                         7.4.8, 8.0.3, or any other published version
  --target-framework <f> the framework to build on, where the target offers a
                         choice (7.4: net8.0, the default, or net10.0)
  --migration-name <n>   name of the EF migration to add (default: the name
                         Duende's guide uses, e.g. UpdateToDuende_v5)
  --db <update|script>   update the databases now (default), or write SQL scripts for a DBA
  --force                go on when a generated migration holds unexpected operations
  --roll-forward         when the startup project's .NET runtime is missing, run the dotnet ef
                         commands on a later one (DOTNET_ROLL_FORWARD=Major, for them alone)
  --keys <choice>        signing keys: keep (default: keep the current key for now), auto (switch to
                         automatic key management now), disable-auto (keep the key, automatic keys off)
  --restart              forget the saved progress (backups are kept)
  --demo                 copy the bundled IdentityServer4 sample to a temporary folder and upgrade that
  -h, --help             show this help
  -v, --version          show the version

Steps: ${STEP_IDS.join(', ')}

Exit codes: 0 done, 1 a step failed, 2 bad usage or input (nothing changed), 130 interrupted.
`;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        plan: { type: 'boolean' },
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        skip: { type: 'string', multiple: true },
        only: { type: 'string', multiple: true },
        'target-version': { type: 'string' },
        'target-framework': { type: 'string' },
        'migration-name': { type: 'string' },
        db: { type: 'string' },
        force: { type: 'boolean' },
        'roll-forward': { type: 'boolean' },
        keys: { type: 'string' },
        restart: { type: 'boolean' },
        demo: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new InputError(parseErrorMessage(error as Error & { code?: string }), undefined, 'Run duende-upgrade --help for the options.');
  }
  const v = parsed.values;
  if (parsed.positionals.length > 1) throw new InputError(`expected one folder, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
  if (v.demo && parsed.positionals.length) throw new InputError(`--demo makes its own folder; give no folder with it (got ${parsed.positionals[0]})`);
  if (v.demo && v['target-version']) throw new InputError(`--demo upgrades to Duende IdentityServer 5.2.4, the version of its miniature packages; leave out --target-version`);
  const modes = (['plan', 'dry-run', 'yes'] as const).filter((m) => v[m]);
  if (modes.length > 1) throw new InputError(`--${modes[0]} and --${modes[1]} cannot be combined`);
  if (v.json && !v.plan && !v.yes) throw new InputError('--json goes with --plan or --yes');
  const target = v['target-version'];
  const targetWrong = target === undefined ? undefined : targetProblem(target);
  if (targetWrong) throw new InputError(`--target-version ${targetWrong}`);
  const targetFramework = v['target-framework'];
  if (targetFramework !== undefined) {
    const wrong = frameworkProblem({ version: target ?? DEFAULT_TARGET, framework: targetFramework });
    if (wrong) throw new InputError(`--target-framework: ${wrong}`);
  }
  const migrationName = v['migration-name'];
  if (migrationName !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(migrationName)) throw new InputError(`--migration-name must be a C# identifier, not "${migrationName}"`);
  const db = v.db ?? 'update';
  if (db !== 'update' && db !== 'script') throw new InputError(`--db takes update or script, not "${db}"`);
  const keys = v.keys ?? 'keep';
  if (!(KEYS_CHOICES as readonly string[]).includes(keys)) throw new InputError(`--keys takes ${KEYS_CHOICES.join(', ')}, not "${keys}"`);
  const skip = stepList('--skip', v.skip);
  const only = stepList('--only', v.only);
  // the wizard asks at every step; a step list given to it would be silently ignored
  const stepFlag = only.length ? '--only' : skip.length ? '--skip' : undefined;
  if (stepFlag && modes.length === 0 && !v.help && !v.version) {
    throw new InputError(`${stepFlag} chooses the steps for --yes, --dry-run and --plan; the wizard asks at each step instead (s skips it). Add --yes, or leave out ${stepFlag}.`);
  }
  return {
    dir: parsed.positionals[0] ?? '.',
    mode: v.help ? 'help' : v.version ? 'version' : v.plan ? 'plan' : v['dry-run'] ? 'dry-run' : v.yes ? 'yes' : 'wizard',
    json: Boolean(v.json),
    skip,
    only,
    ...(target !== undefined ? { target } : {}),
    ...(targetFramework !== undefined ? { targetFramework } : {}),
    ...(migrationName !== undefined ? { migrationName } : {}),
    dbMode: db,
    force: Boolean(v.force),
    rollForward: Boolean(v['roll-forward']),
    restart: Boolean(v.restart),
    demo: Boolean(v.demo),
    keys: keys as KeysChoice,
  };
}

/** node:util's parser speaks of positionals and '--'; say in one line what was wrong instead. */
function parseErrorMessage(error: Error & { code?: string }): string {
  const option = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /does not take an argument/.test(error.message) ? `${option} takes no value` : `${option} needs a value`;
  }
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'unexpected argument';
  return error.message.split('\n')[0]!;
}

function stepList(flag: string, values: string[] | undefined): StepId[] {
  const ids = (values ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  for (const id of ids) {
    if (!(STEP_IDS as readonly string[]).includes(id)) throw new InputError(`${flag}: unknown step "${id}"; the steps are ${STEP_IDS.join(', ')}`);
  }
  return ids as StepId[];
}
