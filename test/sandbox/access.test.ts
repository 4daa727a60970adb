// Who may do what: authentication in kube's order, RBAC deny-by-default, discovery for everyone
// signed in, /version and /healthz even for anonymous, the glass box for system:masters only.

import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { call, credentials, DISCOVERY_ACCEPT, TABLE_ACCEPT, type Identity } from './client.js';

let sb: RunningSandbox;
before(async () => {
  sb = await startSandbox();
});
after(async () => {
  await sb.close();
});

const MATRIX: [string, string, Record<Identity, number>][] = [
  ['list pods in default', '/api/v1/namespaces/default/pods?limit=500', { admin: 200, viewer: 200, nobody: 403, token: 403, badtoken: 401, anonymous: 403 }],
  ['list pods in demo', '/api/v1/namespaces/demo/pods?limit=500', { admin: 200, viewer: 403, nobody: 403, token: 403, badtoken: 401, anonymous: 403 }],
  ['list pods in all namespaces', '/api/v1/pods?limit=500', { admin: 200, viewer: 403, nobody: 403, token: 403, badtoken: 401, anonymous: 403 }],
  ['get one pod in default', '/api/v1/namespaces/default/pods/nginx', { admin: 200, viewer: 200, nobody: 403, token: 403, badtoken: 401, anonymous: 403 }],
  ['list namespaces', '/api/v1/namespaces', { admin: 200, viewer: 403, nobody: 403, token: 403, badtoken: 401, anonymous: 403 }],
  ['list nodes', '/api/v1/nodes', { admin: 200, viewer: 403, nobody: 403, token: 403, badtoken: 401, anonymous: 403 }],
  ['discovery /api', '/api', { admin: 200, viewer: 200, nobody: 200, token: 200, badtoken: 401, anonymous: 403 }],
  ['discovery /apis', '/apis', { admin: 200, viewer: 200, nobody: 200, token: 200, badtoken: 401, anonymous: 403 }],
  ['/version', '/version', { admin: 200, viewer: 200, nobody: 200, token: 200, badtoken: 401, anonymous: 200 }],
  ['/healthz', '/healthz', { admin: 200, viewer: 200, nobody: 200, token: 200, badtoken: 401, anonymous: 200 }],
];

describe('the authentication × authorization matrix', () => {
  for (const [what, path, expected] of MATRIX) {
    it(what, async () => {
      const got: Record<string, number> = {};
      for (const who of Object.keys(expected) as Identity[]) {
        got[who] = (await call(sb, who, path, { accept: path === '/api' || path === '/apis' ? DISCOVERY_ACCEPT : TABLE_ACCEPT })).status;
      }
      assert.deepEqual(got, expected);
    });
  }

  it('forbidden names the object when the request names one', async () => {
    const r = await call(sb, 'nobody', '/api/v1/namespaces/default/pods/nginx');
    assert.equal(r.json()['message'], 'pods "nginx" is forbidden: User "nobody" cannot get resource "pods" in API group "" in the namespace "default"');
    assert.deepEqual(r.json()['details'], { name: 'nginx', kind: 'pods' });
  });

  it('a non-resource path is refused with the path in the message', async () => {
    const r = await call(sb, 'anonymous', '/api');
    assert.equal(r.status, 403);
    assert.equal(r.json()['message'], 'forbidden: User "system:anonymous" cannot get path "/api"');
  });

  it('a client certificate from another CA is not trusted: 401', async () => {
    const other = await startSandbox();
    try {
      const { credentials } = await import('./client.js');
      const foreign = credentials(other, 'admin');
      const mine = credentials(sb, 'admin');
      const { request } = await import('node:https');
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${sb.url}/version`, { ca: mine.ca, cert: foreign.cert, key: foreign.key, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(status, 401);
    } finally {
      await other.close();
    }
  });
});

describe('impersonation (kubectl --as)', () => {
  it('system:masters may act as another user, who then gets that user\'s rights', async () => {
    const asViewer = { 'Impersonate-User': 'viewer' };
    assert.equal((await call(sb, 'admin', '/api/v1/namespaces/default/pods', { extraHeaders: asViewer })).status, 200);
    const demo = await call(sb, 'admin', '/api/v1/namespaces/demo/pods', { extraHeaders: asViewer });
    assert.equal(demo.status, 403);
    assert.match(String(demo.json()['message']), /User "viewer" cannot list/);
  });

  it('anyone else is refused the impersonate verb', async () => {
    const r = await call(sb, 'viewer', '/api/v1/namespaces/default/pods', { extraHeaders: { 'Impersonate-User': 'kubernetes-admin' } });
    assert.equal(r.status, 403);
    assert.equal(r.json()['message'], 'users "kubernetes-admin" is forbidden: User "viewer" cannot impersonate resource "users" in API group "" at the cluster scope');
  });
});

describe('priority and fairness headers', () => {
  it('system:masters is exempt; everyone else lands in global-default, with stable UIDs', async () => {
    const admin = await call(sb, 'admin', '/version');
    const viewer = await call(sb, 'viewer', '/version');
    assert.equal(admin.headers['x-kubernetes-pf-flowschema-uid'], 'cd369928-9e64-4137-9261-af4fa87b6602');
    assert.equal(viewer.headers['x-kubernetes-pf-flowschema-uid'], 'e12ebf8c-4312-4de1-ab95-66de9fc7669d');
    assert.equal(viewer.headers['x-kubernetes-pf-prioritylevel-uid'], '1a2f5c1c-78c1-48ce-ac4a-d88e508f260b');
    assert.match(admin.headers['audit-id'] ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(admin.headers['audit-id'], viewer.headers['audit-id']);
  });
});

describe('the glass box', () => {
  it('records authentication, flow control, the RBAC chain that allowed the request, the storage read and the Table', async () => {
    const r = await call(sb, 'viewer', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT });
    const id = r.headers['audit-id'] ?? '';
    const g = await call(sb, 'admin', `/kube-trace/v1/glassbox/${id}`);
    assert.equal(g.status, 200);
    const rec = g.json<import('../../src/glassbox/types.js').GlassBoxRecord>();
    assert.equal(rec.auditId, id);
    // v1.33 (the default) adds the certificate's credential id: X509SHA256=<sha256 of its DER>.
    const der = new X509Certificate(credentials(sb, 'viewer').cert ?? '').raw;
    const credentialId = `X509SHA256=${createHash('sha256').update(der).digest('hex')}`;
    assert.deepEqual(rec.authentication, { authenticator: 'x509', authenticated: true, user: { username: 'viewer', groups: ['system:authenticated'], extra: { 'authentication.kubernetes.io/credential-id': [credentialId] } }, detail: 'client certificate CN=viewer O=[] verified against the sandbox CA' });
    assert.equal(rec.priorityAndFairness?.flowSchema, 'global-default');
    assert.equal(rec.authorization?.decision, 'allow');
    assert.equal(rec.authorization?.reason, 'RBAC: allowed by RoleBinding "viewer-pod-reader/default" of Role "pod-reader" to User "viewer"');
    assert.deepEqual(rec.authorization?.matched?.binding, { kind: 'RoleBinding', name: 'viewer-pod-reader', namespace: 'default' });
    assert.deepEqual(rec.authorization?.matched?.rule, { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] });
    assert.equal(rec.storage?.key, '/registry/pods/default/');
    assert.equal(rec.storage?.rangeEnd, '/registry/pods/default0');
    assert.equal(rec.storage?.revision, sb.revision());
    assert.equal(rec.storage?.limit, 500);
    assert.equal(rec.storage?.count, 4);
    assert.equal(rec.storage?.more, false);
    assert.equal(rec.storage?.encoding, 'json');
    assert.ok((rec.storage?.bytes ?? 0) > 0);
    // v1.33: a consistent list from the watch cache, after a limit=1 read of /registry/pods told the current revision.
    assert.equal(rec.storage?.servedFrom, 'watch-cache');
    assert.equal(rec.storage?.consistent, true);
    assert.deepEqual({ ...rec.storage?.revisionCheck, durationMs: 0 }, { operation: 'get', key: '/registry/pods', limit: 1, revision: sb.revision(), count: 0, durationMs: 0 });
    const allPods = (await call(sb, 'admin', '/api/v1/pods')).json<{ items: unknown[] }>().items.length;
    assert.deepEqual(rec.storage?.watchCache, { resourcePrefix: '/registry/pods/', revisionBefore: sb.revision(), revision: sb.revision(), caughtUp: 'already-current', keys: allPods });
    assert.deepEqual(rec.conversion, { to: 'Table', rows: 4 });
    assert.equal(rec.response?.status, 200);
    assert.deepEqual(rec.steps.map((s) => s.step), ['authentication', 'priority-and-fairness', 'authorization', 'storage', 'conversion', 'response']);
    assert.deepEqual(sb.glassBox(id), rec);
  });

  it('a member of system:masters: allowed by the privileged-group authorizer alone, no binding, role or rule (kube-apiserver never asks RBAC)', async () => {
    const r = await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT });
    const z = sb.glassBox(r.headers['audit-id'] ?? '')?.authorization;
    assert.equal(z?.decision, 'allow');
    assert.equal(z?.authorizer, 'privileged-group');
    assert.equal(z?.reason, 'allowed by the privileged-group authorizer: kubernetes-admin is in system:masters; RBAC was not asked');
    assert.equal(z?.matched, null);
    assert.deepEqual(z?.considered, []);
    // What kube-apiserver itself answers for it: allowed, with no reason (ssar-list-pods-default-admin).
    const ssar = await call(sb, 'admin', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { method: 'POST', contentType: 'application/json', body: '{"spec":{"resourceAttributes":{"namespace":"default","verb":"list","resource":"pods"}}}' });
    assert.deepEqual(ssar.json()['status'], { allowed: true });
  });

  it('anyone else: RBAC decides, naming the binding, role and rule', async () => {
    const r = await call(sb, 'viewer', '/api/v1/namespaces/default/pods/nginx');
    const z = sb.glassBox(r.headers['audit-id'] ?? '')?.authorization;
    assert.equal(z?.authorizer, 'rbac');
    assert.deepEqual(z?.matched?.role, { kind: 'Role', name: 'pod-reader', namespace: 'default' });
    assert.deepEqual(z?.matched?.subject, { kind: 'User', name: 'viewer' });
  });

  it('a denial lists every binding considered and has no storage read', async () => {
    const crbs = (await call(sb, 'admin', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings')).json<{ items: unknown[] }>().items.length;
    const rbs = (await call(sb, 'admin', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings')).json<{ items: unknown[] }>().items.length;
    const r = await call(sb, 'nobody', '/api/v1/namespaces/default/pods?limit=500');
    const z = sb.glassBox(r.headers['audit-id'] ?? '')?.authorization;
    assert.equal(z?.authorizer, 'rbac');
    assert.equal(z?.considered.length, crbs + rbs, 'every ClusterRoleBinding and every RoleBinding in default');
  });

  it('a denial lists what was considered and has no storage read', async () => {
    const r = await call(sb, 'nobody', '/api/v1/namespaces/default/pods?limit=500');
    const rec = sb.glassBox(r.headers['audit-id'] ?? '');
    assert.equal(rec?.authorization?.decision, 'no-opinion');
    assert.equal(rec?.authorization?.matched, null);
    assert.ok((rec?.authorization?.considered ?? []).some((c) => c.includes('RoleBinding "viewer-pod-reader/default"')));
    assert.equal(rec?.storage, null);
    assert.equal(rec?.response?.status, 403);
  });

  it('a 401 is recorded as a rejected authentication', async () => {
    const r = await call(sb, 'badtoken', '/version');
    const rec = sb.glassBox(r.headers['audit-id'] ?? '');
    assert.equal(rec?.authentication.authenticator, 'bearer-token');
    assert.equal(rec?.authentication.user, null);
    assert.ok(!JSON.stringify(rec).includes('not-a-valid-token'), 'the presented token is never recorded');
    assert.equal(rec?.priorityAndFairness, null);
  });

  it('is served to system:masters only', async () => {
    const r = await call(sb, 'admin', '/version');
    const id = r.headers['audit-id'] ?? '';
    for (const who of ['viewer', 'nobody', 'token', 'anonymous'] as const) {
      const g = await call(sb, who, `/kube-trace/v1/glassbox/${id}`);
      assert.equal(g.status, 403, who);
      assert.equal(g.json()['kind'], 'Status');
    }
    assert.equal((await call(sb, 'admin', '/kube-trace/v1/glassbox/no-such-id')).status, 404);
  });
});
