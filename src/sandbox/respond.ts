// Writes responses the way kube-apiserver's handlers do: header names and order as Go's servers write
// them (HTTP/1.1: the captures' canonical case and order; HTTP/2: lower case, the handler's headers
// sorted by name, then content-length and date, as golang.org/x/net/http2 encodes them), Go's JSON
// encoding, pretty-printing for curl/wget/browser User-Agents or ?pretty=true, Content-Length for small
// bodies and chunked transfer (h1) or plain DATA frames (h2) for large ones, as Go's server decides.

import type { OutgoingHttpHeaders } from 'node:http';
import type { FlowClassification } from './flowcontrol.js';
import { goJson } from './go-json.js';
import type { SandboxRequest, SandboxResponse } from './http.js';

// Go's net/http sets Content-Length itself when the whole body fits its write buffer.
const CHUNKING_THRESHOLD = 4096;

export interface ResponseContext {
  auditId: string;
  pretty: boolean;
  flow: FlowClassification | null;
  now: () => Date;
  /** The wire protocol of this exchange: it decides header case and order. */
  http2: boolean;
}

export interface SendOptions {
  contentType?: string;
  cacheControl?: string;
  /** Inserted after Content-Type (e.g. X-Content-Type-Options, Etag, Vary). */
  extra?: [string, string][];
  /** Force pretty (or compact) output regardless of the request. */
  pretty?: boolean;
}

/** kube's isPrettyPrint: ?pretty= wins, else curl/Wget/browser User-Agents get indented JSON. */
export function wantsPretty(req: SandboxRequest, query: URLSearchParams): boolean {
  const p = query.get('pretty');
  if (p !== null && p !== '') return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(p);
  const ua = req.headers['user-agent'] ?? '';
  return ua.startsWith('curl') || ua.startsWith('Wget') || ua.startsWith('Mozilla/5.0');
}

export function httpDate(d: Date): string {
  return d.toUTCString();
}

/**
 * Writes the status line and headers: the handler's headers (Audit-Id, Cache-Control, Content-Type,
 * extras, priority-and-fairness UIDs), then the server's own Date and, when known, Content-Length.
 */
export function writeHead(res: SandboxResponse, ctx: ResponseContext, status: number, handlerHeaders: [string, string][], contentLength?: number): void {
  const headers: [string, string][] = [...handlerHeaders];
  if (ctx.flow) {
    headers.push(['X-Kubernetes-Pf-Flowschema-Uid', ctx.flow.flowSchemaUid], ['X-Kubernetes-Pf-Prioritylevel-Uid', ctx.flow.priorityLevelUid]);
  }
  res.sendDate = false;
  const date = httpDate(ctx.now());
  if (ctx.http2) {
    // x/net/http2 writeResHeaders: sorted handler headers, then content-length, then date.
    const sorted = headers.map(([n, v]): [string, string] => [n.toLowerCase(), v]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const h: OutgoingHttpHeaders = Object.fromEntries(sorted);
    if (contentLength !== undefined) h['content-length'] = String(contentLength);
    h['date'] = date;
    (res as { writeHead(status: number, headers: OutgoingHttpHeaders): unknown }).writeHead(status, h);
    return;
  }
  headers.push(['Date', date]);
  if (contentLength !== undefined) headers.push(['Content-Length', String(contentLength)]);
  (res as { writeHead(status: number, headers: string[]): unknown }).writeHead(status, headers.flat());
}

export function sendBody(res: SandboxResponse, ctx: ResponseContext, status: number, body: string | Buffer, opts: SendOptions = {}): number {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const headers: [string, string][] = [
    ['Audit-Id', ctx.auditId],
    ['Cache-Control', opts.cacheControl ?? 'no-cache, private'],
    ['Content-Type', opts.contentType ?? 'application/json'],
    ...(opts.extra ?? []),
  ];
  writeHead(res, ctx, status, headers, buf.length <= CHUNKING_THRESHOLD ? buf.length : undefined);
  res.end(buf);
  return buf.length;
}

export function sendJson(res: SandboxResponse, ctx: ResponseContext, status: number, value: unknown, opts: SendOptions = {}): number {
  return sendBody(res, ctx, status, goJson(value, opts.pretty ?? ctx.pretty), opts);
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: unknown[];
  retryAfterSeconds?: number;
}

/** A metav1.Status failure, fields in Go's order. */
export function statusBody(code: number, reason: string, message: string, details?: StatusDetails): Record<string, unknown> {
  const s: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason };
  if (details) s['details'] = details;
  s['code'] = code;
  return s;
}
