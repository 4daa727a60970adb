// Stage 4: the real request is sent here (all pages), then kube-trace asks the server who it thinks
// you are (SelfSubjectReview) and whether you may do exactly this (SelfSubjectAccessReview). In the
// sandbox it also fetches the glass-box record of what happened inside the API server.
import { KubeConfig } from '@kubernetes/client-node';
import { GLASSBOX_PATH_PREFIX } from '../../glassbox/types.js';
import type { GlassBoxRecord } from '../../glassbox/types.js';
import { credentialsFor } from '../../kube/credentials.js';
import { ObservedClient } from '../../kube/observed-http.js';
import type { ObservedResponse } from '../../kube/observed-http.js';
import { StageFailure, headerValue, parseJson } from '../context.js';
import type { ListPage, TraceContext } from '../context.js';
import { asStatus } from '../../kube/kubectl-errors.js';
import { checkResponse, kubectlHeaders, listContextFor, rawPrefixFor, withQuery } from '../kubectl-requests.js';
import { listQuery } from './request.js';
import type { AuthzData } from '../types.js';

export const SANDBOX_CLUSTER_NAME = 'kube-trace-sandbox';
export const SANDBOX_ADMIN_CONTEXT = 'sandbox-admin';

function continueOf(body: unknown): string | null {
  const c = (body as { metadata?: { continue?: unknown } })?.metadata?.continue;
  return typeof c === 'string' && c !== '' ? c : null;
}

/** Sends the list (following `continue` like kubectl's chunking) or the single GET. */
async function sendReal(ctx: TraceContext): Promise<void> {
  const client = ctx.client!;
  const req = ctx.data.request!.request;
  const purpose = ctx.cmd.resourceName ? 'get' : 'list';
  let token: string | null = null;
  for (;;) {
    const pathAndQuery = withQuery(req.path, listQuery(ctx, token));
    const r = await client.send({ method: 'GET', pathAndQuery, headers: kubectlHeaders(ctx, req.accept), timeoutMs: ctx.cmd.requestTimeoutMs });
    const page: ListPage = { exchange: ctx.toExchange(r, { by: 'kubectl', purpose, method: 'GET' }), response: r, body: parseJson(r.body) };
    ctx.pages.push(page);
    if (r.failure || (r.status ?? 0) >= 300 || page.body === undefined) return;
    const next = ctx.cmd.resourceName ? null : continueOf(page.body);
    if (!next) return;
    // kubectl would loop forever on a server that repeats its continue token; kube-trace stops.
    if (next === token || ctx.pages.length >= MAX_PAGES) {
      throw new StageFailure<'authz'>({
        kind: 'bad-response',
        message: next === token ? 'The server returned the same continue token twice, so paging would never end.' : `The list did not end after ${MAX_PAGES} pages.`,
        hint: 'This is a server bug or a proxy replaying responses; try --chunk-size=0 to get the list in one response.',
      });
    }
    token = next;
  }
}

const MAX_PAGES = 10_000;

async function postReview(ctx: TraceContext, path: string, body: object, purpose: 'self-subject-review' | 'self-subject-access-review'): Promise<{ r: ObservedResponse; id: number; json: unknown }> {
  const requestBody = JSON.stringify(body);
  const r = await ctx.client!.send({
    method: 'POST',
    pathAndQuery: path,
    headers: [
      { name: 'User-Agent', value: `kube-trace/${ctx.env.toolVersion}` },
      { name: 'Accept', value: 'application/json' },
      { name: 'Content-Type', value: 'application/json' },
    ],
    body: requestBody,
    timeoutMs: ctx.cmd.requestTimeoutMs > 0 ? ctx.cmd.requestTimeoutMs : 10_000,
  });
  const ex = ctx.toExchange(r, { by: 'kube-trace', purpose, method: 'POST', requestBody });
  ctx.extraExchanges.push(ex);
  return { r, id: ex.id, json: parseJson(r.body) };
}

function unavailableReason(r: ObservedResponse, json: unknown, api: string): string {
  if (r.failure) return `the request failed (${r.failure.kind})`;
  const st = asStatus(json);
  if (r.status === 404) return `this server does not serve ${api} (404)`;
  return `the server answered ${r.status ?? '?'}${st?.message ? `: ${st.message}` : ''}`;
}

async function whoami(ctx: TraceContext): Promise<AuthzData['whoami']> {
  const { r, id, json } = await postReview(ctx, '/apis/authentication.k8s.io/v1/selfsubjectreviews', { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1' }, 'self-subject-review');
  const info = (json as { status?: { userInfo?: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> } } })?.status?.userInfo;
  if (r.status !== 201 && r.status !== 200) return { available: false, reason: unavailableReason(r, json, 'SelfSubjectReview (authentication.k8s.io/v1, GA since Kubernetes 1.28)') };
  if (!info) return { available: false, reason: 'the SelfSubjectReview response had no status.userInfo' };
  const out: Extract<AuthzData['whoami'], { available: true }> = { available: true, username: info.username ?? '', groups: info.groups ?? [], extra: info.extra ?? {}, exchangeId: id };
  if (info.uid) out.uid = info.uid;
  return out;
}

async function access(ctx: TraceContext): Promise<AuthzData['access']> {
  const mapping = ctx.data.request!.mapping;
  const ns = ctx.data.kubeconfig!.namespace;
  const attributes: Extract<AuthzData['access'], { available: true }>['attributes'] = {
    verb: ctx.cmd.resourceName ? 'get' : 'list',
    resource: mapping.resource,
    group: mapping.group,
    namespace: mapping.namespaced && ns.source !== 'all-namespaces' ? ns.value : null,
  };
  if (ctx.cmd.resourceName) attributes.name = ctx.cmd.resourceName;
  const resourceAttributes: Record<string, string> = { verb: attributes.verb, group: attributes.group, resource: attributes.resource };
  if (attributes.namespace) resourceAttributes.namespace = attributes.namespace;
  if (attributes.name) resourceAttributes.name = attributes.name;
  const { r, id, json } = await postReview(
    ctx,
    '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { resourceAttributes } },
    'self-subject-access-review',
  );
  const st = (json as { status?: { allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string } })?.status;
  if ((r.status !== 201 && r.status !== 200) || !st) return { available: false, reason: unavailableReason(r, json, 'SelfSubjectAccessReview') };
  const out: Extract<AuthzData['access'], { available: true }> = { available: true, attributes, allowed: st.allowed === true, denied: st.denied === true, reason: st.reason ?? '', exchangeId: id };
  if (st.evaluationError) out.evaluationError = st.evaluationError;
  return out;
}

/** The sandbox's record of this request, read as the sandbox admin (only the admin may read it). */
async function glassBox(ctx: TraceContext, auditId: string): Promise<{ record: GlassBoxRecord | null; note: string }> {
  const kube = ctx.kube!;
  const kc = kube.kc;
  const adminCtx = kc.getContextObject(SANDBOX_ADMIN_CONTEXT);
  const cluster = adminCtx ? kc.getCluster(adminCtx.cluster) : null;
  if (!adminCtx || !cluster) return { record: null, note: `the kubeconfig has no "${SANDBOX_ADMIN_CONTEXT}" context to read the sandbox's glass box with` };
  const adminKc = new KubeConfig();
  adminKc.loadFromOptions({ clusters: kc.getClusters(), users: kc.getUsers(), contexts: kc.getContexts(), currentContext: SANDBOX_ADMIN_CONTEXT });
  const client = ctx.track(new ObservedClient(cluster.server, await credentialsFor(adminKc)));
  const r = await client.send({
    method: 'GET',
    pathAndQuery: GLASSBOX_PATH_PREFIX + encodeURIComponent(auditId),
    headers: [
      { name: 'User-Agent', value: `kube-trace/${ctx.env.toolVersion}` },
      { name: 'Accept', value: 'application/json' },
    ],
    timeoutMs: 10_000,
  });
  ctx.extraExchanges.push(ctx.toExchange(r, { by: 'kube-trace', purpose: 'glass-box', method: 'GET' }));
  const json = parseJson(r.body);
  if (r.status !== 200 || !json || typeof json !== 'object') return { record: null, note: `the sandbox did not return a glass-box record for Audit-Id ${auditId} (${r.failure ? r.failure.kind : `status ${r.status}`})` };
  return { record: json as GlassBoxRecord, note: `recorded by the sandbox API server for Audit-Id ${auditId}` };
}

const REMOTE_NOTE =
  'Not observable on a remote cluster: authentication, API Priority and Fairness, the RBAC decision and the storage read happen inside kube-apiserver and are not sent to clients. ' +
  'What a client can see: the status code and Status message, the Audit-Id and X-Kubernetes-Pf-* headers, and what SelfSubjectReview / SelfSubjectAccessReview answer. Cluster admins can match the Audit-Id in the API server audit log.';

export async function authzStage(ctx: TraceContext): Promise<AuthzData> {
  await sendReal(ctx);
  const first = ctx.pages[0]!;
  const failedPage = ctx.pages.find((p) => p.response.failure || (p.response.status ?? 0) >= 300) ?? null;
  const st = asStatus(first.body);
  const outcome: AuthzData['outcome'] = {
    status: first.response.status,
    allowed: first.response.status !== null && first.response.status !== 401 && first.response.status !== 403,
    exchangeId: first.exchange.id,
  };
  if (st?.message) outcome.statusMessage = st.message;
  if (st?.reason) outcome.statusReason = st.reason;

  // Only failures with no HTTP status stop here; a broken body after a status is the response stage's.
  const networkFailure = failedPage && failedPage.response.status === null ? failedPage.response.failure : null;
  const data: AuthzData = {
    whoami: { available: false, reason: 'not asked: the request did not reach the server' },
    access: { available: false, reason: 'not asked: the request did not reach the server' },
    outcome,
    insideApiServer: null,
    insideApiServerNote: REMOTE_NOTE,
  };
  if (!networkFailure) {
    data.whoami = await whoami(ctx);
    data.access = await access(ctx);
    const auditId = headerValue(first.response.responseHeaders, 'audit-id');
    if (ctx.kube!.clusterName === SANDBOX_CLUSTER_NAME) {
      if (auditId) {
        try {
          const gb = await glassBox(ctx, auditId);
          data.insideApiServer = gb.record;
          data.insideApiServerNote = gb.note;
          ctx.glassBox = gb.record;
        } catch {
          data.insideApiServerNote = 'the sandbox glass box could not be read (the sandbox-admin credentials could not be prepared)';
        }
      } else {
        data.insideApiServerNote = 'the response carried no Audit-Id, so the sandbox glass box cannot be looked up';
      }
    }
  }
  data.exchanges = [...ctx.extraExchanges];
  // Authentication/authorization failures and failures to reach the server stop the trace here.
  const status = first.response.status;
  if (networkFailure || status === 401 || status === 403) {
    const what = `${ctx.data.request!.request.method} ${ctx.data.request!.request.path}`;
    const checked = checkResponse((failedPage ?? first).response, `the request ${what}`, ctx.data.request!.mapping.resource, { name: ctx.cmd.resourceName, rawPrefix: rawPrefixFor(ctx.cmd.output), list: listContextFor(ctx) });
    if ('error' in checked) throw new StageFailure<'authz'>(checked.error, data);
  }
  return data;
}
