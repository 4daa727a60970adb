// What the stages share during one run: the command, the environment, the connection, and the data
// each earlier stage produced. Secrets live only inside `connection` (never copied into stage data).
import { randomUUID } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { GlassBoxRecord } from '../glassbox/types.js';
import type { MergedKubeconfig } from '../kube/kubeconfig-loader.js';
import type { ObservedClient, ObservedResponse } from '../kube/observed-http.js';
import type { GetCommand, TraceEnvironment } from './command.js';
import type { HttpExchange, StageDataMap, StageError, StageName } from './types.js';

export const BODY_PREVIEW_BYTES = 4096;

export interface ListPage {
  exchange: HttpExchange;
  response: ObservedResponse;
  /** Decoded JSON body, or undefined when it was not JSON. */
  body: unknown;
}

export class StageFailure<N extends StageName = StageName> extends Error {
  constructor(
    readonly error: StageError,
    readonly partial: StageDataMap[N] | null = null,
  ) {
    super(error.message);
  }
}

export class TraceContext {
  readonly cmd: GetCommand;
  readonly env: TraceEnvironment;
  /** kubectl sends one Kubectl-Session per invocation. */
  readonly session = randomUUID();
  readonly data: Partial<StageDataMap> = {};
  kube: { merged: MergedKubeconfig; kc: KubeConfig; server: string; clusterName: string } | null = null;
  client: ObservedClient | null = null;
  pages: ListPage[] = [];
  /** kube-trace's own requests (reviews, glass box), for display. */
  extraExchanges: HttpExchange[] = [];
  glassBox: GlassBoxRecord | null = null;
  private nextId = 1;
  private readonly clients: ObservedClient[] = [];

  constructor(cmd: GetCommand, env: TraceEnvironment) {
    this.cmd = cmd;
    this.env = env;
  }

  track(client: ObservedClient): ObservedClient {
    this.clients.push(client);
    return client;
  }

  closeAll(): void {
    for (const c of this.clients) c.close();
  }

  /** Every exchange in the order sent. */
  readonly allExchanges: HttpExchange[] = [];

  toExchange(r: ObservedResponse, meta: Pick<HttpExchange, 'by' | 'purpose' | 'method'> & { requestBody?: string }): HttpExchange {
    const text = r.body ? r.body.subarray(0, BODY_PREVIEW_BYTES).toString('utf8') : '';
    const ex: HttpExchange = {
      id: this.nextId++,
      by: meta.by,
      purpose: meta.purpose,
      method: meta.method,
      url: r.url,
      requestHeaders: r.requestHeaders,
      status: r.status,
      statusText: r.statusText,
      httpVersion: r.httpVersion,
      responseHeaders: r.responseHeaders,
      bodyBytes: r.bodyBytes,
      bodyPreview: r.body && r.body.length > BODY_PREVIEW_BYTES ? `${text}…` : text,
      timings: r.timings,
    };
    if (meta.requestBody !== undefined) ex.requestBody = meta.requestBody;
    if (r.remoteAddress) ex.remoteAddress = r.remoteAddress;
    if (r.tls) ex.tls = r.tls;
    if (r.failure) ex.error = `${r.failure.kind}: ${r.failure.code}`;
    this.allExchanges.push(ex);
    return ex;
  }
}

export function headerValue(headers: { name: string; value: string }[], name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value ?? null;
}

export function parseJson(body: Buffer | null): unknown {
  if (!body || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
