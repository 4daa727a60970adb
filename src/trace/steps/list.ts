// Step "list": kubectl's own request — the list, following `continue` as kubectl's chunking does, or
// the single GET of `get pods NAME`. Each page is kept as the stages need it.
import { networkStageError } from '../../kube/kubectl-errors.js';
import type { NetworkFailure } from '../../kube/observed-http.js';
import type { GetCommand } from '../command.js';
import { originalError, readBodyLine } from '../kubectl/klog.js';
import type { KubectlBuild } from '../kubectl/identity.js';
import { factsOf, forTarget, kubectlHeaders, listQuery, parseJson, targetsOf, timeoutParam, withQuery } from '../kubectl/requests.js';
import type { PlannedRequest } from '../types.js';
import type { TraceSession } from './session.js';
import type { ListOutput, ListPage } from './types.js';

/** kubectl would page forever on a server that never ends a list; kube-trace stops here. */
export const MAX_PAGES = 10_000;

function continueOf(body: unknown): string | null {
  const c = (body as { metadata?: { continue?: unknown } } | undefined)?.metadata?.continue;
  return typeof c === 'string' && c !== '' ? c : null;
}

/** client-go logs a body it could not finish reading before the error kubectl prints. */
function brokenBodyLog(failure: NetworkFailure | null, url: string, build: KubectlBuild): { log?: string[] } {
  if (failure === null || !failure.afterHeaders) return {};
  const goError = originalError(networkStageError(failure, url, 'the list').kubectlMessage);
  return goError === null ? {} : { log: [readBodyLine(build, new Date(), process.pid, goError)] };
}

/** cli-runtime's Info.Get: after a NotFound in a namespace other than "default", GET the namespace. */
async function namespaceCheck(cmd: GetCommand, plan: PlannedRequest, session: TraceSession, build: KubectlBuild, target: number): Promise<ListPage | null> {
  const ns = plan.namespace;
  if (ns === null || ns === '' || ns === 'default') return null;
  const r = await session.client().send({ method: 'GET', pathAndQuery: withQuery(`/api/v1/namespaces/${encodeURIComponent(ns)}`, timeoutParam(cmd.requestTimeoutMs)), headers: kubectlHeaders(session.kubectlSession, plan.accept, build), timeoutMs: cmd.requestTimeoutMs });
  const body = parseJson(r.body);
  return { target, exchange: session.record(r, { by: 'kubectl', purpose: 'namespace', method: 'GET' }), failure: r.failure, body, text: factsOf(r, body).text };
}

/**
 * Every request of the command, one after the other as kubectl's builder visits them. A failed one
 * does not stop the others (kubectl get continues on error and reports them all at the end).
 */
export async function listAll(cmd: GetCommand, plans: readonly PlannedRequest[], session: TraceSession, build: KubectlBuild): Promise<ListOutput> {
  const out: ListOutput = { pages: [], pagingError: null };
  const targets = targetsOf(cmd);
  for (const [i, plan] of plans.entries()) {
    const t = targets[i];
    if (t === undefined) break;
    // kubectl's client refused to build it: nothing goes out (its error is printed with the others).
    if (plan.refused) continue;
    const one = await list(forTarget(cmd, t), plan, session, build, i);
    out.pages.push(...one.pages);
    out.pagingError ??= one.pagingError;
    if (one.log) out.log = [...(out.log ?? []), ...one.log];
    if (one.namespaceChecks) out.namespaceChecks = [...(out.namespaceChecks ?? []), ...one.namespaceChecks];
    if (one.pagingError) break;
  }
  return out;
}

export async function list(cmd: GetCommand, plan: PlannedRequest, session: TraceSession, build: KubectlBuild, target = 0): Promise<ListOutput> {
  const client = session.client();
  const purpose = cmd.resourceName ? 'get' : 'list';
  const pages: ListPage[] = [];
  let token: string | null = null;
  for (;;) {
    const pathAndQuery = withQuery(plan.path, listQuery(cmd, token));
    const r = await client.send({ method: 'GET', pathAndQuery, headers: kubectlHeaders(session.kubectlSession, plan.accept, build), timeoutMs: cmd.requestTimeoutMs });
    const body = parseJson(r.body);
    const facts = factsOf(r, body);
    const ok = !r.failure && (r.status ?? 0) < 300 && body !== undefined;
    pages.push({ target, exchange: session.record(r, { by: 'kubectl', purpose, method: 'GET' }), failure: r.failure, body, text: ok ? '' : facts.text });
    if (!ok) {
      const check = cmd.resourceName && r.status === 404 ? await namespaceCheck(cmd, plan, session, build, target) : null;
      return { pages, pagingError: null, ...brokenBodyLog(r.failure, r.url, build), ...(check ? { namespaceChecks: [check] } : {}) };
    }
    const next = cmd.resourceName ? null : continueOf(body);
    if (!next) return { pages, pagingError: null };
    if (next === token || pages.length >= MAX_PAGES) {
      return {
        pages,
        pagingError: {
          kind: 'bad-response',
          message: next === token ? 'The server returned the same continue token twice, so paging would never end.' : `The list did not end after ${MAX_PAGES} pages.`,
          hint: 'This is a server bug or a proxy replaying responses; try --chunk-size=0 to get the list in one response.',
        },
      };
    }
    token = next;
  }
}
