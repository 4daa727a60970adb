// Which recorded response answers a request (sandbox --from-recording): by method, path and query
// (timeout dropped, any order), by what the Accept asks for, by a review's spec; discovery in the
// version the client accepts; a Status 404 naming the files for anything else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecordedResponses, requestKey } from '../../src/recording/match.js';
import type { Recording, RecordedExchange } from '../../src/recording/format.js';

let nextId = 1;
function ex(method: string, url: string, accept: string, status: number, contentType: string, body: string, requestBody?: string): RecordedExchange {
  return {
    exchange: {
      id: nextId++, by: 'kubectl', purpose: 'list', method, url: `https://127.0.0.1:6443${url}`, requestHeaders: [{ name: 'accept', value: accept }], ...(requestBody !== undefined ? { requestBody } : {}),
      status, statusText: '', httpVersion: 'HTTP/2', responseHeaders: [{ name: ':status', value: String(status) }, { name: 'content-type', value: contentType }, { name: 'content-length', value: '1' }], bodyBytes: body.length, bodyPreview: body, timings: {},
    },
    responseBody: { encoding: 'utf8', text: body },
  };
}
const rec = (exchanges: RecordedExchange[]): Recording => ({ exchanges } as unknown as Recording);

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const responses = new RecordedResponses([
  {
    file: 'a.json',
    recording: rec([
      ex('GET', '/api?timeout=32s', `${V2},application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json`, 200, V2, '{"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","items":[]}'),
      ex('GET', '/api/v1/namespaces/default/pods?limit=500', TABLE, 200, 'application/json;as=Table;v=v1;g=meta.k8s.io', '{"kind":"Table"}'),
      ex('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', 'application/json', 201, 'application/json', '{"status":{"allowed":true}}', '{"spec":{"resourceAttributes":{"verb":"list","group":"","resource":"pods","namespace":"default"}}}'),
    ]),
  },
  { file: 'b.json', recording: rec([ex('GET', '/api/v1/namespaces/default/pods?limit=500', 'application/json', 200, 'application/json', '{"kind":"PodList"}')]) },
]);

describe('matching a request to a recorded response', () => {
  it('the key: method, path, query without timeout, parameters sorted', () => {
    assert.equal(requestKey('get', 'https://x/api?timeout=32s'), 'GET /api');
    assert.equal(requestKey('GET', '/api/v1/pods?limit=500&b=1'), requestKey('GET', '/api/v1/pods?b=1&limit=500'));
  });

  it('a Table for a Table Accept, whole objects for plain JSON (from another recording)', () => {
    assert.equal(responses.answer({ method: 'GET', url: '/api/v1/namespaces/default/pods?limit=500', accept: TABLE, body: '' }).body.toString(), '{"kind":"Table"}');
    const plain = responses.answer({ method: 'GET', url: '/api/v1/namespaces/default/pods?limit=500', accept: 'application/json', body: '' });
    assert.equal(plain.body.toString(), '{"kind":"PodList"}');
    assert.deepEqual(plain.from?.file, 'b.json');
    assert.ok(!plain.headers.some(([n]) => n.startsWith(':') || n.toLowerCase() === 'content-length'), 'pseudo-headers and the old length are not replayed');
  });

  it('aggregated discovery recorded as v2 is served as v2beta1 to a kubectl that accepts only v2beta1 (1.27)', () => {
    const r = responses.answer({ method: 'GET', url: '/api', accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json', body: '' });
    assert.match(r.body.toString(), /"apiVersion":"apidiscovery\.k8s\.io\/v2beta1"/);
    assert.match(r.headers.find(([n]) => n === 'content-type')?.[1] ?? '', /v=v2beta1;/);
    assert.match(r.adapted ?? '', /recorded as v2, served as v2beta1/);
    assert.equal(responses.answer({ method: 'GET', url: '/api?timeout=32s', accept: `${V2},application/json`, body: '' }).adapted, null);
  });

  it('a review matches by its spec, empty fields aside', () => {
    const yes = responses.answer({ method: 'POST', url: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', accept: 'application/json', body: '{"spec":{"resourceAttributes":{"namespace":"default","verb":"list","resource":"pods"}}}' });
    assert.equal(yes.status, 201);
    const other = responses.answer({ method: 'POST', url: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', accept: 'application/json', body: '{"spec":{"resourceAttributes":{"namespace":"default","verb":"delete","resource":"pods"}}}' });
    assert.equal(other.status, 404);
    assert.match(JSON.parse(other.body.toString()).message as string, /was not recorded in a\.json, b\.json .*with this body/);
  });

  it('anything else: a Status 404 that says it was not recorded', () => {
    const r = responses.answer({ method: 'GET', url: '/api/v1/nodes?limit=500', accept: TABLE, body: '' });
    assert.equal(r.status, 404);
    const status = JSON.parse(r.body.toString()) as Record<string, unknown>;
    assert.equal(status['kind'], 'Status');
    assert.equal(status['reason'], 'NotFound');
    assert.match(status['message'] as string, /^GET \/api\/v1\/nodes\?limit=500 was not recorded in a\.json, b\.json: this sandbox serves only the recorded responses/);
    assert.equal(r.from, null);
  });
});
