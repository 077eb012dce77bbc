#!/usr/bin/env node
// One step's apply plus the replan after it, as the wizard and --yes do them
// (UpgradeSession.apply, then UpgradeSession.replan), timed on a tree, which is
// put back afterwards: the files the step wrote get their old bytes again and
// .duende-upgrade/ is removed. Prints one line of JSON.
//
//   node bench/lib/apply-replan.mjs <build> <tree> [step]
//
// <build> is a checkout with its dist/ built (this one, or the commit compared with).

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [build, tree, stepId = 'packages'] = process.argv.slice(2);
if (!build || !tree) {
  console.error('usage: apply-replan.mjs <build> <tree> [step]');
  process.exit(2);
}
const load = (rel) => import(pathToFileURL(path.join(path.resolve(build), 'dist', rel)).href);
const [{ makePlan }, { UpgradeSession }, { DEFAULT_OPTIONS }] = await Promise.all([load('core/plan/plan.js'), load('core/apply/session.js'), load('core/types.js')]);

const stateDir = path.join(tree, '.duende-upgrade');
if (existsSync(stateDir)) throw new Error(`${tree} holds a .duende-upgrade folder: an earlier run did not put it back; generate the tree again`);
const plan = await makePlan(tree, DEFAULT_OPTIONS);
const step = plan.steps.find((s) => s.id === stepId);
if (!step || step.status !== 'pending' || step.changes.length === 0) throw new Error(`step ${stepId} has nothing pending on this tree`);
const originals = new Map(step.changes.map((c) => [c.path, readFileSync(plan.workspace.abs(c.path))]));
try {
  const session = new UpgradeSession(plan, undefined);
  const t0 = performance.now();
  const outcome = await session.apply(stepId);
  const t1 = performance.now();
  if (outcome.status !== 'done') throw new Error(`${stepId}: ${outcome.status} ${outcome.message ?? ''}`);
  const after = await session.replan();
  const t2 = performance.now();
  if (after.steps.find((s) => s.id === stepId)?.status !== 'done') throw new Error(`${stepId} is not done in the plan made after it`);
  console.log(JSON.stringify({ step: stepId, files: outcome.files.length, applyMs: t1 - t0, replanMs: t2 - t1 }));
} finally {
  for (const [rel, bytes] of originals) writeFileSync(plan.workspace.abs(rel), bytes);
  rmSync(stateDir, { recursive: true, force: true });
}
