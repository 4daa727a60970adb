// Stage "request": discovery (as kubectl does it with a cold cache), the resource mapping, and the
// request kubectl sends next — planned here, sent when the learner moves on.
import { refusalLines } from '../kubectl/path-segment.js';
import { rawPrefixFor } from '../kubectl/requests.js';
import type { RequestData, StageError } from '../types.js';
import { failed, missing, ok, type StageDef } from './outcome.js';

export const requestStage: StageDef<'request'> = {
  needs: ['connect', 'versions', 'discovery', 'requestPlan'],
  project: ({ cmd, steps, stoppedAt }) => {
    const fallback = steps.config?.ok ? steps.config.data.fallback : null;
    // kubectl's default server: say why it was asked, and how to point kube-trace elsewhere.
    const explain = (e: StageError): StageError =>
      fallback === null ? e : { ...e, hint: `The kubeconfig names no cluster (${fallback.reason === 'no-current-context' ? 'no current-context' : 'the context\'s cluster is not defined'}), so kubectl used its default, ${fallback.server}. Point --kubeconfig at a cluster, or run kube-trace with --sandbox.` };
    if (steps.connect === undefined) return missing('request', 'connect', stoppedAt);
    if (!steps.connect.ok) return failed(explain(steps.connect.error));
    if (steps.discovery === undefined) return missing('request', 'discovery', stoppedAt);
    if (!steps.discovery.ok) return failed(explain(steps.discovery.error));
    if (steps.requestPlan === undefined) return missing('request', 'requestPlan', stoppedAt);
    if (steps.versions === undefined) return missing('request', 'versions', stoppedAt);
    const [first] = steps.requestPlan.requests;
    if (first === undefined) return missing('request', 'requestPlan', stoppedAt);
    const { mapping, mappings } = steps.discovery;
    const data: RequestData = { versions: steps.versions.data, discovery: steps.discovery.discovery, mapping, request: first };
    // Several resources in one get: every request, in kubectl's order.
    if (steps.requestPlan.requests.length > 1) data.targets = steps.requestPlan.requests.map((request, i) => ({ mapping: mappings[i] ?? mapping, request }));
    // kubectl's client refused to build every request: nothing will be sent (some refused: the others go).
    const refused = steps.requestPlan.requests.map((r) => r.refused);
    if (refused.every((r) => r !== undefined)) {
      const [firstRefusal] = refused;
      const lines = refusalLines(refused, rawPrefixFor(cmd.output) === '', refused.length === 1 && cmd.resourceName !== null);
      if (firstRefusal) return failed({ ...firstRefusal, kubectlMessage: lines }, data);
    }
    return ok(data);
  },
};
