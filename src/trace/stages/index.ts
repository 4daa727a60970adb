// The stage catalogue's projections, by name: what each stage needs and how it shows it — for `get`,
// and for a write (apply, create, delete, run), whose plan holds some of the same stages.
import { isWrite, type GetCommand, type SandboxTarget, type TraceCommand, type WriteCommand } from '../command.js';
import type { StageName } from '../plan.js';
import type { StepName, StepResults } from '../steps/types.js';
import { authzStage } from './authz.js';
import { etcdStage } from './etcd.js';
import { formatStage } from './format.js';
import { kubeconfigStage } from './kubeconfig.js';
import { failed, type StageDef, type StageOutcome, type StoppedAt } from './outcome.js';
import { parseStage } from './parse.js';
import { requestStage } from './request.js';
import { responseStage } from './response.js';
import { watchStage } from './watch.js';
import { projectWriteParse } from './write-parse.js';
import { projectAdmission, projectStorageWrite, projectWatched, projectWriteAuthz, projectWriteRequest, projectWriteResponse } from './write-stages.js';

export interface EngineInput {
  cmd: TraceCommand;
  sandbox: SandboxTarget | null;
  steps: StepResults;
  stoppedAt: StoppedAt | null;
}

/** A stage as the engine runs it: the steps it needs for this command, and its projection. */
export interface EngineStageDef<N extends StageName> {
  needs(cmd: TraceCommand): readonly StepName[];
  project(input: EngineInput): StageOutcome<N>;
}

interface WriteDef<N extends StageName> {
  needs: readonly StepName[];
  project(input: { cmd: WriteCommand; sandbox: SandboxTarget | null; steps: StepResults; stoppedAt: StoppedAt | null }): StageOutcome<N>;
}

function notInPlan<N extends StageName>(name: N, verb: string): StageOutcome<N> {
  return failed({ kind: 'internal', message: `kube-trace failed inside the ${name} stage: a ${verb} plan has no ${name} stage`, hint: 'This is a kube-trace bug; please report it with the command you ran.' });
}

/** One stage, projected the `get` way or the write way by the command's verb. */
function byVerb<N extends StageName>(name: N, get: StageDef<N> | null, write: WriteDef<N> | null): EngineStageDef<N> {
  return {
    needs: (cmd) => (isWrite(cmd) ? (write?.needs ?? []) : (get?.needs ?? [])),
    project: (input) => {
      const { cmd } = input;
      if (isWrite(cmd)) return write === null ? notInPlan(name, cmd.verb) : write.project({ ...input, cmd });
      return get === null ? notInPlan(name, cmd.verb) : get.project({ ...input, cmd: cmd satisfies GetCommand });
    },
  };
}

const WRITE_STEPS: readonly StepName[] = ['write', 'writeReviews', 'writeGlassBox'];

export const STAGE_DEFS: { [N in StageName]: EngineStageDef<N> } = {
  parse: byVerb('parse', parseStage, { needs: [], project: ({ cmd, sandbox }) => projectWriteParse(cmd, sandbox?.kubeconfigPath ?? null) }),
  kubeconfig: byVerb('kubeconfig', kubeconfigStage, { needs: kubeconfigStage.needs, project: (i) => kubeconfigStage.project({ ...i, cmd: { ...i.cmd, verb: 'get' } }) }),
  request: byVerb('request', requestStage, { needs: ['connect', 'versions', 'openapi', 'discovery', 'writePlan'], project: projectWriteRequest }),
  authz: byVerb('authz', authzStage, { needs: WRITE_STEPS, project: projectWriteAuthz }),
  etcd: byVerb('etcd', etcdStage, null),
  response: byVerb('response', responseStage, { needs: WRITE_STEPS, project: projectWriteResponse }),
  format: byVerb('format', formatStage, null),
  admission: byVerb('admission', null, { needs: WRITE_STEPS, project: projectAdmission }),
  write: byVerb('write', null, { needs: WRITE_STEPS, project: projectStorageWrite }),
  watch: byVerb('watch', watchStage, null),
  watched: byVerb('watched', null, { needs: WRITE_STEPS, project: projectWatched }),
};
