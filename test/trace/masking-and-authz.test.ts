// Secrets never reach the trace data; kube-trace's own review requests and the remote-cluster notes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitKubectlStderr } from '../helpers/klog.js';
import { chmodSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startFakeApiServer, fixture } from './helpers/fake-apiserver.js';
import type { FakeApiServer } from './helpers/fake-apiserver.js';
import { environment, fakeApiAsAdmin, getCommand, runAll, stage, tempDir, writeKubeconfig } from './helpers/setup.js';

const TOKEN = 'MARKERTOKEN0123456789abcdef';
const EXEC_TOKEN = 'MARKEREXECTOKEN9876543210';
const PASSWORD = 'MARKERPASSWORD42';

describe('masking', () => {
  let api: FakeApiServer;
  let home: string;
  before(async () => {
    api = await startFakeApiServer({ tokens: { [TOKEN]: 'token-user', [EXEC_TOKEN]: 'exec-user' } });
    home = tempDir();
  });
  after(() => api.close());

  const kc = (name: string, user: Record<string, unknown>) => writeKubeconfig(home, name, { server: api.url, caPem: api.ca.certPem, users: [{ name: 'u', user }] });

  it('a static token is sent but appears in the report only as "Bearer <masked>"', async () => {
    const start = api.requests.length;
    const { report } = await runAll(getCommand({ kubeconfig: kc('tok', { token: TOKEN }) }), environment(home));
    assert.equal(report.output.exitCode, 0, report.output.stderr);
    assert.ok(api.requests.slice(start).every((r) => r.headers.authorization === `Bearer ${TOKEN}`), 'the real token went on the wire');
    assert.ok(!JSON.stringify(report).includes('MARKER'));
    assert.equal(stage(report, 'kubeconfig').data!.user.auth.token?.length, TOKEN.length);
    const headers = stage(report, 'request').data!.request.headers;
    assert.deepEqual(headers.map((h) => h.name), ['Host', 'User-Agent', 'Accept', 'Authorization', 'Kubectl-Command', 'Kubectl-Session', 'Accept-Encoding']);
    assert.equal(headers[3]!.value, 'Bearer <masked>');
  });

  it('a token file (kubectl\'s tokenFile key) is read (and trimmed) but never shown', async () => {
    const file = join(home, 'token-file');
    writeFileSync(file, `${TOKEN}\n`);
    const { report } = await runAll(getCommand({ kubeconfig: kc('tokfile', { tokenFile: file }) }), environment(home));
    assert.equal(report.output.exitCode, 0, report.output.stderr);
    assert.equal(stage(report, 'kubeconfig').data!.user.auth.kind, 'token-file');
    assert.ok(!JSON.stringify(report).includes('MARKER'));
  });

  it('an exec plugin token and the plugin env values are never shown', async () => {
    const script = join(home, 'plugin.sh');
    writeFileSync(script, `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${EXEC_TOKEN}"}}'\n`);
    chmodSync(script, 0o755);
    const { report } = await runAll(
      getCommand({ kubeconfig: kc('exec', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: script, args: ['--profile', 'dev'], env: [{ name: 'PLUGIN_SECRET', value: 'MARKERENVVALUE' }], interactiveMode: 'Never' } }) }),
      environment(home),
    );
    assert.equal(report.output.exitCode, 0, report.output.stderr);
    const auth = stage(report, 'kubeconfig').data!.user.auth;
    assert.deepEqual(auth.exec, { command: script, args: ['--profile', 'dev'], apiVersion: 'client.authentication.k8s.io/v1', envNames: ['PLUGIN_SECRET'] });
    assert.equal(stage(report, 'authz').data!.whoami.available && (stage(report, 'authz').data!.whoami as { username: string }).username, 'exec-user');
    assert.ok(!JSON.stringify(report).includes('MARKER'));
  });

  it('basic auth: username and password are REDACTED, the header masked', async () => {
    const { report } = await runAll(getCommand({ kubeconfig: kc('basic', { username: 'MARKERUSER', password: PASSWORD }) }), environment(home));
    const auth = stage(report, 'kubeconfig').data!.user.auth;
    assert.equal(auth.kind, 'basic');
    assert.match(auth.details[0]!.value, /REDACTED/);
    assert.ok(!JSON.stringify(report).includes('MARKER'));
    assert.ok(!JSON.stringify(report).includes(Buffer.from(`MARKERUSER:${PASSWORD}`).toString('base64')));
  });
});

describe("kube-trace's own requests and what a client can see", () => {
  let api: FakeApiServer;
  let home: string;
  let kubeconfig: string;
  before(async () => {
    ({ api, home, kubeconfig } = await fakeApiAsAdmin({ namespace: 'demo' }));
  });
  after(() => api.close());

  it('asks SelfSubjectReview and SelfSubjectAccessReview for exactly this verb, resource and namespace', async () => {
    const start = api.requests.length;
    const { report } = await runAll(getCommand({ kubeconfig }), environment(home));
    const posts = api.requests.slice(start).filter((r) => r.method === 'POST');
    assert.deepEqual(posts.map((p) => p.url), ['/apis/authentication.k8s.io/v1/selfsubjectreviews', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews']);
    assert.deepEqual(JSON.parse(posts[1]!.body).spec, { resourceAttributes: { verb: 'list', group: '', resource: 'pods', namespace: 'demo' } });
    assert.match(String(posts[0]!.headers['user-agent']), /^kube-trace\//);
    const authz = stage(report, 'authz').data!;
    assert.equal(authz.whoami.available && authz.whoami.username, 'admin');
    assert.deepEqual(authz.exchanges?.map((e) => [e.by, e.purpose, e.method, e.status]), [['kube-trace', 'self-subject-review', 'POST', 201], ['kube-trace', 'self-subject-access-review', 'POST', 201]]);
    assert.equal(authz.whoami.available && authz.whoami.exchangeId, authz.exchanges?.[0]?.id);
    assert.deepEqual(report.exchanges?.map((e) => e.purpose), ['version', 'discovery', 'discovery', 'list', 'self-subject-review', 'self-subject-access-review']);
    assert.deepEqual(report.exchanges?.map((e) => e.id), [1, 2, 3, 4, 5, 6]);
    assert.equal(authz.access.available && authz.access.allowed, true);
    assert.deepEqual(stage(report, 'kubeconfig').data!.namespace, { value: 'demo', source: 'context' });
    assert.equal(authz.insideApiServer, null);
    assert.match(authz.insideApiServerNote, /^Not observable on a remote cluster/);
    assert.equal(stage(report, 'etcd').data!.insideApiServer, null);
  });

  it('-A asks the access review with no namespace', async () => {
    const start = api.requests.length;
    await runAll(getCommand({ kubeconfig, allNamespaces: true }), environment(home));
    const ssar = api.requests.slice(start).find((r) => r.url.endsWith('selfsubjectaccessreviews'))!;
    assert.deepEqual(JSON.parse(ssar.body).spec, { resourceAttributes: { verb: 'list', group: '', resource: 'pods' } });
  });

  it('says when the server lacks SelfSubjectReview (404)', async () => {
    api.handlers.push((req) => (req.url.startsWith('/apis/authentication.k8s.io/v1/selfsubjectreviews') ? { status: 404, body: '404 page not found', headers: { 'Content-Type': 'text/plain' } } : undefined));
    try {
      const { report } = await runAll(getCommand({ kubeconfig }), environment(home));
      const who = stage(report, 'authz').data!.whoami;
      assert.equal(who.available, false);
      assert.match(!who.available ? who.reason : '', /does not serve SelfSubjectReview/);
    } finally {
      api.handlers.length = 0;
    }
  });

  it("reports kubectl's discovery cache when it is fresh", async () => {
    const dir = join(home, '.kube', 'cache', 'discovery', `127.0.0.1_${api.port}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'servergroups.json'), '{}');
    const { report } = await runAll(getCommand({ kubeconfig }), environment(home));
    assert.equal(stage(report, 'request').data!.discovery.cache.wouldUseCache, true);
    assert.equal(stage(report, 'request').data!.discovery.cache.dir, dir);
    const old = new Date(Date.now() - 7 * 3600_000);
    utimesSync(join(dir, 'servergroups.json'), old, old);
    const { report: r2 } = await runAll(getCommand({ kubeconfig }), environment(home));
    assert.equal(stage(r2, 'request').data!.discovery.cache.wouldUseCache, false);
  });

  it("with a fresh kubectl cache, a refused discovery does not stop the trace: kubectl would map from its cache and fail on the list", async () => {
    const cacheHome = tempDir();
    const dir = join(cacheHome, '.kube', 'cache', 'discovery', `127.0.0.1_${api.port}`);
    mkdirSync(join(dir, 'v1'), { recursive: true });
    writeFileSync(join(dir, 'servergroups.json'), JSON.stringify({ kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: '', versions: [{ groupVersion: 'v1', version: 'v1' }], preferredVersion: { groupVersion: 'v1', version: 'v1' } }] }));
    writeFileSync(join(dir, 'v1', 'serverresources.json'), fixture('api-v1-resourcelist'));
    api.handlers.push(() => ({ status: 401, body: fixture('pods-default-badtoken-unauthorized') }));
    try {
      const { report } = await runAll(getCommand({ kubeconfig }), environment(cacheHome));
      assert.equal(stage(report, 'request').status, 'ok');
      assert.match(stage(report, 'request').data!.discovery.cache.reason, /cached mapping/);
      assert.equal(stage(report, 'authz').error?.kind, 'unauthorized');
      assert.equal(report.output.stderr, 'error: You must be logged in to the server (Unauthorized)\n');
      const cold = await runAll(getCommand({ kubeconfig }), environment(tempDir()));
      assert.equal(stage(cold.report, 'request').error?.kind, 'unauthorized', 'cold cache: discovery is where kubectl fails');
      const coldOut = splitKubectlStderr(cold.report.output.stderr);
      assert.equal(coldOut.last, 'error: You must be logged in to the server (the server has asked for the client to provide credentials)');
      assert.equal(coldOut.klog.length, 5, 'kubectl logs each of its five discovery attempts before giving up');
    } finally {
      api.handlers.length = 0;
    }
  });

  it('falls back to legacy discovery (/api/v1 …) when the server has no aggregated discovery', async () => {
    api.handlers.push((req) => {
      const path = req.url.split('?')[0];
      if (path === '/api') return { status: 200, body: fixture('api-plain-json') };
      if (path === '/apis') return { status: 200, body: JSON.stringify({ kind: 'APIGroupList', apiVersion: 'v1', groups: [] }) };
      if (path === '/api/v1') return { status: 200, body: fixture('api-v1-resourcelist') };
      return undefined;
    });
    try {
      const { report } = await runAll(getCommand({ kubeconfig, resource: 'po' }), environment(home));
      const req = stage(report, 'request').data!;
      assert.equal(req.discovery.format, 'legacy');
      assert.deepEqual(req.discovery.exchanges.map((e) => new URL(e.url).pathname), ['/api', '/apis', '/api/v1']);
      assert.equal(req.mapping.resource, 'pods');
      assert.equal(req.mapping.kind, 'Pod');
    } finally {
      api.handlers.length = 0;
    }
  });

  it('decodes gzip responses and pages through continue tokens (real limit=1 fixtures)', async () => {
    api.handlers.push((req) => {
      if (!req.url.startsWith('/api/v1/namespaces/demo/pods')) return undefined;
      // The captured second page still has a continue token (there were more pods): end the list there.
      const page2 = JSON.parse(fixture('pods-default-limit1-page2-json')) as { metadata: { continue?: string; remainingItemCount?: number } };
      delete page2.metadata.continue;
      delete page2.metadata.remainingItemCount;
      const body = req.url.includes('continue=') ? JSON.stringify(page2) : fixture('pods-default-limit1-json');
      return { status: 200, body: gzipSync(body), headers: { 'Content-Encoding': 'gzip' } };
    });
    try {
      const { report } = await runAll(getCommand({ kubeconfig, output: 'json', chunkSize: 1 }), environment(home));
      const etcd = stage(report, 'etcd').data!;
      assert.equal(etcd.pages.length, 2);
      assert.deepEqual(etcd.pages[0]!.continue?.decoded, { v: 'meta.k8s.io/v1', rv: 234, start: 'api-running\u0000' });
      assert.equal(etcd.pages[1]!.continue, null);
      assert.ok(stage(report, 'response').data!.exchanges[1]!.url.endsWith('?continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MjM0LCJzdGFydCI6ImFwaS1ydW5uaW5nXHUwMDAwIn0&limit=1&timeout=5s'), 'continue sorts first, as url.Values.Encode does');
      assert.equal(etcd.listResourceVersion, '234');
      assert.equal(etcd.consistentRead, true);
      assert.equal(etcd.items.length, 2);
      assert.equal(etcd.items[0]!.key, '/registry/pods/default/api-running');
    } finally {
      api.handlers.length = 0;
    }
  });
});
