import { Text } from 'ink';
import type { Phase } from '../state/wizard.js';
import { useTheme } from '../theme.js';

const HELP: Record<Phase, string> = {
  loading: 'Ctrl+C quit',
  blocked: '',
  'no-tty': '',
  overview: '↑↓ choose · Enter ok · q quit',
  target: '↑↓ choose · Enter pick · Esc back',
  step: 'a apply · s skip · d details · q quit',
  details: 'd/Esc back · j/k PgUp/PgDn scroll · a apply · s skip · q quit',
  applying: 'Ctrl+C interrupt (twice: save and quit)',
  failed: 'r retry · s skip · q save and quit · ↑↓ Enter',
  'confirm-skip': 's skip it · Esc back · q save and quit · ↑↓ Enter',
  summary: 'Enter or q exit · j/k PgUp/PgDn scroll',
  bye: '',
};

/**
 * The keys that work on this screen, always on the last line. On a step, the
 * file keys only where there is more than one file, and the scroll keys only
 * where there is a diff to scroll. A blocked step has no `a`: applying it anyway
 * is only a choice in the list.
 */
export function HelpLine({ phase, files = 0, blocked = false }: { phase: Phase; files?: number; blocked?: boolean }) {
  const theme = useTheme();
  const keys = blocked && (phase === 'step' || phase === 'details') ? 's skip · d details · q quit · ↑↓ Enter choose' : HELP.step;
  const text = phase === 'step' ? `${keys}${files > 1 ? ' · n/p file' : ''}${files > 0 ? ' · j/k PgUp/PgDn scroll' : ''}` : blocked && phase === 'details' ? keys : HELP[phase];
  return (
    <Text wrap="truncate-end" dimColor={theme.dim} inverse={!theme.dim}>
      {text}
    </Text>
  );
}
