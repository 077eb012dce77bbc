import type { PlanOptions } from '../core/types.js';

export interface WizardOptions {
  root: string;
  dir: string;
  options: PlanOptions;
  restart: boolean;
}

/** Placeholder until the Ink wizard lands. */
export async function runWizard(_opts: WizardOptions): Promise<number> {
  process.stderr.write('The interactive wizard is not built yet; use --plan, --dry-run or --yes.\n');
  return 2;
}
