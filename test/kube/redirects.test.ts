// Redirects are followed as kubectl's Go client follows them (verified with kubectl 1.33 against the
// same servers): up to 10, then "stopped after 10 redirects"; every hop carries the credentials again —
// client-go's round trippers add Authorization to each request, so a redirect to another host gets the
// bearer token too — plus a Referer; 301/302/303 become GET. Each hop is recorded.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ObservedClient } from '../../src/kube/observed-http.js';
import { networkStageError } from '../../src/kube/kubectl-errors.js';
import { fixture133, startH2ApiServer, type H2ApiServer } from '../helpers/h2-apiserver.js';
import { createCa, type TestCa } from '../trace/helpers/pki.js';

const LIST = '/api/v1/namespaces/default/pods?limit=500';
const headers = [
  { name: 'User-Agent', value: 'kubectl.1.33/v1.33.1 (linux/amd64) kubernetes/8adc0f0' },
  { name: 'Accept', value: 'application/json' },
];

let ca: TestCa;
let first: H2ApiServer;
let other: H2ApiServer;
before(async () => {
  ca = await createCa('redirect-ca');
  first = await startH2ApiServer({ ca, tokens: { tok: 'u' } });
  other = await startH2ApiServer({ ca, tokens: { tok: 'u' } });
  first.handlers.push((req) => {
    const u = new URL(req.path, 'https://x');
    const c = u.searchParams.get('case');
    if (c === 'same' && !u.searchParams.has('hop')) return { status: 307, headers: { location: `${req.path}&hop=1` } };
    if (c === 'other') return { status: 302, headers: { location: `https://localhost:${other.port}${LIST}` } };
    if (c === 'loop') return { status: 302, headers: { location: `${req.path}&n=${u.searchParams.getAll('n').length}` } };
    if (c === 'post303' && req.method === 'POST') return { status: 303, headers: { location: '/version' } };
    if (c === 'same' || c === 'post303') return { status: 200, body: fixture133('pods-default-table') };
    return undefined;
  });
  other.handlers.push((req) => (req.path.startsWith('/api/v1/namespaces/default/pods') ? { status: 200, body: fixture133('pods-default-table') } : undefined));
});
after(async () => {
  await first.close();
  await other.close();
});

const creds = () => ({ ca: Buffer.from(ca.certPem), rejectUnauthorized: true, authorization: 'Bearer tok', maskedAuthorization: 'Bearer <masked>', extraHeaders: [] });

describe('redirects, as kubectl follows them', () => {
  it('307 on the same server: followed on the same connection, the token and a Referer on the second request', async () => {
    const c = new ObservedClient(first.url, creds());
    const r = await c.send({ method: 'GET', pathAndQuery: `${LIST}&case=same`, headers, timeoutMs: 10_000 });
    c.close();
    assert.equal(r.status, 200);
    assert.equal(r.redirects.length, 1);
    assert.equal(r.redirects[0]!.status, 307);
    assert.equal(r.redirects[0]!.crossHost, false);
    assert.equal(r.connection?.reused, true);
    const [a, b] = first.requests.slice(-2);
    assert.equal(a!.header('authorization'), 'Bearer tok');
    assert.equal(b!.header('authorization'), 'Bearer tok');
    assert.equal(b!.header('referer'), `${first.url}${LIST}&case=same`);
    assert.equal(r.url, `${first.url}${LIST}&case=same&hop=1`);
  });

  it('302 to another host: kubectl sends the bearer token there too (client-go re-adds it), and the hop says so', async () => {
    const c = new ObservedClient(first.url, creds());
    const r = await c.send({ method: 'GET', pathAndQuery: `${LIST}&case=other`, headers, timeoutMs: 10_000 });
    c.close();
    assert.equal(r.status, 200);
    assert.equal(r.redirects[0]!.crossHost, true);
    assert.equal(r.redirects[0]!.credentialsResent, true);
    assert.equal(r.redirects[0]!.location, `https://localhost:${other.port}${LIST}`);
    assert.equal(other.requests.at(-1)!.header('authorization'), 'Bearer tok');
    assert.notEqual(r.connection?.id, r.redirects[0]!.connection.id, 'another host, another connection');
  });

  it('a redirect loop stops after 10 redirects (11 requests), worded as Go words it', async () => {
    const c = new ObservedClient(first.url, creds());
    const before = first.requests.length;
    const r = await c.send({ method: 'GET', pathAndQuery: `${LIST}&case=loop`, headers, timeoutMs: 10_000 });
    c.close();
    assert.equal(first.requests.length - before, 11);
    assert.equal(r.failure?.kind, 'redirect-loop');
    assert.equal(r.redirects.length, 10);
    assert.equal(networkStageError(r.failure!, r.url, 'the list request').kubectlMessage, 'Unable to connect to the server: stopped after 10 redirects');
  });

  it('303 after a POST: the next request is a GET without a body', async () => {
    const c = new ObservedClient(first.url, creds());
    const r = await c.send({ method: 'POST', pathAndQuery: `/apis/x?case=post303`, headers: [...headers, { name: 'Content-Type', value: 'application/json' }], body: '{"a":1}', timeoutMs: 10_000 });
    c.close();
    assert.equal(r.status, 200);
    const last = first.requests.at(-1)!;
    assert.equal(last.method, 'GET');
    assert.equal(last.path, '/version');
    assert.equal(last.body, '');
  });
});
