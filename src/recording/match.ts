// Which recorded response answers a request, for `sandbox --from-recording`. kubectl builds differ in
// what they send for the same command (1.27–1.33: the discovery Accept lists v2beta1 and/or v2, the
// `timeout=32s` discovery parameter), so a request matches a recorded one by method, path and query
// (without `timeout`, parameters in any order), then by what the Accept asks for (a Table, aggregated
// discovery, or plain JSON), then, for a POST, by the review's spec. Aggregated discovery is served in
// the version the client accepts (v2 and v2beta1 have the same shape; only apiVersion and the media
// type name differ). Nothing else is adapted: kubectl 1.27's `auth whoami` asks for SelfSubjectReview
// in v1beta1 and v1alpha1, which kube-apiserver v1.28.7 and v1.33.3 do not serve (404, captured in
// test/fixtures/real-apiserver*/http/ssr-v1beta1-admin.http), so it gets the same 404 here.
import { bodyBytes, type RecordedExchange, type Recording } from './format.js';

export interface IncomingRequest {
  method: string;
  /** Path and query as sent, e.g. /api/v1/namespaces/default/pods?limit=500. */
  url: string;
  accept: string;
  body: string;
}

export interface ServedResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** Which recording and exchange answered, or null (not recorded). */
  from: { file: string; id: number } | null;
  /** What was adapted on the way (a discovery version, a review's version), for the log. */
  adapted: string | null;
}

type AcceptKind = 'table' | 'discovery' | 'plain';

function acceptKind(accept: string): AcceptKind {
  if (/as=Table/.test(accept)) return 'table';
  if (/g=apidiscovery\.k8s\.io/.test(accept)) return 'discovery';
  return 'plain';
}

/** The path and query of a URL (absolute or not) without `timeout`, parameters sorted. */
export function requestKey(method: string, url: string): string {
  const u = new URL(url, 'https://recorded.invalid');
  const params = [...u.searchParams.entries()].filter(([k]) => k !== 'timeout').sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
  const q = new URLSearchParams(params).toString();
  return `${method.toUpperCase()} ${u.pathname}${q ? `?${q}` : ''}`;
}

function header(headers: readonly { name: string; value: string }[], name: string): string {
  return headers.find((h) => h.name.toLowerCase() === name)?.value ?? '';
}

/** A review's spec without empty fields (client-go omits them; kube-trace may send group ""). */
function specOf(body: string): string {
  try {
    const o = JSON.parse(body) as Record<string, unknown>;
    const clean = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(clean);
      if (typeof v !== 'object' || v === null) return v;
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== '' && x !== null && x !== undefined).map(([k, x]) => [k, clean(x)] as const).sort(([a], [b]) => (a < b ? -1 : 1));
      return Object.fromEntries(entries);
    };
    return JSON.stringify(clean(o['spec'] ?? {}));
  } catch {
    return '';
  }
}

const DROP_HEADERS = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

interface Candidate {
  file: string;
  rec: RecordedExchange;
  kind: AcceptKind;
  spec: string;
}

export class RecordedResponses {
  private readonly byKey = new Map<string, Candidate[]>();

  constructor(readonly recordings: readonly { file: string; recording: Recording }[]) {
    for (const { file, recording } of recordings) {
      for (const rec of recording.exchanges) {
        const ex = rec.exchange;
        if (ex.status === null) continue; // nothing arrived: nothing to serve
        const key = requestKey(ex.method, ex.url);
        const list = this.byKey.get(key) ?? [];
        list.push({ file, rec, kind: acceptKind(header(ex.requestHeaders, 'accept')), spec: ex.requestBody === undefined ? '' : specOf(ex.requestBody) });
        this.byKey.set(key, list);
      }
    }
  }

  /** How many distinct requests can be answered. */
  get size(): number {
    return this.byKey.size;
  }

  answer(req: IncomingRequest): ServedResponse {
    const key = requestKey(req.method, req.url);
    return this.pick(this.byKey.get(key), req) ?? this.notRecorded(req, key);
  }

  private pick(list: Candidate[] | undefined, req: IncomingRequest): ServedResponse | null {
    if (!list || list.length === 0) return null;
    const wants = acceptKind(req.accept);
    let same = list.filter((c) => c.kind === wants);
    if (req.method.toUpperCase() === 'POST') {
      const spec = specOf(req.body);
      same = same.filter((c) => c.spec === spec);
    }
    const c = same[0];
    if (!c) return null;
    const served = serve(c);
    if (wants === 'discovery') return discoveryFor(served, req.accept);
    return served;
  }

  private notRecorded(req: IncomingRequest, key: string): ServedResponse {
    const files = [...new Set(this.recordings.map((r) => r.file))].join(', ');
    const known = this.byKey.get(key);
    const why = known ? ` (a ${[...new Set(known.map((c) => c.kind))].join('/')} answer to it was recorded, not one for Accept: ${req.accept || 'none'}${req.method.toUpperCase() === 'POST' ? ' with this body' : ''})` : '';
    const message = `${req.method.toUpperCase()} ${req.url} was not recorded in ${files}${why}: this sandbox serves only the recorded responses. Record a run that makes this request (kube-trace get … --record FILE) and serve that file too.`;
    const body = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'NotFound', details: {}, code: 404 };
    return { status: 404, headers: [['Content-Type', 'application/json']], body: Buffer.from(JSON.stringify(body) + '\n'), from: null, adapted: null };
  }
}

function serve(c: Candidate): ServedResponse {
  const ex = c.rec.exchange;
  const headers = ex.responseHeaders.filter((h) => !h.name.startsWith(':') && !DROP_HEADERS.has(h.name.toLowerCase())).map((h) => [h.name, h.value] as [string, string]);
  const body = c.rec.responseBody === null ? Buffer.alloc(0) : bodyBytes(c.rec.responseBody);
  return { status: ex.status ?? 502, headers, body, from: { file: c.file, id: ex.id }, adapted: null };
}

function contentType(r: ServedResponse): string {
  return r.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
}

function rewriteApiVersion(r: ServedResponse, from: string, to: string, adapted: string): ServedResponse {
  const text = r.body.toString('utf8').replaceAll(`"apiVersion":"${from}"`, `"apiVersion":"${to}"`);
  return { ...r, body: Buffer.from(text), adapted };
}

/** Aggregated discovery in a version the client accepts (v2 ↔ v2beta1), else as recorded. */
function discoveryFor(r: ServedResponse, accept: string): ServedResponse {
  const served = /g=apidiscovery\.k8s\.io;v=(v2beta1|v2);/.exec(contentType(r))?.[1];
  if (served === undefined) return r;
  const accepts = new Set([...accept.matchAll(/g=apidiscovery\.k8s\.io;v=(v2beta1|v2);/g)].map((m) => m[1]));
  if (accepts.has(served) || accepts.size === 0) return r;
  const to = served === 'v2' ? 'v2beta1' : 'v2';
  const converted = rewriteApiVersion(r, `apidiscovery.k8s.io/${served}`, `apidiscovery.k8s.io/${to}`, `aggregated discovery recorded as ${served}, served as ${to}`);
  return { ...converted, headers: converted.headers.map(([n, v]) => [n, n.toLowerCase() === 'content-type' ? v.replace(`v=${served};`, `v=${to};`) : v] as [string, string]) };
}
