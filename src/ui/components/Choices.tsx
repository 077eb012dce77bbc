import { Box } from 'ink';
import SelectInput from 'ink-select-input';
import type { Choice } from '../state/wizard.js';

const LABEL: Record<Choice, string> = {
  apply: 'Apply this step (a)',
  skip: 'Skip this step (s)',
  details: 'Details: all evidence and reasoning (d)',
  quit: 'Save and quit (q)',
  retry: 'Retry (r)',
  continue: 'Go through the steps (Enter)',
  finish: 'Exit (Enter)',
};

/**
 * The choices as an ink-select-input list. The highlight lives in the wizard's
 * reducer, not in the list, because j/k scroll the diff here: the list only
 * draws, and the root's key handler moves and picks.
 */
export function Choices({ choices, index }: { choices: Choice[]; index: number }) {
  const items = choices.map((c) => ({ key: c, label: LABEL[c], value: c }));
  return (
    <Box flexDirection="column" height={choices.length}>
      <SelectInput key={index} items={items} initialIndex={index} isFocused={false} />
    </Box>
  );
}
