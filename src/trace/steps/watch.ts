// Step "watch" (get -w): after the list, kubectl opens a watch from the list's resourceVersion
// (get.go watch(): "the resourceVersion of list objects is ~now but won't return an initial watch
// event") with the list's own Accept, selectors and client timeout, and prints each event as it
// arrives until the stream ends. `watchFrom` is the reusable part: any caller with a path and a
// resourceVersion (a watch after a write, too) gets the events in order and how it ended.
import { streamWatch } from '../../kube/watch-stream.js';
import type { NameValue } from '../../kube/types.js';
import type { GetCommand } from '../command.js';
import type { KubectlBuild } from '../kubectl/identity.js';
import { kubectlHeaders, parseJson, timeoutParam, withQuery } from '../kubectl/requests.js';
import type { PlannedRequest } from '../types.js';
import type { TraceSession } from './session.js';
import type { ListOutput, WatchEventSeen, WatchOutput } from './types.js';

/** kube-trace keeps at most this many events of one watch (what kubectl printed for later ones is still shown live). */
export const MAX_WATCH_EVENTS = 10_000;

export interface WatchRequest {
  /** The collection's path, e.g. /api/v1/namespaces/default/pods. */
  path: string;
  /** The resourceVersion to start from; '' or '0' has the server send the current objects as ADDED first. */
  resourceVersion: string;
  labelSelector?: string | null;
  fieldSelector?: string | null;
  accept: string;
  /** client-go's timeout (?timeout= and the client's own deadline); 0 = none. */
  timeoutMs: number;
  /** Ends the watch (Ctrl-C). */
  signal?: AbortSignal;
  /** Kubectl-Command of the verb that watches ("kubectl get"). */
  kubectlCommand?: string;
}

/** client-go's ListOptions for a watch, in url.Values.Encode's (sorted) order. */
export function watchQuery(r: Pick<WatchRequest, 'resourceVersion' | 'labelSelector' | 'fieldSelector' | 'timeoutMs'>): NameValue[] {
  const q: NameValue[] = [];
  if (r.labelSelector) q.push({ name: 'labelSelector', value: r.labelSelector });
  if (r.fieldSelector) q.push({ name: 'fieldSelector', value: r.fieldSelector });
  if (r.resourceVersion !== '') q.push({ name: 'resourceVersion', value: r.resourceVersion });
  q.push(...timeoutParam(r.timeoutMs), { name: 'watch', value: 'true' });
  return q.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * One watch on kubectl's connection: the events in order as they arrive (`onProgress` gets a snapshot
 * after each), until the server closes it, the timeout runs out or `signal` stops it.
 */
export async function watchFrom(session: TraceSession, build: KubectlBuild, req: WatchRequest, onProgress?: (snapshot: WatchOutput) => void): Promise<WatchOutput> {
  const events: WatchEventSeen[] = [];
  let dropped = 0;
  const headers = kubectlHeaders(session.kubectlSession, req.accept, build).map((h) => (h.name === 'Kubectl-Command' && req.kubectlCommand ? { ...h, value: req.kubectlCommand } : h));
  const client = session.client();
  const pathAndQuery = withQuery(req.path, watchQuery(req));
  const request = { url: client.urlFor(pathAndQuery), headers: client.headersFor({ method: 'GET', pathAndQuery, headers }).masked };
  const base = { exchange: null, request, fromResourceVersion: req.resourceVersion, notSent: null, decodeError: null, failure: null, body: undefined };
  // The watch is open from here: a first snapshot, with no events yet.
  onProgress?.({ ...base, events: [], dropped: 0, open: true, ended: null, endedAtMs: null });
  const result = await streamWatch(
    client,
    { pathAndQuery, headers, timeoutMs: req.timeoutMs, ...(req.signal ? { signal: req.signal } : {}) },
    (f, atMs) => {
      if (events.length >= MAX_WATCH_EVENTS) {
        events.shift();
        dropped++;
      }
      events.push({ type: f.type, object: f.object, atMs: Math.round(atMs * 100) / 100, bytes: f.bytes });
      onProgress?.({ ...base, events: [...events], dropped, open: true, ended: null, endedAtMs: null });
    },
  );
  const r = result.response;
  return {
    exchange: session.record(r, { by: 'kubectl', purpose: 'watch', method: 'GET' }),
    request,
    fromResourceVersion: req.resourceVersion,
    notSent: null,
    events,
    dropped,
    open: false,
    ended: result.ended,
    endedAtMs: r.timings.totalMs,
    decodeError: result.decodeError,
    failure: r.failure,
    body: result.ended === 'http-error' ? parseJson(r.body) : undefined,
  };
}

function listResourceVersion(list: ListOutput): string | null {
  const last = list.pages[list.pages.length - 1];
  const rv = (last?.body as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : null;
}

/** get -w's watch: from the list's resourceVersion, as the list was asked (path, Accept, selectors, timeout). */
export async function watchAfterList(cmd: GetCommand, plan: PlannedRequest, list: ListOutput, session: TraceSession, build: KubectlBuild, signal: AbortSignal | undefined, onProgress?: (snapshot: WatchOutput) => void): Promise<WatchOutput> {
  const rv = listResourceVersion(list);
  const failed = list.pages.some((p) => p.failure !== null || (p.exchange.status ?? 0) >= 300) || list.pagingError !== null;
  if (failed || rv === null) {
    return {
      exchange: null, request: null, fromResourceVersion: rv, notSent: failed ? 'the list failed, so kubectl stopped before it watched' : 'the list had no resourceVersion to watch from', events: [], dropped: 0,
      open: false, ended: null, endedAtMs: null, decodeError: null, failure: null, body: undefined,
    };
  }
  return watchFrom(session, build, { path: plan.path, resourceVersion: rv, labelSelector: cmd.labelSelector, fieldSelector: cmd.fieldSelector, accept: plan.accept, timeoutMs: cmd.requestTimeoutMs, ...(signal ? { signal } : {}) }, onProgress);
}
