import type { Step } from './step.js';

export const verifyStep: Step = {
  id: 'verify',
  title: 'Verify the build',
  why: 'The upgraded solution must build; dotnet build shows what the namespace and package changes could not fix.',
  detect() {
    return { status: 'not-applicable', evidence: [] };
  },
  plan() {
    return { changes: [], commands: [] };
  },
};
