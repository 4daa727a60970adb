// Step "reviews": kube-trace's own questions to the server, sent after kubectl's request reached it —
// who the server says you are (SelfSubjectReview) and whether you may do exactly this
// (SelfSubjectAccessReview). kubectl itself sends neither for `get`.
import type { ObservedResponse } from '../../kube/observed-http.js';
import { asStatus } from '../../kube/kubectl-errors.js';
import type { HttpExchange } from '../../kube/types.js';
import type { TraceCommand, TraceEnvironment } from '../command.js';
import { parseJson } from '../kubectl/requests.js';
import type { AuthzData, KubeconfigData, ResourceMapping } from '../types.js';
import type { TraceSession } from './session.js';
import type { ReviewsOutput } from './types.js';

type Purpose = 'self-subject-review' | 'self-subject-access-review';

async function post(cmd: TraceCommand, env: TraceEnvironment, session: TraceSession, path: string, body: object, purpose: Purpose, exchanges: HttpExchange[]): Promise<{ r: ObservedResponse; id: number; json: unknown }> {
  const requestBody = JSON.stringify(body);
  const r = await session.client().send({
    method: 'POST',
    pathAndQuery: path,
    headers: [
      { name: 'User-Agent', value: `kube-trace/${env.toolVersion}` },
      { name: 'Accept', value: 'application/json' },
      { name: 'Content-Type', value: 'application/json' },
    ],
    body: requestBody,
    timeoutMs: cmd.requestTimeoutMs > 0 ? cmd.requestTimeoutMs : 10_000,
  });
  const ex = session.record(r, { by: 'kube-trace', purpose, method: 'POST', requestBody });
  exchanges.push(ex);
  return { r, id: ex.id, json: parseJson(r.body) };
}

function unavailableReason(r: ObservedResponse, json: unknown, api: string): string {
  if (r.failure) return `the request failed (${r.failure.kind})`;
  const st = asStatus(json);
  if (r.status === 404) return `this server does not serve ${api} (404)`;
  return `the server answered ${r.status ?? '?'}${st?.message ? `: ${st.message}` : ''}`;
}

async function whoami(send: (path: string, body: object, purpose: Purpose) => ReturnType<typeof post>): Promise<AuthzData['whoami']> {
  const { r, id, json } = await send('/apis/authentication.k8s.io/v1/selfsubjectreviews', { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1' }, 'self-subject-review');
  const info = (json as { status?: { userInfo?: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> } } } | undefined)?.status?.userInfo;
  if (r.status !== 201 && r.status !== 200) return { available: false, reason: unavailableReason(r, json, 'SelfSubjectReview (authentication.k8s.io/v1, GA since Kubernetes 1.28)') };
  if (!info) return { available: false, reason: 'the SelfSubjectReview response had no status.userInfo' };
  const out: Extract<AuthzData['whoami'], { available: true }> = { available: true, username: info.username ?? '', groups: info.groups ?? [], extra: info.extra ?? {}, exchangeId: id };
  if (info.uid) out.uid = info.uid;
  return out;
}

/** The attributes kubectl's request is authorized on (what SelfSubjectAccessReview is asked). */
export function accessAttributes(cmd: TraceCommand, mapping: ResourceMapping, kc: KubeconfigData): Extract<AuthzData['access'], { available: true }>['attributes'] {
  const ns = kc.namespace;
  const attributes: Extract<AuthzData['access'], { available: true }>['attributes'] = {
    verb: cmd.resourceName ? 'get' : 'list',
    resource: mapping.resource,
    group: mapping.group,
    namespace: mapping.namespaced && ns.source !== 'all-namespaces' ? ns.value : null,
  };
  if (cmd.resourceName) attributes.name = cmd.resourceName;
  return attributes;
}

async function access(send: (path: string, body: object, purpose: Purpose) => ReturnType<typeof post>, attributes: ReturnType<typeof accessAttributes>): Promise<AuthzData['access']> {
  const resourceAttributes: Record<string, string> = { verb: attributes.verb, group: attributes.group, resource: attributes.resource };
  if (attributes.namespace) resourceAttributes['namespace'] = attributes.namespace;
  if (attributes.name) resourceAttributes['name'] = attributes.name;
  const { r, id, json } = await send('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { resourceAttributes } }, 'self-subject-access-review');
  const st = (json as { status?: { allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string } } | undefined)?.status;
  if ((r.status !== 201 && r.status !== 200) || !st) return { available: false, reason: unavailableReason(r, json, 'SelfSubjectAccessReview') };
  const out: Extract<AuthzData['access'], { available: true }> = { available: true, attributes, allowed: st.allowed === true, denied: st.denied === true, reason: st.reason ?? '', exchangeId: id };
  if (st.evaluationError) out.evaluationError = st.evaluationError;
  return out;
}

export const NOT_ASKED = 'not asked: the request did not reach the server';

/** Sent only when kubectl's request reached the server (a network failure leaves nobody to ask). */
export type AccessAttributes = ReturnType<typeof accessAttributes>;

/** `attributes`: what to ask about, when it is not `get`'s list or GET (a write's create, patch, delete). */
export async function reviews(cmd: TraceCommand, env: TraceEnvironment, session: TraceSession, mapping: ResourceMapping, kc: KubeconfigData, reachedServer: boolean, attributes?: AccessAttributes): Promise<ReviewsOutput> {
  if (!reachedServer) return { whoami: { available: false, reason: NOT_ASKED }, access: { available: false, reason: NOT_ASKED }, exchanges: [] };
  const exchanges: HttpExchange[] = [];
  // The two questions do not depend on each other (a SelfSubjectAccessReview is about whoever asks):
  // sent side by side, their exchanges kept in one order (SelfSubjectReview first).
  const whoExchanges: HttpExchange[] = [];
  const mayExchanges: HttpExchange[] = [];
  const sender = (into: HttpExchange[]) => (path: string, body: object, purpose: Purpose): ReturnType<typeof post> => post(cmd, env, session, path, body, purpose, into);
  const [who, may] = await Promise.all([whoami(sender(whoExchanges)), access(sender(mayExchanges), attributes ?? accessAttributes(cmd, mapping, kc))]);
  exchanges.push(...whoExchanges, ...mayExchanges);
  return { whoami: who, access: may, exchanges };
}
