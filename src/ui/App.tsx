import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { EventEmitter } from 'node:events';
import path from 'node:path';
import { Box, Static, Text, useApp, useInput, useStdin, type Key } from 'ink';
import Spinner from 'ink-spinner';
import { LOG_DIR } from '../core/apply/session.js';
import { verdictOf } from '../core/outcome.js';
import type { RequestedOptions } from '../core/types.js';
import { renderPlan } from '../cli/render.js';
import { engineDeps, type WizardDeps } from './engine.js';
import { detailsLines, diffRows, overviewLines, stepDiffs, stepLayout, summaryLines, targetLabels, targetLines } from './state/views.js';
import { applyKeyChoice, choicesOf, currentPlan, initialState, previewOf, reducer, targetOfChoice, type Action, type Choice, type FinishedLine, type WizardState } from './state/wizard.js';
import { clip } from './text.js';
import { COLOR_THEME, ThemeContext, useTheme, type Theme } from './theme.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useWizard, type WizardControls } from './use-wizard.js';
import { ApplyScreen } from './components/ApplyScreen.js';
import { ConfirmSkipScreen } from './components/ConfirmSkipScreen.js';
import { FailedScreen } from './components/FailedScreen.js';
import { HelpLine } from './components/HelpLine.js';
import { Lines, toneProps } from './components/Lines.js';
import { OverviewScreen } from './components/OverviewScreen.js';
import { ScrollScreen } from './components/ScrollScreen.js';
import { StepList } from './components/StepList.js';
import { StepScreen } from './components/StepScreen.js';

export interface AppProps {
  root: string;
  /** The folder as the user typed it, for messages. */
  dir: string;
  options: RequestedOptions;
  restart: boolean;
  /** Called once, with the exit code, just before the app exits. */
  onExit(code: number): void;
  deps?: WizardDeps;
  /** Emits 'interrupt' for SIGINT/SIGTERM that reach the process outside raw mode. */
  signals?: EventEmitter;
  theme?: Theme;
  now?: () => number;
}

const MIN_COLUMNS = 60;
const MIN_ROWS = 16;

/** The root: owns the state, the keys and the one call to exit(); screens only draw. */
export function App(props: AppProps) {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const interactive = isRawModeSupported === true;
  const size = useTerminalSize();
  // The reducer runs at once on a ref rather than at React's next render, so keys typed
  // ahead (Enter then s, faster than a frame) each see the state the one before left.
  const store = useRef<WizardState>(undefined as unknown as WizardState);
  if (store.current === undefined) store.current = initialState();
  const [, rendered] = useReducer((n: number) => n + 1, 0);
  const dispatch = useCallback((action: Action) => {
    const next = reducer(store.current, action);
    if (next === store.current) return;
    store.current = next;
    rendered();
  }, []);
  const state = store.current;
  const controls = useWizard(
    { root: props.root, options: props.options, restart: props.restart, deps: props.deps ?? engineDeps, now: props.now ?? Date.now, interactive },
    state,
    dispatch,
    () => store.current,
  );

  useEffect(() => {
    if (state.exitCode === undefined) return;
    props.onExit(state.exitCode);
    exit();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.exitCode]);

  useEffect(() => {
    const s = props.signals;
    if (!s) return;
    const on = () => controls.interrupt();
    s.on('interrupt', on);
    return () => {
      s.off('interrupt', on);
    };
  }, [props.signals, controls]);

  const width = Math.max(size.columns - 1, 20);
  // One line short of the terminal: a frame as tall as the screen makes Ink clear and redraw it all.
  const height = Math.max(size.rows - 1, 8);
  const bodyHeight = height - 4;
  const planned = currentPlan(state);
  const choices = choicesOf(state);
  // a decision step shows the choice under the cursor
  const highlighted = state.phase === 'step' || state.phase === 'details' ? choices[state.choice] : undefined;
  const step = useMemo(() => (planned ? previewOf(planned, highlighted) : undefined), [planned, highlighted]);
  const diffs = useMemo(() => (state.plan && step ? stepDiffs(state.plan, step) : []), [state.plan, step]);
  const details = useMemo(() => (state.plan && step ? detailsLines(state.plan, step, width) : []), [state.plan, step, width]);

  const logDir = path.join(props.dir, LOG_DIR);
  /** How far the pane on screen can scroll, for the state the key arrives in (it may be ahead of the last render). */
  const page = (now: WizardState): { max: number; page: number } => {
    const raw = currentPlan(now);
    const st = raw && raw === planned && choicesOf(now)[now.choice] === highlighted ? step : raw ? previewOf(raw, choicesOf(now)[now.choice]) : undefined;
    if (now.phase === 'summary') return { max: summaryLines(now, width, logDir, path.dirname(logDir)).length - (bodyHeight - 3), page: bodyHeight - 4 };
    if (!st || !now.plan) return { max: 0, page: 1 };
    if (now.phase === 'details') {
      const lines = st === step ? details : detailsLines(now.plan, st, width);
      return { max: lines.length - (bodyHeight - 1), page: bodyHeight - 2 };
    }
    const fileDiffs = st === step ? diffs : stepDiffs(now.plan, st);
    const h = stepLayout(st, width, bodyHeight, choicesOf(now).length).diffHeight;
    return { max: diffRows(fileDiffs[now.fileIndex], width).length - h, page: Math.max(h - 1, 1) };
  };

  const keys = useRef({ page, controls });
  keys.current = { page, controls };
  useInput(
    (input, key) => {
      // Keys typed faster than a read (or pasted) arrive as one string: take them one by one.
      const presses = !key.ctrl && !key.meta && input.length > 1 && /^[\x20-\x7e]+$/.test(input) ? [...input] : [input];
      for (const press of presses) {
        const now = store.current;
        onKey(press, key, now, choicesOf(now), keys.current.controls, dispatch, keys.current.page);
      }
    },
    { isActive: interactive },
  );

  const theme = props.theme ?? COLOR_THEME;
  // the planned step, not its preview: a decision step's preview is a copy
  const position = planned && state.plan ? state.plan.steps.indexOf(planned) + 1 : 0;
  const stepCount = state.plan?.steps.length ?? 0;

  let body: React.ReactNode;
  switch (state.phase) {
    case 'loading':
      body = (
        <Text>
          <Spinner type="dots" /> Scanning {props.dir} and planning the upgrade…
        </Text>
      );
      break;
    case 'blocked':
      body = <Blocked message={state.error ?? ''} code={state.exitCode ?? 2} width={width} />;
      break;
    case 'no-tty':
      body = (
        <Box flexDirection="column">
          <Text>{state.plan ? renderPlan(state.plan).trimEnd() : ''}</Text>
          <Text>No interactive terminal (raw mode is not available), so the wizard cannot ask. Pass --yes to apply the pending steps, or --dry-run to see every change.</Text>
        </Box>
      );
      break;
    case 'overview':
      body = <OverviewScreen lines={overviewLines(state, width)} choices={choices} choice={state.choice} height={bodyHeight} />;
      break;
    case 'target':
      body = <OverviewScreen lines={targetLines(state, width)} choices={choices} labels={targetLabels(choices)} choice={state.choice} height={bodyHeight} />;
      break;
    case 'step':
      body = step ? <StepScreen step={step} position={position} count={stepCount} diffs={diffs} fileIndex={state.fileIndex} scroll={state.scroll} choices={choices} choice={state.choice} width={width} height={bodyHeight} /> : null;
      break;
    case 'details':
      body = <ScrollScreen lines={details} scroll={state.scroll} height={bodyHeight} />;
      break;
    case 'applying':
      body = <ApplyScreen title={step?.title ?? ''} progress={state.progress} ran={state.ran} command={state.command} replanning={state.replanning} interrupts={state.interrupts} width={width} height={bodyHeight} />;
      break;
    case 'failed':
      body = state.failure ? (
        <FailedScreen title={state.plan?.steps.find((s) => s.id === state.failure!.id)?.title ?? ''} failure={state.failure} logFile={state.failure.log ? path.join(props.dir, state.failure.log) : undefined} choices={choices} choice={state.choice} width={width} height={bodyHeight} />
      ) : null;
      break;
    case 'confirm-skip':
      body = planned ? <ConfirmSkipScreen step={planned} choices={choices} choice={state.choice} width={width} height={bodyHeight} /> : null;
      break;
    case 'summary':
      body = <SummaryScreen state={state} width={width} height={bodyHeight} logDir={logDir} />;
      break;
    case 'bye':
      body = <Text>{state.byeMessage}</Text>;
      break;
  }

  const framed = state.phase !== 'blocked' && state.phase !== 'no-tty' && state.phase !== 'bye';
  const tooSmall = framed && (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS);
  return (
    <ThemeContext.Provider value={theme}>
      <Static items={state.finished}>
        {(l) => (
          <Text key={l.key} {...toneProps(theme, l.tone === 'skip' ? 'warn' : l.tone === 'plain' ? 'dim' : l.tone)}>
            {l.text}
          </Text>
        )}
      </Static>
      {tooSmall ? (
        <Text>
          The terminal is {size.columns}×{size.rows}; the wizard needs at least {MIN_COLUMNS}×{MIN_ROWS} (80×24 is best). Enlarge it, or press Ctrl+C.
        </Text>
      ) : framed ? (
        <Box flexDirection="column" height={height} width={width}>
          <TitleBar state={state} dir={path.normalize(props.dir) === '.' ? path.basename(props.root) : props.dir} width={width} />
          <StepList state={state} width={width} />
          <Rule result={state.phase === 'step' || state.phase === 'summary' ? state.lastResult : undefined} width={width} />
          <Box flexDirection="column" height={bodyHeight} overflow="hidden">
            {body}
          </Box>
          <HelpLine phase={state.phase} files={step?.changes.length ?? 0} blocked={Boolean(currentPlan(state)?.blocked)} />
        </Box>
      ) : (
        <Box flexDirection="column" width={width}>
          {state.plan && state.phase === 'bye' ? <StepList state={state} width={width} /> : null}
          {body}
        </Box>
      )}
    </ThemeContext.Provider>
  );
}

/** The rule under the step list; it carries the last step's result so it stays in view. */
function Rule({ result, width }: { result?: FinishedLine; width: number }) {
  const theme = useTheme();
  if (!result) {
    return (
      <Text dimColor={theme.dim} wrap="truncate">
        {'─'.repeat(width)}
      </Text>
    );
  }
  const text = clip(result.text, width - 6);
  return (
    <Text wrap="truncate">
      <Text dimColor={theme.dim}>── </Text>
      <Text {...toneProps(theme, result.tone === 'skip' ? 'warn' : result.tone === 'plain' ? 'dim' : result.tone)}>{text}</Text>
      <Text dimColor={theme.dim}> {'─'.repeat(Math.max(width - text.length - 4, 0))}</Text>
    </Text>
  );
}

function TitleBar({ state, dir, width }: { state: WizardState; dir: string; width: number }) {
  const target = state.plan?.options.target;
  const text = `duende-upgrade · ${dir}${target ? ` · to Duende IdentityServer ${target}` : ''}`;
  return (
    <Text bold wrap="truncate-end">
      {clip(text, width)}
    </Text>
  );
}

function Blocked({ message, code, width }: { message: string; code: number; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width}>
      <Text color={theme.bad} bold>
        The upgrade cannot start:
      </Text>
      <Text>{message}</Text>
      <Text dimColor={theme.dim}>{/nothing was changed/i.test(message) ? '' : 'Nothing was changed. '}(exit code {code})</Text>
    </Box>
  );
}

function SummaryScreen({ state, width, height, logDir }: { state: WizardState; width: number; height: number; logDir: string }) {
  const lines = summaryLines(state, width, logDir, path.dirname(logDir));
  const verdict = state.plan ? verdictOf(state.plan.steps, state.outcomes) : undefined;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{verdict?.allHandled ? 'All steps handled:' : `Finished, not all handled (exit code ${verdict?.exitCode ?? 1}):`}</Text>
      <ScrollScreen lines={lines} scroll={state.scroll} height={height - 2} />
      <Text bold>Press Enter to exit.</Text>
    </Box>
  );
}

type Page = (now: WizardState) => { max: number; page: number };

/** Every key the wizard takes, by screen. Hotkeys and the select list lead to the same choices. */
function onKey(input: string, key: Key, state: WizardState, choices: Choice[], controls: WizardControls, dispatch: (a: Action) => void, page: Page): void {
  if (key.ctrl && input === 'c') {
    controls.interrupt();
    return;
  }
  const pick = (c: Choice | undefined) => {
    switch (c) {
      case 'apply':
        // the hotkey too: a blocked step offers no plain apply
        return choices.includes('apply') ? controls.apply() : undefined;
      case 'apply-anyway':
        return controls.applyAnyway();
      case 'skip':
        // a step whose skip leaves something broken (the database) asks first, naming it
        return currentPlan(state)?.skipConsequence ? dispatch({ type: 'confirm-skip', open: true }) : controls.skip();
      case 'skip-confirmed':
        return controls.skip();
      case 'back':
        return dispatch(state.phase === 'target' ? { type: 'targets', open: false } : { type: 'confirm-skip', open: false });
      case 'details':
        return dispatch({ type: 'details', open: true });
      case 'quit':
        return controls.quit();
      case 'retry':
        return controls.retry();
      case 'continue':
        return dispatch({ type: 'continue' });
      case 'change-target':
        return dispatch({ type: 'targets', open: true });
      case 'finish':
        return dispatch({ type: 'finish' });
    }
    if (c?.startsWith('variant:')) controls.apply(c.slice('variant:'.length));
    const target = c && targetOfChoice(c);
    if (target) controls.retarget(target);
  };
  const scrollKeys = (): boolean => {
    const p = page(state);
    if (input === 'j') dispatch({ type: 'scroll', delta: 1, max: p.max });
    else if (input === 'k') dispatch({ type: 'scroll', delta: -1, max: p.max });
    else if (key.pageDown || input === ' ') dispatch({ type: 'scroll', delta: p.page, max: p.max });
    else if (key.pageUp) dispatch({ type: 'scroll', delta: -p.page, max: p.max });
    else if (input === 'g' || key.home) dispatch({ type: 'scroll-to', at: 'top', max: p.max });
    else if (input === 'G' || key.end) dispatch({ type: 'scroll-to', at: 'bottom', max: p.max });
    else return false;
    return true;
  };
  const listKeys = (): boolean => {
    if (key.upArrow) dispatch({ type: 'choice-move', delta: -1 });
    else if (key.downArrow || key.tab) dispatch({ type: 'choice-move', delta: 1 });
    else if (key.return) pick(choices[state.choice]);
    else if (/^[1-9]$/.test(input) && Number(input) <= choices.length) pick(choices[Number(input) - 1]);
    else return false;
    return true;
  };
  switch (state.phase) {
    case 'overview':
      if (input === 'q') pick('quit');
      else if (input === 't' && choices.includes('change-target')) pick('change-target');
      else listKeys();
      return;
    case 'target':
      if (key.escape || input === 'b' || input === 'q') pick('back');
      else listKeys();
      return;
    case 'step':
      if (input === 'a') {
        const picked = applyKeyChoice(state);
        if (picked) pick(picked);
      }
      else if (input === 's') pick('skip');
      else if (input === 'd') pick('details');
      else if (input === 'q') pick('quit');
      else if (input === 'n' || key.rightArrow) dispatch({ type: 'file-move', delta: 1 });
      else if (input === 'p' || key.leftArrow) dispatch({ type: 'file-move', delta: -1 });
      else if (!scrollKeys()) listKeys();
      return;
    case 'details':
      if (input === 'd' || key.escape || key.return || input === 'b') dispatch({ type: 'details', open: false });
      else if (input === 'a') pick(applyKeyChoice(state));
      else if (input === 's') pick('skip');
      else if (input === 'q') pick('quit');
      else if (key.downArrow) dispatch({ type: 'scroll', delta: 1, max: page(state).max });
      else if (key.upArrow) dispatch({ type: 'scroll', delta: -1, max: page(state).max });
      else scrollKeys();
      return;
    case 'failed':
      if (input === 'r') pick('retry');
      else if (input === 's') pick('skip');
      else if (input === 'q') pick('quit');
      else listKeys();
      return;
    case 'confirm-skip':
      if (input === 's') pick('skip-confirmed');
      else if (input === 'b' || key.escape) pick('back');
      else if (input === 'q') pick('quit');
      else listKeys();
      return;
    case 'summary':
      if (input === 'q' || key.return) pick('finish');
      else scrollKeys();
      return;
    default:
      return;
  }
}
