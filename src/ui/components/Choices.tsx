import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import type { Choice } from '../state/wizard.js';
import { useTheme } from '../theme.js';

const LABEL: Record<Exclude<Choice, `variant:${string}` | `target:${string}`>, string> = {
  apply: 'Apply this step (a)',
  'apply-anyway': 'Apply anyway',
  skip: 'Skip this step (s)',
  'skip-confirmed': 'Skip it anyway (s)',
  back: 'Go back to the step (Esc)',
  details: 'Details: all evidence and reasoning (d)',
  quit: 'Save and quit (q)',
  retry: 'Retry (r)',
  continue: 'Go through the steps (Enter)',
  'change-target': 'Choose another target version (t)',
  finish: 'Exit (Enter)',
};

// ink-select-input's own indicator and item are always blue; these follow the theme (NO_COLOR).
function Indicator({ isSelected = false }: { isSelected?: boolean }) {
  const theme = useTheme();
  return (
    <Box marginRight={1}>
      <Text color={theme.accent}>{isSelected ? '❯' : ' '}</Text>
    </Box>
  );
}

function Item({ isSelected = false, label }: { isSelected?: boolean; label: string }) {
  const theme = useTheme();
  return (
    <Text color={isSelected ? theme.accent : undefined} bold={isSelected && !theme.accent}>
      {label}
    </Text>
  );
}

/**
 * The choices as an ink-select-input list. The highlight lives in the wizard's
 * reducer, not in the list, because j/k scroll the diff here: the list only
 * draws, and the root's key handler moves and picks.
 */
export function Choices({ choices, index, labels = {} }: { choices: Choice[]; index: number; labels?: Partial<Record<Choice, string>> }) {
  const items = choices.map((c, i) => ({ key: c, label: c.startsWith('variant:') || c.startsWith('target:') ? `${labels[c] ?? c.slice(c.indexOf(':') + 1)} (${i + 1})` : labels[c] ?? LABEL[c as keyof typeof LABEL], value: c }));
  return (
    <Box flexDirection="column" height={choices.length} flexShrink={0}>
      <SelectInput key={index} items={items} initialIndex={index} isFocused={false} indicatorComponent={Indicator} itemComponent={Item} />
    </Box>
  );
}
