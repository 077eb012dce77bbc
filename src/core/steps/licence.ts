import type { Scan } from '../scan/model.js';

/**
 * The licence facts the steps state where they matter. Which code counts as a
 * licence (options.LicenseKey, Duende_IdentityServer_License.key) is the
 * scan's business; this is the one place the steps ask it.
 */
export function hasLicence(scan: Scan): boolean {
  return scan.signing.licenseKey.length > 0 || scan.signing.licenseFiles.length > 0;
}

export function licenceWarning(): string {
  return (
    'No Duende licence was found (no options.LicenseKey, no Duende_IdentityServer_License.key): production use needs one, ' +
    'and automatic key management needs the Business or Enterprise edition, so keeping the key with automatic key management turned off is the safe choice without one.'
  );
}
