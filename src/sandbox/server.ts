// The sandbox API server's handler chain, in kube-apiserver's order: authentication → priority and
// fairness → authorization → the REST handler (storage read, conversion) → response. Each request is
// recorded in the glass box under its Audit-Id.

import { GLASSBOX_BY_REVISION_PREFIX, GLASSBOX_PATH_PREFIX } from '../glassbox/types.js';
import { authenticate } from './authn.js';
import { classify } from './flowcontrol.js';
import { authorize, forbiddenMessage, PRIVILEGED_GROUP, type RequestAttributes, type UserInfo } from './rbac.js';
import { requestInfo, type RequestInfo } from './request-info.js';
import { statusBody } from './respond.js';
import { goJson } from './go-json.js';
import { abort, type SandboxRequest, type SandboxResponse } from './http.js';
import {
  NOT_ACCEPTABLE_MESSAGE, aggregatedContentType, aggregatedDocument, apiGroup, apiGroupList, apiVersions, coreResourceList, etagOf, groupResourceList, negotiateDiscovery,
} from './discovery.js';
import { writeHead } from './respond.js';
import { BadReviewError, UnsupportedMediaError, parseAccessReview, parseRulesReview, selfSubjectAccessReview, selfSubjectReview, selfSubjectRulesReview } from './reviews.js';
import { Exchange, MAX_REQUEST_LOG, headerList, firstHeaderValue, methodNotAllowed, notFoundGeneric, readBody, tooLarge, tooSlow, type ServerState } from './exchange.js';
import { getOne, list, negotiateOutput } from './lists.js';
import { handleWrite } from './writes/handler.js';
import { openApiDocument } from './writes/openapi.js';

export { MAX_BODY_BYTES } from './exchange.js';
export type { RequestLogEntry, ServerState } from './exchange.js';

export function createHandler(state: ServerState): (req: SandboxRequest, res: SandboxResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    const x = new Exchange(req, res, url, state);
    handle(x).catch((err: unknown) => {
      if (!res.headersSent) x.fail(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`, {});
      else abort(res);
    }).finally(() => {
      const path = url.pathname;
      state.requests.push({ method: x.record.method, path, query: x.record.query, auditId: x.ctx.auditId, userAgent: req.headers['user-agent'] ?? '', status: x.status, httpVersion: x.record.httpVersion ?? '1.1' });
      if (state.requests.length > MAX_REQUEST_LOG) state.requests.splice(0, state.requests.length - MAX_REQUEST_LOG);
      if (!path.startsWith(GLASSBOX_PATH_PREFIX)) state.glass.add(x.record);
    });
  };
}

async function handle(x: Exchange): Promise<void> {
  const { req, url, state } = x;
  const method = (req.method ?? 'GET').toUpperCase();

  // Authentication.
  const authn = authenticate(req, state.tokens, { x509CredentialId: state.profile.x509CredentialId });
  x.record.authentication = { authenticator: authn.authenticator, authenticated: authn.user !== null && authn.authenticator !== 'anonymous', user: authn.user, detail: authn.detail };
  x.step('authentication', authn.user ? `${authn.authenticator}: ${authn.user.username} [${authn.user.groups.join(', ')}]` : `${authn.authenticator}: rejected → 401`);
  if (!authn.user) {
    x.endConnectionAfterThis('the request was not authenticated (401)');
    x.fail(401, 'Unauthorized', 'Unauthorized');
    return;
  }
  if (authn.authenticator === 'anonymous') x.endConnectionAfterThis('the request is anonymous (system:anonymous)');
  let user = authn.user;

  // Impersonation (kubectl --as / --as-group): the real user needs the "impersonate" verb on users/groups.
  const asUser = firstHeaderValue(req.headers['impersonate-user']);
  const asGroups = headerList(req.headers['impersonate-group']);
  if (asUser !== undefined || asGroups.length > 0) {
    if (asUser === undefined) {
      x.fail(500, 'InternalError', 'Internal error occurred: requested [{Group  ' + asGroups.join('') + '  authentication.k8s.io/v1  }] without impersonating a user');
      return;
    }
    const checks: [string, string][] = [['users', asUser], ...asGroups.map((g): [string, string] => ['groups', g])];
    for (const [resource, name] of checks) {
      const a: RequestAttributes = { user, verb: 'impersonate', resourceRequest: true, apiGroup: '', apiVersion: 'v1', resource, subresource: '', namespace: '', name, path: url.pathname };
      if (authorize(state.policy, a).decision !== 'allow') {
        x.step('authentication', `impersonation of ${resource} "${name}" refused`);
        forbidden(x, a, '');
        return;
      }
    }
    const groups = asUser === 'system:anonymous' ? asGroups : [...asGroups.filter((g) => g !== 'system:authenticated'), 'system:authenticated'];
    user = { username: asUser, groups };
    x.record.authentication = { ...x.record.authentication, user, detail: `${authn.detail}; impersonating ${asUser} [${groups.join(', ')}] (allowed to impersonate)` };
    x.step('authentication', `impersonating ${asUser}`);
  }

  // Priority and fairness (classification only; the sandbox never queues).
  const info = requestInfo(method, url.pathname, url.searchParams);
  const flow = classify(user, url.pathname, info.resourceRequest);
  x.ctx.flow = flow;
  x.record.priorityAndFairness = flow;
  x.step('priority-and-fairness', `FlowSchema ${flow.flowSchema} → PriorityLevel ${flow.priorityLevel}`);

  // Authorization.
  const attrs: RequestAttributes = { user, verb: info.verb, resourceRequest: info.resourceRequest, apiGroup: info.apiGroup, apiVersion: info.apiVersion, resource: info.resource, subresource: info.subresource, namespace: info.namespace, name: info.name, path: info.path };
  const glassBoxPath = url.pathname.startsWith(GLASSBOX_PATH_PREFIX);
  let decision = authorize(state.policy, attrs);
  if (glassBoxPath && !user.groups.includes(PRIVILEGED_GROUP)) {
    decision = { ...decision, decision: 'deny', reason: '', matched: null, considered: [...decision.considered, 'the glass box is served to system:masters only'] };
  }
  x.record.authorization = {
    attributes: { verb: attrs.verb, resource: attrs.resource, subresource: attrs.subresource, apiGroup: attrs.apiGroup, namespace: attrs.namespace, name: attrs.name, path: attrs.path, resourceRequest: attrs.resourceRequest },
    decision: decision.decision,
    // kube's privileged-group authorizer gives no reason text (SSAR status has none); the glass box names the group.
    reason: decision.reason || (decision.authorizer === 'privileged-group' ? `allowed by the privileged-group authorizer: ${user.username} is in ${PRIVILEGED_GROUP}; RBAC was not asked` : ''),
    authorizer: decision.authorizer,
    matched: decision.matched && {
      ...decision.matched,
      rule: {
        verbs: decision.matched.rule.verbs,
        apiGroups: decision.matched.rule.apiGroups ?? [],
        resources: decision.matched.rule.resources ?? [],
        ...(decision.matched.rule.resourceNames ? { resourceNames: decision.matched.rule.resourceNames } : {}),
        ...(decision.matched.rule.nonResourceURLs ? { nonResourceURLs: decision.matched.rule.nonResourceURLs } : {}),
      },
    },
    considered: decision.considered,
  };
  x.step('authorization', decision.decision === 'allow' ? (decision.authorizer === 'privileged-group' ? `privileged-group authorizer: ${PRIVILEGED_GROUP} → allowed (RBAC not asked)` : decision.reason) : 'no rule allows it → 403');
  if (decision.decision !== 'allow') {
    forbidden(x, attrs, decision.reason);
    return;
  }

  if (glassBoxPath) {
    if (method !== 'GET') {
      methodNotAllowed(x);
      return;
    }
    const id = url.pathname.slice(GLASSBOX_PATH_PREFIX.length);
    const byRevision = url.pathname.startsWith(GLASSBOX_BY_REVISION_PREFIX) ? url.pathname.slice(GLASSBOX_BY_REVISION_PREFIX.length) : null;
    const rec = byRevision !== null ? (/^\d{1,15}$/.test(byRevision) ? state.glass.byRevision(Number(byRevision)) : undefined) : /^[0-9a-f-]{1,64}$/i.test(id) ? state.glass.get(id) : undefined;
    if (!rec) {
      x.fail(404, 'NotFound', `glass box record "${id.slice(0, 64)}" not found (only the last 1000 requests are kept)`, { kind: 'glassbox' });
      return;
    }
    x.send(200, rec);
    return;
  }
  if (!info.resourceRequest) {
    nonResource(x, method, info);
    return;
  }
  return resource(x, method, info, user);
}

function forbidden(x: Exchange, a: RequestAttributes, reason: string): void {
  const msg = forbiddenMessage(a, reason);
  const nosniff: [string, string][] = [['X-Content-Type-Options', 'nosniff']];
  if (!a.resourceRequest) return x.fail(403, 'Forbidden', `forbidden: ${msg}`, {}, nosniff);
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const details: Record<string, string> = {};
  if (a.name) details['name'] = a.name;
  if (a.apiGroup) details['group'] = a.apiGroup;
  details['kind'] = a.resource;
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  x.fail(403, 'Forbidden', `${subject} is forbidden: ${msg}`, details, nosniff);
}

function nonResource(x: Exchange, method: string, info: RequestInfo): void {
  const path = info.path.replace(/\/+$/, '') || '/';
  if (method !== 'GET' && method !== 'HEAD') {
    if (path.startsWith('/api')) return methodNotAllowed(x);
    return x.sendRaw(404, '404 page not found\n', { contentType: 'text/plain; charset=utf-8', extra: [['X-Content-Type-Options', 'nosniff']] });
  }
  switch (path) {
    case '/version':
      // kube writes /version with MarshalIndent whatever the client.
      return x.send(200, x.state.profile.info, { pretty: true });
    case '/healthz':
    case '/livez':
    case '/readyz':
      return x.sendRaw(200, 'ok', { contentType: 'text/plain; charset=utf-8', extra: [['X-Content-Type-Options', 'nosniff']] });
    case '/api':
    case '/apis':
      return discoveryRoot(x, path === '/api' ? 'api' : 'apis');
    case '/api/v1':
      return x.send(200, coreResourceList(x.state.profile.discovery));
  }
  if (path === '/openapi/v3' || path.startsWith('/openapi/v3/')) {
    const doc = openApiDocument(path, x.state.profile.discovery);
    if (doc) return x.send(200, doc);
    return x.sendRaw(404, '404 page not found\n', { contentType: 'text/plain; charset=utf-8', extra: [['X-Content-Type-Options', 'nosniff']] });
  }
  const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (m) {
    const doc = m[2] ? groupResourceList(x.state.profile.discovery, m[1] as string, m[2]) : apiGroup(x.state.profile.discovery, m[1] as string);
    if (doc) return x.send(200, doc);
    return notFoundGeneric(x);
  }
  if (path.startsWith('/api/')) return notFoundGeneric(x);
  x.sendRaw(404, '404 page not found\n', { contentType: 'text/plain; charset=utf-8', extra: [['X-Content-Type-Options', 'nosniff']] });
}

function discoveryRoot(x: Exchange, which: 'api' | 'apis'): void {
  const served = x.state.profile.aggregatedDiscovery;
  const kind = negotiateDiscovery(x.req.headers.accept, served);
  if (kind === null) {
    // The discovery handler writes its 406 indented (as captured from v1.28.7 and v1.33.3).
    return x.send(406, statusBody(406, 'NotAcceptable', NOT_ACCEPTABLE_MESSAGE), { pretty: true }, { to: 'Status' });
  }
  if (kind === 'plain') return x.send(200, which === 'api' ? apiVersions(x.state.serverAddress()) : apiGroupList(x.state.profile.discovery));
  const body = goJson(aggregatedDocument(x.state.profile.discovery, which, served), x.ctx.pretty);
  const etag = etagOf(body);
  const headers: [string, string][] = [['Etag', etag], ['Vary', 'Accept']];
  if (x.req.headers['if-none-match'] === etag) {
    // No body; the flow-control headers are set by the APF filter before the discovery handler runs.
    writeHead(x.res, x.ctx, 304, [['Audit-Id', x.ctx.auditId], ['Cache-Control', 'public'], ['Etag', etag], ['Vary', 'Accept']]);
    x.res.end();
    x.finish(304, 0);
    return;
  }
  x.sendRaw(200, body, { contentType: aggregatedContentType(served), cacheControl: 'public', extra: headers }, { to: 'APIGroupDiscoveryList' });
}

async function resource(x: Exchange, method: string, info: RequestInfo, user: UserInfo): Promise<void> {
  const group = info.apiPrefix === 'api' ? '' : info.apiGroup;
  if (info.apiPrefix === 'api' && info.apiVersion !== 'v1') {
    notFoundGeneric(x);
    return;
  }

  // Reviews: create-only, computed, never stored.
  if (group === 'authorization.k8s.io' && info.apiVersion === 'v1' && !info.namespace && !info.name && (info.resource === 'selfsubjectaccessreviews' || info.resource === 'selfsubjectrulesreviews')) {
    if (method !== 'POST') {
      methodNotAllowed(x);
      return;
    }
    return review(x, info.resource, user);
  }
  if (group === 'authentication.k8s.io' && info.apiVersion === 'v1' && info.resource === 'selfsubjectreviews' && !info.namespace && !info.name) {
    if (method !== 'POST') {
      methodNotAllowed(x);
      return;
    }
    const body = await readBody(x.req, x.state.requestBodyTimeoutMs);
    if (body === 'too-large') {
      tooLarge(x);
      return;
    }
    if (body === 'too-slow') {
      tooSlow(x);
      return;
    }
    x.send(201, selfSubjectReview(user, x.state.now()), {}, { to: 'SelfSubjectReview' });
    return;
  }

  const def = x.state.resources.find(group, info.apiVersion, info.resource);
  // The status subresource reads the same object; other subresources (log, exec, …) need a kubelet.
  const writing = info.verb === 'create' || info.verb === 'update' || info.verb === 'patch' || info.verb === 'delete';
  const subresourceOk = info.subresource === '' || (info.subresource === 'status' && def?.subresources.includes('status') === true);
  if (!def || !subresourceOk || (!def.namespaced && info.namespace && info.resource !== 'namespaces')) {
    notFoundGeneric(x);
    return;
  }
  if (writing && def.verbs.includes(info.verb) && !(info.verb === 'create' && info.name) && !(info.verb !== 'create' && !info.name) && !(info.subresource === 'status' && info.verb !== 'update' && info.verb !== 'patch')) {
    return handleWrite(x, method, info, user, def, x.state.writes);
  }
  if ((info.verb !== 'get' && info.verb !== 'list' && info.verb !== 'watch') || !def.verbs.includes(info.verb)) {
    methodNotAllowed(x);
    return;
  }
  const output = negotiateOutput(x.req.headers.accept);
  if (output === null) {
    x.fail(406, 'NotAcceptable', NOT_ACCEPTABLE_MESSAGE);
    return;
  }
  const namespace = def.resource === 'namespaces' ? '' : info.namespace;
  if (info.verb === 'get') return getOne(x, def, namespace, info.name, output);
  return list(x, def, namespace, output, info.verb === 'watch');
}

async function review(x: Exchange, which: 'selfsubjectaccessreviews' | 'selfsubjectrulesreviews', user: UserInfo): Promise<void> {
  const body = await readBody(x.req, x.state.requestBodyTimeoutMs);
  if (body === 'too-large') {
    tooLarge(x);
    return;
  }
  if (body === 'too-slow') {
    tooSlow(x);
    return;
  }
  const contentType = (x.req.headers['content-type'] ?? '').toLowerCase();
  try {
    if (which === 'selfsubjectaccessreviews') {
      const spec = parseAccessReview(body, contentType);
      if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
        x.fail(422, 'Invalid', 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified', { group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview' });
        return;
      }
      const r = selfSubjectAccessReview(x.state.policy, user, spec, x.req.headers['user-agent'] ?? '', x.state.now());
      x.send(201, r.body, {}, { to: 'SelfSubjectAccessReview' });
      return;
    }
    const ns = parseRulesReview(body, contentType);
    x.send(201, selfSubjectRulesReview(x.state.policy, user, ns), {}, { to: 'SelfSubjectRulesReview' });
  } catch (e) {
    if (e instanceof UnsupportedMediaError) {
      x.fail(415, 'UnsupportedMediaType', e.message, {});
      return;
    }
    if (e instanceof BadReviewError) {
      x.fail(400, 'BadRequest', e.message);
      return;
    }
    throw e;
  }
}
