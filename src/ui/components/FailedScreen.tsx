import { Box, Text } from 'ink';
import type { Choice, Failure } from '../state/wizard.js';
import { clip, wrap } from '../text.js';
import { Choices } from './Choices.js';
import { useTheme } from '../theme.js';

/** What went wrong, the last output lines, and retry / skip / quit. */
export function FailedScreen({ title, failure, logFile, choices, choice, width, height }: {
  title: string;
  failure: Failure;
  logFile: string;
  choices: Choice[];
  choice: number;
  width: number;
  height: number;
}) {
  const theme = useTheme();
  const hint = failure.interrupted ? ' Retry runs it again; commands that already finished are not repeated.' : '';
  const message = wrap(failure.message + hint, width, 4);
  // title, the log line and a blank line before the choices
  const tailRoom = Math.max(height - 3 - message.length - choices.length, 0);
  const tail = failure.tail.slice(-tailRoom);
  return (
    <Box flexDirection="column" height={height}>
      <Text color={theme.bad} bold wrap="truncate-end">
        {clip(`✖ ${title}: ${failure.interrupted ? 'interrupted' : 'failed'}`, width)}
      </Text>
      {message.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l}
        </Text>
      ))}
      <Box flexDirection="column" height={tailRoom}>
        {tail.map((l, i) => (
          <Text key={i} dimColor={theme.dim} wrap="truncate-end">
            {clip(`│ ${l}`, width)}
          </Text>
        ))}
      </Box>
      <Text dimColor={theme.dim} wrap="truncate-end">
        {clip(`Full output: ${logFile}`, width)}
      </Text>
      <Box height={1} />
      <Choices choices={choices} index={choice} />
    </Box>
  );
}
