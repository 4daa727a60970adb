// The built-in scenarios and --objects: each world holds what its name promises.

import assert from 'node:assert/strict';
import { request } from 'node:https';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startSandbox, SCENARIOS, type RunningSandbox } from '../../src/sandbox/index.js';
import { call, credentials, TABLE_ACCEPT } from './client.js';

async function withSandbox<T>(opts: Parameters<typeof startSandbox>[0], fn: (sb: RunningSandbox) => Promise<T>): Promise<T> {
  const sb = await startSandbox(opts);
  try {
    return await fn(sb);
  } finally {
    await sb.close();
  }
}

async function statuses(sb: RunningSandbox, path: string): Promise<Record<string, string>> {
  const t = (await call(sb, 'admin', path, { accept: TABLE_ACCEPT })).json<{ rows: { cells: string[] }[] }>();
  return Object.fromEntries(t.rows.map((r) => [r.cells[0], r.cells[2]]));
}

describe('scenarios', () => {
  it('lists the scenario names', () => {
    assert.deepEqual([...SCENARIOS], ['default', 'captured', 'forbidden', 'empty', 'crashloop', 'many', 'broken-tls', 'watch-demo']);
  });

  it('rejects an unknown scenario', async () => {
    await assert.rejects(startSandbox({ scenario: 'nope' }), /unknown scenario "nope"/);
  });

  const rowsByNamespace = async (sb: RunningSandbox, path: string): Promise<(ns: string) => string[]> => {
    const all = (await call(sb, 'admin', path, { accept: TABLE_ACCEPT })).json<{ rows: { cells: string[]; object: { metadata: { namespace: string } } }[] }>();
    return (ns) => all.rows.filter((r) => r.object.metadata.namespace === ns).map((r) => r.cells.join(' '));
  };

  it('default: the learner\'s first table is a healthy small cluster (Running on nodes, with IPs, one container restarting); the other states are in demo', () =>
    withSandbox({}, async (sb) => {
      const byNs = await rowsByNamespace(sb, '/api/v1/pods');
      const cols = (ns: string) => byNs(ns).map((r) => r.split(' ').slice(0, 3).join(' '));
      assert.deepEqual(cols('default'), ['api-running 2/2 Running', 'nginx 1/1 Running', 'redis 1/1 Running', 'web-with-sidecar 2/2 Running']);
      assert.deepEqual(cols('demo'), ['nginx 0/1 Pending', 'report-28391520-x7k2p 0/1 Completed', 'worker 0/1 CrashLoopBackOff']);
      assert.ok(byNs('kube-system').length >= 5);
      // -o wide's columns: every default pod has an IP and a node, and only api-running has restarted.
      const wide = (await call(sb, 'admin', '/api/v1/namespaces/default/pods?includeObject=None', { accept: TABLE_ACCEPT })).json<{ rows: { cells: (string | number)[] }[] }>();
      for (const r of wide.rows) {
        assert.match(String(r.cells[5]), /^10\.244\.\d+\.\d+$/, `${String(r.cells[0])} has a pod IP`);
        assert.match(String(r.cells[6]), /^node-[12]$/, `${String(r.cells[0])} is on a node`);
      }
      assert.deepEqual(wide.rows.map((r) => [r.cells[0], String(r.cells[3]).split(' ')[0]]), [['api-running', '2'], ['nginx', '0'], ['redis', '0'], ['web-with-sidecar', '0']]);
    }));

  it('captured: the default namespace as the captured v1.28.7 cluster had it (no kubelet: all but api-running Pending)', () =>
    withSandbox({ scenario: 'captured' }, async (sb) => {
      const byNs = await rowsByNamespace(sb, '/api/v1/pods');
      const cols = (ns: string) => byNs(ns).map((r) => r.split(' ').slice(0, 3).join(' '));
      assert.deepEqual(cols('default'), ['api-running 2/2 Running', 'nginx 0/1 Pending', 'redis 0/1 Pending', 'web-with-sidecar 0/2 Pending']);
      assert.deepEqual(cols('demo'), ['nginx 0/1 Pending', 'report-28391520-x7k2p 0/1 Completed', 'worker 0/1 CrashLoopBackOff']);
    }));

  it('forbidden: the kubeconfig\'s current context has no RBAC', () =>
    withSandbox({ scenario: 'forbidden' }, async (sb) => {
      assert.match(sb.kubeconfigYaml(), /current-context: sandbox-nobody/);
    }));

  it('empty: default has no pods, other namespaces still do', () =>
    withSandbox({ scenario: 'empty' }, async (sb) => {
      assert.deepEqual(await statuses(sb, '/api/v1/namespaces/default/pods'), {});
      assert.ok(Object.keys(await statuses(sb, '/api/v1/namespaces/kube-system/pods')).length > 0);
    }));

  it('crashloop: every STATUS kubectl can print', () =>
    withSandbox({ scenario: 'crashloop' }, async (sb) => {
      const got = await statuses(sb, '/api/v1/namespaces/default/pods');
      assert.deepEqual(got, {
        'completed': 'Completed',
        'container-creating': 'ContainerCreating',
        'crashloop': 'CrashLoopBackOff',
        'error': 'Error',
        'evicted': 'Evicted',
        'image-pull-backoff': 'ImagePullBackOff',
        'image-pull-error': 'ErrImagePull',
        'init-crashloop': 'Init:CrashLoopBackOff',
        'init-exitcode': 'Init:ExitCode:1',
        'init-running': 'Init:0/2',
        'node-lost': 'Unknown',
        'not-ready': 'Running',
        'oom-killed': 'OOMKilled',
        'running': 'Running',
        'scheduling-gated': 'SchedulingGated',
        'signal-killed': 'Signal:9',
        'terminating': 'Terminating',
      });
    }));

  it('many: 5,000 pods, 1,000 in default, so kubectl\'s 500-item pages need a continue', () =>
    withSandbox({ scenario: 'many' }, async (sb) => {
      const all = (await call(sb, 'admin', '/api/v1/pods?limit=1', { accept: 'application/json' })).json<{ metadata: { remainingItemCount: number } }>();
      assert.equal(all.metadata.remainingItemCount + 1, 5000);
      const page1 = (await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT })).json<{ metadata: { continue?: string; remainingItemCount?: number }; rows: unknown[] }>();
      assert.equal(page1.rows.length, 500);
      assert.equal(page1.metadata.remainingItemCount, 500);
      const page2 = (await call(sb, 'admin', `/api/v1/namespaces/default/pods?limit=500&continue=${page1.metadata.continue}`, { accept: TABLE_ACCEPT })).json<{ metadata: { continue?: string }; rows: unknown[] }>();
      assert.equal(page2.rows.length, 500);
      assert.equal(page2.metadata.continue, undefined);
      // v1.33 (the default) admits every pod with metadata.generation 1, in Go's field order.
      const one = (await call(sb, 'admin', '/api/v1/pods?limit=1', { accept: 'application/json' })).json<{ items: { metadata: Record<string, unknown> }[] }>().items[0]?.metadata ?? {};
      assert.equal(one['generation'], 1);
      assert.deepEqual(Object.keys(one).slice(Object.keys(one).indexOf('resourceVersion'), Object.keys(one).indexOf('resourceVersion') + 3), ['resourceVersion', 'generation', 'creationTimestamp']);
    }));

  it('crashloop in v1.33: a pod being deleted has generation 2, the others 1; in v1.28 none has one', async () => {
    const generations = async (sb: RunningSandbox): Promise<Record<string, unknown>> =>
      Object.fromEntries((await call(sb, 'admin', '/api/v1/namespaces/default/pods', { accept: 'application/json' })).json<{ items: { metadata: { name: string; generation?: number } }[] }>().items.map((p) => [p.metadata.name, p.metadata.generation]));
    const now = await withSandbox({ scenario: 'crashloop', serverVersion: '1.33' }, generations);
    assert.equal(now['terminating'], 2);
    assert.ok(Object.entries(now).every(([name, g]) => g === (name === 'terminating' || name === 'node-lost' ? 2 : 1)), JSON.stringify(now));
    const before = await withSandbox({ scenario: 'crashloop', serverVersion: '1.28' }, generations);
    assert.ok(Object.values(before).every((g) => g === undefined));
  });

  it('broken-tls: the server certificate is for another name, so verification fails', () =>
    withSandbox({ scenario: 'broken-tls' }, async (sb) => {
      const c = credentials(sb, 'admin');
      const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
        const req = request(`${sb.url}/version`, { ca: c.ca, cert: c.cert, key: c.key, agent: false }, (res) => {
          res.resume();
          resolve(Object.assign(new Error(`unexpected ${res.statusCode}`), { code: 'NONE' }));
        });
        req.on('error', (e: NodeJS.ErrnoException) => resolve(e));
        req.end();
      });
      assert.equal(err.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    }));
});

describe('--objects FILE.yaml', () => {
  it('replaces the content: namespaces, pods with their status, nodes and RBAC', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kube-trace-objects-'));
    const file = join(dir, 'objects.yaml');
    await writeFile(file, `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: cart, namespace: shop, labels: {app: cart}}
spec:
  containers: [{name: cart, image: "shop/cart:2"}]
status:
  phase: Running
  podIP: 10.0.0.7
  containerStatuses:
  - {name: cart, ready: true, restartCount: 1, image: "shop/cart:2", imageID: "", started: true, state: {running: {startedAt: "2026-01-01T00:00:00Z"}}, lastState: {}}
---
apiVersion: v1
kind: Pod
metadata: {name: lonely}
spec:
  containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Node
metadata: {name: big-node}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: viewer-edits-shop, namespace: shop}
subjects: [{kind: User, name: viewer, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: ClusterRole, name: cluster-admin, apiGroup: rbac.authorization.k8s.io}
`);
    try {
      await withSandbox({ objectsFile: file }, async (sb) => {
        assert.deepEqual(await statuses(sb, '/api/v1/namespaces/shop/pods'), { cart: 'Running' });
        assert.deepEqual(await statuses(sb, '/api/v1/namespaces/default/pods'), { lonely: 'Pending' });
        const ns = (await call(sb, 'admin', '/api/v1/namespaces', { accept: TABLE_ACCEPT })).json<{ rows: { cells: string[] }[] }>();
        assert.deepEqual(ns.rows.map((r) => r.cells[0]), ['default', 'shop']);
        assert.equal((await call(sb, 'viewer', '/api/v1/namespaces/shop/pods')).status, 200);
        assert.equal((await call(sb, 'viewer', '/api/v1/namespaces/default/pods')).status, 403);
      });
      // Any kind the imitated server serves is stored (a Deployment, since issue 17); one it does not serve is refused.
      await writeFile(file, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n');
      await withSandbox({ objectsFile: file }, async (sb) => {
        assert.equal((await call(sb, 'admin', '/apis/apps/v1/namespaces/default/deployments/d')).status, 200);
      });
      await writeFile(file, 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\n');
      await assert.rejects(startSandbox({ objectsFile: file }), /unsupported object extensions\/v1beta1\/Deployment/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
