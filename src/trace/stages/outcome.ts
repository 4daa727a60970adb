// What a stage projection returns, and the input every projection reads: the command, the sandbox
// target (if any) and the step results so far. Projections are pure: no I/O, no clock, no state.
import type { GetCommand, SandboxTarget } from '../command.js';
import type { StepName, StepResults } from '../steps/types.js';
import type { StageDataMap, StageError, StageName } from '../types.js';

export interface ProjectionInput {
  cmd: GetCommand;
  sandbox: SandboxTarget | null;
  steps: StepResults;
}

export type StageOutcome<N extends StageName> =
  | { status: 'ok'; data: StageDataMap[N] }
  | { status: 'error'; data: StageDataMap[N] | null; error: StageError };

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

/** A step a stage needs did not run although no earlier stage failed: an engine bug, said plainly. */
export function missing<N extends StageName>(stage: N, step: StepName): StageOutcome<N> {
  return failed({ kind: 'internal', message: `kube-trace failed inside the ${stage} stage: the ${step} step did not run`, hint: 'This is a kube-trace bug; please report it with the command you ran.' });
}
