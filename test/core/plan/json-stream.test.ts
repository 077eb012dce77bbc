import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../../src/core/plan/plan.js';
import { planToJson, writePlanJson } from '../../../src/core/plan/json.js';
import { DEFAULT_OPTIONS } from '../../../src/core/types.js';

const FIXTURES = path.resolve(__dirname, '../../fixtures');

describe('writePlanJson', () => {
  // Fixtures with edits, deletions, commands, evidence notes and a legacy encoding; planning only reads them.
  for (const name of ['ef-quickstart', 'multi-project', 'encodings', 'crlf-bom']) {
    it(`writes exactly JSON.stringify(planToJson(plan), null, 2) for ${name}`, async () => {
      const plan = await makePlan(path.join(FIXTURES, name, 'before'), DEFAULT_OPTIONS);
      expect(plan.steps.some((s) => s.changes.length > 0)).toBe(true);
      const chunks: string[] = [];
      writePlanJson(plan, (t) => chunks.push(t));
      expect(chunks.join('')).toBe(`${JSON.stringify(planToJson(plan), null, 2)}\n`);
    });
  }
});
