import { Box, Text } from 'ink';
import type { Choice, Failure } from '../state/wizard.js';
import { clip, wrap, wrapHard } from '../text.js';
import { Choices } from './Choices.js';
import { useTheme } from '../theme.js';

/** What went wrong, the last output lines, and retry / skip / quit. */
export function FailedScreen({ title, failure, logFile, choices, choice, width, height }: {
  title: string;
  failure: Failure;
  /** Shown only when the log exists. */
  logFile?: string;
  choices: Choice[];
  choice: number;
  width: number;
  height: number;
}) {
  const theme = useTheme();
  const hint = failure.interrupted
    ? ' Retry runs it again; commands that already finished are not repeated.'
    : failure.staleFile
      ? '\nRetry plans again from the files as they are now and shows the new diff; nothing is written until you apply it.'
      : '';
  // The message wraps (never cut at the edge): its error codes and fixes come first; the output's last lines get what is left.
  const logLines = logFile ? 1 : 0;
  // An edit the step made so its commands could run stays on disk: say so, and how to take it back.
  const left = (failure.leftInPlace ?? []).flatMap((e) => wrap(`Left in place: ${e.path}: ${e.what}. To undo: ${e.undo}`, width - 2, 3).map((l, i) => `${i === 0 ? '! ' : '  '}${l}`));
  const room = Math.max(height - 2 - logLines - left.length - choices.length - 2, 3);
  const message = failure.message.concat(hint).split('\n').flatMap((l) => {
    const indent = /^\s*/.exec(l)![0];
    return wrap(l.trim(), width - indent.length, 50).map((w) => indent + w);
  }).slice(0, room);
  const tailRoom = Math.max(height - 2 - logLines - message.length - left.length - choices.length, 0);
  // the output's last lines wrap too (an error code or a feed URL at the end of a long line stays visible); the newest rows are kept
  const rows = failure.tail.slice(-tailRoom).flatMap((l) => wrapHard(l, Math.max(width - 2, 10)).map((r, i) => `${i === 0 ? '│' : '┆'} ${r}`));
  const tail = tailRoom > 0 ? rows.slice(-tailRoom) : [];
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
      {left.map((l, i) => (
        <Text key={`left-${i}`} color={theme.warn} wrap="truncate-end">
          {l}
        </Text>
      ))}
      <Box flexDirection="column" height={tailRoom}>
        {tail.map((l, i) => (
          <Text key={i} dimColor={theme.dim} wrap="truncate-end">
            {l}
          </Text>
        ))}
      </Box>
      {logFile ? (
        <Text dimColor={theme.dim} wrap="truncate-end">
          {clip(`Full output: ${logFile}`, width)}
        </Text>
      ) : null}
      <Box height={1} />
      <Choices choices={choices} index={choice} labels={failure.staleFile ? { retry: 'Plan again and show the new diff (r)' } : {}} />
    </Box>
  );
}
