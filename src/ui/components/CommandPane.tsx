import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { RunningCommand } from '../state/wizard.js';
import { clip, elapsed } from '../text.js';
import { useTheme } from '../theme.js';

/**
 * A running command's last lines in a pane of fixed height, so that a chatty
 * `dotnet ef` never grows the live region (which would make Ink redraw the whole screen).
 */
export function CommandPane({ command, height, width, now = Date.now }: { command: RunningCommand; height: number; width: number; now?: () => number }) {
  const theme = useTheme();
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);
  const inner = Math.max(height - 3, 1);
  const lines = command.tail.slice(-inner);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.info} height={height} paddingX={1}>
      <Text wrap="truncate-end">
        <Text color={theme.info}>
          <Spinner type="dots" />
        </Text>{' '}
        {clip(`${elapsed(now() - command.startedAt)} · ${command.title}`, width - 8)}
      </Text>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end" dimColor={theme.dim}>
          {clip(l, width - 4) || ' '}
        </Text>
      ))}
    </Box>
  );
}
