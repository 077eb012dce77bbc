import type { Step } from './step.js';

export const signingKeysStep: Step = {
  id: 'signing-keys',
  title: 'Keep the old signing key during the switch',
  why: 'Clients cache the discovery document and keys (typically 24 hours); publishing the old key keeps their tokens valid while new keys roll out.',
  detect() {
    return { status: 'not-applicable', evidence: [] };
  },
  plan() {
    return { changes: [], commands: [] };
  },
};
