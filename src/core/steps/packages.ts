import type { Step } from './step.js';

export const packagesStep: Step = {
  id: 'packages',
  title: 'Swap the NuGet packages',
  why: 'IdentityServer4 packages are replaced by their Duende.IdentityServer counterparts; the IdentityServer4 packages receive no more fixes.',
  detect() {
    return { status: 'not-applicable', evidence: [] };
  },
  plan() {
    return { changes: [], commands: [] };
  },
};
