import { STEP_IDS, type StepId } from '../types.js';
import { apiChangesStep } from './api-changes.js';
import { accessTokenValidationStep } from './access-token-validation.js';
import { databaseStep } from './database.js';
import { dataProtectionStep } from './data-protection.js';
import { devSigningCredentialStep } from './dev-signing-credential.js';
import { frameworkStep } from './framework.js';
import { namespacesStep } from './namespaces.js';
import { packagesStep } from './packages.js';
import { signingKeysStep } from './signing-keys.js';
import type { Step } from './step.js';
import { verifyStep } from './verify.js';

/** Each step id's module; the order is STEP_IDS' (types.ts), the one list of steps. */
const BY_ID: Record<StepId, Step> = {
  framework: frameworkStep,
  packages: packagesStep,
  namespaces: namespacesStep,
  'api-changes': apiChangesStep,
  'access-token-validation': accessTokenValidationStep,
  'dev-signing-credential': devSigningCredentialStep,
  database: databaseStep,
  'data-protection': dataProtectionStep,
  'signing-keys': signingKeysStep,
  verify: verifyStep,
};

export const STEPS: readonly Step[] = STEP_IDS.map((id) => BY_ID[id]);

export function stepById(id: StepId): Step {
  return BY_ID[id];
}
