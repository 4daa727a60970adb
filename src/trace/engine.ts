// Public entry point of the trace engine. Implementation in progress (see the stage modules).
import type { GetCommand, TraceEnvironment } from './command.js';
import type { AnyStageResult, TraceReport } from './types.js';

/**
 * Runs the seven stages in order, yielding each result as soon as it is ready, and returns the whole
 * report. It pauses between stages until the caller asks for the next one: the Ink UI relies on this
 * so that the list request is only sent when the learner leaves the request stage.
 * After a failed stage, the remaining stages are yielded with status "skipped".
 */
export async function* runTrace(_cmd: GetCommand, _env: TraceEnvironment): AsyncGenerator<AnyStageResult, TraceReport, void> {
  throw new Error('not implemented yet');
}
