// The trace engine: walks a plan's stages in order. For each stage it runs the steps the stage needs
// (the I/O, each step once, see steps/runner.ts) and projects their results into the stage's data
// (pure, see stages/). It pauses between stages until the caller asks for the next one: the Ink UI
// relies on this so that the list request is only sent when the learner leaves the request stage.
import { isWrite, type TraceCommand, type TraceEnvironment } from './command.js';
import { planFor, type StageName, type TracePlan } from './plan.js';
import { STAGE_DEFS } from './stages/index.js';
import { failureOutput, withLog, writeOutput } from './stages/kubectl-output.js';
import type { StageOutcome, StoppedAt } from './stages/outcome.js';
import { RecordedStepSource, StepRunner, type RecordedSteps, type StepSource } from './steps/runner.js';
import type { StepResults } from './steps/types.js';
import type { AnyStageResult, KubectlOutput, StageError, StageResult, TraceReport, TraceRun } from './types.js';

function internal(name: StageName, e: unknown): StageError {
  return {
    kind: 'internal',
    message: `kube-trace failed inside the ${name} stage: ${e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)}`,
    hint: 'This is a kube-trace bug; please report it with the command you ran.',
  };
}

/**
 * One stage: run the steps it needs (none after a failure: the trace does nothing new once it has
 * stopped), then project what happened.
 */
async function runStage<N extends StageName>(name: N, title: string, cmd: TraceCommand, env: TraceEnvironment, source: StepSource, stoppedAt: StoppedAt | null): Promise<StageResult<N>> {
  const t0 = performance.now();
  const def = STAGE_DEFS[name];
  let outcome: StageOutcome<N>;
  // A long step (the watch) sends snapshots while it runs: the stage is projected from each and
  // published, so a presenter shows the events as they arrive.
  const live = env.live;
  source.progress = live
    ? (step, snapshot) => {
        try {
          const partial = def.project({ cmd, sandbox: env.sandbox, steps: { ...source.done, [step]: snapshot }, stoppedAt });
          if (partial.status === 'ok') live.publish({ name, title, status: 'ok', durationMs: performance.now() - t0, data: partial.data } as AnyStageResult);
        } catch {
          // a snapshot that cannot be projected is simply not shown; the final result reports the stage
        }
      }
    : undefined;
  try {
    // Each step waits for the steps it comes after (StepRunner), so asking for all at once keeps
    // kubectl's order and lets kube-trace's own requests that follow the list (reviews, the glass box)
    // go out side by side instead of one after another.
    if (stoppedAt === null) await Promise.all(def.needs(cmd).map((step) => source.ensure(step)));
    outcome = def.project({ cmd, sandbox: env.sandbox, steps: source.done, stoppedAt });
  } catch (e) {
    outcome = { status: 'error', data: null, error: internal(name, e) };
  } finally {
    source.progress = undefined;
  }
  // The stage that published snapshots ends with its final one (no longer open).
  if (live && live.latest()?.name === name && outcome.status !== 'skipped' && outcome.data !== null) {
    live.publish({ name, title, status: 'ok', durationMs: performance.now() - t0, data: outcome.data } as AnyStageResult);
  }
  const durationMs = source.durationOf?.(name) ?? (name === 'parse' ? cmd.parseMs : performance.now() - t0);
  switch (outcome.status) {
    case 'ok':
      return { name, title, status: 'ok', durationMs, data: outcome.data };
    case 'error':
      return { name, title, status: 'error', durationMs, data: outcome.data, error: outcome.error };
    case 'skipped':
      return { name, title, status: 'skipped', durationMs: 0, data: null, reason: outcome.reason };
  }
}

/** What kubectl prints: what the format stage printed, else (it was not reached) kubectl's error line. */
function kubectlOutput(stages: readonly AnyStageResult[], stoppedAt: StoppedAt | null, cmd: TraceCommand, steps: StepResults): KubectlOutput {
  if (isWrite(cmd)) return writeOutput(cmd, stoppedAt, steps);
  const format = stages.find((s) => s.name === 'format');
  const watch = stages.find((s) => s.name === 'watch');
  if (format?.name === 'format' && format.status === 'ok' && format.data !== null) {
    // get -w: the list as the format stage printed it, then each event as the watch printed it.
    if (watch?.name === 'watch' && watch.data !== null) {
      return withLog({ stdout: format.data.stdout + watch.data.stdout, stderr: format.data.stderr + watch.data.stderr, exitCode: watch.data.exitCode }, steps);
    }
    return withLog({ stdout: format.data.stdout, stderr: format.data.stderr, exitCode: format.data.exitCode }, steps);
  }
  if (stoppedAt) return withLog(failureOutput(stoppedAt.error, cmd, steps), steps);
  return { stdout: '', stderr: '', exitCode: 1 };
}

/**
 * Runs the plan's stages in order, yielding each result as soon as it is ready, and returns the whole
 * report. After a failed stage, the later stages show what did happen (a response that arrived, what
 * kubectl printed from it) and are "skipped", with the reason, where nothing did.
 */
async function* walk(plan: TracePlan, cmd: TraceCommand, env: TraceEnvironment, runner: StepSource): AsyncGenerator<AnyStageResult, TraceReport, void> {
  const stages: AnyStageResult[] = [];
  let stoppedAt: StoppedAt | null = null;
  try {
    for (const spec of plan.stages) {
      const result = (await runStage(spec.name, spec.title, cmd, env, runner, stoppedAt)) as AnyStageResult;
      if (stoppedAt === null && result.status === 'error' && result.error) stoppedAt = { stage: spec.name, error: result.error };
      stages.push(result);
      yield result;
    }
  } finally {
    runner.close();
  }
  const steps = runner.done;
  const config = steps.config?.ok ? steps.config : null;
  return {
    tool: { name: 'kube-trace', version: env.toolVersion },
    command: [...cmd.argv],
    target: { kind: env.sandbox ? 'sandbox' : 'cluster', server: config?.server ?? null, context: config?.data.currentContext ?? null },
    stages,
    output: kubectlOutput(stages, stoppedAt, cmd, steps),
    exchanges: runner.exchanges(),
    ...(steps.versions ? { versions: steps.versions.data } : {}),
  };
}

export interface LiveTrace extends TraceRun {
  /** What a recording keeps: the step results and every exchange's whole body (secrets masked by the recorder). */
  steps(): StepResults;
  bodies(): ReadonlyMap<number, string>;
  /** The secret values the run's connection carried, for the recorder to scrub (never shown). */
  secretValues(): string[];
}

/**
 * A trace of `cmd`: its plan, and the stages as the caller asks for them. With `keepBodies`, every
 * exchange's whole body is kept for a recording (memory grows with the responses).
 */
export function startTrace(cmd: TraceCommand, env: TraceEnvironment, opts: { keepBodies?: boolean } = {}): LiveTrace {
  const plan = planFor(cmd);
  const runner = new StepRunner(cmd, env, opts.keepBodies === true);
  return { plan, stages: walk(plan, cmd, env, runner), steps: () => runner.done, bodies: () => runner.session.bodies(), secretValues: () => runner.session.secretValues(), ...(env.live ? { live: env.live } : {}) };
}

/**
 * A trace replayed from recorded step results: the same projections, fed what was recorded, with the
 * recorded stage durations. Nothing is sent.
 */
export function replayTrace(cmd: TraceCommand, env: TraceEnvironment, recorded: RecordedSteps): TraceRun {
  const plan = planFor(cmd);
  return { plan, stages: walk(plan, cmd, env, new RecordedStepSource(recorded)) };
}

/** The stages of `cmd`'s plan, one at a time (see startTrace). */
export function runTrace(cmd: TraceCommand, env: TraceEnvironment): AsyncGenerator<AnyStageResult, TraceReport, void> {
  return startTrace(cmd, env).stages;
}

/** Runs every stage without pausing and returns the report (for --plain/--json and tests). */
export async function runTraceToEnd(cmd: TraceCommand, env: TraceEnvironment): Promise<TraceReport> {
  const gen = runTrace(cmd, env);
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value;
  }
}
