// Stage "request": discovery (as kubectl does it with a cold cache), the resource mapping, and the
// request kubectl sends next — planned here, sent when the learner moves on.
import { failed, missing, ok, type StageDef } from './outcome.js';

export const requestStage: StageDef<'request'> = {
  needs: ['connect', 'versions', 'discovery', 'requestPlan'],
  project: ({ steps, stoppedAt }) => {
    if (steps.connect === undefined) return missing('request', 'connect', stoppedAt);
    if (!steps.connect.ok) return failed(steps.connect.error);
    if (steps.discovery === undefined) return missing('request', 'discovery', stoppedAt);
    if (!steps.discovery.ok) return failed(steps.discovery.error);
    if (steps.requestPlan === undefined) return missing('request', 'requestPlan', stoppedAt);
    if (steps.versions === undefined) return missing('request', 'versions', stoppedAt);
    return ok({ versions: steps.versions.data, discovery: steps.discovery.discovery, mapping: steps.discovery.mapping, request: steps.requestPlan });
  },
};
