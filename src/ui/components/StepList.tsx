import { Box, Text } from 'ink';
import type { StepId } from '../../core/types.js';
import { MARK, markOf, type Mark, type WizardState } from '../state/wizard.js';
import { useTheme, type Theme } from '../theme.js';

const SHORT: Partial<Record<StepId, string>> = { 'dev-signing-credential': 'dev-signing' };

function markColor(theme: Theme, mark: Mark): string | undefined {
  if (mark === 'done') return theme.ok;
  if (mark === 'failed' || mark === 'interrupted') return theme.bad;
  if (mark === 'current') return theme.accent;
  if (mark === 'skipped') return theme.warn;
  return undefined;
}

/** Every step on one line with its mark; short names when the terminal is narrow. */
export function StepList({ state, width }: { state: WizardState; width: number }) {
  const theme = useTheme();
  const steps = state.plan?.steps ?? [];
  const full = steps.reduce((n, s) => n + s.id.length + 4, 0) <= width;
  return (
    <Box height={1} overflow="hidden">
      {steps.map((s, i) => {
        const mark = markOf(state, s);
        const label = full ? s.id : (SHORT[s.id] ?? s.id);
        return (
          <Text key={s.id} wrap="truncate-end" bold={mark === 'current'} dimColor={theme.dim && (mark === 'not-applicable' || mark === 'pending')}>
            <Text color={markColor(theme, mark)}>{MARK[mark]}</Text> {label}
            {i < steps.length - 1 ? '  ' : ''}
          </Text>
        );
      })}
    </Box>
  );
}
