// The stage catalogue's projections, by name: what each stage needs and how it shows it.
import type { StageName } from '../plan.js';
import { authzStage } from './authz.js';
import { etcdStage } from './etcd.js';
import { formatStage } from './format.js';
import { kubeconfigStage } from './kubeconfig.js';
import type { StageDef } from './outcome.js';
import { parseStage } from './parse.js';
import { requestStage } from './request.js';
import { responseStage } from './response.js';
import { watchStage } from './watch.js';

export const STAGE_DEFS: { [N in StageName]: StageDef<N> } = {
  parse: parseStage,
  kubeconfig: kubeconfigStage,
  request: requestStage,
  authz: authzStage,
  etcd: etcdStage,
  response: responseStage,
  format: formatStage,
  watch: watchStage,
};
