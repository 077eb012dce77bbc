import { Text } from 'ink';
import type { Phase } from '../state/wizard.js';
import { useTheme } from '../theme.js';

const HELP: Record<Phase, string> = {
  loading: 'Ctrl+C quit',
  blocked: '',
  'no-tty': '',
  overview: '↑↓ choose · Enter ok · q quit',
  step: 'a apply · s skip · d details · q quit · n/p file · j/k PgUp/PgDn scroll',
  details: 'd/Esc back · j/k PgUp/PgDn scroll · a apply · s skip · q quit',
  applying: 'Ctrl+C interrupt (twice: save and quit)',
  failed: 'r retry · s skip · q save and quit · ↑↓ Enter',
  summary: 'Enter or q exit · j/k PgUp/PgDn scroll',
  bye: '',
};

/** The keys that work on this screen, always on the last line. */
export function HelpLine({ phase }: { phase: Phase }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end" dimColor={theme.dim} inverse={!theme.dim}>
      {HELP[phase]}
    </Text>
  );
}
