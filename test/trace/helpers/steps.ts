// Step results built by hand from captured responses, for testing the stage projections with no
// server: each stage is a pure function of these.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpExchange, NameValue } from '../../../src/kube/types.js';
import type { ListPage, StepOutputs, StepResults } from '../../../src/trace/steps/types.js';
import type { KubeconfigData, PlannedRequest, ResourceMapping } from '../../../src/trace/types.js';
import { getCommand } from './setup.js';
import { DEFAULT_BUILD } from '../../../src/trace/kubectl/identity.js';

const HTTP = fileURLToPath(new URL('../../fixtures/real-apiserver/http/', import.meta.url));

/** A captured response: the JSON body and the status and headers of its .http twin. */
export function captured(name: string): { status: number; headers: NameValue[]; body: unknown; text: string } {
  const text = readFileSync(join(HTTP, `${name}.json`), 'utf8');
  let status = 200;
  const headers: NameValue[] = [];
  try {
    const raw = readFileSync(join(HTTP, `${name}.http`), 'utf8').replace(/\r\n/g, '\n');
    const head = raw.slice(raw.indexOf('\nHTTP/') + 1).split('\n\n')[0] ?? '';
    const [statusLine, ...lines] = head.split('\n');
    status = Number(/^HTTP\/\S+ (\d+)/.exec(statusLine ?? '')?.[1] ?? 200);
    for (const l of lines) {
      const i = l.indexOf(':');
      if (i > 0) headers.push({ name: l.slice(0, i), value: l.slice(i + 1).trim() });
    }
  } catch {
    headers.push({ name: 'content-type', value: 'application/json' });
  }
  return { status, headers, body: JSON.parse(text) as unknown, text };
}

let nextId = 1;

export function exchange(over: Partial<HttpExchange> = {}): HttpExchange {
  return {
    id: nextId++,
    by: 'kubectl',
    purpose: 'list',
    method: 'GET',
    url: 'https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500',
    requestHeaders: [],
    status: 200,
    statusText: 'OK',
    httpVersion: 'HTTP/2',
    responseHeaders: [],
    bodyBytes: 0,
    bodyPreview: '',
    timings: { dnsMs: null, connectMs: 1, tlsMs: 2, ttfbMs: 3, downloadMs: 1, totalMs: 7, reusedConnection: false },
    ...over,
  };
}

/** A page as the list step records it, from a captured response. */
export function pageFrom(name: string, over: Partial<HttpExchange> = {}): ListPage {
  const c = captured(name);
  const ok = c.status < 300;
  return { target: 0, exchange: exchange({ status: c.status, responseHeaders: c.headers, bodyBytes: Buffer.byteLength(c.text), ...over }), failure: null, body: c.body, text: ok ? '' : c.text };
}

/** A page that never got an answer (the connection was refused). */
export function refusedPage(): ListPage {
  return {
    target: 0,
    exchange: exchange({ status: null, statusText: '', error: 'refused: ECONNREFUSED' }),
    failure: { kind: 'refused', code: 'ECONNREFUSED', detail: 'connect ECONNREFUSED 127.0.0.1:6443', afterHeaders: false, connected: false },
    body: undefined,
    text: '',
  };
}

export const PODS: ResourceMapping = { resource: 'pods', kind: 'Pod', group: '', version: 'v1', namespaced: true, verbs: ['get', 'list', 'watch'], shortNames: ['po'], groupVersionPath: '/api/v1' };

export function kubeconfigData(namespace: KubeconfigData['namespace'] = { value: 'default', source: 'default' }): KubeconfigData {
  return {
    files: [{ path: '/home/learner/.kube/config', exists: true, source: 'default' }],
    sandbox: null,
    currentContext: 'admin',
    contextSource: 'current-context',
    cluster: { name: 'test', server: 'https://127.0.0.1:6443', trust: { kind: 'system-roots' } },
    fallback: null,
    user: { name: 'admin', auth: { kind: 'none', details: [] } },
    namespace,
  };
}

export function plannedRequest(path = '/api/v1/namespaces/default/pods'): PlannedRequest {
  return { method: 'GET', url: `https://127.0.0.1:6443${path}?limit=500`, path, namespace: /\/namespaces\/([^/]+)/.exec(path)?.[1] ?? null, query: [{ name: 'limit', value: '500' }], headers: [], curl: 'curl', curlArgs: [{ literal: 'curl' }], accept: 'application/json', asTable: true, chunkSize: 500 };
}

/** The requestPlan step's value for one request. */
export function planned(path?: string): { requests: PlannedRequest[] } {
  return { requests: [plannedRequest(path)] };
}

/** Every step up to the list having gone through, with the given pages. */
export function stepsWith(pages: ListPage[], over: Partial<StepOutputs> = {}): StepResults {
  return {
    config: { ok: true, data: kubeconfigData(), server: 'https://127.0.0.1:6443', clusterName: 'test' },
    connect: { ok: true, preparedMs: 1 },
    versions: {
      kubectl: DEFAULT_BUILD,
      exchange: null,
      data: { kubectl: { gitVersion: 'v1.32.5', userAgent: 'kubectl/v1.32.5 (linux/amd64) kubernetes/9894294', how: 'modelled', modelled: true }, server: { info: { major: '1', minor: '28', gitVersion: 'v1.28.7' }, askedBy: 'kube-trace', exchangeId: null, note: '' } },
    },
    discovery: { ok: true, discovery: { exchanges: [], cache: { dir: '/tmp/cache', wouldUseCache: false, reason: 'cold' }, format: 'aggregated-v2beta1' }, mapping: PODS, mappings: [PODS] },
    requestPlan: planned(),
    list: { pages, pagingError: null },
    reviews: { whoami: { available: false, reason: 'not asked' }, access: { available: false, reason: 'not asked' }, exchanges: [] },
    glassBox: null,
    ...over,
  };
}

export { getCommand };
