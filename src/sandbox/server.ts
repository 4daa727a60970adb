// The sandbox API server's handler chain, in kube-apiserver's order: authentication → priority and
// fairness → authorization → the REST handler (storage read, conversion) → response. Each request is
// recorded in the glass box under its Audit-Id.

import type { Writable } from 'node:stream';
import { abort, isHttp2, type SandboxRequest, type SandboxResponse } from './http.js';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { GlassBoxRecord, GlassBoxStep } from '../glassbox/types.js';
import { GLASSBOX_PATH_PREFIX } from '../glassbox/types.js';
import { authenticate, type TokenUser } from './authn.js';
import { classify } from './flowcontrol.js';
import { authorize, forbiddenMessage, PRIVILEGED_GROUP, type RbacPolicy, type RequestAttributes, type UserInfo } from './rbac.js';
import { requestInfo, type RequestInfo } from './request-info.js';
import { sendBody, sendJson, statusBody, wantsPretty, writeHead, type ResponseContext } from './respond.js';
import { goJson } from './go-json.js';
import {
  AGGREGATED_CONTENT_TYPE, NOT_ACCEPTABLE_MESSAGE, aggregatedDocument, apiGroup, apiGroupList, apiVersions, coreResourceList, etagOf, groupResourceList, isJsonRange, negotiateDiscovery, parseAccept,
} from './discovery.js';
import type { Storage } from './storage/types.js';
import { FutureRevisionError, prefixEnd } from './storage/types.js';
import { decodeStored, findResource, listPrefix, objectKey, type KubeObject, type ResourceDef } from './resources.js';
import { matchesLabels, parseLabelSelector, type LabelRequirement } from './label-selector.js';
import { matchesFields, parseFieldSelector, type FieldRequirement } from './field-selector.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { printTable } from './printers/index.js';
import { BadReviewError, UnsupportedMediaError, parseAccessReview, parseRulesReview, selfSubjectAccessReview, selfSubjectReview, selfSubjectRulesReview } from './reviews.js';
import { GlassBoxLog } from './glassbox-log.js';
import { defaultTable } from './default-table.js';

export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_WATCH_SECONDS = 300;

export const VERSION_INFO = {
  // As the v1.28.7 build the fixtures were captured from reported itself.
  major: '1',
  minor: '28',
  gitVersion: 'v1.28.7',
  gitCommit: '9258ab62ed50ee9f1715cbb078b1e760e823bfcb',
  gitTreeState: 'clean',
  buildDate: '2026-11-28T02:17:36Z',
  goVersion: 'go1.21.13',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  auditId: string;
  userAgent: string;
  status: number;
  httpVersion: '1.1' | '2';
}

export interface ServerState {
  storage: Storage;
  policy: RbacPolicy;
  tokens: TokenUser[];
  now: () => Date;
  glass: GlassBoxLog;
  requests: RequestLogEntry[];
  serverAddress: () => string;
  /** Open watch streams, ended on close. */
  watches: Set<SandboxResponse>;
  /** Send GOAWAY after an anonymous or 401 request on HTTP/2 (kube-apiserver ≥1.29). */
  goawayUnauthenticatedHttp2: boolean;
}

const MAX_REQUEST_LOG = 10000;

type Conversion = NonNullable<GlassBoxRecord['conversion']>;

class Exchange {
  readonly t0 = performance.now();
  private stepStart = this.t0;
  readonly steps: GlassBoxStep[] = [];
  readonly record: GlassBoxRecord;
  readonly ctx: ResponseContext;
  status = 0;

  constructor(readonly req: SandboxRequest, readonly res: SandboxResponse, readonly url: URL, readonly state: ServerState) {
    const auditId = randomUUID();
    this.ctx = { auditId, pretty: wantsPretty(req, url.searchParams), flow: null, now: state.now, http2: isHttp2(req) };
    this.record = {
      auditId,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      receivedAt: state.now().toISOString(),
      httpVersion: isHttp2(req) ? '2' : '1.1',
      steps: this.steps,
      authentication: { authenticator: 'none', authenticated: false, user: null, detail: '' },
      priorityAndFairness: null,
      authorization: null,
      storage: null,
      conversion: null,
      response: null,
      totalMs: 0,
    };
  }

  step(step: GlassBoxStep['step'], summary: string): void {
    const t = performance.now();
    this.steps.push({ step, durationMs: round(t - this.stepStart), summary });
    this.stepStart = t;
  }

  send(status: number, value: unknown, opts: Parameters<typeof sendJson>[4] = {}, conversion?: Conversion): void {
    this.finish(status, sendJson(this.res, this.ctx, status, value, opts), conversion);
  }

  sendRaw(status: number, body: string, opts: Parameters<typeof sendBody>[4] = {}, conversion?: Conversion): void {
    this.finish(status, sendBody(this.res, this.ctx, status, body, opts), conversion);
  }

  fail(code: number, reason: string, message: string, details?: Parameters<typeof statusBody>[3], extra?: [string, string][]): void {
    this.send(code, statusBody(code, reason, message, details), extra ? { extra } : {}, { to: 'Status' });
  }

  finish(status: number, bytes: number, conversion?: Conversion): void {
    this.status = status;
    if (conversion) this.record.conversion = conversion;
    this.record.response = { status, bytes, ...(this.goaway ? { goaway: { reason: this.goaway } } : {}) };
    this.step('response', `${status} ${bytes} bytes${this.goaway ? '; GOAWAY: this HTTP/2 connection ends after it' : ''}`);
    this.record.totalMs = round(performance.now() - this.t0);
  }

  private goaway: string | null = null;

  /**
   * kube-apiserver ≥1.29 (UnauthenticatedHTTP2DOSMitigation, filters/authentication.go) sets
   * "Connection: close" for an anonymous or 401 request on HTTP/2; Go's http2 server turns that into a
   * GOAWAY sent before the response headers, finishes this stream and closes the connection.
   * Node's session.close() does the same: GOAWAY (last stream = this one) now, close when streams end.
   */
  endConnectionAfterThis(reason: string): void {
    if (!isHttp2(this.req) || !this.state.goawayUnauthenticatedHttp2) return;
    this.goaway = reason;
    this.req.stream.session?.close();
  }
}

/** The real etcd header when the backend has one (under concurrent requests it may be a neighbour's). */
function etcdHeader(storage: Storage): { etcdHeader?: { clusterId: string; memberId: string; revision: string; raftTerm: string } } {
  const h = storage.lastHeader?.();
  return h ? { etcdHeader: h } : {};
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function headerList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',').map((g) => g.trim())).filter((g) => g !== '');
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function notFoundGeneric(x: Exchange): void {
  x.fail(404, 'NotFound', 'the server could not find the requested resource', {});
}

function methodNotAllowed(x: Exchange): void {
  x.fail(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

async function readBody(req: SandboxRequest): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) return 'too-large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

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
  const authn = authenticate(req, state.tokens);
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
  const asUser = headerValue(req.headers['impersonate-user']);
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
    reason: decision.reason || (decision.authorizer === 'privileged-group' ? 'allowed: member of system:masters (privileged group, checked before RBAC)' : ''),
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
  x.step('authorization', decision.decision === 'allow' ? (decision.reason || 'allowed: system:masters') : 'no rule allows it → 403');
  if (decision.decision !== 'allow') {
    forbidden(x, attrs, decision.reason);
    return;
  }

  if (glassBoxPath) {
    if (method !== 'GET') return methodNotAllowed(x);
    const id = url.pathname.slice(GLASSBOX_PATH_PREFIX.length);
    const rec = /^[0-9a-f-]{1,64}$/i.test(id) ? state.glass.get(id) : undefined;
    if (!rec) return x.fail(404, 'NotFound', `glass box record "${id.slice(0, 64)}" not found (only the last 1000 requests are kept)`, { kind: 'glassbox' });
    return x.send(200, rec);
  }
  if (!info.resourceRequest) return nonResource(x, method, info);
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
      return x.send(200, VERSION_INFO, { pretty: true });
    case '/healthz':
    case '/livez':
    case '/readyz':
      return x.sendRaw(200, 'ok', { contentType: 'text/plain; charset=utf-8', extra: [['X-Content-Type-Options', 'nosniff']] });
    case '/api':
    case '/apis':
      return discoveryRoot(x, path === '/api' ? 'api' : 'apis');
    case '/api/v1':
      return x.send(200, coreResourceList());
  }
  const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (m) {
    const doc = m[2] ? groupResourceList(m[1] as string, m[2]) : apiGroup(m[1] as string);
    if (doc) return x.send(200, doc);
    return notFoundGeneric(x);
  }
  if (path.startsWith('/api/')) return notFoundGeneric(x);
  x.sendRaw(404, '404 page not found\n', { contentType: 'text/plain; charset=utf-8', extra: [['X-Content-Type-Options', 'nosniff']] });
}

function discoveryRoot(x: Exchange, which: 'api' | 'apis'): void {
  const kind = negotiateDiscovery(x.req.headers.accept);
  if (kind === null) {
    // The discovery handler writes its 406 indented (as captured from v1.28.7).
    return x.send(406, statusBody(406, 'NotAcceptable', NOT_ACCEPTABLE_MESSAGE), { pretty: true }, { to: 'Status' });
  }
  if (kind === 'plain') return x.send(200, which === 'api' ? apiVersions(x.state.serverAddress()) : apiGroupList());
  const body = goJson(aggregatedDocument(which), x.ctx.pretty);
  const etag = etagOf(body);
  const headers: [string, string][] = [['Etag', etag], ['Vary', 'Accept']];
  if (x.req.headers['if-none-match'] === etag) {
    // No body; the flow-control headers are set by the APF filter before the discovery handler runs.
    writeHead(x.res, x.ctx, 304, [['Audit-Id', x.ctx.auditId], ['Cache-Control', 'public'], ['Etag', etag], ['Vary', 'Accept']]);
    x.res.end();
    x.finish(304, 0);
    return;
  }
  x.sendRaw(200, body, { contentType: AGGREGATED_CONTENT_TYPE, cacheControl: 'public', extra: headers }, { to: 'APIGroupDiscoveryList' });
}

type OutputKind = { as: 'json' } | { as: 'table'; version: 'v1' | 'v1beta1' };

function negotiateOutput(accept: string | undefined): OutputKind | null {
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return { as: 'json' };
  for (const m of ranges) {
    if (!isJsonRange(m)) continue;
    const as = m.params['as'];
    if (as === undefined) return { as: 'json' };
    if (as === 'Table' && m.params['g'] === 'meta.k8s.io' && (m.params['v'] === 'v1' || m.params['v'] === 'v1beta1')) return { as: 'table', version: m.params['v'] };
  }
  return null;
}

async function resource(x: Exchange, method: string, info: RequestInfo, user: UserInfo): Promise<void> {
  const group = info.apiPrefix === 'api' ? '' : info.apiGroup;
  if (info.apiPrefix === 'api' && info.apiVersion !== 'v1') return notFoundGeneric(x);

  // Reviews: create-only, computed, never stored.
  if (group === 'authorization.k8s.io' && info.apiVersion === 'v1' && !info.namespace && !info.name && (info.resource === 'selfsubjectaccessreviews' || info.resource === 'selfsubjectrulesreviews')) {
    if (method !== 'POST') return methodNotAllowed(x);
    return review(x, info.resource, user);
  }
  if (group === 'authentication.k8s.io' && info.apiVersion === 'v1' && info.resource === 'selfsubjectreviews' && !info.namespace && !info.name) {
    if (method !== 'POST') return methodNotAllowed(x);
    const body = await readBody(x.req);
    if (body === 'too-large') return tooLarge(x);
    return x.send(201, selfSubjectReview(user, x.state.now()), {}, { to: 'SelfSubjectReview' });
  }

  const def = findResource(group, info.apiVersion, info.resource);
  // The status subresource reads the same object; other subresources (log, exec, …) need a kubelet.
  const subresourceOk = info.subresource === '' || (info.subresource === 'status' && def?.printer !== null);
  if (!def || !subresourceOk || (!def.namespaced && info.namespace && info.resource !== 'namespaces')) return notFoundGeneric(x);
  if (info.verb !== 'get' && info.verb !== 'list' && info.verb !== 'watch') return methodNotAllowed(x);
  const output = negotiateOutput(x.req.headers.accept);
  if (output === null) return x.fail(406, 'NotAcceptable', NOT_ACCEPTABLE_MESSAGE);
  const namespace = def.resource === 'namespaces' ? '' : info.namespace;
  if (info.verb === 'get') return getOne(x, def, namespace, info.name, output);
  return list(x, def, namespace, output, info.verb === 'watch');
}

function tooLarge(x: Exchange): void {
  x.fail(413, 'RequestEntityTooLarge', `the request body exceeds the sandbox's limit of ${MAX_BODY_BYTES} bytes`, {});
}

async function review(x: Exchange, which: 'selfsubjectaccessreviews' | 'selfsubjectrulesreviews', user: UserInfo): Promise<void> {
  const body = await readBody(x.req);
  if (body === 'too-large') return tooLarge(x);
  const contentType = (x.req.headers['content-type'] ?? '').toLowerCase();
  try {
    if (which === 'selfsubjectaccessreviews') {
      const spec = parseAccessReview(body, contentType);
      if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
        return x.fail(422, 'Invalid', 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified', { group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview' });
      }
      const r = selfSubjectAccessReview(x.state.policy, user, spec, x.req.headers['user-agent'] ?? '', x.state.now());
      return x.send(201, r.body, {}, { to: 'SelfSubjectAccessReview' });
    }
    const ns = parseRulesReview(body, contentType);
    return x.send(201, selfSubjectRulesReview(x.state.policy, user, ns), {}, { to: 'SelfSubjectRulesReview' });
  } catch (e) {
    if (e instanceof UnsupportedMediaError) return x.fail(415, 'UnsupportedMediaType', e.message, {});
    if (e instanceof BadReviewError) return x.fail(400, 'BadRequest', e.message);
    throw e;
  }
}

function stripTypeMeta(obj: KubeObject): KubeObject {
  const { kind: _k, apiVersion: _a, ...rest } = obj;
  return rest;
}

function includeObjectOf(q: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function table(x: Exchange, def: ResourceDef, objects: KubeObject[], version: 'v1' | 'v1beta1'): Record<string, unknown> {
  const include = includeObjectOf(x.url.searchParams);
  const t = def.printer ? printTable(def.printer, objects, { now: x.state.now(), includeObject: include }) : defaultTable(objects, { now: x.state.now(), includeObject: include });
  if (version === 'v1beta1') t['apiVersion'] = 'meta.k8s.io/v1beta1';
  return t;
}

async function getOne(x: Exchange, def: ResourceDef, namespace: string, name: string, output: OutputKind): Promise<void> {
  const key = objectKey(def, namespace, name);
  const res = await x.state.storage.range({ key });
  const kv = res.kvs[0];
  x.record.storage = {
    backend: x.state.storage.backend, operation: 'get', key, revision: res.revision, consistent: true, servedFrom: 'storage',
    limit: 0, count: res.kvs.length, totalKeysInRange: res.count, more: false, bytes: kv ? Buffer.byteLength(kv.value) : 0, encoding: 'json',
    ...etcdHeader(x.state.storage),
  };
  x.step('storage', kv ? `get ${key} at revision ${res.revision} (mod revision ${kv.modRevision})` : `get ${key}: no such key`);
  if (!kv) return x.fail(404, 'NotFound', `${def.group ? `${def.resource}.${def.group}` : def.resource} "${name}" not found`, { name, ...(def.group ? { group: def.group } : {}), kind: def.resource });
  const obj = decodeStored(kv.value, kv.modRevision);
  if (output.as === 'json') {
    x.step('conversion', `${def.kind} as JSON`);
    return x.send(200, obj, {}, { to: def.kind });
  }
  const t = table(x, def, [obj], output.version);
  t['metadata'] = { resourceVersion: String(kv.modRevision) };
  x.step('conversion', `${def.kind} → Table (1 row)`);
  return x.send(200, t, {}, { to: 'Table', rows: 1 });
}

interface ListPlan {
  prefix: string;
  start: string;
  revision: number;
  servedFrom: 'storage' | 'watch-cache';
  consistent: boolean;
}

async function list(x: Exchange, def: ResourceDef, namespace: string, output: OutputKind, watch: boolean): Promise<void> {
  const q = x.url.searchParams;
  let labels: LabelRequirement[] = [];
  let fields: FieldRequirement[] = [];
  try {
    labels = parseLabelSelector(q.get('labelSelector') ?? '');
    fields = parseFieldSelector(q.get('fieldSelector') ?? '', def.fieldLabels);
  } catch (e) {
    return x.fail(400, 'BadRequest', (e as Error).message);
  }
  const limitParam = q.get('limit');
  const requestedLimit = limitParam && /^\d+$/.test(limitParam) ? Number(limitParam) : 0;
  const prefix = listPrefix(def, namespace);
  const current = await x.state.storage.currentRevision();
  const rv = q.get('resourceVersion') ?? '';
  const rvMatch = q.get('resourceVersionMatch') ?? '';
  const token = q.get('continue') ?? '';
  const plan: ListPlan = { prefix, start: prefix, revision: current, servedFrom: 'storage', consistent: true };

  if (watch) return startWatch(x, def, prefix, labels, fields, output, rv);

  if (rvMatch && rvMatch !== 'Exact' && rvMatch !== 'NotOlderThan') {
    return x.fail(422, 'Invalid', `resourceVersionMatch: Unsupported value: "${rvMatch}": supported values: "Exact", "NotOlderThan"`);
  }
  if (rvMatch && rv === '') return x.fail(422, 'Invalid', 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (rv !== '' && !/^\d+$/.test(rv)) return x.fail(400, 'BadRequest', `invalid resource version: ${rv}`);
  if (token) {
    if (rv !== '' && rv !== '0') return x.fail(400, 'BadRequest', 'specifying resource version is not allowed when using continue');
    try {
      const c = decodeContinue(token, prefix);
      plan.start = c.startKey;
      plan.revision = c.revision;
      plan.consistent = false;
    } catch (e) {
      return x.fail(400, 'BadRequest', `invalid continue token: ${(e as Error).message}`);
    }
  } else if (rv !== '') {
    // kube-apiserver v1.28 (cacher.shouldDelegateList, etcd3 store.GetList): the watch cache answers
    // resourceVersion=0, and resourceVersion=N without a limit (any match but Exact), ignoring the
    // limit; everything else goes to etcd: Exact and legacy N-with-a-limit read at revision N.
    const n = Number(rv);
    if (n > current) return x.fail(504, 'Timeout', `Too large resource version: ${n}, current: ${current}`, { retryAfterSeconds: 1, causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] });
    plan.consistent = false;
    const fromCache = rv === '0' || (requestedLimit === 0 && rvMatch !== 'Exact');
    if (fromCache) {
      plan.servedFrom = 'watch-cache';
    } else if (rvMatch === 'Exact' || (rvMatch === '' && n > 0)) {
      plan.revision = n;
    }
  }
  // The watch cache does not page: it returns every match at once.
  const limit = plan.servedFrom === 'watch-cache' ? 0 : requestedLimit;

  const filtered = labels.length > 0 || fields.length > 0;
  const end = prefixEnd(prefix);
  const items: KubeObject[] = [];
  let lastKey = '';
  let hasMore = false;
  let bytes = 0;
  let firstCount = -1;
  let scanned = 0;
  let cursor = plan.start;
  for (;;) {
    let res: Awaited<ReturnType<Storage['range']>>;
    try {
      res = await x.state.storage.range({ key: cursor, rangeEnd: end, revision: plan.revision, limit });
    } catch (e) {
      // A continue token naming a revision etcd has not reached: kube 1.28's GetList passes etcd's
      // error through, and ErrorToAPIStatus makes it a 500 with no reason and no details.
      if (e instanceof FutureRevisionError) return x.send(500, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'etcdserver: mvcc: required revision is a future revision', code: 500 }, {}, { to: 'Status' });
      throw e;
    }
    if (firstCount < 0) firstCount = res.count;
    let stoppedEarly = false;
    for (let i = 0; i < res.kvs.length; i++) {
      const kv = res.kvs[i]!;
      scanned++;
      bytes += Buffer.byteLength(kv.value);
      lastKey = kv.key;
      const obj = decodeStored(kv.value, kv.modRevision);
      const meta = obj['metadata'] as { labels?: Record<string, string> };
      if ((labels.length === 0 || matchesLabels(labels, meta.labels)) && (fields.length === 0 || matchesFields(fields, def.fields(obj)))) items.push(obj);
      if (limit > 0 && items.length >= limit) {
        stoppedEarly = i < res.kvs.length - 1;
        break;
      }
    }
    hasMore = stoppedEarly || res.more;
    if (limit === 0 || !res.more || items.length >= limit) break;
    cursor = lastKey + '\u0000';
  }
  hasMore = hasMore && limit > 0;

  x.record.storage = {
    backend: x.state.storage.backend, operation: 'range', key: plan.start, rangeEnd: end, revision: plan.revision, consistent: plan.consistent, servedFrom: plan.servedFrom,
    limit, count: items.length, totalKeysInRange: Math.max(firstCount, 0), more: hasMore, bytes, encoding: 'json',
    ...etcdHeader(x.state.storage),
  };
  const source = plan.servedFrom === 'watch-cache' ? `watch cache (resourceVersion=${rv}${requestedLimit ? `; limit ${requestedLimit} ignored, the cache does not page` : ''})` : `range [${plan.start}, ${end}) at revision ${plan.revision}${limit ? ` limit ${limit}` : ''}`;
  x.step('storage', `${source}: ${scanned} keys read, ${items.length} matched${hasMore ? ', more remain' : ''}`);

  const metadata: Record<string, unknown> = { resourceVersion: String(plan.revision) };
  if (hasMore) {
    metadata['continue'] = encodeContinue(lastKey, prefix, plan.revision);
    if (!filtered) metadata['remainingItemCount'] = Math.max(firstCount - limit, 0);
  }
  if (output.as === 'json') {
    x.step('conversion', `${items.length} ${def.resource} as ${def.listKind}`);
    return x.send(200, { kind: def.listKind, apiVersion: def.group ? `${def.group}/${def.version}` : def.version, metadata, items: items.map(stripTypeMeta) }, {}, { to: def.listKind });
  }
  const t = table(x, def, items, output.version);
  t['metadata'] = metadata;
  x.step('conversion', `${items.length} ${def.resource} → Table (${items.length} rows)`);
  return x.send(200, t, {}, { to: 'Table', rows: items.length });
}

/** A short-lived watch: replays the state as ADDED events when asked from "0"/"" and then idles until timeoutSeconds (the sandbox never changes). */
async function startWatch(x: Exchange, def: ResourceDef, prefix: string, labels: LabelRequirement[], fields: FieldRequirement[], output: OutputKind, rv: string): Promise<void> {
  const res = await x.state.storage.range({ key: prefix, rangeEnd: prefixEnd(prefix) });
  const since = rv === '' || rv === '0' ? 0 : Number(rv) || 0;
  const events: string[] = [];
  for (const kv of res.kvs) {
    if (kv.modRevision <= since) continue;
    const obj = decodeStored(kv.value, kv.modRevision);
    const meta = obj['metadata'] as { labels?: Record<string, string> };
    if (!matchesLabels(labels, meta.labels) || !matchesFields(fields, def.fields(obj))) continue;
    const object = output.as === 'table' ? { ...table(x, def, [obj], output.version), metadata: { resourceVersion: String(kv.modRevision) } } : obj;
    events.push(goJson({ type: 'ADDED', object }, false));
  }
  x.record.storage = {
    backend: x.state.storage.backend, operation: 'range', key: prefix, rangeEnd: prefixEnd(prefix), revision: res.revision, consistent: false, servedFrom: 'watch-cache',
    limit: 0, count: events.length, totalKeysInRange: res.count, more: false, bytes: 0, encoding: 'json',
  };
  x.step('storage', `watch from revision ${since}: ${events.length} initial events`);
  const timeoutParam = Number(x.url.searchParams.get('timeoutSeconds') ?? '');
  const seconds = Number.isFinite(timeoutParam) && timeoutParam > 0 ? Math.min(timeoutParam, MAX_WATCH_SECONDS) : MAX_WATCH_SECONDS;
  const { res: out, state } = x;
  writeHead(out, x.ctx, 200, [['Audit-Id', x.ctx.auditId], ['Cache-Control', 'no-cache, private'], ['Content-Type', 'application/json']]);
  let bytes = 0;
  for (const e of events) {
    bytes += Buffer.byteLength(e);
    (out as Writable).write(e);
  }
  state.watches.add(out);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, seconds * 1000);
    function done(): void {
      clearTimeout(timer);
      state.watches.delete(out);
      if (!out.writableEnded) out.end();
      resolve();
    }
    out.once('close', done);
    out.once('finish', done);
  });
  x.finish(200, bytes, { to: 'WatchEvent', rows: events.length });
}
