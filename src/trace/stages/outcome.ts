// What a stage projection returns, and the input every projection reads: the command, the sandbox
// target (if any) and the step results so far. Projections are pure: no I/O, no clock, no state.
import type { GetCommand, SandboxTarget } from '../command.js';
import type { StepName, StepResults } from '../steps/types.js';
import type { StageDataMap, StageError, StageName } from '../types.js';

/** The first stage that failed, and how: the stages after it show only what really happened. */
export interface StoppedAt {
  stage: StageName;
  error: StageError;
}

export interface ProjectionInput {
  cmd: GetCommand;
  sandbox: SandboxTarget | null;
  steps: StepResults;
  stoppedAt: StoppedAt | null;
}

export type StageOutcome<N extends StageName> =
  | { status: 'ok'; data: StageDataMap[N] }
  | { status: 'error'; data: StageDataMap[N] | null; error: StageError }
  | { status: 'skipped'; reason: string };

export interface StageDef<N extends StageName> {
  /** The steps this stage shows, in the order they run. */
  needs: readonly StepName[];
  project(input: ProjectionInput): StageOutcome<N>;
}

export function ok<N extends StageName>(data: StageDataMap[N]): StageOutcome<N> {
  return { status: 'ok', data };
}

export function failed<N extends StageName>(error: StageError, data: StageDataMap[N] | null = null): StageOutcome<N> {
  return { status: 'error', data, error };
}

export function notReached<N extends StageName>(reason: string): StageOutcome<N> {
  return { status: 'skipped', reason };
}

/**
 * A step a stage needs did not run. After a failure that is simply the truth (the trace stopped
 * before it); with no failure it is an engine bug, said plainly.
 */
export function missing<N extends StageName>(stage: N, step: StepName, stoppedAt: StoppedAt | null): StageOutcome<N> {
  if (stoppedAt !== null) return notReached(`The trace stopped at the ${stoppedAt.stage} stage, so this did not happen.`);
  return failed({ kind: 'internal', message: `kube-trace failed inside the ${stage} stage: the ${step} step did not run`, hint: 'This is a kube-trace bug; please report it with the command you ran.' });
}
