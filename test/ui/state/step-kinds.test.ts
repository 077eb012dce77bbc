import { describe, expect, it } from 'vitest';
import type { StepKind, StepPlan } from '../../../src/core/types.js';
import { applyKeyChoice, choicesOf, initialState, type WizardState } from '../../../src/ui/state/wizard.js';

/** The wizard reads a step's declared kind: a decision step offers its choices, and 'a' applies one of them. */

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
  followUps: [],
  ...over,
});
const KEEP = { id: 'keep', label: 'Keep the current key (default)', changes: [], warnings: [], followUps: ['Rotate later.'] };
const AUTO = { id: 'auto', label: 'Switch to automatic key management now', changes: [{ kind: 'edit' as const, path: 'Startup.cs', splices: [] }], warnings: [], followUps: [] };

function screen(step: StepPlan, choice: number): WizardState {
  return { ...initialState(), phase: 'step', current: step.id, choice, plan: { steps: [step] } as unknown as WizardState['plan'] };
}

describe('step kinds in the wizard', () => {
  it("the 'a' key: a decision step's highlighted choice, else its first; a work step's apply; nothing on a blocked step", () => {
    const decision = plan('decision', { variants: [KEEP, AUTO], choice: 'keep' });
    expect(choicesOf(screen(decision, 0))).toEqual(['variant:keep', 'variant:auto', 'skip', 'details', 'quit']);
    expect(applyKeyChoice(screen(decision, 1))).toBe('variant:auto');
    // the cursor on Skip: 'a' still applies, with the first choice
    expect(applyKeyChoice(screen(decision, 2))).toBe('variant:keep');
    expect(applyKeyChoice({ ...screen(decision, 1), phase: 'details' })).toBe('variant:auto');
    expect(applyKeyChoice(screen(plan('work'), 2))).toBe('apply');
    const blocked = plan('work', { status: 'blocked', blocked: { reason: 'needs packages', dependency: 'packages', consequence: 'the build breaks' } });
    expect(choicesOf(screen(blocked, 0))).toEqual(['skip', 'apply-anyway', 'details', 'quit']);
    expect(applyKeyChoice(screen(blocked, 1))).toBeUndefined();
  });
});
