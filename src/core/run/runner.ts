import { closeSync, createWriteStream, fstatSync, mkdirSync, openSync, readSync, writeSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { execa } from 'execa';
import { InterruptedError } from '../errors.js';

export interface RunRequest {
  file: string;
  /** Passed as an array, never through a shell: spaces, quotes and `$()` arrive as written. */
  args: readonly string[];
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Absolute path of a log file that receives the full output (appended). */
  logFile?: string;
}

export interface RunResult {
  exitCode: number;
  durationMs: number;
  /** The last lines of output; the log file has all of it. */
  tail: string[];
  interrupted: boolean;
}

export interface RunListener {
  /** Output lines as they arrive, a batch per chunk (stdout and stderr merged). */
  onLines?(lines: string[]): void;
}

export interface Runner {
  run(request: RunRequest, listener?: RunListener): Promise<RunResult>;
  /** Stop the running command and everything it started. */
  interrupt(): void;
  readonly running: boolean;
}

export const TAIL_LINES = 200;

/** Keeps the last `size` lines without growing: a ring, not an ever-longer array. */
export class LineTail {
  private readonly ring: string[];
  private next = 0;
  private count = 0;
  constructor(readonly size: number = TAIL_LINES) {
    this.ring = new Array<string>(size);
  }
  push(line: string): void {
    this.ring[this.next] = line;
    this.next = (this.next + 1) % this.size;
    if (this.count < this.size) this.count++;
  }
  lines(): string[] {
    const out: string[] = [];
    const first = (this.next - this.count + this.size) % this.size;
    for (let k = 0; k < this.count; k++) out.push(this.ring[(first + k) % this.size]!);
    return out;
  }
}

/** Splits a byte stream into lines, carrying a partial last line to the next chunk. */
export class LineSplitter {
  private carry = '';
  private readonly decoder = new TextDecoder();
  push(chunk: Uint8Array): string[] {
    const text = this.carry + this.decoder.decode(chunk, { stream: true });
    const parts = text.split(/\r?\n/);
    this.carry = parts.pop() ?? '';
    return parts;
  }
  end(): string[] {
    const rest = this.carry + this.decoder.decode();
    this.carry = '';
    return rest ? [rest] : [];
  }
}

/** Runs commands with execa in their own process group, so that an interrupt reaches the whole tree. */
export class ProcessRunner implements Runner {
  private current: { pid?: number; interrupted: boolean } | undefined;

  get running(): boolean {
    return this.current !== undefined;
  }

  async run(request: RunRequest, listener: RunListener = {}): Promise<RunResult> {
    if (this.current) throw new Error('a command is already running');
    if (request.logFile) return this.runIntoLog(request as RunRequest & { logFile: string }, listener);
    const tail = new LineTail();
    let log: WriteStream | undefined;
    if (request.logFile) {
      mkdirSync(path.dirname(request.logFile), { recursive: true });
      log = createWriteStream(request.logFile, { flags: 'a' });
      log.write(`$ ${[request.file, ...request.args].map(quoteForLog).join(' ')}\n# cwd: ${request.cwd}\n`);
    }
    const started = performance.now();
    const state: { pid?: number; interrupted: boolean } = { interrupted: false };
    this.current = state;
    // One splitter per pipe: a partial stdout line must not be joined to a stderr chunk.
    const splitters = { out: new LineSplitter(), err: new LineSplitter() };
    const deliver = (lines: string[]) => {
      if (lines.length === 0) return;
      for (const line of lines) tail.push(line);
      listener.onLines?.(lines);
    };
    try {
      const child = spawn(request, {});
      state.pid = child.pid;
      for (const [name, stream] of [['out', child.stdout], ['err', child.stderr]] as const) {
        stream?.on('data', (chunk: Buffer) => {
          log?.write(chunk);
          deliver(splitters[name].push(chunk));
        });
      }
      // A stream can still hold its last chunk when the process promise settles.
      const [result] = await Promise.all([child, ...[child.stdout, child.stderr].map((st) => (st ? finished(st).catch(() => undefined) : undefined))]);
      deliver([...splitters.out.end(), ...splitters.err.end()]);
      const durationMs = performance.now() - started;
      const exitCode = typeof result.exitCode === 'number' ? result.exitCode : result.failed ? 1 : 0;
      if (notStarted(result, state.interrupted)) {
        const reason = startFailure(result);
        log?.write(`# failed to start: ${reason}\n`);
        return { exitCode: 127, durationMs, tail: [...tail.lines(), reason], interrupted: false };
      }
      log?.write(`# exit ${state.interrupted ? 'interrupted' : exitCode} after ${(durationMs / 1000).toFixed(1)} s\n`);
      return { exitCode, durationMs, tail: tail.lines(), interrupted: state.interrupted };
    } catch (error) {
      // execa throws only for spawn failures with reject: false, e.g. ENOENT.
      const message = (error as Error).message;
      log?.write(`# failed to start: ${message}\n`);
      return { exitCode: 127, durationMs: performance.now() - started, tail: [...tail.lines(), message], interrupted: false };
    } finally {
      this.current = undefined;
      if (log) await new Promise<void>((resolve) => log!.end(resolve));
    }
  }

  /**
   * With a log file, the child writes its stdout and stderr straight into it
   * (one shared descriptor, so their order is kept) and the live lines are read
   * back from the file. Through a pipe, a chatty child (dotnet build) stalls each
   * time the 64 KiB pipe buffer fills until this process gets to read; a file
   * never makes it wait, so streaming costs about what writing to /dev/null does
   * (bench/stream.mjs).
   */
  private async runIntoLog(request: RunRequest & { logFile: string }, listener: RunListener): Promise<RunResult> {
    const tail = new LineTail();
    mkdirSync(path.dirname(request.logFile), { recursive: true });
    const own = openSync(request.logFile, 'a');
    writeSync(own, `$ ${[request.file, ...request.args].map(quoteForLog).join(' ')}\n# cwd: ${request.cwd}\n`);
    const reader = openSync(request.logFile, 'r');
    let offset = fstatSync(own).size;
    const output = createWriteStream(request.logFile, { flags: 'a' });
    const started = performance.now();
    const state: { pid?: number; interrupted: boolean } = { interrupted: false };
    this.current = state;
    const splitter = new LineSplitter();
    const buffer = Buffer.allocUnsafe(1 << 16);
    const deliver = (lines: string[]) => {
      if (lines.length === 0) return;
      for (const line of lines) tail.push(line);
      listener.onLines?.(lines);
    };
    const drain = () => {
      for (;;) {
        const n = readSync(reader, buffer, 0, buffer.length, offset);
        if (n <= 0) return;
        offset += n;
        deliver(splitter.push(buffer.subarray(0, n)));
      }
    };
    // Live enough for a person to watch, rare enough to cost nothing.
    const timer = setInterval(drain, 40);
    try {
      await new Promise<void>((resolve, reject) => {
        output.once('open', () => resolve());
        output.once('error', reject);
      });
      const child = spawn(request, { stdout: output, stderr: output });
      state.pid = child.pid;
      const result = await child;
      clearInterval(timer);
      drain();
      deliver(splitter.end());
      const durationMs = performance.now() - started;
      const exitCode = typeof result.exitCode === 'number' ? result.exitCode : result.failed ? 1 : 0;
      if (notStarted(result, state.interrupted)) {
        const reason = startFailure(result);
        writeSync(own, `# failed to start: ${reason}\n`);
        return { exitCode: 127, durationMs, tail: [...tail.lines(), reason], interrupted: false };
      }
      writeSync(own, `${offset > 0 && !endsWithNewline(reader, offset) ? '\n' : ''}# exit ${state.interrupted ? 'interrupted' : exitCode} after ${(durationMs / 1000).toFixed(1)} s\n`);
      return { exitCode, durationMs, tail: tail.lines(), interrupted: state.interrupted };
    } catch (error) {
      clearInterval(timer);
      const message = (error as Error).message;
      writeSync(own, `# failed to start: ${message}\n`);
      return { exitCode: 127, durationMs: performance.now() - started, tail: [...tail.lines(), message], interrupted: false };
    } finally {
      clearInterval(timer);
      this.current = undefined;
      if (!output.destroyed) await new Promise<void>((resolve) => output.end(resolve));
      closeSync(reader);
      closeSync(own);
    }
  }

  interrupt(): void {
    const state = this.current;
    if (!state || state.pid === undefined) return;
    state.interrupted = true;
    killTree(state.pid);
  }
}

/**
 * Both output modes start the child the same way: argument array, no shell, its
 * own process group (so interrupt() reaches the whole tree), no stdin.
 */
function spawn(request: RunRequest, output: { stdout?: WriteStream; stderr?: WriteStream }) {
  return execa(request.file, [...request.args], {
    cwd: request.cwd,
    env: request.env,
    extendEnv: true,
    ...output,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    detached: true,
    cleanup: true,
    windowsHide: true,
  });
}

/** SIGTERM to the process group, then SIGKILL if it lingers. */
export function killTree(pid: number): void {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 3000);
  timer.unref();
}

/** With reject: false, execa reports a spawn failure (ENOENT, EACCES) as a result without an exit code or signal. */
function notStarted(result: { exitCode?: number; signal?: string; failed: boolean }, interrupted: boolean): boolean {
  return result.failed && typeof result.exitCode !== 'number' && !result.signal && !interrupted;
}

function startFailure(result: { message?: string }): string {
  return result.message ?? 'the command could not be started';
}

function endsWithNewline(fd: number, size: number): boolean {
  const one = Buffer.alloc(1);
  return readSync(fd, one, 0, 1, size - 1) === 1 && one[0] === 0x0a;
}

function quoteForLog(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function throwIfInterrupted(result: RunResult): void {
  if (result.interrupted) throw new InterruptedError('the command was interrupted');
}
