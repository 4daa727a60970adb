// Public entry point of the trace engine.
import { formatOutput } from '../format/index.js';
import type { GetCommand, TraceEnvironment } from './command.js';
import { StageFailure, TraceContext } from './context.js';
import { authzStage } from './stages/authz.js';
import { etcdStage } from './stages/etcd.js';
import { formatStage } from './stages/format.js';
import { kubeconfigStage } from './stages/kubeconfig.js';
import { parseStage } from './stages/parse.js';
import { requestStage } from './stages/request.js';
import { responseStage } from './stages/response.js';
import { STAGE_NAMES, STAGE_TITLES } from './types.js';
import type { AnyStageResult, KubectlOutput, StageDataMap, StageError, StageName, StageResult, TraceReport } from './types.js';

type StageFn<N extends StageName> = (ctx: TraceContext) => StageDataMap[N] | Promise<StageDataMap[N]>;

const STAGES: { [N in StageName]: StageFn<N> } = {
  parse: (ctx) => parseStage(ctx.cmd, ctx.env.sandbox?.kubeconfigPath ?? null),
  kubeconfig: kubeconfigStage,
  request: requestStage,
  authz: authzStage,
  etcd: etcdStage,
  response: responseStage,
  format: formatStage,
};

async function runStage<N extends StageName>(name: N, ctx: TraceContext): Promise<StageResult<N>> {
  const t0 = performance.now();
  const base = { name, title: STAGE_TITLES[name] };
  try {
    const data = await STAGES[name](ctx);
    (ctx.data as Record<StageName, unknown>)[name] = data;
    const durationMs = name === 'parse' ? ctx.cmd.parseMs : performance.now() - t0;
    return { ...base, status: 'ok', durationMs, data };
  } catch (e) {
    const error: StageError =
      e instanceof StageFailure
        ? e.error
        : {
            kind: 'internal',
            message: `kube-trace failed inside the ${name} stage: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
            hint: 'This is a kube-trace bug; please report it with the command you ran.',
          };
    const data = e instanceof StageFailure ? (e.partial as StageDataMap[N] | null) : null;
    return { ...base, status: 'error', durationMs: performance.now() - t0, data, error };
  }
}

/**
 * What kubectl prints for a failure. With -o json/yaml, kubectl get's generic printer still prints the
 * (empty) List when the list request itself failed, then the error.
 */
function failureOutput(error: StageError, ctx: TraceContext): KubectlOutput {
  let stdout = '';
  const { cmd } = ctx;
  if (ctx.pages.length > 0 && !cmd.resourceName && (cmd.output === 'json' || cmd.output === 'yaml')) {
    const ns = ctx.data.kubeconfig?.namespace;
    stdout = formatOutput({ output: cmd.output, allNamespaces: cmd.allNamespaces, namespace: ns?.value ?? '', resourceName: null, pages: [] }).stdout;
  }
  return { stdout, stderr: `${error.kubectlMessage ?? `error: ${error.message}`}\n`, exitCode: 1 };
}

/**
 * Runs the seven stages in order, yielding each result as soon as it is ready, and returns the whole
 * report. It pauses between stages until the caller asks for the next one: the Ink UI relies on this
 * so that the list request is only sent when the learner leaves the request stage.
 * After a failed stage, the remaining stages are yielded with status "skipped".
 */
export async function* runTrace(cmd: GetCommand, env: TraceEnvironment): AsyncGenerator<AnyStageResult, TraceReport, void> {
  const ctx = new TraceContext(cmd, env);
  const stages: AnyStageResult[] = [];
  let failure: StageError | null = null;
  try {
    for (const name of STAGE_NAMES) {
      let result: AnyStageResult;
      if (failure) {
        result = { name, title: STAGE_TITLES[name], status: 'skipped', durationMs: 0, data: null } as AnyStageResult;
      } else {
        result = (await runStage(name, ctx)) as AnyStageResult;
        if (result.status === 'error' && result.error) failure = result.error;
      }
      stages.push(result);
      yield result;
    }
  } finally {
    ctx.closeAll();
  }
  const format = ctx.data.format;
  const output: KubectlOutput = failure ? failureOutput(failure, ctx) : format ? { stdout: format.stdout, stderr: format.stderr, exitCode: format.exitCode } : { stdout: '', stderr: '', exitCode: 1 };
  return {
    tool: { name: 'kube-trace', version: env.toolVersion },
    command: [...cmd.argv],
    target: { kind: env.sandbox ? 'sandbox' : 'cluster', server: ctx.kube?.server ?? null, context: ctx.data.kubeconfig?.currentContext ?? null },
    stages,
    output,
    exchanges: ctx.allExchanges,
  };
}

/** Runs every stage without pausing and returns the report (for --plain/--json and tests). */
export async function runTraceToEnd(cmd: GetCommand, env: TraceEnvironment): Promise<TraceReport> {
  const gen = runTrace(cmd, env);
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value;
  }
}
