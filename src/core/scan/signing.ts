import { isIdentChar } from '../lang/csharp.js';
import { lexFile } from '../lang/index.js';
import { LineIndex } from '../text/edit.js';
import type { Evidence } from '../types.js';
import type { Workspace } from '../workspace.js';
import type { ScanSoFar } from './ef.js';
import type { SigningScan } from './model.js';

const SIGNING_TOKENS = /AddDeveloperSigningCredential|AddSigningCredential|AddValidationKey|KeyManagement|LicenseKey/;

/**
 * scan.sourceFiles holds only files that mention IdentityServer4; signing setup
 * often lives in a Startup.cs or Program.cs that needs no IdentityServer4 using
 * (the builder extensions sit in Microsoft.Extensions.DependencyInjection), so
 * the other C# files are looked at too.
 */
function candidateFiles(scan: ScanSoFar, prefiltered: readonly string[]): string[] {
  // The scan's walk already searched every C# file's bytes for the signing tokens.
  return [...new Set([...scan.sourceFiles, ...prefiltered])].sort();
}

/** A call `.Name(` in code (not a declaration of a method of that name). */
function calls(mask: string, name: string): number[] {
  const out: number[] = [];
  for (let at = mask.indexOf(name); at !== -1; at = mask.indexOf(name, at + 1)) {
    if (isIdentChar(mask[at - 1]) || isIdentChar(mask[at + name.length])) continue;
    if (!/^\s*\(/.test(mask.slice(at + name.length, at + name.length + 20))) continue;
    if (!/\.\s*$/.test(mask.slice(Math.max(0, at - 20), at))) continue;
    out.push(at);
  }
  return out;
}

/** An identifier in code, with the text that follows it on its line. */
function names(mask: string, name: string): number[] {
  const out: number[] = [];
  for (let at = mask.indexOf(name); at !== -1; at = mask.indexOf(name, at + 1)) {
    if (isIdentChar(mask[at - 1]) || isIdentChar(mask[at + name.length])) continue;
    out.push(at);
  }
  return out;
}

/** The evidence with every string literal on its line shown as "***". */
function redacted(e: Evidence): Evidence {
  return { ...e, text: e.text.replace(/@?"(?:[^"\\]|\\.)*"/g, '"***"') };
}

/** Signing setup: developer credential, signing and validation keys, key management, licence. */
export function scanSigning(workspace: Workspace, scan: ScanSoFar, prefiltered: readonly string[]): SigningScan {
  const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  const result: SigningScan = {
    developerCredential: [],
    signingCredential: [],
    validationKeys: [],
    keyManagement: [],
    licenseKey: [],
    tempKeyFiles: scan.otherFiles.filter((p) => base(p) === 'tempkey.jwk' || base(p) === 'tempkey.rsa'),
    licenseFiles: scan.otherFiles.filter((p) => base(p) === 'Duende_IdentityServer_License.key'),
  };
  for (const path of candidateFiles(scan, prefiltered)) {
    const r = workspace.tryRead(path);
    if (!r.ok || !SIGNING_TOKENS.test(r.file.text)) continue;
    const lexed = lexFile(r.file);
    if (!lexed) continue;
    const { mask } = lexed;
    const lines = new LineIndex(r.file.text);
    const ev = (at: number, note?: string): Evidence => ({
      path,
      line: lines.line(at),
      text: lines.lineText(at).trim(),
      ...(note ? { note } : {}),
    });
    for (const at of calls(mask, 'AddDeveloperSigningCredential')) result.developerCredential.push(ev(at));
    // key loading often passes a certificate password inline: string literals stay out of evidence
    for (const at of calls(mask, 'AddSigningCredential')) result.signingCredential.push(redacted(ev(at)));
    for (const at of calls(mask, 'AddValidationKey')) result.validationKeys.push(redacted(ev(at)));
    for (const at of names(mask, 'KeyManagement')) {
      // options.KeyManagement.Enabled = false, KeyManagement = { Enabled = false }, ...KeyManagement.RotationInterval = ...
      const rest = mask.slice(at, mask.indexOf('\n', at) === -1 ? mask.length : mask.indexOf('\n', at));
      const disabled = /^KeyManagement\s*\.\s*Enabled\s*=\s*false\b/.test(rest) || /^KeyManagement\s*=\s*(?:new\s*\w*\s*(?:\(\s*\))?\s*)?\{[^}]*\bEnabled\s*=\s*false\b/.test(rest);
      result.keyManagement.push(ev(at, disabled ? 'automatic key management disabled' : undefined));
    }
    for (const at of names(mask, 'LicenseKey')) {
      if (!/^LicenseKey\s*=(?!=)/.test(mask.slice(at, at + 40))) continue;
      // the key itself is a credential: keep it out of plans and logs
      result.licenseKey.push(redacted(ev(at, 'licence key set')));
    }
  }
  return result;
}
