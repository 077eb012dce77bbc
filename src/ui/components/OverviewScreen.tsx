import { Box } from 'ink';
import type { Line } from '../state/views.js';
import type { Choice } from '../state/wizard.js';
import { Choices } from './Choices.js';
import { Lines } from './Lines.js';

/** What was found, then the way in. */
export function OverviewScreen({ lines, choices, choice, height, labels }: { lines: Line[]; choices: Choice[]; choice: number; height: number; labels?: Partial<Record<Choice, string>> }) {
  const room = Math.max(height - choices.length - 1, 1);
  return (
    <Box flexDirection="column" height={height}>
      <Lines lines={lines} height={room} />
      <Box height={1} />
      <Choices choices={choices} index={choice} labels={labels} />
    </Box>
  );
}
