// The steps of a write: kubectl's OpenAPI check (apply / create -f), the plan of each object's
// requests (after discovery mapped its kind), and the requests themselves in kubectl's order — the GET
// client-side apply makes first, the namespace check, then POST / PATCH / DELETE, and delete's wait.
//
// Read-only on real clusters: on any cluster that is not kube-trace's own sandbox every write carries
// dryRun=All (DeleteOptions.dryRun for a delete) unless the CLI was told --allow-writes and confirmed.
import { headerValue } from '../../kube/headers.js';
import { networkStageError } from '../../kube/kubectl-errors.js';
import type { HttpExchange, NameValue } from '../../kube/types.js';
import type { WriteCommand } from '../command.js';
import { isBuiltInGroup, lastAppliedOf, threeWayPatch, withLastApplied } from '../kubectl/apply-patch.js';
import type { KubectlBuild } from '../kubectl/identity.js';
import { DISCOVERY_DEFAULT_TIMEOUT_MS } from '../kubectl/model.js';
import { factsOf, parseJson, resourcePath, timeoutParam, withQuery } from '../kubectl/requests.js';
import {
  deleteBody,
  fieldValidationOf,
  HELPER_ACCEPT,
  infoString,
  objectBody,
  OPENAPI_INDEX_ACCEPT,
  OPENAPI_V2_ACCEPT,
  openApiPlan,
  resultLine,
  RUN_ACCEPT,
  runPodBody,
  serverSideApplyConflictText,
  writeErrorText,
  writeHeaders,
  writeQuery,
  type WriteAction,
} from '../kubectl/writes.js';
import { lit, shellLine } from '../../text/shell.js';
import type { KubeconfigData, PlannedRequest, ResourceMapping, StageError } from '../types.js';
import { SANDBOX_CLUSTER_NAME } from './glass-box.js';
import { curlWords } from './request-plan.js';
import type { TraceSession } from './session.js';
import type { OpenApiOutput, Outcome, PlannedWrite, WriteExchange, WriteOutput, WritePlanOutput, WrittenObject } from './types.js';

function openApiTimeout(cmd: WriteCommand): number {
  return cmd.requestTimeoutMs > 0 ? cmd.requestTimeoutMs : DISCOVERY_DEFAULT_TIMEOUT_MS;
}

/** The group-version documents kubectl asks OpenAPI v3 for: one per apiVersion in the manifest. */
function openApiGroupVersions(cmd: WriteCommand): string[] {
  const spec = cmd.write;
  if ((spec.verb !== 'apply' && spec.verb !== 'create') || !Array.isArray(spec.objects)) return [];
  return [...new Set(spec.objects.map((o) => (o.apiVersion.includes('/') ? `apis/${o.apiVersion}` : `api/${o.apiVersion}`)))];
}

/**
 * kubectl's fieldValidation check (its QueryParamVerifier): before apply / create -f it reads the
 * server's OpenAPI to learn that the server takes fieldValidation. 1.29–1.33: /openapi/v3 and the
 * group-version's document, falling back to /openapi/v2; 1.28: /openapi/v2, then /swagger-2.0.0.pb-v1.
 * Nothing answering stops kubectl when validation is on (its default), with kubectl's error.
 */
export async function openApiCheck(cmd: WriteCommand, session: TraceSession, build: KubectlBuild): Promise<OpenApiOutput> {
  const spec = cmd.write;
  const out: OpenApiOutput = { exchanges: [], answered: null, log: [], error: null };
  if (spec.verb !== 'apply' && spec.verb !== 'create') return out;
  // From 1.29 --validate=false skips the check; 1.28 still reads OpenAPI v2 (seen with kubectl.1.28).
  const plan = openApiPlan(build);
  if (spec.validate === 'ignore' && plan === 'v3-then-v2') return out;
  const timeoutMs = openApiTimeout(cmd);
  const get = async (path: string, accept: string, query: NameValue[] = []): Promise<{ status: number | null; body: unknown }> => {
    const r = await session.client().send({ method: 'GET', pathAndQuery: withQuery(path, [...query, ...timeoutParam(timeoutMs)]), headers: writeHeaders(cmd, session.kubectlSession, build, accept, null), timeoutMs });
    out.exchanges.push(session.record(r, { by: 'kubectl', purpose: 'openapi', method: 'GET' }));
    return { status: r.failure ? null : r.status, body: parseJson(r.body) };
  };
  const notFound = 'the server could not find the requested resource';
  if (plan === 'v3-then-v2') {
    const index = await get('/openapi/v3', OPENAPI_INDEX_ACCEPT);
    if (index.status === 200) {
      const paths = (index.body as { paths?: Record<string, { serverRelativeURL?: string }> } | undefined)?.paths ?? {};
      for (const gv of openApiGroupVersions(cmd)) {
        const url = paths[gv]?.serverRelativeURL;
        if (url === undefined) continue;
        const [p, q] = url.split('?');
        const query = new URLSearchParams(q ?? '');
        await get(p ?? url, HELPER_ACCEPT, [...query].map(([name, value]) => ({ name, value })));
      }
      out.answered = 'v3';
      return out;
    }
    out.log.push(`openapi v3 error...falling back to legacy: ${index.status === 404 ? notFound : `status ${index.status ?? 'none'}`}`);
    const v2 = await get('/openapi/v2', OPENAPI_V2_ACCEPT);
    if (v2.status === 200) {
      out.answered = 'v2';
      return out;
    }
    if (spec.validate !== 'ignore') out.error = openApiError(`error: error validating ${JSON.stringify(spec.file)}: error validating data: failed to download openapi: ${notFound}; if you choose to ignore these errors, turn validation off with --validate=false`);
    return out;
  }
  const v2 = await get('/openapi/v2', OPENAPI_V2_ACCEPT);
  if (v2.status === 200) {
    out.answered = 'v2';
    return out;
  }
  const swagger = await get('/swagger-2.0.0.pb-v1', OPENAPI_INDEX_ACCEPT);
  if (swagger.status === 200) out.answered = 'swagger';
  else if (spec.validate !== 'ignore') out.error = openApiError(`Error from server (NotFound): ${notFound}`);
  return out;
}

function openApiError(kubectlMessage: string): StageError {
  return {
    kind: 'not-found',
    message: 'kubectl could not read the server\'s OpenAPI document, which it needs to check that the server takes fieldValidation before it sends the object.',
    hint: 'kubectl stops before writing. With --validate=false kubectl skips the check (and asks for fieldValidation=Ignore).',
    kubectlMessage,
  };
}

/** Whether this write is sent with dryRun=All, and why. */
export function dryRunOf(cmd: WriteCommand, clusterName: string): WritePlanOutput['dryRun'] {
  const spec = cmd.write;
  if (spec.dryRun === 'server') return { sent: true, why: 'flag', cluster: clusterName };
  if (clusterName !== SANDBOX_CLUSTER_NAME && !cmd.allowWrites) return { sent: true, why: 'not-the-sandbox', cluster: clusterName };
  return { sent: false, why: null, cluster: clusterName };
}

function plannedRequest(session: TraceSession, kc: KubeconfigData, method: PlannedRequest['method'], path: string, query: NameValue[], headers: NameValue[], namespace: string | null, body?: string): PlannedRequest {
  const client = session.client();
  const pathAndQuery = withQuery(path, query);
  const url = client.urlFor(pathAndQuery);
  const masked = client.headersFor({ method, pathAndQuery, headers, ...(body !== undefined ? { body } : {}) }, client.protocol() ?? undefined).masked;
  const curlArgs = curlWords(kc, masked, url);
  if (method !== 'GET') curlArgs.splice(2, 0, lit('-X'), lit(method));
  if (body !== undefined) curlArgs.splice(curlArgs.length - 1, 0, lit('--data-binary'), lit(body));
  const accept = headers.find((h) => h.name === 'Accept')?.value ?? '';
  const contentType = headers.find((h) => h.name === 'Content-Type')?.value;
  const r: PlannedRequest = { method, url, path, namespace, query, headers: masked, curl: shellLine(curlArgs), curlArgs, accept, asTable: false, chunkSize: 0 };
  if (body !== undefined) r.body = body;
  if (contentType !== undefined) r.contentType = contentType;
  return r;
}

function namespaceError(objectNs: string, flagNs: string): StageError {
  return {
    kind: 'usage',
    message: `The manifest's object is in namespace "${objectNs}", but -n says "${flagNs}".`,
    hint: `Drop -n, or pass --namespace=${objectNs}.`,
    kubectlMessage: `error: the namespace from the provided object "${objectNs}" does not match the namespace "${flagNs}". You must pass '--namespace=${objectNs}' to perform this operation.`,
  };
}

/** Each object's requests as kubectl will send them (nothing is sent). */
export function planWrites(cmd: WriteCommand, kc: KubeconfigData, mappings: ResourceMapping[], session: TraceSession, build: KubectlBuild): Outcome<WritePlanOutput> {
  const spec = cmd.write;
  const dryRun = dryRunOf(cmd, session.kube().clusterName);
  const fieldValidation = fieldValidationOf(spec);
  const contextNs = kc.namespace.value || 'default';
  const objects: PlannedWrite[] = [];
  const query = writeQuery(spec, { dryRun: dryRun.sent, fieldValidation });
  const sessionId = session.kubectlSession;
  if (spec.verb === 'apply' || spec.verb === 'create') {
    if (!Array.isArray(spec.objects)) return { ok: false, error: { kind: 'usage', message: 'The manifest could not be decoded.', hint: 'Check the file.', kubectlMessage: `error: ${spec.objects.error}` } };
    for (const [index, o] of spec.objects.entries()) {
      const mapping = mappings[index];
      if (mapping === undefined) break;
      if (mapping.namespaced && o.namespace !== null && cmd.namespace !== null && cmd.namespace !== o.namespace) return { ok: false, error: namespaceError(o.namespace, cmd.namespace) };
      const namespace = mapping.namespaced ? (o.namespace ?? contextNs) : null;
      // cli-runtime's SetNamespace: the object carries the namespace it is written to.
      const object = structuredClone(o.object);
      if (namespace !== null) object['metadata'] = { ...(object['metadata'] ?? {}), namespace };
      const collection = resourcePath(mapping, namespace, null);
      const item = resourcePath(mapping, namespace, o.name);
      if (spec.verb === 'apply' && spec.serverSide) {
        const body = objectBody(object);
        const request = plannedRequest(session, kc, 'PATCH', item, query, writeHeaders(cmd, sessionId, build, HELPER_ACCEPT, 'application/apply-patch+yaml'), namespace, body);
        objects.push({ index, mapping, kind: o.kind, name: o.name, namespace, object, request, liveGet: null });
      } else if (spec.verb === 'apply') {
        const sent = withLastApplied(object).object;
        const body = objectBody(sent);
        const request = plannedRequest(session, kc, 'POST', collection, query, writeHeaders(cmd, sessionId, build, HELPER_ACCEPT, 'application/json'), namespace, body);
        const liveGet = plannedRequest(session, kc, 'GET', item, [], writeHeaders(cmd, sessionId, build, HELPER_ACCEPT, null), namespace);
        objects.push({ index, mapping, kind: o.kind, name: o.name, namespace, object: sent, request, liveGet });
      } else {
        const body = objectBody(object);
        const request = plannedRequest(session, kc, 'POST', collection, query, writeHeaders(cmd, sessionId, build, HELPER_ACCEPT, 'application/json'), namespace, body);
        objects.push({ index, mapping, kind: o.kind, name: o.name, namespace, object, request, liveGet: null });
      }
    }
  } else if (spec.verb === 'run') {
    const mapping = mappings[0];
    if (mapping === undefined) return { ok: false, error: { kind: 'internal', message: 'discovery mapped no pods', hint: 'This is a kube-trace bug.' } };
    const namespace = cmd.namespace ?? contextNs;
    const body = runPodBody(spec);
    const request = plannedRequest(session, kc, 'POST', resourcePath(mapping, namespace, null), query, writeHeaders(cmd, sessionId, build, RUN_ACCEPT, 'application/json'), namespace, body);
    objects.push({ index: 0, mapping, kind: 'Pod', name: spec.name, namespace, object: JSON.parse(body) as Record<string, unknown>, request, liveGet: null });
    // tsc does not narrow `spec` to delete here (the apply | create member's verb is itself a union).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  } else if (spec.verb === 'delete') {
    const mapping = mappings[0];
    if (mapping === undefined) return { ok: false, error: { kind: 'internal', message: 'discovery mapped nothing', hint: 'This is a kube-trace bug.' } };
    const namespace = mapping.namespaced ? (cmd.namespace ?? contextNs) : null;
    const request = plannedRequest(session, kc, 'DELETE', resourcePath(mapping, namespace, spec.name), [], writeHeaders(cmd, sessionId, build, HELPER_ACCEPT, 'application/json'), namespace, deleteBody(spec, dryRun.sent));
    objects.push({ index: 0, mapping, kind: mapping.kind, name: spec.name, namespace, object: null, request, liveGet: null });
  }
  return { ok: true, objects, dryRun, fieldValidation };
}

async function send(cmd: WriteCommand, session: TraceSession, role: WriteExchange['role'], method: PlannedRequest['method'], pathAndQuery: string, headers: NameValue[], body?: string): Promise<WriteExchange> {
  const r = await session.client().send({ method, pathAndQuery, headers, ...(body !== undefined ? { body } : {}), timeoutMs: cmd.requestTimeoutMs });
  const json = parseJson(r.body);
  const purpose: HttpExchange['purpose'] = role === 'namespace' ? 'namespace' : role === 'get' ? 'get' : role;
  const exchange = session.record(r, { by: 'kubectl', purpose, method, ...(body !== undefined ? { requestBody: body } : {}) });
  return { role, exchange, failure: r.failure, body: json, text: factsOf(r, json).text };
}

function refused(x: WriteExchange): boolean {
  return x.failure !== null || (x.exchange.status ?? 0) >= 300;
}

/** kubectl's error for a failed request, worded as kubectl words it for this verb and request. */
function failureOf(x: WriteExchange, context: string): StageError {
  const status = x.exchange.status;
  if (x.failure !== null) return networkStageError(x.failure, x.exchange.url, `kubectl's ${x.exchange.method}`);
  if (status === null) return { kind: 'bad-response', message: `The ${x.exchange.method} got no answer.`, hint: 'Check that the server is reachable.' };
  const kubectlMessage = writeErrorText(status, x.body, x.text, context);
  const kind: StageError['kind'] = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not-found' : status >= 500 ? 'server-error' : 'bad-request';
  return { kind, message: `The server refused the ${x.exchange.method} with ${status}.`, hint: status === 403 ? 'RBAC or an admission plugin refused it; the Status message says which.' : status === 422 ? 'The object did not pass validation; the Status lists each field.' : status === 409 ? 'The object changed or exists already: read it again and retry.' : 'The Status message says why.', kubectlMessage };
}

function path(r: PlannedRequest): string {
  return withQuery(r.path, r.query);
}

/** Headers as sent (the planned ones are masked; these are rebuilt unmasked by the client). */
function headersOf(cmd: WriteCommand, session: TraceSession, build: KubectlBuild, r: PlannedRequest): NameValue[] {
  return writeHeaders(cmd, session.kubectlSession, build, r.accept, r.contentType ?? null);
}

async function writeOne(cmd: WriteCommand, p: PlannedWrite, session: TraceSession, build: KubectlBuild): Promise<WrittenObject> {
  const spec = cmd.write;
  const exchanges: WriteExchange[] = [];
  const done = (action: WriteAction | null, error: StageError | null, patch: WrittenObject['patch'] = null): WrittenObject => ({ index: p.index, action, exchanges, patch, error });
  const source = spec.verb === 'apply' || spec.verb === 'create' ? spec.file : '';
  if (spec.verb === 'apply' && !spec.serverSide && p.liveGet !== null && p.object !== null) {
    const live = await send(cmd, session, 'get', 'GET', path(p.liveGet), headersOf(cmd, session, build, p.liveGet));
    exchanges.push(live);
    if (live.exchange.status === 404) {
      // cli-runtime's Info.Get: a NotFound in a namespace other than "default" makes it GET the namespace.
      if (p.namespace !== null && p.namespace !== 'default') exchanges.push(await send(cmd, session, 'namespace', 'GET', `/api/v1/namespaces/${encodeURIComponent(p.namespace)}`, headersOf(cmd, session, build, p.liveGet)));
      const post = await send(cmd, session, 'write', 'POST', path(p.request), headersOf(cmd, session, build, p.request), p.request.body);
      exchanges.push(post);
      return refused(post) ? done(null, failureOf(post, `error when creating ${JSON.stringify(source)}: `)) : done('created', null);
    }
    if (refused(live)) return done(null, failureOf(live, `error when retrieving current configuration of:\n${infoString(p.mapping, p.name, p.namespace)}\nfrom server for: ${JSON.stringify(source)}: `));
    const lastApplied = lastAppliedOf(live.body);
    // apply.go warningNoLastAppliedConfigAnnotation: an object not created by apply (or create --save-config).
    const warn = (o: WrittenObject): WrittenObject =>
      lastApplied !== null
        ? o
        : { ...o, warnings: [`Warning: resource ${p.mapping.resource}/${p.name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`] };
    const patch = threeWayPatch(lastApplied, p.object, live.body, isBuiltInGroup(p.mapping.group));
    if (patch.body === '{}') return warn(done('unchanged', null, patch));
    const item = resourcePath(p.mapping, p.namespace, p.name);
    const headers = writeHeaders(cmd, session.kubectlSession, build, HELPER_ACCEPT, patch.contentType);
    const sent = await send(cmd, session, 'write', 'PATCH', withQuery(item, p.request.query), headers, patch.body);
    exchanges.push(sent);
    if (refused(sent)) return warn(done(null, failureOf(sent, `error when applying patch:\n${patch.body}\nto:\n${infoString(p.mapping, p.name, p.namespace)}\nfor: ${JSON.stringify(source)}: `), patch));
    return warn(done('configured', null, patch));
  }
  const role = 'write';
  const sent = await send(cmd, session, role, p.request.method, path(p.request), headersOf(cmd, session, build, p.request), p.request.body);
  exchanges.push(sent);
  if (spec.verb === 'delete') {
    if (refused(sent)) return done(null, failureOf(sent, ''));
    // --wait (the default): kubectl GETs the object until it is gone (a dry run deleted nothing, so it does not wait).
    const dry = p.request.body?.includes('"dryRun"') === true;
    if (spec.wait && !dry) exchanges.push(await send(cmd, session, 'wait', 'GET', resourcePath(p.mapping, p.namespace, p.name), writeHeaders(cmd, session.kubectlSession, build, HELPER_ACCEPT, null)));
    return done('deleted', null);
  }
  if (refused(sent)) {
    // Server-side apply returns the server's error as it is (apply.go); create -f names the file (AddSourceToErr).
    const context = spec.verb === 'run' || (spec.verb === 'apply' && spec.serverSide) ? '' : `error when creating ${JSON.stringify(source)}: `;
    const failure = failureOf(sent, context);
    const conflict = spec.verb === 'apply' && spec.serverSide && sent.exchange.status === 409 ? serverSideApplyConflictText(sent.body) : null;
    return done(null, conflict === null ? failure : { ...failure, kubectlMessage: conflict });
  }
  if (spec.verb === 'apply') return done('serverside-applied', null);
  return done('created', null);
}

/** Every object in the manifest's order; kubectl stops reporting success after the first failure here. */
export async function writeAll(cmd: WriteCommand, plan: WritePlanOutput, session: TraceSession, build: KubectlBuild): Promise<WriteOutput> {
  const objects: WrittenObject[] = [];
  for (const p of plan.objects) {
    const w = await writeOne(cmd, p, session, build);
    objects.push(w);
    if (w.error !== null) break;
  }
  return { objects };
}

/** The Audit-Id of the request the glass box is asked about: the first write sent (else the apply GET). */
export function auditIdOfWrite(out: WriteOutput): string | null {
  for (const o of out.objects) {
    const x = o.exchanges.find((e) => e.role === 'write') ?? o.exchanges[0];
    if (x) return headerValue(x.exchange.responseHeaders, 'audit-id');
  }
  return null;
}

/** kubectl's stdout lines for what was written. */
export function resultLines(cmd: WriteCommand, plan: WritePlanOutput, out: WriteOutput): string[] {
  const lines: string[] = [];
  for (const o of out.objects) {
    const p = plan.objects[o.index];
    if (o.action === null || p === undefined) continue;
    lines.push(resultLine(o.action, p.kind, p.mapping.group, p.name, plan.dryRun.sent));
  }
  return lines;
}
