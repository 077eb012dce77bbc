import { Text } from 'ink';
import type { Phase } from '../state/wizard.js';
import { useTheme } from '../theme.js';

const HELP: Record<Phase, string> = {
  loading: 'Ctrl+C quit',
  blocked: '',
  'no-tty': '',
  overview: '↑↓ choose · Enter ok · q quit',
  step: 'a apply · s skip · d details · q quit',
  details: 'd/Esc back · j/k PgUp/PgDn scroll · a apply · s skip · q quit',
  applying: 'Ctrl+C interrupt (twice: save and quit)',
  failed: 'r retry · s skip · q save and quit · ↑↓ Enter',
  summary: 'Enter or q exit · j/k PgUp/PgDn scroll',
  bye: '',
};

/**
 * The keys that work on this screen, always on the last line. On a step, the
 * file keys only where there is more than one file, and the scroll keys only
 * where there is a diff to scroll.
 */
export function HelpLine({ phase, files = 0 }: { phase: Phase; files?: number }) {
  const theme = useTheme();
  const text = phase === 'step' ? `${HELP.step}${files > 1 ? ' · n/p file' : ''}${files > 0 ? ' · j/k PgUp/PgDn scroll' : ''}` : HELP[phase];
  return (
    <Text wrap="truncate-end" dimColor={theme.dim} inverse={!theme.dim}>
      {text}
    </Text>
  );
}
