/**
 * What an upgrade from one IdentityServer version to another crosses: the
 * release lines in between decide the migration name, the API rewrites, the
 * data risks and the runtime-only changes. Facts from UPGRADE-FACTS-LATER.md,
 * checked against Duende's source at the release tags.
 */

import { lineOf as releaseLineOf } from '../releases.js';

/** The version every upgrade started from before sources were detected. */
export const IS4_SOURCE = '4.1';

/** A version's release line as [major, minor]. */
export function lineOf(version: string): [number, number] {
  const [major = '0', minor = '0'] = version.split('.');
  return [Number.parseInt(major, 10) || 0, Number.parseInt(minor, 10) || 0];
}

/** Compare two versions by release line only. */
export function compareLines(a: string, b: string): number {
  const [am, an] = lineOf(a);
  const [bm, bn] = lineOf(b);
  return am - bm || an - bn;
}

export function isIdentityServer4(version: string): boolean {
  return lineOf(version)[0] < 5;
}

/** Does the upgrade from `source` to `target` cross the release line `at` (source below it, target at or above)? */
export function crosses(source: string, target: string, at: string): boolean {
  return compareLines(source, at) < 0 && compareLines(target, at) >= 0;
}

/**
 * The EF migration name Duende's guide for the pair uses: the seed guide's
 * UpdateToDuende_v5 from IdentityServer4 to 5, UpdateToDuende_v<major>_<minor>
 * from IdentityServer4 to a later line (the IdentityServer4 → v8 guide's
 * UpdateToDuende_v8_0), Update_DuendeIdentityServer_v<major>_<minor> from Duende.
 */
export function migrationNameFor(source: string, target: string): string {
  const [major, minor] = lineOf(target);
  if (isIdentityServer4(source)) return major === 5 ? 'UpdateToDuende_v5' : `UpdateToDuende_v${major}_${minor}`;
  return `Update_DuendeIdentityServer_v${major}_${minor}`;
}

/** The pair in messages: "IdentityServer4 4.1 → Duende IdentityServer 8.0.3". */
export function describePair(source: string, target: string): string {
  return `${isIdentityServer4(source) ? 'IdentityServer4' : 'Duende IdentityServer'} ${source} → Duende IdentityServer ${target}`;
}

/** A change no build shows: the behaviour differs at run time. */
export interface RuntimeChange {
  /** The release line that brings it. */
  at: string;
  title: string;
  advice: string;
}

export const RUNTIME_CHANGES: readonly RuntimeChange[] = [
  {
    at: '6.3',
    title: 'One-time refresh tokens are deleted when used',
    advice: 'A refresh token with RefreshTokenUsage.OneTimeOnly is now deleted from the grant store on use instead of being marked consumed; code or reports that read consumed refresh tokens find none (set options.PersistentGrants.DeleteOneTimeOnlyRefreshTokensOnUse = false to keep the old behaviour).',
  },
  {
    at: '7.3',
    title: 'client_credentials clients must require a client secret',
    advice: 'A client allowed the client_credentials grant with RequireClientSecret = false now fails client configuration validation ("RequireClientSecret is false, but client is using client credentials grant type"), so its token requests fail; give it a secret before the upgrade goes live.',
  },
  {
    at: '8.0',
    title: 'Redirects after a POST answer 303 See Other',
    advice: 'Endpoints that redirect after a POST answer 303 instead of 302; clients, proxies or tests that expect 302 must accept 303.',
  },
];

/** The runtime-only changes the pair crosses, oldest first. */
export function runtimeChangesFor(source: string, target: string): RuntimeChange[] {
  return RUNTIME_CHANGES.filter((c) => crosses(source, target, c.at));
}

/** The frameworks the target's packages ship for (the release table, releases.ts); undefined for a line before 5.0. */
export function frameworksOf(target: string): readonly string[] | undefined {
  return releaseLineOf(target)?.frameworks;
}
