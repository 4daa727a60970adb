// Stage "kubeconfig": which files, which context, cluster, user and namespace — the config step's
// findings as they are.
import { failed, missing, ok, type StageDef } from './outcome.js';

export const kubeconfigStage: StageDef<'kubeconfig'> = {
  needs: ['config'],
  project: ({ steps, stoppedAt }) => {
    const c = steps.config;
    if (c === undefined) return missing('kubeconfig', 'config', stoppedAt);
    return c.ok ? ok(c.data) : failed(c.error);
  },
};
