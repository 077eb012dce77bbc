import { Box, Text } from 'ink';
import stringWidth from 'string-width';
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

/**
 * Every step on one line with its mark. Where the full ids do not fit, short
 * names, two spaces apart or else one; where those do not fit either, only the current
 * step (or the one that failed) keeps its name and the others show their marks. One Text, so nothing is lost
 * to flex shrinking between the items.
 */
export function StepList({ state, width }: { state: WizardState; width: number }) {
  const theme = useTheme();
  const steps = state.plan?.steps ?? [];
  const marks = steps.map((s) => markOf(state, s));
  const layouts: { label: (id: StepId, i: number) => string; sep: string }[] = [
    { label: (id) => id, sep: '  ' },
    { label: (id) => SHORT[id] ?? id, sep: '  ' },
    { label: (id) => SHORT[id] ?? id, sep: ' ' },
    { label: (id, i) => (marks[i] === 'current' || marks[i] === 'failed' || marks[i] === 'interrupted' ? (SHORT[id] ?? id) : ''), sep: ' ' },
  ];
  const fits = (l: (typeof layouts)[number]) =>
    steps.reduce((n, s, i) => n + stringWidth(MARK[marks[i]!]) + (l.label(s.id, i) ? 1 + stringWidth(l.label(s.id, i)) : 0), 0) + l.sep.length * Math.max(steps.length - 1, 0) <= width;
  const layout = layouts.find(fits) ?? layouts[layouts.length - 1]!;
  return (
    <Box height={1} overflow="hidden">
      <Text wrap="truncate-end">
        {steps.map((s, i) => {
          const mark = marks[i]!;
          const label = layout.label(s.id, i);
          return (
            <Text key={s.id} bold={mark === 'current'} dimColor={theme.dim && (mark === 'not-applicable' || mark === 'pending')}>
              <Text color={markColor(theme, mark)}>{MARK[mark]}</Text>
              {label ? ` ${label}` : ''}
              {i < steps.length - 1 ? layout.sep : ''}
            </Text>
          );
        })}
      </Text>
    </Box>
  );
}
