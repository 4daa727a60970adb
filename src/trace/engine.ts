// The trace engine: walks a plan's stages in order. For each stage it runs the steps the stage needs
// (the I/O, each step once, see steps/runner.ts) and projects their results into the stage's data
// (pure, see stages/). It pauses between stages until the caller asks for the next one: the Ink UI
// relies on this so that the list request is only sent when the learner leaves the request stage.
import { formatOutput } from '../format/index.js';
import type { GetCommand, TraceEnvironment } from './command.js';
import { planFor, type StageName, type TracePlan } from './plan.js';
import { STAGE_DEFS } from './stages/index.js';
import type { StageOutcome } from './stages/outcome.js';
import { StepRunner } from './steps/runner.js';
import type { StepResults } from './steps/types.js';
import type { AnyStageResult, KubectlOutput, StageError, StageResult, TraceReport, TraceRun } from './types.js';

function internal(name: StageName, e: unknown): StageError {
  return {
    kind: 'internal',
    message: `kube-trace failed inside the ${name} stage: ${e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)}`,
    hint: 'This is a kube-trace bug; please report it with the command you ran.',
  };
}

async function runStage<N extends StageName>(name: N, title: string, cmd: GetCommand, env: TraceEnvironment, runner: StepRunner): Promise<StageResult<N>> {
  const t0 = performance.now();
  const def = STAGE_DEFS[name];
  let outcome: StageOutcome<N>;
  try {
    for (const step of def.needs) await runner.ensure(step);
    outcome = def.project({ cmd, sandbox: env.sandbox, steps: runner.done });
  } catch (e) {
    outcome = { status: 'error', data: null, error: internal(name, e) };
  }
  const durationMs = name === 'parse' ? cmd.parseMs : performance.now() - t0;
  return outcome.status === 'ok'
    ? { name, title, status: 'ok', durationMs, data: outcome.data }
    : { name, title, status: 'error', durationMs, data: outcome.data, error: outcome.error };
}

/**
 * What kubectl prints for a failure. With -o json/yaml, kubectl get's generic printer still prints the
 * (empty) List when the list request itself failed, then the error.
 */
export function failureOutput(error: StageError, cmd: GetCommand, steps: StepResults): KubectlOutput {
  let stdout = '';
  const listed = (steps.list?.pages.length ?? 0) > 0;
  if (listed && !cmd.resourceName && (cmd.output === 'json' || cmd.output === 'yaml')) {
    const ns = steps.config?.ok ? steps.config.data.namespace.value : '';
    stdout = formatOutput({ output: cmd.output, allNamespaces: cmd.allNamespaces, namespace: ns, resourceName: null, pages: [] }).stdout;
  }
  return { stdout, stderr: `${error.kubectlMessage ?? `error: ${error.message}`}\n`, exitCode: 1 };
}

function kubectlOutput(stages: readonly AnyStageResult[], failure: StageError | null, cmd: GetCommand, steps: StepResults): KubectlOutput {
  if (failure) return failureOutput(failure, cmd, steps);
  const format = stages.find((s) => s.name === 'format');
  if (format?.name === 'format' && format.data !== null) return { stdout: format.data.stdout, stderr: format.data.stderr, exitCode: format.data.exitCode };
  return { stdout: '', stderr: '', exitCode: 1 };
}

/**
 * Runs the plan's stages in order, yielding each result as soon as it is ready, and returns the whole
 * report. After a failed stage, the remaining stages are yielded with status "skipped".
 */
async function* walk(plan: TracePlan, cmd: GetCommand, env: TraceEnvironment): AsyncGenerator<AnyStageResult, TraceReport, void> {
  const runner = new StepRunner(cmd, env);
  const stages: AnyStageResult[] = [];
  let failure: StageError | null = null;
  try {
    for (const spec of plan.stages) {
      let result: AnyStageResult;
      if (failure) {
        result = { name: spec.name, title: spec.title, status: 'skipped', durationMs: 0, data: null };
      } else {
        result = (await runStage(spec.name, spec.title, cmd, env, runner)) as AnyStageResult;
        if (result.status === 'error' && result.error) failure = result.error;
      }
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
    output: kubectlOutput(stages, failure, cmd, steps),
    exchanges: runner.session.exchanges(),
  };
}

/** A trace of `cmd`: its plan, and the stages as the caller asks for them. */
export function startTrace(cmd: GetCommand, env: TraceEnvironment): TraceRun {
  const plan = planFor(cmd);
  return { plan, stages: walk(plan, cmd, env) };
}

/** The stages of `cmd`'s plan, one at a time (see startTrace). */
export function runTrace(cmd: GetCommand, env: TraceEnvironment): AsyncGenerator<AnyStageResult, TraceReport, void> {
  return startTrace(cmd, env).stages;
}

/** Runs every stage without pausing and returns the report (for --plain/--json and tests). */
export async function runTraceToEnd(cmd: GetCommand, env: TraceEnvironment): Promise<TraceReport> {
  const gen = runTrace(cmd, env);
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value;
  }
}
