import type { Workspace } from '../workspace.js';
import type { ScanSoFar } from './ef.js';
import type { SigningScan } from './model.js';

/** Signing setup: developer credential, signing and validation keys, key management, licence. */
export function scanSigning(_workspace: Workspace, scan: ScanSoFar): SigningScan {
  const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  return {
    developerCredential: [],
    signingCredential: [],
    validationKeys: [],
    keyManagement: [],
    licenseKey: [],
    tempKeyFiles: scan.otherFiles.filter((p) => base(p) === 'tempkey.jwk' || base(p) === 'tempkey.rsa'),
    licenseFiles: scan.otherFiles.filter((p) => base(p) === 'Duende_IdentityServer_License.key'),
  };
}
