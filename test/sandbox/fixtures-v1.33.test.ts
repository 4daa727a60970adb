// A v1.33 sandbox answers like kube-apiserver v1.33.3: same status codes, the same header names in the
// same order (over HTTP/2 exactly as Go's http2 server writes them), the same bytes wherever the body
// does not depend on the cluster's contents, and the same connection handling: GOAWAY after an
// anonymous or 401 request on HTTP/2 (test/fixtures/real-apiserver-v1.33, README "Differences").

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { findOnPath } from '../helpers/kubectl.js';
import { call, captured, credentials, DISCOVERY_ACCEPT, TABLE_ACCEPT, type Identity } from './client.js';

const UA = 'realk8s-fixture-capture/curl';
const NODE_ONLY = new Set(['connection', 'keep-alive']);
const V133 = fileURLToPath(new URL('../fixtures/real-apiserver-v1.33/', import.meta.url));

let sb: RunningSandbox;
let old: RunningSandbox;
before(async () => {
  sb = await startSandbox({ scenario: 'captured', serverVersion: '1.33' });
  old = await startSandbox({ scenario: 'captured', serverVersion: '1.28' });
});
after(async () => {
  await sb.close();
  await old.close();
});

const rename = (s: string, pairs: [string, string][]): string => pairs.reduce((t, [a, b]) => t.split(a).join(b), s);

/** As fixtures.test.ts: over HTTP/1.1 with names compared case-insensitively, and over HTTP/2 with the captured names exactly. */
async function sameAs(fixture: string, who: Identity, path: string, opts: { accept?: string; method?: string; body?: string; rename?: [string, string][] } = {}): Promise<void> {
  const want = captured(fixture, '1.33');
  const expected = rename(want.body, opts.rename ?? []);
  const request = { accept: opts.accept ?? 'application/json', userAgent: UA, method: opts.method, body: opts.body, contentType: opts.body ? 'application/json' : undefined };
  const h1 = await call(sb, who, path, request);
  assert.equal(h1.status, want.status, `${fixture}: status`);
  assert.equal(h1.body, expected, `${fixture}: body`);
  const lower = (l: string[]) => l.map((n) => n.toLowerCase()).filter((n) => n !== 'content-length' && !NODE_ONLY.has(n));
  assert.deepEqual(lower(h1.headerNames), lower(want.headerNames), `${fixture}: header names`);
  if (want.httpVersion !== '2') return;
  const h2 = await call(sb, who, path, { ...request, protocol: 'h2' });
  assert.equal(h2.status, want.status, `${fixture} over HTTP/2: status`);
  assert.equal(h2.body, expected, `${fixture} over HTTP/2: body`);
  assert.deepEqual(h2.headerNames, want.headerNames, `${fixture} over HTTP/2: header names`);
}

const SSAR = '{"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1", "spec": {"resourceAttributes": {"namespace": "default", "verb": "list", "group": "", "resource": "pods"}}}';
const SSR = '{"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1"}';

describe('byte-for-byte with the v1.33.3 captures', () => {
  it('/version has the emulation and minCompatibility fields, indented, over HTTP/2 and HTTP/1.1', async () => {
    await sameAs('version', 'admin', '/version');
    const want = captured('version-http1.1', '1.33');
    const got = await call(sb, 'admin', '/version', { accept: 'application/json', userAgent: UA });
    assert.deepEqual(got.headerNames.filter((n) => !NODE_ONLY.has(n.toLowerCase())), want.headerNames);
    assert.equal(got.body, want.body);
    assert.equal(sb.gitVersion, 'v1.33.3');
  });

  it('anonymous /version is 200; a bad token is 401 even there', async () => {
    await sameAs('version-anonymous', 'anonymous', '/version');
    await sameAs('version-badtoken-unauthorized', 'badtoken', '/version');
  });

  it('Status errors: 401, 403 for anonymous and for a user without RBAC, 400s, 404s', async () => {
    await sameAs('pods-default-badtoken-unauthorized', 'badtoken', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT });
    await sameAs('pods-default-no-credentials', 'anonymous', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT });
    await sameAs('pods-default-jane-forbidden-json', 'nobody', '/api/v1/namespaces/default/pods?limit=500', { rename: [['\\"jane\\"', '\\"nobody\\"']] });
    await sameAs('pods-default-fieldselector-unsupported-field', 'admin', '/api/v1/namespaces/default/pods?fieldSelector=spec.containers.image%3Dnginx');
    await sameAs('pods-default-labelselector-invalid', 'admin', '/api/v1/namespaces/default/pods?labelSelector=app%20in%20%28');
    await sameAs('pods-default-continue-invalid', 'admin', '/api/v1/namespaces/default/pods?limit=1&continue=garbage');
    await sameAs('pod-get-notfound', 'admin', '/api/v1/namespaces/default/pods/no-such-pod');
    await sameAs('namespace-nonexistent-get', 'admin', '/api/v1/namespaces/does-not-exist');
    await sameAs('ssr-v1beta1-admin', 'admin', '/apis/authentication.k8s.io/v1beta1/selfsubjectreviews', { method: 'POST', body: '{"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1beta1"}' });
  });

  it('an empty namespace lists as an empty PodList at the current revision', async () => {
    const got = await call(sb, 'admin', '/api/v1/namespaces/empty/pods?limit=500', { accept: 'application/json', userAgent: UA });
    assert.equal(got.body, captured('pods-empty-namespace-json', '1.33').body.replace(/"resourceVersion":"\d+"/, `"resourceVersion":"${sb.revision()}"`));
  });

  it('SelfSubjectAccessReview for admin (no RBAC reason: system:masters decides), viewer, jane, token and anonymous', async () => {
    const norm = (s: string) => s.replace(/"time":"[^"]+"/, '"time":"T"');
    for (const [fixture, who] of [['ssar-list-pods-default-admin', 'admin'], ['ssar-list-pods-default-viewer', 'viewer'], ['ssar-list-pods-default-jane', 'nobody'], ['ssar-list-pods-default-token', 'token']] as const) {
      const got = await call(sb, who, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { method: 'POST', body: SSAR, contentType: 'application/json', accept: 'application/json', userAgent: UA });
      assert.equal(got.status, 201, fixture);
      assert.equal(norm(got.body), norm(captured(fixture, '1.33').body), fixture);
    }
    await sameAs('ssar-list-pods-default-anonymous', 'anonymous', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { method: 'POST', body: SSAR });
  });
});

describe('what v1.33 changed', () => {
  it('SelfSubjectReview: client-certificate users carry credential-id X509SHA256=<sha256 of the certificate DER>; the token user none', async () => {
    const norm = (s: string) => s.replace(/"creationTimestamp":"[^"]+"/, '"creationTimestamp":"T"').replace(/X509SHA256=[0-9a-f]{64}/, 'X509SHA256=H');
    for (const [fixture, who] of [['ssr-viewer', 'viewer'], ['ssr-jane', 'nobody']] as const) {
      const got = await call(sb, who, '/apis/authentication.k8s.io/v1/selfsubjectreviews', { method: 'POST', body: SSR, contentType: 'application/json', accept: 'application/json', userAgent: UA });
      assert.equal(got.status, 201);
      assert.equal(norm(got.body), norm(rename(captured(fixture, '1.33').body, [['"jane"', '"nobody"']])), fixture);
      const der = new X509Certificate(credentials(sb, who).cert ?? '').raw;
      const extra = got.json<{ status: { userInfo: { extra: Record<string, string[]> } } }>().status.userInfo.extra;
      assert.deepEqual(extra, { 'authentication.kubernetes.io/credential-id': [`X509SHA256=${createHash('sha256').update(der).digest('hex')}`] });
    }
    const token = await call(sb, 'token', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { method: 'POST', body: SSR, contentType: 'application/json' });
    assert.equal(token.json<{ status: { userInfo: { extra?: unknown } } }>().status.userInfo.extra, undefined);
    const before = await call(old, 'viewer', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { method: 'POST', body: SSR, contentType: 'application/json' });
    assert.equal(before.json<{ status: { userInfo: { extra?: unknown } } }>().status.userInfo.extra, undefined, 'v1.28 has no credential id');
  });

  it('aggregated discovery is v2 only: kubectl 1.33\'s Accept gets v2, v2-only 200, v2beta1-only 406 (v1.28: the reverse)', async () => {
    for (const root of ['/api', '/apis']) {
      const name = root === '/api' ? 'api' : 'apis';
      const k133 = await call(sb, 'admin', root, { accept: DISCOVERY_ACCEPT, userAgent: UA, protocol: 'h2' });
      assert.equal(k133.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
      // content-length only where the body fits Go's write buffer: the sandbox's trimmed document does, the real one does not.
      const noLength = (l: string[]) => l.filter((n) => n !== 'content-length');
      assert.deepEqual(noLength(k133.headerNames), noLength(captured(`${name}-aggregated-discovery`, '1.33').headerNames));
      assert.equal(k133.json()['apiVersion'], 'apidiscovery.k8s.io/v2');
      assert.equal((await call(sb, 'admin', root, { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' })).status, 200);
      await sameAs(`${name}-aggregated-discovery-v2beta1-only`, 'admin', root, { accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList' });
      const v128 = await call(old, 'admin', root, { accept: DISCOVERY_ACCEPT });
      assert.equal(v128.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    }
  });

  it('kubectl 1.28\'s discovery Accept (v2beta1, then JSON) gets the plain APIGroupList, so it asks each group version', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
    const want = captured('apis-discovery-kubectl128-accept', '1.33');
    const got = await call(sb, 'admin', '/apis', { accept, userAgent: UA, protocol: 'h2' });
    assert.equal(got.status, 200);
    assert.equal(got.headers['content-type'], 'application/json');
    assert.deepEqual(got.headerNames, want.headerNames);
    // The captured list itself (the sandbox serves every group the real server lists), then the group of the default scenario's CRD.
    const body = got.json<{ groups: { name: string }[] }>();
    assert.deepEqual({ ...body, groups: body.groups.slice(0, -1) }, JSON.parse(want.body));
    assert.equal(body.groups.at(-1)?.name, 'demo.kube-trace.dev');
  });

  const kubectl128 = (() => {
    const k = findOnPath('kubectl');
    const real = k ? realpathSync(k) : null;
    const p = real ? join(dirname(real), 'kubectl.1.28') : '';
    return p && existsSync(p) ? p : null;
  })();
  it('real kubectl 1.28 with a cold cache then asks every group version (kubectl/96 of the v1.33.3 capture); kubectl 1.33 does not', { skip: kubectl128 ? false : 'kubectl.1.28 is not installed' }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kube-trace-k128-'));
    try {
      const kubeconfig = join(dir, 'kubeconfig');
      await sb.writeKubeconfig(kubeconfig);
      const run = (bin: string, home: string) => new Promise<void>((resolve) => execFile(bin, ['--kubeconfig', kubeconfig, 'get', 'pods'], { env: { HOME: join(dir, home), PATH: process.env['PATH'] ?? '' } }, () => resolve()));
      const seen = (agent: string): string[] => sb.requests().filter((r) => r.userAgent.startsWith(agent) && r.path !== '/api/v1/namespaces/default/pods').map((r) => r.path);
      await run(kubectl128 ?? '', 'home-128');
      // The captured run's 22 discovery requests: /api, /apis, /api/v1 and every group version.
      const groupVersions = (JSON.parse(captured('apis-discovery-kubectl128-accept', '1.33').body) as { groups: { versions: { groupVersion: string }[] }[] }).groups.flatMap((g) => g.versions.map((gv) => `/apis/${gv.groupVersion}`));
      assert.equal(groupVersions.length, 20);
      assert.deepEqual([...new Set(seen('kubectl.1.28/'))].sort(), ['/api', '/api/v1', '/apis', ...groupVersions, '/apis/demo.kube-trace.dev/v1'].sort(), 'and the default scenario\'s CRD group');
      const k133 = join(dirname(kubectl128 ?? ''), 'kubectl.1.33');
      if (existsSync(k133)) {
        await run(k133, 'home-133');
        assert.deepEqual([...new Set(seen('kubectl.1.33/'))].sort(), ['/api', '/apis'], 'aggregated discovery: two requests');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('pods have metadata.generation (1); v1.28 pods none', async () => {
    const pod = (await call(sb, 'admin', '/api/v1/namespaces/default/pods/nginx')).json<{ metadata: Record<string, unknown> }>().metadata;
    const want = (JSON.parse(readFileSync(`${V133}http/pod-get-nginx-json.json`, 'utf8')) as { metadata: Record<string, unknown> }).metadata;
    assert.equal(pod['generation'], 1);
    assert.deepEqual(Object.keys(pod), Object.keys(want).filter((k) => k in pod), 'generation sits where Go puts it (after resourceVersion)');
    const before = (await call(old, 'admin', '/api/v1/namespaces/default/pods/nginx')).json<{ metadata: Record<string, unknown> }>().metadata;
    assert.equal(before['generation'], undefined);
  });

  it('the pod Table: the v1.33.3 column definitions (the Node column\'s new description)', async () => {
    const want = JSON.parse(captured('pods-default-table', '1.33').body) as { columnDefinitions: unknown[] };
    const got = (await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT })).json<{ columnDefinitions: unknown[]; rows: { object: { metadata: { generation?: number } } }[] }>();
    assert.deepEqual(got.columnDefinitions, want.columnDefinitions);
    assert.ok(got.rows.every((r) => r.object.metadata.generation === 1), 'row objects carry generation too');
    const before = (await call(old, 'admin', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT })).json<{ columnDefinitions: { name: string; description: string }[] }>();
    assert.notEqual(before.columnDefinitions.find((c) => c.name === 'Node')?.description, (want.columnDefinitions as { name: string; description: string }[]).find((c) => c.name === 'Node')?.description);
  });

  it('a first page from the watch cache: its continue token\'s start key has a leading slash; the next page (from etcd) has none', async () => {
    const page1 = (await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=1')).json<{ metadata: { resourceVersion: string; continue: string; remainingItemCount: number } }>();
    const capturedToken = JSON.parse(captured('pods-default-limit1-json', '1.33').body) as { metadata: { continue: string; remainingItemCount: number } };
    const decode = (t: string) => JSON.parse(Buffer.from(t, 'base64url').toString('utf8')) as { v: string; rv: number; start: string };
    assert.deepEqual(decode(page1.metadata.continue), { ...decode(capturedToken.metadata.continue), rv: Number(page1.metadata.resourceVersion) });
    assert.equal(page1.metadata.remainingItemCount, capturedToken.metadata.remainingItemCount);
    const page2 = (await call(sb, 'admin', `/api/v1/namespaces/default/pods?limit=1&continue=${page1.metadata.continue}`)).json<{ metadata: { continue: string } }>();
    const capturedPage2 = JSON.parse(captured('pods-default-limit1-page2-json', '1.33').body) as { metadata: { continue: string } };
    assert.deepEqual(decode(page2.metadata.continue), { ...decode(capturedPage2.metadata.continue), rv: Number(page1.metadata.resourceVersion) });
  });
});

describe('HTTP/2 connection handling (UnauthenticatedHTTP2DOSMitigation, on from v1.29)', () => {
  it('an anonymous request and a 401 are followed by GOAWAY (last stream 1); authenticated requests, 403 included, keep the connection', async () => {
    const goaway = async (s: RunningSandbox, who: Identity, path: string) => (await call(s, who, path, { protocol: 'h2', accept: 'application/json' })).goaway;
    assert.deepEqual(await goaway(sb, 'anonymous', '/api/v1/namespaces/default/pods?limit=500'), { errorCode: 0, lastStreamID: 1 });
    assert.deepEqual(await goaway(sb, 'anonymous', '/version'), { errorCode: 0, lastStreamID: 1 });
    assert.deepEqual(await goaway(sb, 'badtoken', '/api/v1/namespaces/default/pods?limit=500'), { errorCode: 0, lastStreamID: 1 });
    assert.equal(await goaway(sb, 'nobody', '/api/v1/namespaces/default/pods?limit=500'), undefined);
    assert.equal(await goaway(sb, 'admin', '/api/v1/namespaces/default/pods?limit=500'), undefined);
    assert.equal(await goaway(old, 'anonymous', '/api/v1/namespaces/default/pods?limit=500'), undefined, 'v1.28.7 has the gate off');
  });

  it('the glass box says the connection ended after the response', async () => {
    const r = await call(sb, 'anonymous', '/version', { protocol: 'h2' });
    assert.deepEqual(sb.glassBox(r.headers['audit-id'] ?? '')?.response?.goaway, { reason: 'the request is anonymous (system:anonymous)' });
    const h1 = await call(sb, 'anonymous', '/version');
    assert.equal(sb.glassBox(h1.headers['audit-id'] ?? '')?.response?.goaway, undefined, 'HTTP/1.1 keeps its connection');
  });

  const curl = findOnPath('curl');
  it('curl -v sees what it saw against v1.33.3: GOAWAY and a closed connection, or the connection left intact', { skip: curl ? false : 'curl is not installed' }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kube-trace-curl-'));
    try {
      const ca = join(dir, 'ca.crt');
      await writeFile(ca, sb.caPem);
      const admin = credentials(sb, 'admin');
      const nobody = credentials(sb, 'nobody');
      await writeFile(join(dir, 'admin.crt'), admin.cert ?? '');
      await writeFile(join(dir, 'admin.key'), admin.key ?? '', { mode: 0o600 });
      await writeFile(join(dir, 'jane.crt'), nobody.cert ?? '');
      await writeFile(join(dir, 'jane.key'), nobody.key ?? '', { mode: 0o600 });
      await writeFile(join(dir, 'badtoken.txt'), 'not-a-valid-token');
      for (const name of ['pods-default-no-credentials', 'pods-default-no-credentials-http1.1', 'pods-default-badtoken-unauthorized', 'pods-default-json', 'pods-default-jane-forbidden-json']) {
        const text = readFileSync(`${V133}http/${name}.curl-v.txt`, 'utf8');
        const command = (/^# (curl .*)$/m.exec(text)?.[1] ?? '').replace('https://127.0.0.1:6443', sb.url).replace(/certs\//g, `${dir}/`);
        const stderr = await new Promise<string>((resolve) => execFile('sh', ['-c', command], { cwd: dir }, (_e, _o, err) => resolve(err)));
        const marks = (s: string) => s.split('\n').filter((l) => /GOAWAY|^< HTTP|Closing connection|left intact/.test(l)).map((l) => l.trimEnd());
        assert.deepEqual(marks(stderr), marks(text), name);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
