// The HTTP client of a trace: it talks to the API server as kubectl's Go transport does and records
// everything a learner might want to see about each exchange. HTTP/2 when the server offers it by ALPN
// (HTTP/1.1 otherwise, and always for plain http://: kubectl does not use h2c); one connection per
// server, reused for every request and replaced after a GOAWAY (kube-apiserver ≥ 1.29 sends one after
// an unauthenticated or 401 request on h2); the request's header block exactly as Go writes it for that
// protocol (wire-headers.ts), Authorization masked in what is shown; per-request phase timings; the
// proxy it went through; redirects followed as Go's http.Client follows them (up to 10, the
// credentials re-sent to the new host by client-go's round trippers); Warning headers parsed; the body
// decoded and capped at kube-trace's own 64 MiB limit (kubectl has none).
import http, { STATUS_CODES } from 'node:http';
import http2, { type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { TLSSocket } from 'node:tls';
import { gunzipSync } from 'node:zlib';
import { dial, DialFailure, DialTimeout, type Dialed, type DialMarks } from './dial.js';
import { displayUrl, userinfoOf, withoutUserinfo } from './display-url.js';
import { proxyAuthorization, proxyFor, ProxyError, type ProxyChoice } from './proxy.js';
import type { ConnectionInfo, HttpExchange, HttpProtocol, HttpTimings, KubeWarning, NameValue, ProxyInfo, RedirectHop } from './types.js';
import { warningsFrom } from './warnings.js';
import { wireHeaders, type LogicalRequest } from './wire-headers.js';
import { roundTo } from '../text/format.js';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Go's http.Transport default MaxResponseHeaderBytes, also the SETTINGS_MAX_HEADER_LIST_SIZE its h2 transport advertises. */
export const MAX_RESPONSE_HEADER_BYTES = 10 << 20;
/** Go's http.Client follows at most 10 redirects. */
export const MAX_REDIRECTS = 10;

export interface TransportCredentials {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  /** tls-server-name: sent by SNI and checked against the server certificate (for every host, as Go does). */
  servername?: string;
  /** The real header value (secret). Only ever written to the socket. */
  authorization: string | null;
  /** What the trace shows instead, e.g. "Bearer <masked>". */
  maskedAuthorization: string | null;
  /** Impersonate-* headers, in the order client-go's impersonating round tripper adds them. */
  extraHeaders: NameValue[];
  /** The cluster's disable-compression: no Accept-Encoding: gzip from the transport. */
  disableCompression?: boolean;
  /** The cluster's proxy-url (may hold a password: never shown as it is). */
  proxyUrl?: string | null;
}

export interface ObservedClientOptions {
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read when the cluster has no proxy-url (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

export type NetworkFailureKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'dial-timeout'
  | 'tls-handshake-timeout'
  | 'tls'
  /** The server answered TLS with HTTP: an https:// URL for a plain-HTTP port. */
  | 'http-response-to-https'
  /** The proxy refused the tunnel (status or SOCKS reply) — the proxy's own answer. */
  | 'proxy'
  | 'reset'
  | 'too-large'
  | 'headers-too-large'
  | 'redirect-loop'
  | 'bad-redirect'
  | 'truncated'
  | 'bad-gzip'
  | 'other';

export interface NetworkFailure {
  kind: NetworkFailureKind;
  /** Node's error code, e.g. ECONNREFUSED, UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
  code: string;
  detail: string;
  /** True once response headers had arrived. */
  afterHeaders: boolean;
  /** True once a connection was ready for the request (TCP + TLS done, or a reused one). */
  connected?: boolean;
  /** For a TLS name mismatch: the host asked for and the certificate's subjectAltName line. */
  tlsHost?: string;
  tlsAltNames?: string;
  /** The connection was being made through this proxy; `inProxy` when the failure is reaching or using the proxy itself. */
  proxy?: ProxyInfo;
  inProxy?: boolean;
  /** Go's own text for this failure where kube-trace knows it exactly (proxy answers, redirects, gzip). */
  goMessage?: string;
  /** For too-large: whether the limit was hit by the decompressed body (a gzip bomb) rather than the bytes received. */
  decoded?: boolean;
  /** For too-large: the limit, in bytes. */
  limitBytes?: number;
}

export interface ObservedRequest {
  method: string;
  /** Path and query, e.g. /api/v1/namespaces/default/pods?limit=500 */
  pathAndQuery: string;
  /** kubectl's own headers (User-Agent, Accept, Kubectl-Command, …), any case; Authorization and Impersonate-* are added here. */
  headers: NameValue[];
  body?: string;
  timeoutMs: number; // 0 = none
  maxBodyBytes?: number;
  /**
   * A streamed body (a watch): each chunk of a 2xx response is handed over as it arrives and nothing
   * is kept, so no size limit applies (the caller bounds what it keeps). An error status is still
   * read whole, for its Status. kube-apiserver never gzips a watch (it compresses only whole
   * responses over 128 KiB, in SerializeObject), so chunks are the bytes as sent.
   */
  onBodyChunk?: (chunk: Buffer) => void;
  /** Ends the request from outside (Ctrl-C): it then fails as a client timeout would, after what arrived. */
  signal?: AbortSignal;
}

export interface ObservedResponse {
  /** The URL of the final response, as it may be shown (password masked). */
  url: string;
  /** The request's header block as sent on the final hop, Authorization masked. */
  requestHeaders: NameValue[];
  status: number | null;
  statusText: string;
  /** "HTTP/2" or "HTTP/1.1" ("" when nothing was received). */
  httpVersion: string;
  responseHeaders: NameValue[];
  /** Decoded (gunzipped) body, or null when none arrived. */
  body: Buffer | null;
  bodyBytes: number;
  timings: HttpTimings;
  remoteAddress?: string;
  tls?: HttpExchange['tls'];
  peerCertificate?: { subjectAltName: string; validTo: string; subjectCN: string };
  failure: NetworkFailure | null;
  /** The protocol the final hop used (null when no connection was made). */
  protocol: HttpProtocol | null;
  connection: ConnectionInfo | null;
  /** Redirects followed before the final response. */
  redirects: RedirectHop[];
  /** Parsed Warning headers of the final response. */
  warnings: KubeWarning[];
}

class TimeoutFailure extends Error {
  constructor(readonly kind: 'timeout' | 'dial-timeout' | 'tls-handshake-timeout') {
    super(kind);
  }
}


function errCode(e: unknown): string {
  const c = (e as { code?: unknown } | null | undefined)?.code;
  return typeof c === 'string' ? c : 'UNKNOWN';
}

function classify(err: unknown, afterHeaders: boolean): NetworkFailure {
  if (err instanceof TimeoutFailure) return { kind: err.kind, code: 'ETIMEDOUT', detail: err.kind, afterHeaders };
  if (err instanceof ProxyError) return { kind: 'proxy', code: 'EPROXY', detail: err.goMessage, afterHeaders, goMessage: err.goMessage, inProxy: true };
  const code = errCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  let kind: NetworkFailureKind = 'other';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NONAME') kind = 'dns';
  else if (code === 'ECONNREFUSED') kind = 'refused';
  else if (code === 'ETIMEDOUT') kind = 'timeout';
  else if (code === 'HPE_HEADER_OVERFLOW' || code === 'ERR_HTTP2_HEADER_SINGLE_VALUE' || code === 'ERR_HTTP2_TOO_MANY_INVALID_FRAMES') kind = afterHeaders ? 'truncated' : 'headers-too-large';
  else if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED' || code === 'ERR_HTTP2_STREAM_ERROR' || code === 'ERR_HTTP2_SESSION_ERROR' || code === 'ERR_HTTP2_INVALID_SESSION' || code === 'ERR_HTTP2_GOAWAY_SESSION') kind = afterHeaders ? 'truncated' : 'reset';
  else if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|HOSTNAME/.test(code)) kind = 'tls';
  else if (afterHeaders) kind = 'truncated';
  const out: NetworkFailure = { kind, code, detail, afterHeaders };
  const withCert = err as { host?: unknown; cert?: { subjectaltname?: unknown } };
  if (typeof withCert.host === 'string') out.tlsHost = withCert.host;
  if (typeof withCert.cert?.subjectaltname === 'string') out.tlsAltNames = withCert.cert.subjectaltname;
  return out;
}

function dialFailure(e: DialFailure, proxy: ProxyChoice | null): NetworkFailure {
  const reason = e.reason;
  let f: NetworkFailure;
  if (reason instanceof DialTimeout) f = { kind: reason.which === 'aborted' ? 'timeout' : reason.which, code: 'ETIMEDOUT', detail: reason.which, afterHeaders: false };
  else if (e.httpResponseToTls) f = { kind: 'http-response-to-https', code: errCode(reason), detail: 'server gave HTTP response to HTTPS client', afterHeaders: false, goMessage: 'http: server gave HTTP response to HTTPS client' };
  else f = classify(reason, false);
  f.connected = false;
  if (proxy) {
    f.proxy = publicProxy(proxy);
    if (e.phase === 'proxy' || e.phase === 'dns') f.inProxy = true;
  }
  return f;
}

function publicProxy(p: ProxyChoice): ProxyInfo {
  return { kind: p.kind, url: p.url, source: p.source };
}

function rawPairs(raw: readonly string[]): NameValue[] {
  const out: NameValue[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    if (name !== undefined && value !== undefined) out.push({ name, value });
  }
  return out;
}

/** kube-trace's own body limit (and the decompressed size of a gzip body), never kubectl's. */
function tooLarge(limit: number, decoded: boolean): NetworkFailure {
  return { kind: 'too-large', code: 'EFBIG', detail: `${decoded ? 'decompressed ' : ''}body larger than ${limit} bytes`, afterHeaders: true, decoded, limitBytes: limit };
}

interface Origin {
  scheme: 'https' | 'http';
  hostname: string;
  port: number;
  /** host[:port] as written (Go keeps an explicit default port in Host / :authority). */
  authority: string;
}

function originOf(raw: string): Origin {
  const bare = withoutUserinfo(raw);
  const u = new URL(bare);
  const scheme = u.protocol === 'http:' ? 'http' : 'https';
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(bare);
  const authority = m?.[1] ?? u.host;
  return { scheme, hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'), port: u.port ? Number(u.port) : scheme === 'https' ? 443 : 80, authority };
}

const originKey = (o: Origin): string => `${o.scheme}://${o.hostname}:${o.port}`;

interface ConnBase {
  id: number;
  key: string;
  dialed: Dialed;
  proxy: ProxyChoice | null;
  tls?: HttpExchange['tls'];
  peer?: ObservedResponse['peerCertificate'];
  /** Timings of the dial, reported once, by the first request on the connection. */
  fresh: boolean;
}
interface H2Conn extends ConnBase {
  kind: 'h2';
  session: ClientHttp2Session;
  goAway: { errorCode: number; lastStreamId: number } | null;
}
interface H1Conn extends ConnBase {
  kind: 'h1';
  agent: http.Agent;
  busy: boolean;
}
type Conn = H2Conn | H1Conn;

/** An Agent that hands out one already-connected socket (our dial did DNS, proxy and TLS), kept alive for reuse. */
class OneSocketAgent extends http.Agent {
  private handed = false;
  constructor(private readonly socket: Socket) {
    super({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 });
  }
  override createConnection(_o: http.ClientRequestArgs, cb?: (err: Error | null, s: Duplex) => void): Duplex | undefined {
    if (this.handed) {
      cb?.(Object.assign(new Error('the connection was closed'), { code: 'ECONNRESET' }), this.socket);
      return undefined;
    }
    this.handed = true;
    return this.socket;
  }
}

function tlsInfoOf(socket: Socket): { tls?: HttpExchange['tls']; peer?: ObservedResponse['peerCertificate'] } {
  if (!(socket instanceof TLSSocket)) return {};
  const s = socket;
  // Node's types claim more than it gives: with no certificate the peer is {}, and a name given twice
  // in a certificate (two CNs) is an array.
  const peer = s.getPeerCertificate() as { subject?: { CN?: string | string[] }; issuer?: { CN?: string | string[] }; subjectaltname?: string; valid_to?: string } | null | undefined;
  const cipher = s.getCipher() as { name?: string } | null | undefined;
  return {
    tls: {
      protocol: s.getProtocol() ?? '',
      cipher: cipher?.name ?? '',
      peerSubjectCN: String(peer?.subject?.CN ?? ''),
      peerIssuerCN: String(peer?.issuer?.CN ?? ''),
      authorized: s.authorized,
      alpn: typeof s.alpnProtocol === 'string' ? s.alpnProtocol : null,
    },
    peer: { subjectAltName: peer?.subjectaltname ?? '', validTo: peer?.valid_to ?? '', subjectCN: String(peer?.subject?.CN ?? '') },
  };
}

/** What one request on one connection produced (one hop of a redirect chain). */
interface Hop {
  url: string;
  requestHeaders: NameValue[];
  status: number | null;
  statusText: string;
  httpVersion: string;
  responseHeaders: NameValue[];
  body: Buffer | null;
  bodyBytes: number;
  timings: HttpTimings;
  failure: NetworkFailure | null;
  conn: Conn | null;
  connection: ConnectionInfo | null;
  /** No response and the server refused the stream (GOAWAY, REFUSED_STREAM): Go retries such a request. */
  retryable?: boolean;
}

interface HopRequest {
  origin: Origin;
  method: string;
  pathAndQuery: string;
  /** http.Header entries (kubectl's + Authorization + Impersonate-* + Referer), secret values included. */
  headers: NameValue[];
  /** The same, as shown. */
  shownHeaders: NameValue[];
  body: string | undefined;
  maxBytes: number;
  signal: AbortSignal;
  /** The display URL of this hop. */
  url: string;
  onBodyChunk?: (chunk: Buffer) => void;
}

/** One connection per server and identity, reused across requests like kubectl's transport. */
export class ObservedClient {
  /** The server URL without userinfo. */
  readonly server: URL;
  /** The server URL as it may be shown (password masked). */
  readonly displayServer: string;
  private readonly rawServer: string;
  private readonly creds: TransportCredentials;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly conns: Conn[] = [];
  private readonly dialing = new Map<string, Promise<Conn>>();
  private nextConnId = 1;
  private lastProtocol: HttpProtocol | null = null;
  private closed = false;

  constructor(server: string, creds: TransportCredentials, opts: ObservedClientOptions = {}) {
    this.rawServer = server.replace(/\/+$/, '');
    this.server = new URL(withoutUserinfo(this.rawServer));
    this.displayServer = displayUrl(this.rawServer);
    this.creds = creds;
    this.env = opts.env ?? process.env;
  }

  close(): void {
    this.closed = true;
    for (const c of this.conns.splice(0)) {
      if (c.kind === 'h2') c.session.destroy();
      else c.agent.destroy();
      c.dialed.socket.destroy();
    }
  }

  /** The protocol of the last connection made (null before the first). */
  protocol(): HttpProtocol | null {
    return this.lastProtocol;
  }

  /** The full URL for a path, as it may be shown (keeps a server path prefix such as https://host/k8s/clusters/x). */
  urlFor(pathAndQuery: string): string {
    return displayUrl(this.rawServer + pathAndQuery);
  }

  private basePath(): string {
    return this.server.pathname.replace(/\/+$/, '');
  }

  /** The Authorization value for a request to `rawUrl`: Go's http.Client sends URL userinfo as Basic auth before client-go's round trippers run (they then leave it). */
  private authorizationFor(rawUrl: string): { wire: string; shown: string } | null {
    const info = userinfoOf(rawUrl);
    if (info) return { wire: `Basic ${Buffer.from(`${info.username}:${info.password ?? ''}`).toString('base64')}`, shown: 'Basic <masked>' };
    if (this.creds.authorization !== null) return { wire: this.creds.authorization, shown: this.creds.maskedAuthorization ?? '<masked>' };
    return null;
  }

  /** The http.Header map client-go builds for a request: kubectl's headers, Authorization, Impersonate-*. */
  private logicalHeaders(given: NameValue[], rawUrl: string, referer: string | null): { wire: NameValue[]; shown: NameValue[] } {
    const auth = this.authorizationFor(rawUrl);
    const base = given.filter((h) => h.name.toLowerCase() !== 'authorization');
    const wire = [...base];
    const shown = [...base];
    if (auth) {
      wire.push({ name: 'Authorization', value: auth.wire });
      shown.push({ name: 'Authorization', value: auth.shown });
    }
    for (const h of this.creds.extraHeaders) {
      wire.push(h);
      shown.push(h);
    }
    if (referer !== null) {
      wire.push({ name: 'Referer', value: referer });
      shown.push({ name: 'Referer', value: displayUrl(referer) });
    }
    return { wire, shown };
  }

  private logical(origin: Origin, method: string, pathAndQuery: string, headers: NameValue[], body: string | undefined, forwardProxy: string | null): LogicalRequest {
    const l: LogicalRequest = {
      method,
      pathAndQuery,
      authority: origin.authority,
      scheme: origin.scheme,
      headers,
      bodyLength: body === undefined ? null : Buffer.byteLength(body),
      addGzip: !this.creds.disableCompression,
    };
    if (forwardProxy !== null) l.absoluteUri = forwardProxy;
    return l;
  }

  /**
   * The request's header block in wire order, as it is sent (`wire`, secret) and as shown (`masked`), for
   * `protocol` — by default the protocol of the connection in use, else h2 for https:// (what kubectl
   * negotiates with kube-apiserver) and HTTP/1.1 for http://. Pseudo-headers need `method` and `pathAndQuery`.
   */
  headersFor(req: Pick<ObservedRequest, 'headers' | 'body'> & Partial<Pick<ObservedRequest, 'method' | 'pathAndQuery'>>, protocol?: HttpProtocol): { wire: NameValue[]; masked: NameValue[]; protocol: HttpProtocol } {
    const origin = originOf(this.rawServer);
    const proto: HttpProtocol = protocol ?? this.lastProtocol ?? (origin.scheme === 'https' ? 'h2' : 'http/1.1');
    const pathAndQuery = this.basePath() + (req.pathAndQuery ?? '/');
    const method = req.method ?? 'GET';
    const { wire, shown } = this.logicalHeaders(req.headers, this.rawServer + (req.pathAndQuery ?? '/'), null);
    const build = (h: NameValue[]): NameValue[] => {
      const block = wireHeaders(this.logical(origin, method, pathAndQuery, h, req.body, null), proto);
      // Pseudo-headers only make sense when the caller said which request this is.
      return req.method !== undefined && req.pathAndQuery !== undefined ? block : block.filter((x) => !x.name.startsWith(':'));
    };
    return { wire: build(wire), masked: build(shown), protocol: proto };
  }

  async send(req: ObservedRequest): Promise<ObservedResponse> {
    const t0 = performance.now();
    const maxBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const controller = new AbortController();
    const timer = req.timeoutMs > 0 ? setTimeout(() => controller.abort(new TimeoutFailure('timeout')), req.timeoutMs) : null;
    const stop = (): void => controller.abort(new TimeoutFailure('timeout'));
    if (req.signal?.aborted === true) stop();
    req.signal?.addEventListener('abort', stop, { once: true });
    const redirects: RedirectHop[] = [];
    let rawUrl = this.rawServer + req.pathAndQuery;
    let method = req.method;
    let body = req.body;
    let referer: string | null = null;
    try {
      for (let hopIndex = 0; ; hopIndex++) {
        const origin = originOf(rawUrl);
        const u = new URL(withoutUserinfo(rawUrl));
        const { wire, shown } = this.logicalHeaders(req.headers, rawUrl, referer);
        const hop = await this.hopWithRetry({
          origin,
          method,
          pathAndQuery: u.pathname + u.search,
          headers: wire,
          shownHeaders: shown,
          body,
          maxBytes,
          signal: controller.signal,
          url: displayUrl(rawUrl),
          ...(req.onBodyChunk ? { onBodyChunk: req.onBodyChunk } : {}),
        });
        const location = hop.failure === null ? headerOf(hop.responseHeaders, 'location') : null;
        const status = hop.status ?? 0;
        const isRedirect = [301, 302, 303, 307, 308].includes(status) && location !== null;
        if (!isRedirect) return this.finish(hop, redirects, t0);
        // Go: stop before the 11th request.
        if (hopIndex + 1 > MAX_REDIRECTS) {
          const f: NetworkFailure = { kind: 'redirect-loop', code: 'EREDIRECT', detail: `stopped after ${MAX_REDIRECTS} redirects`, afterHeaders: true, goMessage: `stopped after ${MAX_REDIRECTS} redirects`, connected: true };
          return this.finish({ ...hop, failure: f }, redirects, t0);
        }
        let next: string;
        try {
          next = new URL(location, withoutUserinfo(rawUrl)).href;
        } catch {
          const f: NetworkFailure = { kind: 'bad-redirect', code: 'EREDIRECT', detail: `failed to parse Location header ${JSON.stringify(displayUrl(location))}`, afterHeaders: true, connected: true };
          return this.finish({ ...hop, failure: f }, redirects, t0);
        }
        const nextOrigin = originOf(next);
        const crossHost = originKey(nextOrigin) !== originKey(origin);
        redirects.push({
          status,
          url: hop.url,
          location: displayUrl(next),
          crossHost,
          credentialsResent: this.authorizationFor(next) !== null || this.creds.cert !== undefined,
          responseHeaders: hop.responseHeaders,
          connection: hop.connection ?? { id: 0, protocol: 'http/1.1', alpn: null, reused: false },
          timings: hop.timings,
        });
        // Go's Referer: the previous URL without userinfo; none from https to http.
        referer = rawUrl.startsWith('https:') && next.startsWith('http:') ? null : withoutUserinfo(rawUrl);
        // 301/302/303 turn the request into a GET without a body (except HEAD); 307/308 keep both.
        if ((status === 301 || status === 302 || status === 303) && method !== 'HEAD') {
          method = 'GET';
          body = undefined;
        }
        rawUrl = next;
      }
    } finally {
      if (timer) clearTimeout(timer);
      req.signal?.removeEventListener('abort', stop);
    }
  }

  private finish(hop: Hop, redirects: RedirectHop[], t0: number): ObservedResponse {
    const out: ObservedResponse = {
      url: hop.url,
      requestHeaders: hop.requestHeaders,
      status: hop.status,
      statusText: hop.statusText,
      httpVersion: hop.httpVersion,
      responseHeaders: hop.responseHeaders,
      body: hop.body,
      bodyBytes: hop.bodyBytes,
      timings: redirects.length > 0 ? { ...hop.timings, totalMs: roundTo(performance.now() - t0, 2) } : hop.timings,
      failure: hop.failure,
      protocol: hop.connection?.protocol ?? null,
      connection: hop.connection,
      redirects,
      warnings: hop.failure === null || hop.failure.afterHeaders ? warningsFrom(hop.responseHeaders) : [],
    };
    if (hop.conn) {
      out.remoteAddress = hop.conn.dialed.remoteAddress;
      if (hop.conn.tls) out.tls = hop.conn.tls;
      if (hop.conn.peer) out.peerCertificate = hop.conn.peer;
    }
    return out;
  }

  private async hopWithRetry(r: HopRequest): Promise<Hop> {
    const first = await this.hop(r);
    // Go's h2 transport retries a request the server refused before answering (GOAWAY, REFUSED_STREAM) on a new connection.
    return first.retryable && !r.signal.aborted ? this.hop(r) : first;
  }

  private failedHop(r: HopRequest, failure: NetworkFailure, t0: number, marks: DialMarks | null, headers: NameValue[]): Hop {
    return {
      url: r.url,
      requestHeaders: headers,
      status: null,
      statusText: '',
      httpVersion: '',
      responseHeaders: [],
      body: null,
      bodyBytes: 0,
      timings: timingsOf(t0, marks, undefined, undefined, undefined, false),
      failure,
      conn: null,
      connection: null,
    };
  }

  private async hop(r: HopRequest): Promise<Hop> {
    const t0 = performance.now();
    const expected: HttpProtocol = this.lastProtocol ?? (r.origin.scheme === 'https' ? 'h2' : 'http/1.1');
    const shownGuess = wireHeaders(this.logical(r.origin, r.method, r.pathAndQuery, r.shownHeaders, r.body, null), expected);
    if (this.closed) return this.failedHop(r, { kind: 'other', code: 'ECLOSED', detail: 'the client was closed', afterHeaders: false, connected: false }, t0, null, shownGuess);
    let conn: Conn;
    let reused: boolean;
    try {
      ({ conn, reused } = await this.acquire(r.origin, r.signal));
    } catch (e) {
      if (e instanceof AcquireFailure) return this.failedHop(r, e.failure, t0, e.marks, shownGuess);
      throw e;
    }
    return conn.kind === 'h2' ? this.h2Hop(conn, reused, r, t0) : this.h1Hop(conn, reused, r, t0);
  }

  private usable(c: Conn): boolean {
    if (c.kind === 'h2') return !c.session.closed && !c.session.destroyed && c.goAway === null;
    return !c.busy && !c.dialed.socket.destroyed;
  }

  private async acquire(origin: Origin, signal: AbortSignal): Promise<{ conn: Conn; reused: boolean }> {
    const key = originKey(origin);
    for (;;) {
      const existing = this.conns.find((c) => c.key === key && this.usable(c));
      if (existing) {
        const reused = !existing.fresh;
        existing.fresh = false;
        if (existing.kind === 'h1') existing.busy = true;
        return { conn: existing, reused };
      }
      const pending = this.dialing.get(key);
      if (pending) {
        try {
          await pending;
        } catch {
          // the other request reports that failure; try for ourselves
        }
        continue;
      }
      const p = this.connect(origin, signal);
      this.dialing.set(key, p);
      try {
        const conn = await p;
        conn.fresh = false;
        if (conn.kind === 'h1') conn.busy = true;
        return { conn, reused: false };
      } finally {
        this.dialing.delete(key);
      }
    }
  }

  private async connect(origin: Origin, signal: AbortSignal): Promise<Conn> {
    const target = new URL(`${origin.scheme}://${origin.authority}`);
    const proxy = proxyFor(target, this.creds.proxyUrl, this.env);
    let dialed: Dialed;
    try {
      dialed = await dial({
        target: { protocol: origin.scheme === 'https' ? 'https:' : 'http:', hostname: origin.hostname, port: origin.port },
        tls: {
          rejectUnauthorized: this.creds.rejectUnauthorized,
          ...(this.creds.ca ? { ca: this.creds.ca } : {}),
          ...(this.creds.cert ? { cert: this.creds.cert } : {}),
          ...(this.creds.key ? { key: this.creds.key } : {}),
          ...(this.creds.servername ? { serverName: this.creds.servername } : {}),
        },
        proxy,
        signal,
      });
    } catch (e) {
      if (e instanceof DialFailure) {
        const f = dialFailure(e, proxy);
        if (signal.aborted && signal.reason instanceof TimeoutFailure) f.kind = 'timeout';
        throw new AcquireFailure(f, e.marks);
      }
      throw e;
    }
    const id = this.nextConnId++;
    const base = { id, key: originKey(origin), dialed, proxy, fresh: true, ...tlsInfoOf(dialed.socket) };
    if (this.closed) dialed.socket.destroy();
    if (dialed.alpn === 'h2') {
      const session = http2.connect(`${origin.scheme}://${origin.authority}`, {
        createConnection: () => dialed.socket,
        // Go's h2 client settings: no push, 4 MiB stream window, 10 MiB header list (client-go keeps Go's defaults).
        settings: { enablePush: false, initialWindowSize: 4 << 20, maxHeaderListSize: MAX_RESPONSE_HEADER_BYTES },
        maxHeaderListPairs: 1 << 20,
        maxSessionMemory: 64,
      });
      const conn: H2Conn = { ...base, kind: 'h2', session, goAway: null };
      session.on('error', () => undefined); // reported through the streams
      session.on('goaway', (errorCode: number, lastStreamId: number) => {
        conn.goAway = { errorCode, lastStreamId };
      });
      session.on('close', () => this.forget(conn));
      session.once('connect', () => {
        // Go's connection-level window (1 GiB): its transport sends this WINDOW_UPDATE right after SETTINGS.
        try {
          session.setLocalWindowSize(1 << 30);
        } catch {
          // an old Node without setLocalWindowSize: the default window only slows big bodies
        }
      });
      this.conns.push(conn);
      this.lastProtocol = 'h2';
      return conn;
    }
    const conn: H1Conn = { ...base, kind: 'h1', agent: new OneSocketAgent(dialed.socket), busy: false };
    dialed.socket.on('close', () => this.forget(conn));
    // An idle keep-alive socket has no request listening: a reset then (the server going away) must not
    // be an uncaught error. A request in flight hears it through its own listeners.
    dialed.socket.on('error', () => undefined);
    this.conns.push(conn);
    this.lastProtocol = 'http/1.1';
    return conn;
  }

  private forget(c: Conn): void {
    const i = this.conns.indexOf(c);
    if (i >= 0) this.conns.splice(i, 1);
  }

  private connectionInfo(c: Conn, reused: boolean): ConnectionInfo {
    const info: ConnectionInfo = { id: c.id, protocol: c.kind === 'h2' ? 'h2' : 'http/1.1', alpn: c.dialed.alpn, reused };
    if (c.kind === 'h1') {
      info.protocolNote =
        c.key.startsWith('http:')
          ? 'plain http://: HTTP/1.1 without TLS (kubectl does not use h2c either)'
          : c.dialed.alpn === null
            ? 'the server chose no protocol by ALPN: HTTP/1.1 (kubectl falls back the same way; kube-apiserver offers h2)'
            : `the server chose ${c.dialed.alpn} by ALPN: HTTP/1.1 (kubectl falls back the same way; kube-apiserver offers h2)`;
    }
    if (c.proxy) info.proxy = publicProxy(c.proxy);
    return info;
  }

  private h2Hop(conn: H2Conn, reused: boolean, r: HopRequest, t0: number): Promise<Hop> {
    const logicalWire = this.logical(r.origin, r.method, r.pathAndQuery, r.headers, r.body, null);
    const wire = wireHeaders(logicalWire, 'h2');
    const shown = wireHeaders(this.logical(r.origin, r.method, r.pathAndQuery, r.shownHeaders, r.body, null), 'h2');
    const dialMarks = reused ? undefined : conn.dialed.marks;
    const marks: { written?: number; headers?: number; end?: number } = {};
    const connection = this.connectionInfo(conn, reused);
    const hop: Hop = { url: r.url, requestHeaders: shown, status: null, statusText: '', httpVersion: '', responseHeaders: [], body: null, bodyBytes: 0, timings: timingsOf(t0, dialMarks, undefined, undefined, undefined, reused), failure: null, conn, connection };
    return new Promise<Hop>((resolve) => {
      let settled = false;
      let afterHeaders = false;
      const chunks: Buffer[] = [];
      let stream: ClientHttp2Stream;
      const finish = (failure: NetworkFailure | null): void => {
        if (settled) return;
        settled = true;
        r.signal.removeEventListener('abort', onAbort);
        if (failure) failure.connected = true;
        hop.failure = failure;
        if (conn.goAway) connection.goAway = { ...conn.goAway };
        hop.timings = timingsOf(t0, dialMarks, marks.written, marks.headers, marks.end, reused);
        resolve(hop);
      };
      const onAbort = (): void => {
        const reason: unknown = r.signal.reason;
        if (!stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL);
        finish(classify(reason instanceof TimeoutFailure ? reason : new TimeoutFailure('timeout'), afterHeaders));
      };
      const headerObj: Record<string, string | string[]> = {};
      for (const h of wire) {
        const prev = headerObj[h.name];
        headerObj[h.name] = prev === undefined ? h.value : Array.isArray(prev) ? [...prev, h.value] : [prev, h.value];
      }
      try {
        stream = conn.session.request(headerObj, { endStream: r.body === undefined });
      } catch (e) {
        // The session went away between acquire and request (GOAWAY just arrived): Go retries.
        hop.retryable = true;
        conn.goAway ??= { errorCode: 0, lastStreamId: 0 };
        finish(classify(e, false));
        return;
      }
      r.signal.addEventListener('abort', onAbort, { once: true });
      // Stopped while the connection was being made: an abort listener added now would never fire.
      if (r.signal.aborted) {
        onAbort();
        return;
      }
      if (r.body === undefined) stream.once('ready', () => (marks.written = performance.now()));
      else stream.end(r.body, () => (marks.written = performance.now()));
      stream.on('response', (headers: http2.IncomingHttpHeaders, _flags: number, raw?: string[]) => {
        afterHeaders = true;
        marks.headers = performance.now();
        const status = Number(headers[':status']);
        hop.status = status;
        hop.statusText = STATUS_CODES[status] ?? '';
        hop.httpVersion = 'HTTP/2';
        hop.responseHeaders = (raw ? rawPairs(raw) : Object.entries(headers).map(([name, v]) => ({ name, value: String(v) }))).filter((h) => !h.name.startsWith(':'));
      });
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        // After the cap cancelled the stream, frames already read still arrive: the hop is settled.
        if (settled) return;
        size += chunk.length;
        hop.bodyBytes = size;
        if (r.onBodyChunk && hop.status !== null && hop.status < 300) {
          r.onBodyChunk(chunk);
          return;
        }
        if (size > r.maxBytes) {
          // Cancel this stream only: the connection stays usable, as Go's Body.Close does.
          stream.close(http2.constants.NGHTTP2_CANCEL);
          finish(tooLarge(r.maxBytes, false));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => {
        if (settled) return;
        marks.end = performance.now();
        const decoded = this.decode(Buffer.concat(chunks), hop.responseHeaders, r.maxBytes);
        if ('failure' in decoded) return finish(decoded.failure);
        hop.body = decoded.body;
        finish(null);
      });
      stream.on('error', (e: unknown) => finish(classify(e, afterHeaders)));
      stream.on('aborted', () => finish(classify(Object.assign(new Error('stream aborted'), { code: 'ECONNRESET' }), afterHeaders)));
      stream.on('close', () => {
        if (settled) return;
        const refused = stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM || (conn.goAway !== null && (stream.id ?? 0) > conn.goAway.lastStreamId);
        if (!afterHeaders && refused) hop.retryable = true;
        finish(classify(Object.assign(new Error(`stream closed (code ${stream.rstCode})`), { code: 'ECONNRESET' }), afterHeaders));
      });
    });
  }

  private h1Hop(conn: H1Conn, reused: boolean, r: HopRequest, t0: number): Promise<Hop> {
    const forward = conn.dialed.forwardProxy && conn.proxy ? `http://${r.origin.authority}${r.pathAndQuery}` : null;
    const wire = wireHeaders(this.logical(r.origin, r.method, r.pathAndQuery, r.headers, r.body, forward), 'http/1.1');
    const shown = wireHeaders(this.logical(r.origin, r.method, r.pathAndQuery, r.shownHeaders, r.body, forward), 'http/1.1');
    if (forward && conn.proxy) {
      // Go adds Proxy-Authorization for an http:// request through an HTTP proxy (after the sorted headers).
      const pa = proxyAuthorization(conn.proxy);
      if (pa) {
        wire.push({ name: 'Proxy-Authorization', value: pa });
        shown.push({ name: 'Proxy-Authorization', value: 'Basic <masked>' });
      }
    }
    const dialMarks = reused ? undefined : conn.dialed.marks;
    const marks: { written?: number; headers?: number; end?: number } = {};
    const connection = this.connectionInfo(conn, reused);
    const hop: Hop = { url: r.url, requestHeaders: shown, status: null, statusText: '', httpVersion: '', responseHeaders: [], body: null, bodyBytes: 0, timings: timingsOf(t0, dialMarks, undefined, undefined, undefined, reused), failure: null, conn, connection };
    return new Promise<Hop>((resolve) => {
      let settled = false;
      let afterHeaders = false;
      const chunks: Buffer[] = [];
      const request = http.request({
        agent: conn.agent,
        host: r.origin.hostname,
        port: r.origin.port,
        method: r.method,
        path: forward ?? r.pathAndQuery,
        setHost: false,
        maxHeaderSize: MAX_RESPONSE_HEADER_BYTES,
      });
      // Headers one by one, in wire order; Node's own Connection header removed (Go sends none).
      for (const h of wire) {
        const prev = request.getHeader(h.name);
        request.setHeader(h.name, prev === undefined ? h.value : Array.isArray(prev) ? [...prev, h.value] : [String(prev), h.value]);
      }
      request.removeHeader('connection');
      const finish = (failure: NetworkFailure | null, keep: boolean): void => {
        if (settled) return;
        settled = true;
        r.signal.removeEventListener('abort', onAbort);
        if (failure) failure.connected = true;
        if (!keep) {
          request.destroy();
          conn.dialed.socket.destroy();
        }
        conn.busy = false;
        hop.failure = failure;
        hop.timings = timingsOf(t0, dialMarks, marks.written, marks.headers, marks.end, reused);
        resolve(hop);
      };
      const onAbort = (): void => {
        const reason: unknown = r.signal.reason;
        finish(classify(reason instanceof TimeoutFailure ? reason : new TimeoutFailure('timeout'), afterHeaders), false);
      };
      r.signal.addEventListener('abort', onAbort, { once: true });
      if (r.signal.aborted) {
        onAbort();
        return;
      }
      request.on('finish', () => (marks.written = performance.now()));
      request.on('error', (e) => finish(classify(e, afterHeaders), false));
      request.on('response', (res) => {
        afterHeaders = true;
        marks.headers = performance.now();
        hop.status = res.statusCode ?? null;
        hop.statusText = res.statusMessage ?? '';
        hop.httpVersion = `HTTP/${res.httpVersion}`;
        hop.responseHeaders = rawPairs(res.rawHeaders);
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          size += chunk.length;
          hop.bodyBytes = size;
          if (r.onBodyChunk && hop.status !== null && hop.status < 300) {
            r.onBodyChunk(chunk);
            return;
          }
          if (size > r.maxBytes) {
            finish(tooLarge(r.maxBytes, false), false);
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (e) => finish(classify(e, true), false));
        res.on('aborted', () => finish(classify(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' }), true), false));
        res.on('end', () => {
          if (settled) return;
          marks.end = performance.now();
          if (!res.complete) {
            finish(classify(Object.assign(new Error('connection closed before the body was complete'), { code: 'ECONNRESET' }), true), false);
            return;
          }
          const decoded = this.decode(Buffer.concat(chunks), hop.responseHeaders, r.maxBytes);
          if ('failure' in decoded) return finish(decoded.failure, true);
          hop.body = decoded.body;
          finish(null, true);
        });
      });
      request.end(r.body);
    });
  }

  /** Go decompresses only when its transport asked for gzip and the answer says exactly gzip (case-insensitive). */
  private decode(body: Buffer, headers: NameValue[], maxBytes: number): { body: Buffer } | { failure: NetworkFailure } {
    const enc = headerOf(headers, 'content-encoding');
    if (this.creds.disableCompression || enc === null || enc.trim().toLowerCase() !== 'gzip') return { body };
    try {
      return { body: gunzipSync(body, { maxOutputLength: maxBytes }) };
    } catch (e) {
      if (errCode(e) === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) return { failure: tooLarge(maxBytes, true) };
      // Go's gzip reader: a header shorter than 10 bytes or a cut stream is "unexpected EOF", bytes that
      // are not gzip "gzip: invalid header"; corrupt deflate data has wording kube-trace does not model.
      const f: NetworkFailure = { kind: 'bad-gzip', code: errCode(e), detail: e instanceof Error ? e.message : 'bad gzip body', afterHeaders: true };
      if (errCode(e) === 'Z_BUF_ERROR' || body.length < 10) f.goMessage = 'unexpected EOF';
      else if (body[0] !== 0x1f || body[1] !== 0x8b) f.goMessage = 'gzip: invalid header';
      return { failure: f };
    }
  }
}

class AcquireFailure extends Error {
  constructor(
    readonly failure: NetworkFailure,
    readonly marks: DialMarks,
  ) {
    super(failure.kind);
  }
}

function headerOf(headers: NameValue[], name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value ?? null;
}

function timingsOf(t0: number, dial: DialMarks | null | undefined, written: number | undefined, headers: number | undefined, end: number | undefined, reused: boolean): HttpTimings {
  const d = dial ?? null;
  const afterConnect = d?.proxy ?? d?.connect;
  const t: HttpTimings = {
    dnsMs: d?.lookup !== undefined ? roundTo(d.lookup - d.start, 2) : null,
    connectMs: d?.connect !== undefined ? roundTo(d.connect - (d.lookup ?? d.start), 2) : null,
    proxyMs: d?.proxy !== undefined && d.connect !== undefined ? roundTo(d.proxy - d.connect, 2) : null,
    tlsMs: d?.secure !== undefined ? roundTo(d.secure - (afterConnect ?? d.start), 2) : null,
    ttfbMs: headers !== undefined ? roundTo(headers - (written ?? t0), 2) : null,
    downloadMs: headers !== undefined && end !== undefined ? roundTo(end - headers, 2) : null,
    totalMs: roundTo((end ?? performance.now()) - t0, 2),
    reusedConnection: reused,
  };
  return t;
}
