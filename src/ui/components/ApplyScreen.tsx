import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { RunningCommand, WizardState } from '../state/wizard.js';
import { clip } from '../text.js';
import { CommandPane } from './CommandPane.js';
import { useTheme } from '../theme.js';

/** Files as they are written, then the live pane of a running command. */
export function ApplyScreen({ title, progress, ran, command, replanning, interrupts, width, height }: {
  title: string;
  progress: WizardState['progress'];
  ran: WizardState['ran'];
  command?: RunningCommand;
  replanning: boolean;
  interrupts: number;
  width: number;
  height: number;
}) {
  const theme = useTheme();
  const paneHeight = command ? Math.min(Math.max(height - 4, 4), 14) : 0;
  const fileRoom = Math.max(height - 2 - paneHeight, 1);
  // Files written, then commands finished: the newest at the bottom, above the live pane.
  const done = [
    ...progress.map((f) => ({ key: `f${f.index}`, ok: true, text: `wrote ${f.path}  (${f.index + 1} of ${f.total})` })),
    ...ran.map((r, i) => ({ key: `c${i}`, ok: r.ok, text: `${r.title}: ${r.verdict}` })),
  ];
  const files = done.slice(-fileRoom);
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate-end">
        <Text color={theme.info}>
          <Spinner type="dots" />
        </Text>{' '}
        {clip(`${replanning ? 'Checking the files again after' : 'Applying'}: ${title}`, width - 2)}
      </Text>
      <Box flexDirection="column" height={fileRoom}>
        {done.length > files.length ? <Text dimColor={theme.dim}>… {done.length - files.length + 1} earlier</Text> : null}
        {files.slice(done.length > files.length ? 1 : 0).map((f) => (
          <Text key={f.key} wrap="truncate-end">
            <Text color={f.ok ? theme.ok : theme.bad}>{f.ok ? '✔' : '✖'}</Text> {clip(f.text, width - 2)}
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
