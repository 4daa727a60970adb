// Requests sent the way kubectl sends them (its headers, its query encoding), over the trace's one
// keep-alive connection.
import type { ObservedResponse } from '../kube/observed-http.js';
import { headerValue, parseJson } from './context.js';
import type { TraceContext } from './context.js';
import { httpStatusStageError, networkStageError, undecodableBodyError } from '../kube/kubectl-errors.js';
import type { ListContext } from '../kube/kubectl-errors.js';
import { goDuration, goEncodeQuery, kubectlUserAgent } from './kubectl-model.js';
import type { NameValue, StageError } from './types.js';

/** Headers kubectl sets itself, in Go's wire order (Authorization is slotted in after Accept by the client). */
export function kubectlHeaders(ctx: TraceContext, accept: string): NameValue[] {
  return [
    { name: 'User-Agent', value: kubectlUserAgent() },
    { name: 'Accept', value: accept },
    { name: 'Kubectl-Command', value: 'kubectl get' },
    { name: 'Kubectl-Session', value: ctx.session },
  ];
}

export function withQuery(path: string, query: NameValue[]): string {
  return query.length > 0 ? `${path}?${goEncodeQuery(query)}` : path;
}

/** client-go adds ?timeout=<d> to every request when a client timeout is set. */
export function timeoutParam(ms: number): NameValue[] {
  return ms > 0 ? [{ name: 'timeout', value: goDuration(ms) }] : [];
}

export interface CheckOptions {
  /** `get NAME`: client-go names the object in generic messages. */
  name?: string | null;
  /** Discovery errors are worded without the server's Status (client-go's discovery path). */
  ignoreStatus?: boolean;
  /** See networkStageError: "" for kubectl get's table output, "error: " otherwise. */
  rawPrefix?: string;
  /** Set for a list (not `get NAME`): kubectl rewrites its 400/404 messages. */
  list?: ListContext;
}

/** Turns a failed or undecodable response into kubectl's error; returns the decoded JSON otherwise. */
export function checkResponse(r: ObservedResponse, what: string, resource: string, opts: CheckOptions = {}): { body: unknown } | { error: StageError } {
  const rawPrefix = opts.rawPrefix ?? 'error: ';
  if (r.failure) return { error: networkStageError(r.failure, r.url, what, rawPrefix) };
  const text = r.body ? r.body.toString('utf8') : '';
  const body = parseJson(r.body);
  const status = r.status ?? 0;
  const ct = headerValue(r.responseHeaders, 'content-type');
  if (status >= 300) {
    // client-go uses the body as the message only for text/* (or untyped) responses.
    const isText = ct === null || ct.trim().toLowerCase().startsWith('text/');
    return { error: httpStatusStageError(status, text, opts.ignoreStatus ? undefined : body, what, 'get', resource, { isText, name: opts.name ?? null, ...(opts.list ? { list: opts.list } : {}) }) };
  }
  if (body === undefined) return { error: undecodableBodyError(what, text, ct, rawPrefix) };
  return { body };
}

/** kubectl get prints errors from its table path without the "error: " prefix (an aggregate). */
export function rawPrefixFor(output: string): string {
  return output === 'table' || output === 'wide' ? '' : 'error: ';
}

/** How kubectl's builder names the list in its error messages. */
export function listContextFor(ctx: TraceContext): ListContext | undefined {
  if (ctx.cmd.resourceName || !ctx.data.request) return undefined;
  const m = ctx.data.request.mapping;
  return { gvr: `${m.group}/${m.version}, Resource=${m.resource}`, labelSelector: ctx.cmd.labelSelector ?? '', fieldSelector: ctx.cmd.fieldSelector ?? '' };
}
