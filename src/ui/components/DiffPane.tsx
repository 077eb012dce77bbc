import { Box, Text } from 'ink';
import { diffRows, type FileDiff } from '../state/views.js';
import { clip } from '../text.js';
import { Lines } from './Lines.js';
import { useTheme } from '../theme.js';

/** One file's diff at a time, in a box of fixed height that pages. */
export function DiffPane({ diffs, fileIndex, scroll, height, width }: { diffs: FileDiff[]; fileIndex: number; scroll: number; height: number; width: number }) {
  const theme = useTheme();
  const diff = diffs[fileIndex];
  if (!diff) {
    return (
      <Box height={Math.max(height, 1)} flexDirection="column" flexShrink={0}>
        <Text dimColor={theme.dim}>No file changes in this step.</Text>
      </Box>
    );
  }
  const rows = diffRows(diff, width);
  const total = rows.length;
  const from = Math.min(scroll, Math.max(total - height, 0));
  const shown = rows.slice(from, from + height);
  const range = total > height ? ` · lines ${from + 1}–${Math.min(from + height, total)} of ${total}` : '';
  return (
    <Box flexDirection="column" height={height + 1} flexShrink={0}>
      <Text wrap="truncate-end" bold>
        {clip(`file ${fileIndex + 1} of ${diffs.length}: ${diff.path}${diff.kind === 'delete' ? ' (delete)' : ''}${range}`, width)}
      </Text>
      <Lines lines={shown} height={height} />
    </Box>
  );
}
