import { Box, Text } from 'ink';
import type { StepPlan } from '../../core/types.js';
import type { Choice } from '../state/wizard.js';
import { clip, wrap, wrapHard } from '../text.js';
import { Choices } from './Choices.js';
import { useTheme } from '../theme.js';

/** Before skipping a step whose skip leaves something broken: what breaks, then back or skip. */
export function ConfirmSkipScreen({ step, choices, choice, width, height }: { step: StepPlan; choices: Choice[]; choice: number; width: number; height: number }) {
  const theme = useTheme();
  const target = step.touches?.[0] ? wrapHard(step.touches[0], width, 4) : [];
  const room = Math.max(height - 3 - choices.length - target.length, 2);
  const consequence = wrap(step.skipConsequence ?? '', width, room);
  return (
    <Box flexDirection="column" height={height}>
      <Text color={theme.warn} bold wrap="truncate-end">
        {clip(`Skip "${step.title}"?`, width)}
      </Text>
      {target.map((l, i) => (
        <Text key={`t-${i}`} dimColor={theme.dim} wrap="truncate-end">
          {l}
        </Text>
      ))}
      {consequence.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l}
        </Text>
      ))}
      <Box height={1} />
      <Choices choices={choices} index={choice} />
    </Box>
  );
}
