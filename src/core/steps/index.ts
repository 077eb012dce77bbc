import type { StepId } from '../types.js';
import { apiChangesStep } from './api-changes.js';
import { accessTokenValidationStep } from './access-token-validation.js';
import { databaseStep } from './database.js';
import { dataProtectionStep } from './data-protection.js';
import { devSigningCredentialStep } from './dev-signing-credential.js';
import { namespacesStep } from './namespaces.js';
import { packagesStep } from './packages.js';
import { signingKeysStep } from './signing-keys.js';
import type { Step } from './step.js';
import { verifyStep } from './verify.js';

/** The steps, in their fixed order. */
export const STEPS: readonly Step[] = [
  packagesStep,
  namespacesStep,
  apiChangesStep,
  accessTokenValidationStep,
  devSigningCredentialStep,
  databaseStep,
  dataProtectionStep,
  signingKeysStep,
  verifyStep,
];

export function stepById(id: StepId): Step {
  const step = STEPS.find((s) => s.id === id);
  if (!step) throw new Error(`unknown step ${id}`);
  return step;
}
