import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import { saveState } from '../core/apply/state.js';
import { describeError, exitCodeOf } from '../core/errors.js';
import type { Target } from '../core/releases.js';
import type { RequestedOptions } from '../core/types.js';
import type { WizardDeps, WizardSession } from './engine.js';
import type { Action, WizardState } from './state/wizard.js';

export interface WizardInput {
  root: string;
  options: RequestedOptions;
  restart: boolean;
  deps: WizardDeps;
  now: () => number;
  /** False without raw mode: the wizard then only prints the plan. */
  interactive: boolean;
}

export interface WizardControls {
  /** Apply the current step; a decision step's choice (variant id) when given. */
  apply(variant?: string): void;
  /** Apply a step blocked by a dependency, after the user chose the choice naming the consequence. */
  applyAnyway(): void;
  skip(): void;
  retry(): void;
  quit(): void;
  interrupt(): void;
  /** Plan again for another target (only offered before any step is applied). */
  retarget(target: Target): void;
}

/**
 * The wizard's side effects: it drives the engine's session and reports back
 * through actions. The reducer decides what is on screen; this hook never does.
 */
export function useWizard(input: WizardInput, state: WizardState, dispatch: Dispatch<Action>, get: () => WizardState = () => state): WizardControls {
  const session = useRef<WizardSession | undefined>(undefined);
  const busy = useRef(false);
  const latest = { get current() { return get(); } };
  const inputRef = useRef(input);

  useEffect(() => {
    let live = true;
    const { root, options, restart, deps, interactive } = inputRef.current;
    deps
      .open(root, options, restart)
      .then(({ session: s, previous }) => {
        if (!live) return;
        session.current = s;
        dispatch({ type: 'loaded', plan: s.plan, state: previous });
        if (!interactive) dispatch({ type: 'no-tty' });
      })
      .catch((error: unknown) => {
        if (live) dispatch({ type: 'blocked', message: describeError(error), code: exitCodeOf(error) });
      });
    if (interactive) {
      deps.probe(root, (env) => live && dispatch({ type: 'env', env })).catch(() => {});
    }
    return () => {
      live = false;
    };
  }, [dispatch]);

  // The report is written once every step is handled, so the summary can say where it is.
  useEffect(() => {
    const s = session.current;
    if (state.phase !== 'summary' || state.reportPath || !s) return;
    inputRef.current.deps
      .writeReport(s.plan, s.state, state.outcomes, s.commandsRun)
      .then((p) => dispatch({ type: 'report', path: p }))
      .catch((error: unknown) => dispatch({ type: 'report', path: `not written: ${describeError(error)}` }));
  }, [state.phase, state.reportPath, state.outcomes, dispatch]);

  const run = useCallback(
    async (work: (s: WizardSession) => Promise<void>) => {
      const s = session.current;
      if (!s || busy.current) return;
      busy.current = true;
      try {
        await work(s);
      } catch (error) {
        dispatch({ type: 'fatal', message: describeError(error) });
      } finally {
        busy.current = false;
      }
    },
    [dispatch],
  );

  const applyStep = useCallback(
    async (s: WizardSession, retry: boolean, confirmed = false, variant?: string) => {
      const id = latest.current.current;
      if (!id) return;
      // A blocked step is applied only through the explicit "apply anyway" (and never when blocked on its own).
      const current = s.plan.steps.find((p) => p.id === id);
      if (current?.status === 'blocked' && !(confirmed && current.blocked?.dependency)) return;
      if (variant && s.choose) s.choose(id, variant);
      // a file that changed on disk since the plan: the retry plans again and shows the new diff, applying nothing yet
      const stale = retry ? latest.current.failure?.staleFile : undefined;
      dispatch({ type: 'apply-start' });
      if (retry) {
        // Files may have been written before the failure: plan again from what is on disk.
        const plan = await s.replan();
        const step = plan.steps.find((p) => p.id === id);
        if (step && step.status !== 'pending' && step.status !== 'blocked') {
          dispatch({ type: 'apply-end', outcome: { id, status: 'not-needed', files: [] } });
          dispatch({ type: 'replanned', plan });
          return;
        }
        if (stale) {
          dispatch({ type: 'replanned', plan, stale });
          return;
        }
      }
      const outcome = await s.apply(id, (event) => dispatch({ type: 'engine', event, now: inputRef.current.now() }), { confirmed });
      dispatch({ type: 'apply-end', outcome });
      if (outcome.status === 'done' || outcome.status === 'not-needed') dispatch({ type: 'replanned', plan: await s.replan() });
    },
    [dispatch],
  );

  const apply = useCallback((variant?: string) => void run((s) => applyStep(s, false, false, variant)), [run, applyStep]);
  const retry = useCallback(() => void run((s) => applyStep(s, true)), [run, applyStep]);
  const applyAnyway = useCallback(() => void run((s) => applyStep(s, false, true)), [run, applyStep]);

  const skip = useCallback(
    () =>
      void run(async (s) => {
        const id = latest.current.current;
        if (!id) return;
        const outcome = await s.skip(id);
        dispatch({ type: 'skipped', id, outcome });
        dispatch({ type: 'replanned', plan: await s.replan() });
      }),
    [run, dispatch],
  );

  const quit = useCallback(() => {
    const s = session.current;
    if (busy.current) return;
    if (!s) {
      dispatch({ type: 'quit' });
      return;
    }
    busy.current = true;
    // The state is already saved after every step; the report is a courtesy for whoever picks this up.
    inputRef.current.deps
      .writeReport(s.plan, s.state, latest.current.outcomes, s.commandsRun)
      .catch(() => undefined)
      .finally(() => {
        busy.current = false;
        dispatch({ type: 'quit' });
      });
  }, [dispatch]);

  const interrupt = useCallback(() => {
    const s = session.current;
    const now = latest.current;
    if (now.phase === 'applying' && now.interrupts === 0) {
      // First Ctrl+C: stop at the next file boundary, or stop the child's process tree;
      // the session records the step as interrupted.
      if (s?.interrupt) s.interrupt();
      else if (s?.runner.running) s.runner.interrupt();
      dispatch({ type: 'interrupt' });
      return;
    }
    if (s?.runner.running) s.runner.interrupt();
    const save = s ? saveState(s.plan.root, s.state).catch(() => undefined) : Promise.resolve();
    void save.then(() => dispatch({ type: 'interrupt' }));
  }, [dispatch]);

  const retarget = useCallback(
    (target: Target) => {
      if (busy.current) return;
      busy.current = true;
      dispatch({ type: 'retarget' });
      const { root, options, restart, deps } = inputRef.current;
      const { targetFramework: _, ...rest } = options;
      const next: RequestedOptions = { ...rest, target: target.version, ...(target.framework ? { targetFramework: target.framework } : {}) };
      deps
        .open(root, next, restart)
        .then(({ session: s, previous }) => {
          session.current = s;
          // later opens (a resume) carry on to this target by themselves: the state records it with the first step
          inputRef.current = { ...inputRef.current, options: next };
          dispatch({ type: 'loaded', plan: s.plan, state: previous });
        })
        .catch((error: unknown) => dispatch({ type: 'blocked', message: describeError(error), code: exitCodeOf(error) }))
        .finally(() => {
          busy.current = false;
        });
    },
    [dispatch],
  );

  return { apply, applyAnyway, skip, retry, quit, interrupt, retarget };
}
