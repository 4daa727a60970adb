// Stage "authz": how the server answered kubectl's request (allowed, 401, 403), who it says you are
// and whether you may (kube-trace's own reviews), and — in the sandbox only — what happened inside.
import { asStatus } from '../../kube/kubectl-errors.js';
import type { ListPage } from '../steps/types.js';
import type { AuthzData } from '../types.js';
import { targetError, targetViews } from './pages.js';
import { failed, missing, ok, type StageDef } from './outcome.js';

export const REMOTE_NOTE =
  'Not observable on a remote cluster: authentication, API Priority and Fairness, the RBAC decision and the storage read happen inside kube-apiserver and are not sent to clients. ' +
  'What a client can see: the status code and Status message, the Audit-Id and X-Kubernetes-Pf-* headers, and what SelfSubjectReview / SelfSubjectAccessReview answer. Cluster admins can match the Audit-Id in the API server audit log.';

function outcomeOf(first: ListPage): AuthzData['outcome'] {
  const status = first.exchange.status;
  const st = asStatus(first.body);
  const outcome: AuthzData['outcome'] = { status, allowed: status !== null && status !== 401 && status !== 403, exchangeId: first.exchange.id };
  if (st?.message) outcome.statusMessage = st.message;
  if (st?.reason) outcome.statusReason = st.reason;
  return outcome;
}

export const authzStage: StageDef<'authz'> = {
  needs: ['list', 'reviews', 'glassBox'],
  project: ({ cmd, steps, stoppedAt }) => {
    const { list, reviews } = steps;
    if (list === undefined) return missing('authz', 'list', stoppedAt);
    if (reviews === undefined) return missing('authz', 'reviews', stoppedAt);
    const views = targetViews(cmd, steps);
    if (views === null) return missing('authz', 'discovery', stoppedAt);
    if (list.pagingError) return failed(list.pagingError);
    const first = list.pages[0];
    if (first === undefined) return missing('authz', 'list', stoppedAt);
    const gb = steps.glassBox ?? null;
    const data: AuthzData = {
      whoami: reviews.whoami,
      access: reviews.access,
      outcome: outcomeOf(first),
      insideApiServer: gb?.record ?? null,
      insideApiServerNote: gb?.note ?? REMOTE_NOTE,
      exchanges: [...reviews.exchanges, ...(gb?.exchanges ?? [])],
    };
    // Failures to reach the server, and authentication/authorization refusals, stop the trace here
    // (the first request that met one); a broken body after a status is the response stage's.
    for (const v of views) {
      const failedPage = v.pages.find((p) => p.failure !== null || (p.exchange.status ?? 0) >= 300);
      if (failedPage === undefined) continue;
      const status = failedPage.exchange.status;
      if (status === null || status === 401 || status === 403) {
        const error = targetError(v);
        if (error) return failed(error, data);
      }
    }
    return ok(data);
  },
};
