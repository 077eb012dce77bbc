/** Which packages the tool cares about, and what each becomes (the ids themselves are in releases.ts). */
import { PACKAGE_RENAMES as RENAMES } from '../releases.js';

export { RENAMES };

export const ACCESS_TOKEN_VALIDATION = 'identityserver4.accesstokenvalidation';
export const API_AUTHORIZATION = 'microsoft.aspnetcore.apiauthorization.identityserver';
export const IDENTITY_MODEL = 'identitymodel';

export type Family =
  | 'is4' // renamed to Duende
  | 'access-token-validation'
  | 'is4-third-party' // IdentityServer4.Contrib.*, IdentityServer4.LdapExtension, ...
  | 'duende'
  | 'identity-model'
  | 'api-authorization'
  | 'ef-core'
  | 'aspnetcore' // Microsoft.AspNetCore.*: follows the target framework's major
  | 'ms-identitymodel' // Microsoft.IdentityModel.* and System.IdentityModel.Tokens.Jwt: one version across a solution
  | 'automapper' // AutoMapper and AutoMapper.*: the storage packages bring it up to 6.3, not from 7.0
  | 'ef-provider'; // another vendor's EF Core provider or extension (Pomelo.EntityFrameworkCore.MySql): one major per EF Core major

/**
 * Packages beside IdentityServer that the upgrade watches: the Microsoft ones that move with the
 * target framework (the framework step), and AutoMapper (the packages step); the rest are the
 * IdentityServer families.
 */
export const FRAMEWORK_FAMILIES: ReadonlySet<Family> = new Set(['ef-core', 'aspnetcore', 'ms-identitymodel', 'automapper', 'ef-provider']);

export function isPattern(id: string): boolean {
  return id.includes('*') || id.includes('?');
}

/** MSBuild matches Update/Remove item specs as file globs, case-insensitively. */
const compiled = new Map<string, RegExp>();
export function globMatches(pattern: string, id: string): boolean {
  if (!isPattern(pattern)) return pattern.toLowerCase() === id.toLowerCase();
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    compiled.set(pattern, re);
  }
  return re.test(id);
}

export function familyOf(id: string): Family | undefined {
  const lower = id.toLowerCase();
  if (isPattern(id)) {
    // A pattern is ours when its literal prefix names one of our families: "IdentityServer4*", "Duende.IdentityServer.*".
    const prefix = lower.slice(0, Math.min(...['*', '?'].map((c) => (lower.includes(c) ? lower.indexOf(c) : lower.length))));
    if (prefix.startsWith('identityserver4')) return 'is4';
    if (prefix.startsWith('duende.identityserver')) return 'duende';
    return undefined;
  }
  if (RENAMES.has(lower)) return 'is4';
  if (lower === ACCESS_TOKEN_VALIDATION) return 'access-token-validation';
  // built against IdentityServer4 by someone else: IdentityServer4.Contrib.*, and ids that carry it as a segment (Jwks.Manager.IdentityServer4, Skoruba.IdentityServer4.Admin)
  if (lower.startsWith('identityserver4.') || lower.split('.').slice(1).includes('identityserver4')) return 'is4-third-party';
  if (lower === 'duende.identityserver' || lower.startsWith('duende.identityserver.')) return 'duende';
  if (lower === IDENTITY_MODEL || lower === 'duende.identitymodel') return 'identity-model';
  if (lower === API_AUTHORIZATION) return 'api-authorization';
  if (lower === 'microsoft.entityframeworkcore' || lower.startsWith('microsoft.entityframeworkcore.')) return 'ef-core';
  if (/(?:^|\.)entityframeworkcore(?:\.|$)/.test(lower)) return 'ef-provider';
  if (lower.startsWith('microsoft.aspnetcore.')) return 'aspnetcore';
  if (lower === 'automapper' || lower.startsWith('automapper.')) return 'automapper';
  // ADAL (Microsoft.IdentityModel.Clients.ActiveDirectory) is another library with its own versions.
  if ((lower.startsWith('microsoft.identitymodel.') && lower !== 'microsoft.identitymodel.clients.activedirectory') || lower === 'system.identitymodel.tokens.jwt') return 'ms-identitymodel';
  return undefined;
}

/** The Duende id for an IdentityServer4 id or pattern we rename, else undefined. */
export function renamedId(id: string): string | undefined {
  const exact = RENAMES.get(id.toLowerCase());
  if (exact) return exact;
  if (isPattern(id) && /^identityserver4/i.test(id)) return `Duende.IdentityServer${id.slice('IdentityServer4'.length)}`;
  return undefined;
}

/** Major.minor.patch numbers of a NuGet version or range as written ("[4.1.2]", "4.*", "4.1.2-preview"). */
export function versionNumbers(raw: string): number[] | undefined {
  const m = /^[\s[(]*(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(raw);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

export function versionBelow(raw: string, min: string): boolean {
  const a = versionNumbers(raw);
  const b = versionNumbers(min)!;
  if (!a) return false;
  for (let i = 0; i < 3; i++) if (a[i]! !== b[i]!) return a[i]! < b[i]!;
  return false;
}
