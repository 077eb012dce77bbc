import type { Step } from './step.js';

export const devSigningCredentialStep: Step = {
  id: 'dev-signing-credential',
  title: 'Remove AddDeveloperSigningCredential',
  why: 'Duende IdentityServer manages signing keys automatically; the developer credential would override them with a temporary key file.',
  detect() {
    return { status: 'not-applicable', evidence: [] };
  },
  plan() {
    return { changes: [], commands: [] };
  },
};
