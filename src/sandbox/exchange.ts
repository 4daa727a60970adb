// One request as it passes through the sandbox's handler chain: its glass-box record, the steps timed
// as they happen, and the helpers every handler uses to answer (Status errors, the body limit).

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { GlassBoxRecord, GlassBoxStep } from '../glassbox/types.js';
import type { TokenUser } from './authn.js';
import type { GlassBoxLog } from './glassbox-log.js';
import { abort, isHttp2, type SandboxRequest, type SandboxResponse } from './http.js';
import type { RbacPolicy } from './rbac.js';
import { sendBody, sendJson, statusBody, wantsPretty, type ResponseContext } from './respond.js';
import type { ResourceRegistry } from './resources.js';
import type { Storage } from './storage/types.js';
import type { VersionProfile } from './versions.js';
import type { WatchCache } from './watch-cache.js';
import type { WritePath } from './writes/pipeline.js';
import type { WatchHub } from './writes/watch-hub.js';
import { roundTo } from '../text/format.js';

export const MAX_BODY_BYTES = 1024 * 1024;

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
  /** The kube-apiserver version imitated: what differs between versions is decided from it. */
  profile: VersionProfile;
  /** What this sandbox serves: the built-in resources of its version's discovery, plus its CRDs' custom resources. */
  resources: ResourceRegistry;
  /** One watch cache per resource, keyed by the resource's key prefix (kube: one cacher per resource). */
  caches: Map<string, WatchCache>;
  /** Whether the store supports what a consistent read from the cache needs (etcd's RequestWatchProgress); why not when it does not. */
  watchProgress: { supported: true } | { supported: false; why: string };
  /** How long a request body may take to arrive. */
  requestBodyTimeoutMs: number;
  policy: RbacPolicy;
  tokens: TokenUser[];
  now: () => Date;
  glass: GlassBoxLog;
  requests: RequestLogEntry[];
  serverAddress: () => string;
  /** Open watch streams, ended on close. */
  watches: Set<SandboxResponse>;
  /** Every change made while the sandbox runs (writes, controllers, a scenario's script), for the open watches. */
  hub: WatchHub;
  /** Where writes go through admission to storage (added with the write path). */
  writes: WritePath;
  /** Told when a watch opens (a scenario that changes things for its watchers). */
  onWatch?: (prefix: string) => void;
}

export const MAX_REQUEST_LOG = 10000;

export type Conversion = NonNullable<GlassBoxRecord['conversion']>;

export class Exchange {
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
    this.steps.push({ step, durationMs: glassBoxMs(t - this.stepStart), summary });
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
    this.record.totalMs = glassBoxMs(performance.now() - this.t0);
  }

  private goaway: string | null = null;

  /**
   * kube-apiserver ≥1.29 (UnauthenticatedHTTP2DOSMitigation, filters/authentication.go) sets
   * "Connection: close" for an anonymous or 401 request on HTTP/2; Go's http2 server turns that into a
   * GOAWAY sent before the response headers, finishes this stream and closes the connection.
   * Node's session.close() does the same: GOAWAY (last stream = this one) now, close when streams end.
   */
  endConnectionAfterThis(reason: string): void {
    if (!isHttp2(this.req) || !this.state.profile.goawayUnauthenticatedHttp2) return;
    this.goaway = reason;
    this.req.stream.session?.close();
  }
}

/** The real etcd header when the backend has one (under concurrent requests it may be a neighbour's). */
export function etcdHeader(storage: Storage): { etcdHeader?: { clusterId: string; memberId: string; revision: string; raftTerm: string } } {
  const h = storage.lastHeader?.();
  return h ? { etcdHeader: h } : {};
}

/** A request header as Node gives it (a repeated one as an array): its first value. */
export function firstHeaderValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function headerList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',').map((g) => g.trim())).filter((g) => g !== '');
}

/** Glass box timings in ms, to the microsecond. */
export function glassBoxMs(ms: number): number {
  return roundTo(ms, 3);
}

export function notFoundGeneric(x: Exchange): void {
  x.fail(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function methodNotAllowed(x: Exchange): void {
  x.fail(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

/**
 * The request body, up to MAX_BODY_BYTES and within `timeoutMs` (a client that stops sending would
 * otherwise hold the request open; over HTTP/1.1 Node's requestTimeout backs this up).
 */
export async function readBody(req: SandboxRequest, timeoutMs: number): Promise<Buffer | 'too-large' | 'too-slow'> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) return 'too-large';
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'too-slow'>((resolve) => {
    timer = setTimeout(() => resolve('too-slow'), timeoutMs);
  });
  const read = (async (): Promise<Buffer | 'too-large'> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return 'too-large';
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  })();
  read.catch(() => undefined); // a reset stream after the deadline is not an error of ours
  try {
    return await Promise.race([read, slow]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * kube-apiserver's timeout filter answers a request that did not complete in time with this 504; the
 * sandbox then resets the stream (HTTP/2) or closes the connection (HTTP/1.1) that still owes a body.
 */
export function tooSlow(x: Exchange): void {
  x.fail(504, 'Timeout', 'Timeout: request did not complete within requested timeout - context deadline exceeded', {});
  abort(x.res);
}

export function tooLarge(x: Exchange): void {
  x.fail(413, 'RequestEntityTooLarge', `the request body exceeds the sandbox's limit of ${MAX_BODY_BYTES} bytes`, {});
}
