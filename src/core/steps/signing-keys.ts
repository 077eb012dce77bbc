import type { Step } from './step.js';

const where = (e: { path: string; line: number }) => `${e.path}:${e.line}`;

/**
 * Step 5 of Duende's v5 upgrade guide, which is optional and makes no code
 * change by default: a key registered with AddSigningCredential takes
 * precedence over v5's automatic keys, so keeping it IS the transition. What
 * the step gives is the schedule for moving on, and the licence facts that
 * decide whether automatic key management may be used at all.
 */
export const signingKeysStep: Step = {
  id: 'signing-keys',
  title: 'Keep the old signing key during the switch',
  why: 'Clients cache the discovery document and keys (typically 24 hours); publishing the old key keeps their tokens valid while new keys roll out.',
  detect(ctx) {
    const s = ctx.scan.signing;
    const disabled = s.keyManagement.filter((e) => e.note === 'automatic key management disabled');
    if (s.signingCredential.length === 0) {
      const warnings =
        s.developerCredential.length > 0 || s.tempKeyFiles.length > 0
          ? ['Only the developer signing credential was used: it was a temporary key, so there is no old key to keep; automatic key management takes over.']
          : [];
      if (s.validationKeys.length > 0 || disabled.length > 0) {
        return { status: 'done', evidence: [...s.validationKeys, ...disabled], warnings };
      }
      return { status: 'not-applicable', evidence: [], warnings };
    }
    if (s.validationKeys.length > 0 || disabled.length > 0) {
      return {
        status: 'done',
        evidence: [...s.signingCredential, ...s.validationKeys, ...disabled],
        warnings: disabled.length > 0 ? [] : [`AddSigningCredential is still there next to AddValidationKey (${s.signingCredential.map(where).join(', ')}); while it stays it signs every token and the automatic keys are not used.`],
      };
    }
    if (ctx.state?.steps['signing-keys']?.status === 'done') {
      // applied earlier: the step changes no code, so the key staying is the expected state
      return { status: 'done', evidence: s.signingCredential, followUps: schedule(s.signingCredential.map(where).join(', ')) };
    }
    return { status: 'pending', evidence: s.signingCredential };
  },
  plan(ctx) {
    const s = ctx.scan.signing;
    const at = s.signingCredential.map(where).join(', ');
    const warnings: string[] = [];
    const licensed = s.licenseKey.length > 0 || s.licenseFiles.length > 0;
    if (!licensed) {
      warnings.push(
        'No licence key was found (no options.LicenseKey, no Duende_IdentityServer_License.key): Duende IdentityServer 5 then logs that it runs for development and testing only. ' +
          'Automatic key management is a Business/Enterprise feature.',
      );
    } else {
      warnings.push(
        `A licence is configured (${[...s.licenseKey.map(where), ...s.licenseFiles].join(', ')}). Automatic key management needs a Business or Enterprise edition; ` +
          'with a Starter licence v5 logs "You have automatic key management enabled, but you do not have a valid license for that feature".',
      );
    }
    return { changes: [], commands: [], warnings, followUps: schedule(at) };
  },
};

function schedule(at: string): string[] {
  return [
    `Keep AddSigningCredential (${at}) as it is for now: it takes precedence over v5's automatic key management, so tokens keep being signed with your current key.`,
    'When every client has refreshed its cached discovery document and JWKS (typically 24 hours) and the first automatic key has been announced for its propagation time (14 days by default), ' +
      'replace AddSigningCredential(x) with AddValidationKey(x): automatic keys then sign, and the old key is still published so that tokens it signed keep validating.',
    'Once no token signed with the old key can still be in use, remove the AddValidationKey(x) call.',
    'To keep your static key for good instead (e.g. without a Business/Enterprise licence), set options.KeyManagement.Enabled = false in AddIdentityServer(options => ...).',
  ];
}
