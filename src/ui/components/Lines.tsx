import { Box, Text } from 'ink';
import type { Line, Tone } from '../state/views.js';
import { useTheme, type Theme } from '../theme.js';

export function toneProps(theme: Theme, tone: Tone): { color?: string; bold?: boolean; dimColor?: boolean } {
  switch (tone) {
    case 'ok':
    case 'add':
      return { color: theme.ok };
    case 'bad':
    case 'del':
      return { color: theme.bad };
    case 'warn':
      return { color: theme.warn };
    case 'info':
    case 'hunk':
      return { color: theme.info };
    case 'accent':
      return { color: theme.accent, bold: true };
    case 'bold':
      return { bold: true };
    case 'dim':
      return { dimColor: theme.dim };
    default:
      return {};
  }
}

/**
 * One line per entry, never wrapped, so a box's height is exactly its line count.
 * flexShrink 0: in a box of fixed height Yoga would otherwise squeeze rows onto
 * one another; too much content must be clipped at the bottom instead.
 */
export function Lines({ lines, height }: { lines: Line[]; height?: number }) {
  const theme = useTheme();
  const shown = height === undefined ? lines : lines.slice(0, height);
  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate-end" {...toneProps(theme, l.tone)}>
          {l.text === '' ? ' ' : l.text}
        </Text>
      ))}
    </Box>
  );
}
