import type { Step } from './step.js';

export const databaseStep: Step = {
  id: 'database',
  title: 'Add and apply the EF Core migrations',
  why: 'Duende IdentityServer 5 adds a Keys table to the operational store and new columns and tables to the configuration store.',
  detect() {
    return { status: 'not-applicable', evidence: [] };
  },
  plan() {
    return { changes: [], commands: [] };
  },
};
