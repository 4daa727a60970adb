// The requests kubectl sends (its headers, its query, its URL encoding) and how it reads their answers:
// pure functions of the command and of what came back, shared by the steps that send and the stages
// that explain.
import type { NetworkFailure } from '../../kube/observed-http.js';
import type { ObservedResponse } from '../../kube/observed-http.js';
import { httpStatusStageError, networkStageError, undecodableBodyError } from '../../kube/kubectl-errors.js';
import type { ListContext } from '../../kube/kubectl-errors.js';
import { headerValue } from '../../kube/headers.js';
import type { NameValue, StageError } from '../../kube/types.js';
import type { GetCommand } from '../command.js';
import type { ResourceMapping } from '../types.js';
import { DEFAULT_PRINT_FLAGS, getRequestNeeds, type GetRequestNeeds } from '../../format/index.js';
import { DEFAULT_BUILD, userAgentOf, type KubectlBuild } from './identity.js';
import type { ResourceTarget } from './resource-args.js';
import { goDuration, goEncodeQuery } from './model.js';

/** Headers kubectl sets itself, in Go's wire order (Authorization is slotted in after Accept by the client). */
export function kubectlHeaders(session: string, accept: string, build: KubectlBuild = DEFAULT_BUILD): NameValue[] {
  return [
    { name: 'User-Agent', value: userAgentOf(build) },
    { name: 'Accept', value: accept },
    { name: 'Kubectl-Command', value: 'kubectl get' },
    { name: 'Kubectl-Session', value: session },
  ];
}

export function withQuery(path: string, query: NameValue[]): string {
  return query.length > 0 ? `${path}?${goEncodeQuery(query)}` : path;
}

/** client-go adds ?timeout=<d> to every request when a client timeout is set. */
export function timeoutParam(ms: number): NameValue[] {
  return ms > 0 ? [{ name: 'timeout', value: goDuration(ms) }] : [];
}

/** Every request of the command, in kubectl's order. */
export function targetsOf(cmd: Pick<GetCommand, 'targets' | 'resource' | 'resourceName'>): ResourceTarget[] {
  return cmd.targets ?? [{ resource: cmd.resource, name: cmd.resourceName }];
}

/** The command as one of its requests sees it: that type, that name. */
export function forTarget(cmd: GetCommand, t: ResourceTarget): GetCommand {
  return { ...cmd, resource: t.resource, resourceName: t.name };
}

/** What the printing flags ask of kubectl's request: a Table or whole objects, includeObject, paging. */
export function requestNeeds(cmd: GetCommand): GetRequestNeeds {
  return getRequestNeeds({ ...DEFAULT_PRINT_FLAGS, ...(cmd.print ?? { output: cmd.output === 'table' ? '' : cmd.output }) });
}

/** The page size kubectl asks for: --chunk-size, or none with --sort-by (get.go turns chunking off). */
export function chunkSizeOf(cmd: GetCommand): number {
  return cmd.resourceName || !requestNeeds(cmd).chunked ? 0 : cmd.chunkSize;
}

/** The query kubectl sends (before url.Values.Encode sorts it): selectors, paging, includeObject, timeout. */
export function listQuery(cmd: GetCommand, continueToken: string | null): NameValue[] {
  const needs = requestNeeds(cmd);
  const include: NameValue[] = needs.includeObject ? [{ name: 'includeObject', value: needs.includeObject }] : [];
  if (cmd.resourceName) return [...include, ...timeoutParam(cmd.requestTimeoutMs)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const q: NameValue[] = [...include];
  if (cmd.labelSelector) q.push({ name: 'labelSelector', value: cmd.labelSelector });
  if (cmd.fieldSelector) q.push({ name: 'fieldSelector', value: cmd.fieldSelector });
  const chunk = chunkSizeOf(cmd);
  if (chunk > 0) q.push({ name: 'limit', value: String(chunk) });
  if (continueToken) q.push({ name: 'continue', value: continueToken });
  q.push(...timeoutParam(cmd.requestTimeoutMs));
  return q.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function resourcePath(m: ResourceMapping, namespace: string | null, name: string | null): string {
  const ns = m.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${m.groupVersionPath}${ns}/${m.resource}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

/** What a response said, as far as kubectl's error handling looks at it (a live response or a recorded page). */
export interface ResponseFacts {
  url: string;
  status: number | null;
  headers: NameValue[];
  failure: NetworkFailure | null;
  /** The decoded JSON body; undefined when there was none or it was not JSON. */
  body: unknown;
  /** The body as text (bounded); kubectl quotes it in some messages. */
  text: string;
}

export function parseJson(body: Buffer | null): unknown {
  if (!body || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Enough of a body's text for kubectl's messages (client-go quotes at most 2048 bytes). */
export const KEPT_TEXT_CHARS = 4096;

export function factsOf(r: ObservedResponse, body: unknown = parseJson(r.body)): ResponseFacts {
  return {
    url: r.url,
    status: r.status,
    headers: r.responseHeaders,
    failure: r.failure,
    body,
    text: r.body ? r.body.subarray(0, KEPT_TEXT_CHARS).toString('utf8') : '',
  };
}

export interface CheckOptions {
  /** `get NAME`: client-go names the object in generic messages. */
  name?: string | null;
  /** Discovery errors are worded without the server's Status (client-go's discovery path). */
  ignoreStatus?: boolean;
  /** See networkStageError: "" for kubectl get's table output, "error: " otherwise. */
  rawPrefix?: string;
  /** Set for a list (not `get NAME`): kubectl rewrites its 400/404 messages. */
  list?: ListContext | undefined;
}

/** Turns a failed or undecodable response into kubectl's error; returns the decoded JSON otherwise. */
export function checkResponse(r: ResponseFacts, what: string, resource: string, opts: CheckOptions = {}): { body: unknown } | { error: StageError } {
  const rawPrefix = opts.rawPrefix ?? 'error: ';
  if (r.failure) return { error: networkStageError(r.failure, r.url, what, rawPrefix) };
  const status = r.status ?? 0;
  const ct = headerValue(r.headers, 'content-type');
  if (status >= 300) {
    // client-go uses the body as the message only for text/* (or untyped) responses.
    const isText = ct === null || ct.trim().toLowerCase().startsWith('text/');
    return { error: httpStatusStageError(status, r.text, opts.ignoreStatus ? undefined : r.body, what, 'get', resource, { isText, name: opts.name ?? null, ...(opts.list ? { list: opts.list } : {}) }) };
  }
  if (r.body === undefined) return { error: undecodableBodyError(what, r.text, ct, rawPrefix) };
  return { body: r.body };
}

/** kubectl get prints errors from its table path without the "error: " prefix (an aggregate). */
export function rawPrefixFor(output: string): string {
  return output === 'table' || output === 'wide' ? '' : 'error: ';
}

/** How kubectl's builder names the list in its error messages (undefined for `get NAME`). */
export function listContextFor(cmd: GetCommand, mapping: ResourceMapping): ListContext | undefined {
  if (cmd.resourceName) return undefined;
  return { gvr: `${mapping.group}/${mapping.version}, Resource=${mapping.resource}`, labelSelector: cmd.labelSelector ?? '', fieldSelector: cmd.fieldSelector ?? '' };
}
