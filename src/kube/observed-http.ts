// An HTTP client that records everything a learner might want to see about one exchange: exact
// request headers (Authorization masked), response headers in wire order, phase timings from socket
// events, the TLS session, and the body (capped). Uses node:https directly; client-node only supplies
// the credentials (see connection.ts).
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import type { HttpExchange, HttpTimings, NameValue } from './types.js';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Go's net.Dialer timeout and http.Transport TLSHandshakeTimeout in client-go's default transport. */
const DIAL_TIMEOUT_MS = 30_000;
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

export interface TransportCredentials {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
  /** The real header value (secret). Only ever written to the socket. */
  authorization: string | null;
  /** What the trace shows instead, e.g. "Bearer <masked>". */
  maskedAuthorization: string | null;
  /** Other headers client-node adds (Impersonate-User). */
  extraHeaders: NameValue[];
}

export type NetworkFailureKind = 'dns' | 'refused' | 'timeout' | 'dial-timeout' | 'tls-handshake-timeout' | 'tls' | 'reset' | 'too-large' | 'truncated' | 'other';

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
}

export interface ObservedRequest {
  method: string;
  /** Path and query, e.g. /api/v1/namespaces/default/pods?limit=500 */
  pathAndQuery: string;
  /** Headers in the order kubectl writes them, without Authorization (added here). */
  headers: NameValue[];
  body?: string;
  timeoutMs: number; // 0 = none
  maxBodyBytes?: number;
}

export interface ObservedResponse {
  url: string;
  requestHeaders: NameValue[]; // masked
  status: number | null;
  statusText: string;
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
}

class TimeoutFailure extends Error {
  constructor(readonly kind: 'timeout' | 'dial-timeout' | 'tls-handshake-timeout') {
    super(kind);
  }
}

function classify(err: unknown, afterHeaders: boolean): NetworkFailure {
  if (err instanceof TimeoutFailure) return { kind: err.kind, code: 'ETIMEDOUT', detail: err.kind, afterHeaders };
  const e = err as NodeJS.ErrnoException & { reason?: string };
  const code = typeof e?.code === 'string' ? e.code : 'UNKNOWN';
  const detail = e instanceof Error ? e.message : String(err);
  let kind: NetworkFailureKind = 'other';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NONAME') kind = 'dns';
  else if (code === 'ECONNREFUSED') kind = 'refused';
  else if (code === 'ETIMEDOUT') kind = 'timeout';
  else if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') kind = afterHeaders ? 'truncated' : 'reset';
  else if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|HOSTNAME/.test(code)) kind = 'tls';
  else if (afterHeaders) kind = 'truncated';
  const out: NetworkFailure = { kind, code, detail, afterHeaders };
  const withCert = e as { host?: unknown; cert?: { subjectaltname?: unknown } };
  if (typeof withCert.host === 'string') out.tlsHost = withCert.host;
  if (typeof withCert.cert?.subjectaltname === 'string') out.tlsAltNames = withCert.cert.subjectaltname;
  return out;
}

function rawHeaderPairs(raw: string[]): NameValue[] {
  const out: NameValue[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push({ name: raw[i]!, value: raw[i + 1]! });
  return out;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** One keep-alive connection to one server with one identity, reused across requests like kubectl's transport. */
export class ObservedClient {
  readonly server: URL;
  private readonly creds: TransportCredentials;
  private readonly agent: http.Agent;

  constructor(server: string, creds: TransportCredentials) {
    this.server = new URL(server);
    this.creds = creds;
    this.agent =
      this.server.protocol === 'http:'
        ? new http.Agent({ keepAlive: true, maxSockets: 1 })
        : new https.Agent({
            keepAlive: true,
            maxSockets: 1,
            ca: creds.ca,
            cert: creds.cert,
            key: creds.key,
            rejectUnauthorized: creds.rejectUnauthorized,
            servername: creds.servername,
          });
  }

  close(): void {
    this.agent.destroy();
  }

  /** The full URL for a path (keeps a server path prefix such as https://host/k8s/clusters/x). */
  urlFor(pathAndQuery: string): string {
    const base = this.server.href.replace(/\/$/, '');
    return base + pathAndQuery;
  }

  /** The headers as written on the wire (`wire`, secret) and as shown (`masked`). */
  headersFor(req: Pick<ObservedRequest, 'headers' | 'body'>): { wire: NameValue[]; masked: NameValue[] } {
    const wire: NameValue[] = [{ name: 'Host', value: this.server.host }, ...req.headers];
    const masked: NameValue[] = [...wire];
    // Go writes Host and User-Agent first, then the other headers sorted by name: Authorization comes
    // right after Accept.
    const acceptAt = wire.findIndex((h) => h.name === 'Accept');
    const insertAt = acceptAt >= 0 ? acceptAt + 1 : wire.length;
    if (this.creds.authorization !== null) {
      wire.splice(insertAt, 0, { name: 'Authorization', value: this.creds.authorization });
      masked.splice(insertAt, 0, { name: 'Authorization', value: this.creds.maskedAuthorization ?? '<masked>' });
    }
    for (const h of this.creds.extraHeaders) {
      wire.push(h);
      masked.push(h);
    }
    if (req.body !== undefined) {
      const len = String(Buffer.byteLength(req.body));
      wire.push({ name: 'Content-Length', value: len });
      masked.push({ name: 'Content-Length', value: len });
    }
    // Go's transport asks for gzip itself when compression is not disabled.
    wire.push({ name: 'Accept-Encoding', value: 'gzip' });
    masked.push({ name: 'Accept-Encoding', value: 'gzip' });
    return { wire, masked };
  }

  send(req: ObservedRequest): Promise<ObservedResponse> {
    const url = new URL(this.urlFor(req.pathAndQuery));
    const maxBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const { wire: wireHeaders, masked } = this.headersFor(req);
    const t0 = performance.now();
    const marks: { lookup?: number; connect?: number; secure?: number; written?: number; headers?: number; firstByte?: number; end?: number } = {};
    let reused = false;
    let afterHeaders = false;
    const result: ObservedResponse = {
      url: url.href,
      requestHeaders: masked,
      status: null,
      statusText: '',
      httpVersion: '',
      responseHeaders: [],
      body: null,
      bodyBytes: 0,
      timings: { dnsMs: null, connectMs: null, tlsMs: null, ttfbMs: null, downloadMs: null, totalMs: 0, reusedConnection: false },
      failure: null,
    };

    return new Promise<ObservedResponse>((resolve) => {
      let settled = false;
      const timers: NodeJS.Timeout[] = [];
      const finish = (failure: NetworkFailure | null): void => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        const end = marks.end ?? performance.now();
        if (failure) failure.connected = reused || marks.secure !== undefined || (url.protocol === 'http:' && marks.connect !== undefined);
        result.failure = failure;
        result.timings = {
          dnsMs: marks.lookup !== undefined ? round(marks.lookup - t0) : null,
          connectMs: marks.connect !== undefined ? round(marks.connect - (marks.lookup ?? t0)) : null,
          tlsMs: marks.secure !== undefined ? round(marks.secure - (marks.connect ?? t0)) : null,
          ttfbMs: marks.headers !== undefined ? round(marks.headers - (marks.written ?? t0)) : null,
          downloadMs: marks.headers !== undefined && marks.end !== undefined ? round(marks.end - marks.headers) : null,
          totalMs: round(end - t0),
          reusedConnection: reused,
        };
        resolve(result);
      };

      const mod = url.protocol === 'http:' ? http : https;
      const flat: string[] = [];
      for (const h of wireHeaders) flat.push(h.name, h.value);
      let request: http.ClientRequest;
      try {
        request = mod.request(url, { method: req.method, agent: this.agent, headers: flat as unknown as http.OutgoingHttpHeaders, setHost: false });
      } catch (e) {
        finish(classify(e, false));
        return;
      }
      const fail = (err: unknown): void => {
        if (settled) return;
        request.destroy();
        finish(classify(err, afterHeaders));
      };
      if (req.timeoutMs > 0) timers.push(setTimeout(() => fail(new TimeoutFailure('timeout')), req.timeoutMs));

      request.on('socket', (socket: Socket) => {
        reused = request.reusedSocket;
        if (reused) return;
        const dial = setTimeout(() => fail(new TimeoutFailure('dial-timeout')), DIAL_TIMEOUT_MS);
        timers.push(dial);
        socket.once('lookup', () => (marks.lookup = performance.now()));
        socket.once('connect', () => {
          marks.connect = performance.now();
          clearTimeout(dial);
          if (url.protocol === 'https:') timers.push(setTimeout(() => { if (marks.secure === undefined) fail(new TimeoutFailure('tls-handshake-timeout')); }, TLS_HANDSHAKE_TIMEOUT_MS));
        });
        socket.once('secureConnect', () => (marks.secure = performance.now()));
      });
      request.on('finish', () => (marks.written = performance.now()));
      request.on('error', fail);
      request.on('response', (res) => {
        afterHeaders = true;
        marks.headers = performance.now();
        result.status = res.statusCode ?? null;
        result.statusText = res.statusMessage ?? '';
        result.httpVersion = `HTTP/${res.httpVersion}`;
        result.responseHeaders = rawHeaderPairs(res.rawHeaders);
        const sock = res.socket as TLSSocket | null;
        if (sock) {
          if (sock.remoteAddress) result.remoteAddress = `${sock.remoteAddress}:${sock.remotePort ?? ''}`;
          if (typeof sock.getPeerCertificate === 'function') {
            const peer = sock.getPeerCertificate();
            const cipher = sock.getCipher();
            result.tls = {
              protocol: sock.getProtocol() ?? '',
              cipher: cipher?.name ?? '',
              peerSubjectCN: String(peer?.subject?.CN ?? ''),
              peerIssuerCN: String(peer?.issuer?.CN ?? ''),
              authorized: sock.authorized,
            };
          }
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (marks.firstByte === undefined) marks.firstByte = performance.now();
          size += chunk.length;
          result.bodyBytes = size;
          if (size > maxBytes) {
            finish({ kind: 'too-large', code: 'EFBIG', detail: `body larger than ${maxBytes} bytes`, afterHeaders: true });
            res.destroy();
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('aborted', () => fail(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
        res.on('end', () => {
          marks.end = performance.now();
          if (!res.complete) {
            fail(Object.assign(new Error('connection closed before the body was complete'), { code: 'ECONNRESET' }));
            return;
          }
          let body = Buffer.concat(chunks);
          if (/gzip/i.test(String(res.headers['content-encoding'] ?? ''))) {
            try {
              body = gunzipSync(body, { maxOutputLength: maxBytes });
            } catch (e) {
              result.body = null;
              finish({ kind: 'truncated', code: 'EGZIP', detail: e instanceof Error ? e.message : 'bad gzip body', afterHeaders: true });
              return;
            }
          }
          result.body = body;
          finish(null);
        });
      });
      request.end(req.body);
    });
  }
}
