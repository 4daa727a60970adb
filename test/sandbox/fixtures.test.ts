// The sandbox answers like kube-apiserver v1.28.7: same status codes, same header names in the same
// order, and the same bytes wherever the body does not depend on the cluster's contents.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { call, captured, DISCOVERY_ACCEPT, TABLE_ACCEPT, type Identity } from './client.js';

const UA = 'realk8s-fixture-capture/curl';
// Node adds these two on keep-alive connections; Go's server does not. Everything else must match.
const NODE_ONLY = new Set(['connection', 'keep-alive']);

let sb: RunningSandbox;
before(async () => {
  sb = await startSandbox({ scenario: 'captured', serverVersion: '1.28' });
});
after(async () => {
  await sb.close();
});

function names(list: string[]): string[] {
  return list.filter((n) => !NODE_ONLY.has(n.toLowerCase()));
}

/**
 * The same request over HTTP/1.1 (names compared case-insensitively, without Content-Length, whose
 * place differs between Go's two servers) and, for a capture curl made over HTTP/2, over HTTP/2 too:
 * there the header names must be exactly the captured ones, lower case, content-length and date included.
 */
async function sameAs(fixture: string, who: Identity, path: string, opts: { accept?: string; method?: string; body?: string; rename?: [string, string] } = {}): Promise<void> {
  const want = captured(fixture);
  const expected = opts.rename ? want.body.split(opts.rename[0]).join(opts.rename[1]) : want.body;
  const request = { accept: opts.accept ?? 'application/json', userAgent: UA, method: opts.method, body: opts.body, contentType: opts.body ? 'application/json' : undefined };
  const got = await call(sb, who, path, request);
  assert.equal(got.status, want.status, `${fixture}: status`);
  assert.equal(got.body, expected, `${fixture}: body`);
  const lower = (l: string[]) => l.map((n) => n.toLowerCase()).filter((n) => n !== 'content-length');
  assert.deepEqual(lower(names(got.headerNames)), lower(want.headerNames), `${fixture}: header names`);
  if (want.httpVersion !== '2') return;
  const h2 = await call(sb, who, path, { ...request, protocol: 'h2' });
  assert.equal(h2.httpVersion, '2');
  assert.equal(h2.status, want.status, `${fixture} over HTTP/2: status`);
  assert.equal(h2.body, expected, `${fixture} over HTTP/2: body`);
  assert.deepEqual(h2.headerNames, want.headerNames, `${fixture} over HTTP/2: header names`);
}

describe('byte-for-byte with the v1.28.7 captures', () => {
  it('GET /version over HTTP/1.1: same headers in the same order, same indented body', async () => {
    const want = captured('version-http1.1');
    const got = await call(sb, 'admin', '/version', { accept: 'application/json', userAgent: UA });
    assert.equal(got.status, 200);
    assert.deepEqual(names(got.headerNames), want.headerNames);
    assert.equal(got.body, want.body);
  });

  it('a bad bearer token is 401 even for /version, with no flow-control headers', async () => {
    await sameAs('version-badtoken-unauthorized', 'badtoken', '/version');
    const got = await call(sb, 'badtoken', '/version');
    assert.equal(got.headers['x-kubernetes-pf-flowschema-uid'], undefined);
  });

  it('a bad bearer token listing pods: the exact 401 Status over HTTP/1.1', async () => {
    const want = captured('pods-default-badtoken-unauthorized-http1.1');
    const got = await call(sb, 'badtoken', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT, userAgent: UA });
    assert.equal(got.status, 401);
    assert.equal(got.body, want.body);
    assert.deepEqual(names(got.headerNames), want.headerNames);
  });

  it('no credentials: 403 for system:anonymous, not 401', () => sameAs('pods-default-no-credentials', 'anonymous', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT }));

  it('a user without RBAC: the namespace-scoped Forbidden message, HTTP/1.1 headers in order', async () => {
    const want = captured('pods-default-jane-forbidden-http1.1');
    const got = await call(sb, 'nobody', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT, userAgent: UA });
    assert.equal(got.status, 403);
    assert.equal(got.body, want.body.replace('\\"jane\\"', '\\"nobody\\"').replace('"content-length', ''));
    assert.deepEqual(names(got.headerNames), want.headerNames);
  });

  it('a user without RBAC, all namespaces: "at the cluster scope"', () =>
    sameAs('pods-all-namespaces-jane-forbidden', 'nobody', '/api/v1/pods?limit=500', { accept: TABLE_ACCEPT, rename: ['\\"jane\\"', '\\"nobody\\"'] }));

  it('the viewer is refused outside default and across namespaces', async () => {
    await sameAs('pods-demo-viewer-forbidden', 'viewer', '/api/v1/namespaces/demo/pods?limit=500', { accept: TABLE_ACCEPT });
    await sameAs('pods-all-namespaces-viewer-forbidden', 'viewer', '/api/v1/pods?limit=500', { accept: TABLE_ACCEPT });
  });

  it('the bearer-token user has no RBAC', () => sameAs('pods-default-token-user-forbidden', 'token', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT }));

  it('400s: unsupported field selector, unparsable label selector, garbage continue token', async () => {
    await sameAs('pods-default-fieldselector-unsupported-field', 'admin', '/api/v1/namespaces/default/pods?fieldSelector=spec.containers.image%3Dnginx');
    await sameAs('pods-default-labelselector-invalid', 'admin', '/api/v1/namespaces/default/pods?labelSelector=app%20in%20%28');
    await sameAs('pods-default-continue-invalid', 'admin', '/api/v1/namespaces/default/pods?limit=1&continue=garbage');
  });

  it('404s: a missing pod, a missing namespace, an API version 1.28 does not serve', async () => {
    await sameAs('pod-get-notfound', 'admin', '/api/v1/namespaces/default/pods/no-such-pod');
    await sameAs('namespace-nonexistent-get', 'admin', '/api/v1/namespaces/does-not-exist');
    await sameAs('ssr-v1beta1-admin', 'admin', '/apis/authentication.k8s.io/v1beta1/selfsubjectreviews', { method: 'POST', body: '{"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1beta1"}' });
  });

  it('aggregated discovery asked for v2 only: 406 (v1.28 serves v2beta1)', () =>
    sameAs('apis-aggregated-discovery-v2-only', 'admin', '/apis', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' }));

  it('an empty namespace lists as an empty PodList at the current revision', async () => {
    const got = await call(sb, 'admin', '/api/v1/namespaces/empty/pods?limit=500', { accept: 'application/json', userAgent: UA });
    assert.equal(got.status, 200);
    assert.equal(got.body, captured('pods-empty-namespace-json').body.replace('"234"', `"${sb.revision()}"`));
  });

  it('plain /api names this server address; /apis lists the groups served', async () => {
    const api = await call(sb, 'admin', '/api', { accept: 'application/json', userAgent: UA });
    assert.equal(api.body, captured('api-plain-json').body.replace('127.0.0.1:6443', `127.0.0.1:${sb.port}`));
    const apis = (await call(sb, 'admin', '/apis', { accept: 'application/json' })).json<{ groups: { name: string }[] }>();
    // The captured groups, then the default scenario's CustomResourceDefinition group.
    assert.deepEqual(apis.groups.map((g) => g.name), [...(JSON.parse(captured('apis-plain-json').body) as { groups: { name: string }[] }).groups.map((g) => g.name), 'demo.kube-trace.dev']);
  });

  it('aggregated discovery with kubectl\'s Accept: v2beta1, public caching, ETag, Vary', async () => {
    const got = await call(sb, 'admin', '/api', { accept: DISCOVERY_ACCEPT, userAgent: UA });
    assert.equal(got.status, 200);
    assert.equal(got.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    assert.equal(got.headers['cache-control'], 'public');
    assert.match(got.headers['etag'] ?? '', /^"[0-9A-F]{128}"$/);
    assert.equal(got.headers['vary'], 'Accept');
    // The captured document itself (every built-in resource of v1.28.7).
    assert.deepEqual(got.json(), JSON.parse(captured('api-aggregated-discovery').body));
    const again = await call(sb, 'admin', '/api', { accept: DISCOVERY_ACCEPT, extraHeaders: { 'If-None-Match': got.headers['etag'] ?? '' } });
    assert.equal(again.status, 304);
  });

  it('SelfSubjectAccessReview: 201, the spec echoed, the RBAC reason, managedFields from the User-Agent', async () => {
    const body = '{"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1", "spec": {"resourceAttributes": {"namespace": "default", "verb": "list", "group": "", "resource": "pods"}}}';
    const norm = (s: string) => s.replace(/"time":"[^"]+"/, '"time":"T"');
    for (const [fixture, who] of [['ssar-list-pods-default-viewer', 'viewer'], ['ssar-list-pods-default-jane', 'nobody'], ['ssar-list-pods-default-admin', 'admin']] as const) {
      const got = await call(sb, who, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { method: 'POST', body, contentType: 'application/json', accept: 'application/json', userAgent: UA });
      assert.equal(got.status, 201, fixture);
      assert.equal(norm(got.body), norm(captured(fixture).body), fixture);
    }
    await sameAs('ssar-list-pods-default-anonymous', 'anonymous', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { method: 'POST', body });
  });

  it('SelfSubjectReview: who the server thinks you are; anonymous may not ask', async () => {
    const norm = (s: string) => s.replace(/"creationTimestamp":"[^"]+"/, '"creationTimestamp":"T"');
    for (const [fixture, who] of [['ssr-viewer', 'viewer'], ['ssr-token', 'token'], ['ssr-admin', 'admin']] as const) {
      const got = await call(sb, who, '/apis/authentication.k8s.io/v1/selfsubjectreviews', { method: 'POST', body: '{"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1"}', contentType: 'application/json', accept: 'application/json', userAgent: UA });
      assert.equal(got.status, 201, fixture);
      assert.equal(norm(got.body), norm(captured(fixture).body), fixture);
    }
    await sameAs('ssr-anonymous', 'anonymous', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { method: 'POST', body: '{"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1"}' });
  });

  it('a large list is sent chunked, headers as captured over HTTP/1.1', async () => {
    const want = captured('pods-default-table-http1.1');
    const got = await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT, userAgent: UA });
    assert.deepEqual(names(got.headerNames), want.headerNames);
    assert.equal(got.headers['transfer-encoding'], 'chunked');
  });

  it('the pods Table: the captured column definitions, one row per pod, PartialObjectMetadata rows', async () => {
    const want = JSON.parse(captured('pods-default-table-http1.1').body) as { columnDefinitions: unknown[]; rows: { cells: unknown[] }[] };
    const got = await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT });
    assert.equal(got.status, 200);
    assert.equal(got.headers['content-type'], 'application/json');
    const t = got.json<{ kind: string; apiVersion: string; metadata: Record<string, unknown>; columnDefinitions: unknown[]; rows: { cells: unknown[]; object: { kind: string; metadata: { name: string; resourceVersion: string } } }[] }>();
    assert.equal(t.kind, 'Table');
    assert.equal(t.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(t.metadata, { resourceVersion: String(sb.revision()) });
    assert.deepEqual(t.columnDefinitions, want.columnDefinitions);
    // Same pods, same READY/STATUS/IP/NODE cells; AGE and "(… ago)" depend on when it runs.
    const stable = (cells: unknown[]) => [cells[0], cells[1], cells[2], String(cells[3]).split(' ')[0], cells[5], cells[6], cells[7], cells[8]];
    assert.deepEqual(t.rows.map((r) => stable(r.cells)), want.rows.map((r) => stable(r.cells)));
    assert.ok(t.rows.every((r) => r.object.kind === 'PartialObjectMetadata' && /^\d+$/.test(r.object.metadata.resourceVersion)));
    // Pods made with `kubectl apply` carry its annotation and managedFields, as in the capture
    // (api-running's status-patch entry is an artifact of how the capture was made).
    const meta = (o: unknown) => JSON.stringify(o).replace(/"(uid|resourceVersion|creationTimestamp|time)":"[^"]*"/g, '"$1":"X"');
    const wantRows = (JSON.parse(captured('pods-default-table-http1.1').body) as { rows: { object: unknown }[] }).rows;
    for (const i of [1, 2, 3]) assert.equal(meta(t.rows[i]?.object), meta(wantRows[i]?.object), t.rows[i]?.object.metadata.name);
  });
});
