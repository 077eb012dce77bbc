import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { RunningCommand, WizardState } from '../state/wizard.js';
import { clip } from '../text.js';
import { CommandPane } from './CommandPane.js';
import { useTheme } from '../theme.js';

/** Files as they are written, then the live pane of a running command. */
export function ApplyScreen({ title, progress, command, replanning, interrupts, width, height }: {
  title: string;
  progress: WizardState['progress'];
  command?: RunningCommand;
  replanning: boolean;
  interrupts: number;
  width: number;
  height: number;
}) {
  const theme = useTheme();
  const paneHeight = command ? Math.min(Math.max(height - 4, 4), 14) : 0;
  const fileRoom = Math.max(height - 2 - paneHeight, 1);
  const files = progress.slice(-fileRoom);
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate-end">
        <Text color={theme.info}>
          <Spinner type="dots" />
        </Text>{' '}
        {clip(`${replanning ? 'Checking the files again after' : 'Applying'}: ${title}`, width - 2)}
      </Text>
      <Box flexDirection="column" height={fileRoom}>
        {progress.length > files.length ? <Text dimColor={theme.dim}>… {progress.length - files.length} earlier files</Text> : null}
        {files.slice(progress.length > files.length ? 1 : 0).map((f) => (
          <Text key={f.index} wrap="truncate-end">
            <Text color={theme.ok}>✔</Text> {clip(`wrote ${f.path}  (${f.index + 1} of ${f.total})`, width - 2)}
          </Text>
        ))}
      </Box>
      {command ? <CommandPane command={command} height={paneHeight} width={width} /> : null}
      <Text color={theme.warn} wrap="truncate-end">
        {interrupts > 0 ? 'Stopping the command… press Ctrl+C again to save and quit at once.' : ' '}
      </Text>
    </Box>
  );
}
