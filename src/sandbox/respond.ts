// Writes responses the way kube-apiserver's handlers do: header names and order as in the HTTP/1.1
// captures, Go's JSON encoding, pretty-printing for curl/wget/browser User-Agents or ?pretty=true,
// Content-Length for small bodies and chunked transfer for large ones (as Go's server decides).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FlowClassification } from './flowcontrol.js';
import { goJson } from './go-json.js';

// Go's net/http sets Content-Length itself when the whole body fits its write buffer.
const CHUNKING_THRESHOLD = 4096;

export interface ResponseContext {
  auditId: string;
  pretty: boolean;
  flow: FlowClassification | null;
  now: () => Date;
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
export function wantsPretty(req: IncomingMessage, query: URLSearchParams): boolean {
  const p = query.get('pretty');
  if (p !== null && p !== '') return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(p);
  const ua = req.headers['user-agent'] ?? '';
  return ua.startsWith('curl') || ua.startsWith('Wget') || ua.startsWith('Mozilla/5.0');
}

export function httpDate(d: Date): string {
  return d.toUTCString();
}

export function sendBody(res: ServerResponse, ctx: ResponseContext, status: number, body: string | Buffer, opts: SendOptions = {}): number {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const headers: [string, string][] = [
    ['Audit-Id', ctx.auditId],
    ['Cache-Control', opts.cacheControl ?? 'no-cache, private'],
    ['Content-Type', opts.contentType ?? 'application/json'],
    ...(opts.extra ?? []),
  ];
  if (ctx.flow) {
    headers.push(['X-Kubernetes-Pf-Flowschema-Uid', ctx.flow.flowSchemaUid], ['X-Kubernetes-Pf-Prioritylevel-Uid', ctx.flow.priorityLevelUid]);
  }
  headers.push(['Date', httpDate(ctx.now())]);
  if (buf.length <= CHUNKING_THRESHOLD) headers.push(['Content-Length', String(buf.length)]);
  res.sendDate = false;
  res.writeHead(status, headers.flat());
  res.end(buf);
  return buf.length;
}

export function sendJson(res: ServerResponse, ctx: ResponseContext, status: number, value: unknown, opts: SendOptions = {}): number {
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
