import { Box, Text } from 'ink';
import type { StepPlan } from '../../core/types.js';
import { stepLayout, type FileDiff } from '../state/views.js';
import type { Choice } from '../state/wizard.js';
import { clip } from '../text.js';
import { Choices } from './Choices.js';
import { DiffPane } from './DiffPane.js';
import { Lines } from './Lines.js';

export interface StepScreenProps {
  step: StepPlan;
  position: number;
  count: number;
  diffs: FileDiff[];
  fileIndex: number;
  scroll: number;
  choices: Choice[];
  choice: number;
  width: number;
  height: number;
}

/** The current step: why, what changes, what runs, and the choices. */
export function StepScreen(p: StepScreenProps) {
  const layout = stepLayout(p.step, p.width, p.height, p.choices.length);
  return (
    <Box flexDirection="column" height={p.height}>
      <Text bold wrap="truncate-end">
        {clip(`Step ${p.position} of ${p.count}: ${p.step.title}`, p.width)}
      </Text>
      <Lines lines={layout.why} />
      <Lines lines={layout.touches} />
      <Lines lines={layout.notes} />
      <Lines lines={layout.evidence} />
      <DiffPane diffs={p.diffs} fileIndex={p.fileIndex} scroll={p.scroll} height={layout.diffHeight} width={p.width} />
      <Lines lines={layout.commands} />
      <Choices
        choices={p.choices}
        index={p.choice}
        labels={{
          ...(p.step.blocked?.consequence ? { 'apply-anyway': clip(`Apply anyway: ${p.step.blocked.consequence}`, p.width - 2) } : {}),
          ...Object.fromEntries((p.step.variants ?? []).map((v) => [`variant:${v.id}`, v.label])),
        }}
      />
    </Box>
  );
}
