import { maskSecrets } from './text/secrets.js';
import { escapeControl } from './text/shown.js';

/**
 * Errors carry their kind, so that one place maps them to exit codes:
 * the user's input (2), a failed command or step (1), an interruption (130),
 * and our own bugs (1, with a request to report it).
 */

export interface Location {
  path: string;
  line?: number;
}

/** The input cannot be processed. Nothing was changed. Exit code 2. */
export class InputError extends Error {
  readonly exitCode: number = 2;
  constructor(
    message: string,
    readonly location?: Location,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** "path:line: message", the way compilers print it. */
  describe(): string {
    const where = this.location
      ? `${escapeControl(this.location.path)}${this.location.line ? `:${this.location.line}` : ''}: `
      : '';
    return `${where}${this.message}${this.hint ? `\n  ${this.hint}` : ''}`;
  }
}

/**
 * A file changed on disk after the plan was made (someone saved it meanwhile).
 * It is not written; the step stops there. Exit code 1 whichever step or check
 * finds it: the input was fine when read, and earlier steps may have written.
 */
export class StaleFileError extends InputError {
  override readonly exitCode: number = 1;
  constructor(path: string) {
    super('the file changed on disk since the plan was made, so it was not written', { path }, 'Run again to plan from the current files (what was written so far is kept and recorded).');
    this.name = 'StaleFileError';
  }
}

/** An external command failed. Exit code 1. */
export class CommandError extends Error {
  readonly exitCode = 1;
  constructor(
    message: string,
    readonly file: string,
    readonly args: readonly string[],
    readonly code: number | undefined,
    readonly tail: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Ctrl+C or SIGTERM. Exit code 130. */
export class InterruptedError extends Error {
  readonly exitCode = 130;
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'InterruptedError';
  }
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof InputError) return error.exitCode;
  if (error instanceof InterruptedError) return 130;
  return 1;
}

/** The message a person sees (and the state records): secrets in it are masked. */
export function describeError(error: unknown): string {
  if (error instanceof InputError) return maskSecrets(error.describe());
  if (error instanceof Error) return maskSecrets(error.message);
  return maskSecrets(String(error));
}
