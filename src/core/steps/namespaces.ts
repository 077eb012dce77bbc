import type { Step } from './step.js';

export const namespacesStep: Step = {
  id: 'namespaces',
  title: 'Rename the namespaces',
  why: 'Duende IdentityServer declares its types under Duende.IdentityServer.* instead of IdentityServer4.*, so using directives and qualified names must follow.',
  detect() {
    return { status: 'not-applicable', evidence: [] };
  },
  plan() {
    return { changes: [], commands: [] };
  },
};
