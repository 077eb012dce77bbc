import { describe, expect, it } from 'vitest';
import { leftForPerson } from '../../../src/core/plan/deps.js';
import { STEPS } from '../../../src/core/steps/index.js';
import type { StepKind, StepPlan } from '../../../src/core/types.js';

/**
 * A step's kind (work, decision, optional) is declared by its module, and the plan,
 * the dependency rules and the wizard's keys read that declaration instead of
 * guessing it from what the step planned (a decision step whose choice changes no
 * file was once taken as "left for a person", and the 'a' key once picked Skip).
 */

const plan = (kind: StepKind, over: Partial<StepPlan> = {}): StepPlan => ({
  id: kind === 'decision' ? 'signing-keys' : 'dev-signing-credential',
  title: 'A step',
  why: '',
  status: 'pending',
  kind,
  evidence: [],
  changes: [],
  commands: [],
  warnings: [],
  followUps: ['Replace the call by hand.'],
  ...over,
});
const KEEP = { id: 'keep', label: 'Keep the current key (default)', changes: [], warnings: [], followUps: ['Rotate later.'] };

describe('step kinds', () => {
  it('every step declares its kind: signing-keys and database (apply now, script only) are decisions, access-token-validation is optional, the rest work', () => {
    expect(Object.fromEntries(STEPS.map((s) => [s.id, s.kind]))).toMatchObject({
      packages: 'work',
      namespaces: 'work',
      'api-changes': 'work',
      'access-token-validation': 'optional',
      'dev-signing-credential': 'work',
      database: 'decision',
      'data-protection': 'work',
      'signing-keys': 'decision',
      verify: 'work',
    });
    for (const s of STEPS) expect(['work', 'decision', 'optional']).toContain(s.kind);
  });

  it('a decision step with no file change is never left for a person, whether or not its plan lists variants; a work step with only follow-ups is', () => {
    expect(leftForPerson(plan('decision', { variants: [KEEP], choice: 'keep' }))).toBe(false);
    expect(leftForPerson(plan('decision'))).toBe(false);
    expect(leftForPerson(plan('work'))).toBe(true);
    expect(leftForPerson(plan('optional'))).toBe(true);
    expect(leftForPerson(plan('work', { followUps: [] }))).toBe(false);
  });

});
