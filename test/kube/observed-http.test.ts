// The client speaks to an API server as kubectl's Go transport does: HTTP/2 by ALPN on one connection
// (a new one after GOAWAY), HTTP/1.1 only when the server offers no h2 or for http://, the request's
// header block as Go writes it for each protocol, timings per request, limits and decoding as kubectl
// has them. Servers are small ones on 127.0.0.1 (test/helpers/h2-apiserver.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { ObservedClient, type ObservedRequest, type TransportCredentials } from '../../src/kube/observed-http.js';
import { networkStageError } from '../../src/kube/kubectl-errors.js';
import { fixture133, startH2ApiServer, type H2ApiServer } from '../helpers/h2-apiserver.js';
import { createCa, issue, type TestCa } from '../trace/helpers/pki.js';

const UA = 'kubectl.1.33/v1.33.1 (linux/amd64) kubernetes/8adc0f0';
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const KUBECTL_HEADERS = [
  { name: 'User-Agent', value: UA },
  { name: 'Accept', value: TABLE_ACCEPT },
  { name: 'Kubectl-Command', value: 'kubectl get' },
  { name: 'Kubectl-Session', value: '5a8a3f0c-5a1e-4a4b-9f51-3a2e5d2f1b11' },
];
const LIST = '/api/v1/namespaces/default/pods?limit=500';

function get(pathAndQuery = LIST, over: Partial<ObservedRequest> = {}): ObservedRequest {
  return { method: 'GET', pathAndQuery, headers: KUBECTL_HEADERS, timeoutMs: 10_000, ...over };
}

function tokenCreds(ca: TestCa, token: string, over: Partial<TransportCredentials> = {}): TransportCredentials {
  return { ca: Buffer.from(ca.certPem), rejectUnauthorized: true, authorization: `Bearer ${token}`, maskedAuthorization: 'Bearer <masked>', extraHeaders: [], ...over };
}

/** The -H headers of a `curlCommand` that kubectl -v=9 logged for the request to `path`. */
function curlHeaders(capture: string, path: string): { name: string; value: string }[] {
  const text = readFileSync(new URL(`../fixtures/real-apiserver-v1.33/kubectl/${capture}.txt`, import.meta.url), 'utf8');
  const line = text.split('\n').find((l) => l.includes('curl -v -XGET') && l.includes(`${path}'`));
  assert.ok(line, `no curl line for ${path} in ${capture}`);
  return [...line.matchAll(/-H "([^:]+): ([^"]*)"/g)].map((m) => ({ name: m[1]!, value: m[2]! }));
}

let ca: TestCa;
before(async () => {
  ca = await createCa('observed-http-test-ca');
});

describe('HTTP/2 by ALPN, as kubectl talks to kube-apiserver', () => {
  let api: H2ApiServer;
  let client: ObservedClient;
  before(async () => {
    api = await startH2ApiServer({ ca, tokens: { 'good-token': 'token-user' } });
    client = new ObservedClient(api.url, tokenCreds(ca, 'good-token'));
  });
  after(async () => {
    client.close();
    await api.close();
  });

  it('negotiates h2 and says so on the response and the connection', async () => {
    const r = await client.send(get());
    assert.equal(r.failure, null);
    assert.equal(r.status, 200);
    assert.equal(r.httpVersion, 'HTTP/2');
    assert.equal(r.statusText, 'OK');
    assert.equal(r.protocol, 'h2');
    assert.equal(r.connection?.alpn, 'h2');
    assert.equal(r.tls?.alpn, 'h2');
    assert.equal(r.connection?.protocolNote, undefined);
    assert.equal(api.requests.at(-1)!.alpn, 'h2');
    assert.equal(client.protocol(), 'h2');
  });

  it('sends the header block Go writes on h2: pseudo-headers, lower-case names, no connection headers, accept-encoding last', async () => {
    await client.send(get());
    const wire = api.requests.at(-1)!.fields;
    assert.deepEqual(
      wire.map((f) => f.name),
      [':authority', ':method', ':path', ':scheme', 'accept', 'authorization', 'kubectl-command', 'kubectl-session', 'user-agent', 'accept-encoding'],
    );
    assert.deepEqual(wire.slice(0, 4).map((f) => f.value), [`127.0.0.1:${api.port}`, 'GET', LIST, 'https']);
    for (const banned of ['host', 'connection', 'keep-alive', 'transfer-encoding']) assert.equal(api.requests.at(-1)!.header(banned), undefined, banned);
    assert.equal(api.requests.at(-1)!.header('accept-encoding'), 'gzip');
  });

  it('shows exactly the block it sent, with Authorization masked', async () => {
    const r = await client.send(get());
    const sent = api.requests.at(-1)!.fields;
    assert.deepEqual(r.requestHeaders.map((h) => h.name), sent.map((f) => f.name));
    for (const h of r.requestHeaders) {
      const wire = sent.find((f) => f.name === h.name)!.value;
      assert.equal(h.value, h.name === 'authorization' ? 'Bearer <masked>' : wire, h.name);
    }
    assert.deepEqual(client.headersFor({ method: 'GET', pathAndQuery: LIST, headers: KUBECTL_HEADERS }).masked, r.requestHeaders);
  });

  it('its headers are kubectl 1.33\'s for the same request (capture 82, bearer token): kubectl -v=9 omits the two it adds below its logger and accept-encoding', async () => {
    const r = await client.send(get());
    const kubectl = curlHeaders('82-badtoken-get-pods-v9', LIST).map((h) => ({ name: h.name.toLowerCase(), value: h.value }));
    const ours = r.requestHeaders.filter((h) => !h.name.startsWith(':') && !['kubectl-command', 'kubectl-session', 'accept-encoding'].includes(h.name));
    const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : 1);
    assert.deepEqual([...ours].sort(byName), [...kubectl].sort(byName));
  });

  it('keeps one connection for every request, as Go\'s transport does', async () => {
    const before = api.connections();
    const c = new ObservedClient(api.url, tokenCreds(ca, 'good-token'));
    const rs = [];
    for (let i = 0; i < 3; i++) rs.push(await c.send(get()));
    c.close();
    assert.equal(api.connections() - before, 1);
    assert.deepEqual(rs.map((r) => [r.connection?.id, r.connection?.reused, r.timings.reusedConnection]), [[1, false, false], [1, true, true], [1, true, true]]);
  });

  it('times a new connection phase by phase and a reused one without connect/TLS', async () => {
    const c = new ObservedClient(api.url, tokenCreds(ca, 'good-token'));
    const first = await c.send(get());
    const second = await c.send(get());
    c.close();
    assert.equal(first.timings.dnsMs, null, 'an IP literal needs no DNS');
    for (const k of ['connectMs', 'tlsMs', 'ttfbMs', 'downloadMs'] as const) assert.equal(typeof first.timings[k], 'number', k);
    assert.deepEqual([second.timings.connectMs, second.timings.tlsMs, second.timings.dnsMs], [null, null, null]);
    assert.equal(typeof second.timings.ttfbMs, 'number');
  });

  it('concurrent requests share the connection as h2 streams', async () => {
    const before = api.connections();
    const c = new ObservedClient(api.url, tokenCreds(ca, 'good-token'));
    const rs = await Promise.all([c.send(get()), c.send(get()), c.send(get())]);
    c.close();
    assert.equal(api.connections() - before, 1);
    assert.deepEqual(rs.map((r) => r.status), [200, 200, 200]);
  });
});

describe('GOAWAY after an unauthenticated or 401 request (kube-apiserver ≥ 1.29 on h2)', () => {
  let api: H2ApiServer;
  before(async () => {
    api = await startH2ApiServer({ ca, tokens: {} });
  });
  after(() => api.close());

  it('a 401 comes with GOAWAY; the next request opens a new connection, as kubectl does', async () => {
    const c = new ObservedClient(api.url, tokenCreds(ca, 'unknown-token'));
    const first = await c.send(get());
    const second = await c.send(get());
    c.close();
    assert.equal(first.status, 401);
    assert.deepEqual(first.connection?.goAway, { errorCode: 0, lastStreamId: 1 });
    assert.equal(second.status, 401);
    assert.equal(second.connection?.id, 2);
    assert.equal(second.connection?.reused, false);
    assert.equal(api.goAways(), 2);
    assert.deepEqual(api.requests.slice(-2).map((r) => r.connection), [api.connections() - 1, api.connections()]);
  });

  it('anonymous: the 403 arrives whole, then the connection is replaced', async () => {
    const c = new ObservedClient(api.url, { ca: Buffer.from(ca.certPem), rejectUnauthorized: true, authorization: null, maskedAuthorization: null, extraHeaders: [] });
    const first = await c.send(get());
    const second = await c.send(get());
    c.close();
    assert.equal(first.status, 403);
    assert.equal(JSON.parse(first.body!.toString()).reason, 'Forbidden');
    assert.notEqual(first.connection?.id, second.connection?.id);
  });
});

describe('HTTP/1.1 only where kubectl uses it', () => {
  it('a server that offers only http/1.1 by ALPN: HTTP/1.1, said so, Go\'s HTTP/1.1 header block (no Connection), one kept-alive connection', async () => {
    const api = await startH2ApiServer({ ca, tokens: { t: 'u' }, http1Only: true });
    const c = new ObservedClient(api.url, tokenCreds(ca, 't'));
    const a = await c.send(get());
    const b = await c.send(get());
    c.close();
    await api.close();
    assert.equal(a.protocol, 'http/1.1');
    assert.equal(a.httpVersion, 'HTTP/1.1');
    assert.match(a.connection?.protocolNote ?? '', /ALPN/);
    assert.equal(a.connection?.alpn, 'http/1.1');
    assert.deepEqual(api.requests[0]!.fields.map((f) => f.name), ['Host', 'User-Agent', 'Accept', 'Authorization', 'Kubectl-Command', 'Kubectl-Session', 'Accept-Encoding']);
    assert.deepEqual(a.requestHeaders.map((h) => h.name), api.requests[0]!.fields.map((f) => f.name));
    assert.equal(api.connections(), 1);
    assert.equal(b.connection?.reused, true);
  });

  it('plain http:// (kubectl does not use h2c): HTTP/1.1 with no TLS', async () => {
    const seen: string[][] = [];
    const server: Server = createServer((req, res) => {
      seen.push(req.rawHeaders);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"kind":"Status"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const c = new ObservedClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { rejectUnauthorized: true, authorization: null, maskedAuthorization: null, extraHeaders: [] });
    const r = await c.send(get('/version'));
    c.close();
    server.close();
    assert.equal(r.protocol, 'http/1.1');
    assert.match(r.connection?.protocolNote ?? '', /h2c/);
    assert.equal(r.tls, undefined);
    assert.deepEqual(seen[0]!.filter((_, i) => i % 2 === 0), ['Host', 'User-Agent', 'Accept', 'Kubectl-Command', 'Kubectl-Session', 'Accept-Encoding']);
  });
});

describe('what the cluster entry changes on the wire', () => {
  let api: H2ApiServer;
  before(async () => {
    api = await startH2ApiServer({ ca, tokens: { t: 'u' } });
  });
  after(() => api.close());

  it('disable-compression: no accept-encoding (Go\'s DisableCompression)', async () => {
    const c = new ObservedClient(api.url, tokenCreds(ca, 't', { disableCompression: true }));
    const r = await c.send(get());
    c.close();
    assert.equal(api.requests.at(-1)!.header('accept-encoding'), undefined);
    assert.equal(r.requestHeaders.some((h) => h.name === 'accept-encoding'), false);
  });

  it('impersonation headers go out lower-case, sorted in with the others, repeated names in order', async () => {
    const extra = [
      { name: 'Impersonate-User', value: 'jane' },
      { name: 'Impersonate-Uid', value: 'uid-1' },
      { name: 'Impersonate-Group', value: 'g1' },
      { name: 'Impersonate-Group', value: 'g2' },
      { name: 'Impersonate-Extra-Scopes%2fx', value: 'a' },
    ];
    const c = new ObservedClient(api.url, tokenCreds(ca, 't', { extraHeaders: extra }));
    await c.send(get());
    c.close();
    const names = api.requests.at(-1)!.fields.map((f) => f.name).filter((n) => n.startsWith('impersonate-'));
    assert.deepEqual(names, ['impersonate-extra-scopes%2fx', 'impersonate-group', 'impersonate-group', 'impersonate-uid', 'impersonate-user']);
    assert.deepEqual(api.requests.at(-1)!.fields.filter((f) => f.name === 'impersonate-group').map((f) => f.value), ['g1', 'g2']);
  });

  it('tls-server-name: the certificate is checked against it, not the address', async () => {
    const named = await startH2ApiServer({ ca, tokens: { t: 'u' }, serverCert: await issue(ca, { cn: 'kube', dns: ['kube.internal'], server: true }) });
    const wrong = new ObservedClient(named.url, tokenCreds(ca, 't'));
    const refused = await wrong.send(get());
    wrong.close();
    const right = new ObservedClient(named.url, tokenCreds(ca, 't', { servername: 'kube.internal' }));
    const ok = await right.send(get('/version'));
    right.close();
    await named.close();
    assert.equal(refused.failure?.kind, 'tls');
    assert.equal(ok.failure, null);
    assert.equal(ok.status, 200);
  });
});

describe('limits and decoding, as Go\'s transport has them', () => {
  let api: H2ApiServer;
  let h1: H2ApiServer;
  before(async () => {
    api = await startH2ApiServer({ ca, tokens: { t: 'u' } });
    h1 = await startH2ApiServer({ ca, tokens: { t: 'u' }, http1Only: true });
    for (const s of [api, h1]) {
      s.handlers.push((req) => {
        const q = new URL(req.path, 'https://x').searchParams.get('case');
        const table = fixture133('pods-default-table');
        if (q === 'big-header') return { status: 200, body: table, headers: { 'x-big': 'a'.repeat(20_000) } };
        if (q === 'many-headers') return { status: 200, body: table, headers: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-h${i}`, 'v'])) };
        if (q === 'gzip') return { status: 200, body: gzipSync(Buffer.from(table)), headers: { 'content-encoding': 'gzip' } };
        if (q === 'gzip-bomb') return { status: 200, body: gzipSync(Buffer.alloc(8 << 20, 0x20)), headers: { 'content-encoding': 'gzip' } };
        if (q === 'not-gzip') return { status: 200, body: 'this body is not gzip at all', headers: { 'content-encoding': 'gzip' } };
        if (q === 'short-gzip') return { status: 200, body: 'nogz', headers: { 'content-encoding': 'gzip' } };
        if (q === 'hang') return 'handled';
        return undefined;
      });
    }
  });
  after(async () => {
    await api.close();
    await h1.close();
  });

  for (const [name, server] of [['h2', () => api], ['HTTP/1.1', () => h1]] as const) {
    it(`${name}: a response header over 16 KiB (Node's default limit, not Go's) and 300 headers are read`, async () => {
      const c = new ObservedClient(server().url, tokenCreds(ca, 't'));
      const big = await c.send(get(`${LIST}&case=big-header`));
      const many = await c.send(get(`${LIST}&case=many-headers`));
      c.close();
      assert.equal(big.failure, null, JSON.stringify(big.failure));
      assert.equal(big.responseHeaders.find((h) => h.name.toLowerCase() === 'x-big')?.value.length, 20_000);
      assert.equal(many.failure, null, JSON.stringify(many.failure));
      assert.equal(many.responseHeaders.filter((h) => h.name.toLowerCase().startsWith('x-h')).length, 300);
    });
  }

  it('a gzip body is decoded (the transport asked for gzip)', async () => {
    const c = new ObservedClient(api.url, tokenCreds(ca, 't'));
    const r = await c.send(get(`${LIST}&case=gzip`));
    c.close();
    assert.equal(r.failure, null);
    assert.equal(JSON.parse(r.body!.toString()).kind, 'Table');
  });

  it('with disable-compression a gzip body is not decoded (Go only decodes what it asked for)', async () => {
    const c = new ObservedClient(api.url, tokenCreds(ca, 't', { disableCompression: true }));
    const r = await c.send(get(`${LIST}&case=gzip`));
    c.close();
    assert.equal(r.failure, null);
    assert.equal(r.body![0], 0x1f);
  });

  it('a gzip bomb stops at kube-trace\'s own limit, said to be its own (kubectl has none)', async () => {
    const c = new ObservedClient(api.url, tokenCreds(ca, 't'));
    const r = await c.send(get(`${LIST}&case=gzip-bomb`, { maxBodyBytes: 1 << 20 }));
    c.close();
    assert.equal(r.failure?.kind, 'too-large');
    assert.equal(r.failure?.decoded, true);
    const e = networkStageError(r.failure!, r.url, 'the list request');
    assert.match(e.message, /kube-trace's own 1 MiB limit/);
    assert.match(e.message, /kubectl has no such limit/);
    assert.equal(e.kubectlMessage, undefined, 'kube-trace\'s limit must not be worded as kubectl output');
  });

  it('a body over the limit: the h2 stream is cancelled and the connection stays in use', async () => {
    const c = new ObservedClient(api.url, tokenCreds(ca, 't'));
    const r = await c.send(get(LIST, { maxBodyBytes: 1000 }));
    const next = await c.send(get());
    c.close();
    assert.equal(r.failure?.kind, 'too-large');
    assert.equal(r.failure?.decoded, false);
    assert.equal(next.failure, null);
    assert.equal(next.connection?.reused, true);
  });

  it('bad gzip is worded as Go\'s gzip reader words it', async () => {
    const c = new ObservedClient(api.url, tokenCreds(ca, 't'));
    const bad = await c.send(get(`${LIST}&case=not-gzip`));
    const short = await c.send(get(`${LIST}&case=short-gzip`));
    c.close();
    assert.equal(networkStageError(bad.failure!, bad.url, 'the list', '').kubectlMessage, 'unexpected error when reading response body. Please retry. Original error: gzip: invalid header');
    assert.equal(networkStageError(short.failure!, short.url, 'the list', '').kubectlMessage, 'unexpected error when reading response body. Please retry. Original error: unexpected EOF');
  });

  it('a request timeout cancels the h2 stream and keeps the connection', async () => {
    const c = new ObservedClient(api.url, tokenCreds(ca, 't'));
    const r = await c.send(get(`${LIST}&case=hang`, { timeoutMs: 300 }));
    const next = await c.send(get());
    c.close();
    assert.equal(r.failure?.kind, 'timeout');
    assert.equal(r.failure?.connected, true);
    assert.equal(next.connection?.reused, true);
  });
});

describe('https:// to a port that speaks plain HTTP', () => {
  it('is reported as Go reports it: "http: server gave HTTP response to HTTPS client"', async () => {
    const server = createServer((_q, res) => res.end('{}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c = new ObservedClient(url, tokenCreds(ca, 't'));
    const r = await c.send(get('/api'));
    c.close();
    server.close();
    assert.equal(r.failure?.kind, 'http-response-to-https');
    assert.equal(networkStageError(r.failure!, r.url, 'the discovery request').kubectlMessage, 'Unable to connect to the server: http: server gave HTTP response to HTTPS client');
  });
});

describe('a password in the server URL (https://admin:S3CRETPW@…)', () => {
  let api: H2ApiServer;
  before(async () => {
    api = await startH2ApiServer({ ca, tokens: { t: 'u' } });
  });
  after(() => api.close());

  it('goes on the wire as kubectl sends it — Basic auth, which wins over the kubeconfig token — and is shown nowhere', async () => {
    const server = `https://admin:S3CRETPW@127.0.0.1:${api.port}`;
    const c = new ObservedClient(server, tokenCreds(ca, 't'));
    const r = await c.send(get('/version'));
    const planned = c.headersFor({ method: 'GET', pathAndQuery: '/version', headers: KUBECTL_HEADERS });
    c.close();
    assert.equal(api.requests.at(-1)!.header('authorization'), `Basic ${Buffer.from('admin:S3CRETPW').toString('base64')}`);
    assert.equal(api.requests.at(-1)!.header(':authority'), `127.0.0.1:${api.port}`, 'no userinfo in :authority');
    assert.equal(r.url, `https://admin:***@127.0.0.1:${api.port}/version`);
    assert.equal(c.urlFor('/api'), `https://admin:***@127.0.0.1:${api.port}/api`);
    assert.equal(c.displayServer, `https://admin:***@127.0.0.1:${api.port}`);
    assert.equal(r.requestHeaders.find((h) => h.name === 'authorization')?.value, 'Basic <masked>');
    for (const text of [JSON.stringify(r), JSON.stringify(planned.masked), c.server.href]) {
      assert.doesNotMatch(text, /S3CRETPW/);
      assert.doesNotMatch(text, new RegExp(Buffer.from('admin:S3CRETPW').toString('base64')));
    }
  });

  it('in a failure message it is masked as Go masks it', async () => {
    const c = new ObservedClient(`https://admin:S3CRETPW@127.0.0.1:1`, tokenCreds(ca, 't'));
    const r = await c.send(get('/api?timeout=32s'));
    c.close();
    const e = networkStageError(r.failure!, r.url, 'the discovery request');
    assert.equal(e.kubectlMessage, 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?');
    assert.doesNotMatch(JSON.stringify([r, e]), /S3CRETPW/);
  });
});

describe('Warning headers on a response', () => {
  it('are parsed from the wire (each value, in order) for the engine to print', async () => {
    const api = await startH2ApiServer({ ca, tokens: { t: 'u' } });
    api.handlers.push(() => ({ status: 200, body: '{}', headers: { warning: ['299 - "first warning"', '299 - "second one"', '199 - "not299"'] } }));
    const c = new ObservedClient(api.url, tokenCreds(ca, 't'));
    const r = await c.send(get('/version'));
    c.close();
    await api.close();
    assert.deepEqual(r.warnings.map((w) => [w.code, w.text]), [[299, 'first warning'], [299, 'second one'], [199, 'not299']]);
    assert.deepEqual(r.responseHeaders.filter((h) => h.name === 'warning').length, 3);
  });
});
