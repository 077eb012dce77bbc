// Everything the prompt-free modes use from the engine, behind one dynamic
// import in main.ts: the wizard's first frame and --help/--version load none of
// it, and in the bundle (scripts/bundle.mjs) it is one chunk rather than one
// per module.
export * from '../core/apply/state.js';
export * from '../core/apply/session.js';
export * from '../core/plan/plan.js';
export * from '../core/plan/json.js';
export * from './render.js';
export * from '../core/apply/atomic.js';
export * from '../core/apply/lock.js';
export { writeReport, buildReport } from '../core/report.js';
export { maskSecrets } from '../core/text/secrets.js';
export { checkChanges } from '../core/apply/apply.js';
export { refusals, leftForPerson } from '../core/plan/deps.js';
export { verdictOf } from '../core/outcome.js';
