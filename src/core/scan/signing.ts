import { isIdentChar } from '../lang/csharp.js';
import { lexFile } from '../lang/index.js';
import { LineIndex } from '../text/edit.js';
import type { Evidence } from '../types.js';
import type { Workspace } from '../workspace.js';
import type { ScanSoFar } from './ef.js';
import { keySource } from './key-source.js';
import type { SigningScan } from './model.js';

const SIGNING_TOKENS = /AddDeveloperSigningCredential|AddSigningCredential|AddValidationKey|KeyManagement|LicenseKey|AddIdentityServer|PersistKeysTo|SetApplicationName/;

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
export function calls(mask: string, name: string): number[] {
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
    licenseFiles: scan.otherFiles.filter((p) => LICENSE_FILES.has(base(p).toLowerCase())),
    identityServer: [],
    apiAuthentication: [],
    dataProtection: [],
  };
  // A licence key in configuration: "LicenseKey" directly under an "IdentityServer" or "Duende" section.
  for (const path of scan.otherFiles.filter((p) => /^appsettings.*\.json$/i.test(base(p)))) {
    const r = workspace.tryRead(path);
    if (!r.ok || !r.file.text.includes('LicenseKey')) continue;
    const lines = new LineIndex(r.file.text);
    for (const at of configLicenseKeys(r.file.text)) result.licenseKey.push(redacted({ path, line: lines.line(at), text: lines.lineText(at).trim(), note: 'licence key set' }));
  }
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
    for (const at of calls(mask, 'AddSigningCredential')) {
      const source = lexed.language === 'csharp' ? keySource(mask, r.file.text, at) : undefined;
      result.signingCredential.push(redacted(ev(at, source?.description)));
    }
    for (const at of calls(mask, 'AddIdentityServer')) result.identityServer.push(redacted(ev(at)));
    for (const at of calls(mask, 'AddIdentityServerAuthentication')) result.apiAuthentication.push(redacted(ev(at)));
    for (const at of calls(mask, 'AddValidationKey')) result.validationKeys.push(redacted(ev(at)));
    for (const at of calls(mask, 'SetApplicationName')) result.dataProtection.push(ev(at, 'data-protection application name'));
    // PersistKeysToFileSystem, …ToDbContext, …ToStackExchangeRedis, …ToAzureBlobStorage, and any other store's
    for (let at = mask.indexOf('PersistKeysTo'); at !== -1; at = mask.indexOf('PersistKeysTo', at + 1)) {
      let end = at;
      while (isIdentChar(mask[end])) end++;
      // PersistKeysToDbContext<TContext>() takes a type argument before its parentheses
      const generic = /^\s*<[\w.\s,<>]*>\s*\(/.test(mask.slice(end, end + 120)) && /\.\s*$/.test(mask.slice(Math.max(0, at - 20), at));
      if (generic || calls(mask, mask.slice(at, end)).includes(at)) result.dataProtection.push(redacted(ev(at, 'data-protection keys persisted')));
    }
    for (const at of names(mask, 'KeyManagement')) {
      // options.KeyManagement.Enabled = false, KeyManagement = { Enabled = false }, ...KeyManagement.RotationInterval = ...
      const rest = mask.slice(at, mask.indexOf('\n', at) === -1 ? mask.length : mask.indexOf('\n', at));
      const disabled = /^KeyManagement\s*\.\s*Enabled\s*=\s*false\b/.test(rest) || /^KeyManagement\s*=\s*(?:new\s*\w*\s*(?:\(\s*\))?\s*)?\{[^}]*\bEnabled\s*=\s*false\b/.test(rest);
      result.keyManagement.push(ev(at, disabled ? 'automatic key management disabled' : undefined));
    }
    for (const at of names(mask, 'LicenseKey')) {
      if (!/^LicenseKey\s*=(?!=)/.test(mask.slice(at, at + 40))) continue;
      // only Duende's own option counts, not a property of the same name in application code or migrations
      if (!onIdentityServerOptions(mask, at)) continue;
      // the key itself is a credential: keep it out of plans and logs
      result.licenseKey.push(redacted(ev(at, 'licence key set')));
    }
  }
  return result;
}

const LICENSE_FILES = new Set(['duende_identityserver_license.key', 'duende_license.key']);

/**
 * Whether the `LicenseKey = ...` at `at` sets IdentityServerOptions.LicenseKey: it sits
 * inside AddIdentityServer(...) or Configure<IdentityServerOptions>(...), or in the
 * initializer of a new IdentityServerOptions.
 */
function onIdentityServerOptions(mask: string, at: number): boolean {
  let depth = 0;
  for (let j = at - 1, seen = 0; j >= 0 && seen < 12; j--) {
    const c = mask[j];
    if (c === ')' || c === '}' || c === ']') depth++;
    else if (c === '(' || c === '{' || c === '[') {
      if (depth > 0) {
        depth--;
        continue;
      }
      seen++;
      const before = mask.slice(Math.max(0, j - 80), j);
      if (c === '(' && /\b(AddIdentityServer|Configure\s*<\s*(?:[\w.]+\.)?IdentityServerOptions\s*>)\s*$/.test(before)) return true;
      if (c === '{' && /\bnew\s+(?:[\w.]+\.)?IdentityServerOptions\s*(?:\(\s*\))?\s*$/.test(before)) return true;
    }
  }
  return false;
}

/** Offsets of "LicenseKey" keys that sit directly in an "IdentityServer" or "Duende" object of a JSON file. */
function configLicenseKeys(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/"(IdentityServer|Duende)"\s*:\s*\{/g)) {
    let depth = 0;
    for (let j = m.index! + m[0].length - 1; j < text.length; j++) {
      const c = text[j];
      if (c === '"') {
        // a string: a key at depth 1 named LicenseKey counts
        const end = text.indexOf('"', j + 1);
        if (end === -1) break;
        if (depth === 1 && text.slice(j, end + 1) === '"LicenseKey"' && /^\s*:/.test(text.slice(end + 1))) out.push(j);
        j = end;
      } else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) break;
    }
  }
  return out;
}
