import { Box, Text } from 'ink';
import type { Line } from '../state/views.js';
import { Lines } from './Lines.js';
import { useTheme } from '../theme.js';

/** A page of lines that scrolls (details), with a position note when it does not all fit. */
export function ScrollScreen({ lines, scroll, height }: { lines: Line[]; scroll: number; height: number }) {
  const theme = useTheme();
  const fits = lines.length <= height;
  const view = fits ? height : height - 1;
  const from = Math.min(scroll, Math.max(lines.length - view, 0));
  return (
    <Box flexDirection="column" height={height}>
      <Lines lines={lines.slice(from, from + view)} height={view} />
      {fits ? null : (
        <Text dimColor={theme.dim} wrap="truncate-end">
          lines {from + 1}–{Math.min(from + view, lines.length)} of {lines.length}
        </Text>
      )}
    </Box>
  );
}
