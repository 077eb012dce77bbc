import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { decode, displayText, type TextEncoding } from './text/codec.js';
import { sha256 } from './text/edit.js';

/** A text file as the plan saw it. */
export interface TextFile {
  /** Root-relative, forward slashes. */
  path: string;
  abs: string;
  /** sha256 of the bytes on disk when read; apply refuses if they changed since. */
  hash: string;
  text: string;
  encoding: TextEncoding;
}

export type ReadResult = { ok: true; file: TextFile } | { ok: false; path: string; reason: 'binary' | 'undecodable' | 'unreadable' | 'too-large'; message: string };

/**
 * Files above this size are named and left alone: a text file is held whole
 * (bytes, decoded text, lexed tokens), and a 200 MB source took 2 GB (issue 11).
 * Generated code aside, C# and MSBuild files are far below it.
 */
export const MAX_TEXT_BYTES = 16 * 1024 * 1024;

export function tooLargeMessage(size: number): string {
  return `left alone: it is ${(size / 1024 / 1024).toFixed(1)} MB, and files above ${MAX_TEXT_BYTES / 1024 / 1024} MB are not read`;
}

/**
 * The root folder and a cache of the files read from it, so that the scanner,
 * every step and the diff all see one copy of each file.
 */
export class Workspace {
  private readonly cache = new Map<string, ReadResult>();

  constructor(readonly root: string) {}

  abs(rel: string): string {
    return path.join(this.root, ...rel.split('/'));
  }

  rel(abs: string): string {
    return path.relative(this.root, abs).split(path.sep).join('/');
  }

  /** `bytes`: the file's contents when the caller already read them (the scanner's prefilter), to save a second read. */
  tryRead(rel: string, bytes?: Buffer): ReadResult {
    const cached = this.cache.get(rel);
    if (cached) return cached;
    let result: ReadResult;
    try {
      if (!bytes) {
        const size = statSync(this.abs(rel)).size;
        if (size > MAX_TEXT_BYTES) {
          result = { ok: false, path: rel, reason: 'too-large', message: tooLargeMessage(size) };
          this.cache.set(rel, result);
          return result;
        }
      }
      bytes ??= readFileSync(this.abs(rel));
    } catch (error) {
      result = { ok: false, path: rel, reason: 'unreadable', message: (error as Error).message };
      this.cache.set(rel, result);
      return result;
    }
    const decoded = decode(bytes, rel);
    result = decoded.ok
      ? { ok: true, file: { path: rel, abs: this.abs(rel), hash: sha256(bytes), text: decoded.text, encoding: decoded.encoding } }
      : { ok: false, path: rel, reason: decoded.reason, message: decoded.message };
    this.cache.set(rel, result);
    return result;
  }

  /** Read a file that must be text; anything else is the user's input problem. */
  read(rel: string): TextFile {
    const r = this.tryRead(rel);
    if (!r.ok) throw new InputError(r.message, { path: rel });
    return r.file;
  }

  /** The text files read so far. */
  *files(): Iterable<TextFile> {
    for (const r of this.cache.values()) if (r.ok) yield r.file;
  }

  /** Forget the files that could not be read or decoded, so the next look tries them again. */
  forgetFailures(): void {
    for (const [rel, r] of this.cache) if (!r.ok) this.cache.delete(rel);
  }

  /** Forget cached copies, e.g. after apply wrote new contents. */
  forget(rel?: string): void {
    if (rel === undefined) this.cache.clear();
    else this.cache.delete(rel);
  }
}

export function displayOf(file: TextFile, text: string = file.text): string {
  return displayText(text, file.encoding);
}
