import type { Scan } from '../scan/model.js';

/**
 * The licence facts the steps state where they matter. Which code counts as a
 * licence (options.LicenseKey, Duende_IdentityServer_License.key) is the
 * scan's business; this is the one place the steps ask it.
 */
export function hasLicence(scan: Scan): boolean {
  return scan.signing.licenseKey.length > 0 || scan.signing.licenseFiles.length > 0;
}

/**
 * `keep`: the host has a key of its own to keep. `developer`: it signed with the developer credential
 * only, so automatic key management is what signs once that is gone.
 */
export function licenceWarning(kind: 'keep' | 'developer' = 'keep'): string {
  const found = 'No Duende licence was found (no options.LicenseKey, no Duende_IdentityServer_License.key): production use needs one, ';
  return kind === 'keep'
    ? `${found}and automatic key management needs the Business or Enterprise edition, so keeping the key with automatic key management turned off is the safe choice without one.`
    : `${found}and automatic key management, which signs once the developer credential is gone, needs the Business or Enterprise edition: without one, sign with a key of your own (AddSigningCredential) and turn automatic key management off (options.KeyManagement.Enabled = false).`;
}
