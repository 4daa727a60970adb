// The sandbox is read-only for clients: every GET and every review leaves the storage revision where
// it was; writes are refused; oversized bodies are refused; many concurrent lists are all served.

import assert from 'node:assert/strict';
import { stat, mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { call, DISCOVERY_ACCEPT, TABLE_ACCEPT } from './client.js';

let sb: RunningSandbox;
before(async () => {
  sb = await startSandbox();
});
after(async () => {
  await sb.close();
});

describe('read-only', () => {
  it('reads and reviews do not move the storage revision', async () => {
    const before = sb.revision();
    const ssar = '{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","spec":{"resourceAttributes":{"namespace":"default","verb":"list","resource":"pods"}}}';
    const statuses = [
      (await call(sb, 'admin', '/api/v1/pods?limit=500', { accept: TABLE_ACCEPT })).status,
      (await call(sb, 'admin', '/api/v1/namespaces/default/pods/nginx')).status,
      (await call(sb, 'admin', '/apis', { accept: DISCOVERY_ACCEPT })).status,
      (await call(sb, 'viewer', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { method: 'POST', body: ssar, contentType: 'application/json' })).status,
      (await call(sb, 'token', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { method: 'POST', body: '{}', contentType: 'application/json' })).status,
      (await call(sb, 'nobody', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { method: 'POST', body: '{"spec":{"namespace":"default"}}', contentType: 'application/json' })).status,
    ];
    assert.deepEqual(statuses, [200, 200, 200, 201, 201, 201]);
    assert.equal(sb.revision(), before);
  });

  // Since the write path (issue 18) the sandbox serves create, update, patch and delete (test/sandbox/writes*.test.ts);
  // what it does not serve stays a 405, and RBAC still refuses first.
  it('writes the sandbox does not serve are refused with 405 for system:masters (403 first for anyone RBAC refuses)', async () => {
    const before = sb.revision();
    const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } });
    for (const [method, path] of [
      ['DELETE', '/api/v1/namespaces/default/pods'],
      ['POST', '/api/v1/namespaces/default/pods/nginx'],
      ['PUT', '/api/v1/namespaces/default/pods'],
      ['PATCH', '/api/v1/namespaces/default/pods'],
    ] as const) {
      const r = await call(sb, 'admin', path, { method, body: pod, contentType: 'application/json' });
      assert.equal(r.status, 405, `${method} ${path}`);
      assert.equal(r.json()['reason'], 'MethodNotAllowed');
    }
    assert.equal((await call(sb, 'viewer', '/api/v1/namespaces/default/pods', { method: 'POST', body: pod, contentType: 'application/json' })).status, 403);
    assert.equal(sb.revision(), before);
  });

  it('a body over 1 MiB is refused with 413', async () => {
    const r = await call(sb, 'admin', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { method: 'POST', body: Buffer.alloc(1024 * 1024 + 1, 0x20), contentType: 'application/json' });
    assert.equal(r.status, 413);
  });

  it('records every request with its Audit-Id and status', async () => {
    const r = await call(sb, 'viewer', '/api/v1/namespaces/default/pods?limit=500', { userAgent: 'kubectl.1.32/v1.32.5' });
    const entry = sb.requests().find((e) => e.auditId === r.headers['audit-id']);
    assert.deepEqual(entry, { method: 'GET', path: '/api/v1/namespaces/default/pods', query: 'limit=500', auditId: r.headers['audit-id'], userAgent: 'kubectl.1.32/v1.32.5', status: 200, httpVersion: '1.1' });
  });
});

describe('load', () => {
  it('serves 200 concurrent list requests without an error', async () => {
    const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => call(sb, i % 2 ? 'admin' : 'viewer', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT })));
    assert.deepEqual([...new Set(replies.map((r) => r.status))], [200]);
    assert.ok(replies.every((r) => r.json<{ rows: unknown[] }>().rows.length === 4));
  });
});

describe('kubeconfig', () => {
  it('is written with mode 0600 and names the four contexts, admin current by default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kube-trace-test-'));
    try {
      const path = join(dir, 'config');
      await sb.writeKubeconfig(path);
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      const kc = parse(await readFile(path, 'utf8')) as { clusters: { name: string; cluster: { server: string } }[]; contexts: { name: string }[]; 'current-context': string };
      assert.equal(kc.clusters[0]?.name, 'kube-trace-sandbox');
      assert.equal(kc.clusters[0]?.cluster.server, sb.url);
      assert.deepEqual(kc.contexts.map((c) => c.name), ['sandbox-admin', 'sandbox-viewer', 'sandbox-nobody', 'sandbox-token']);
      assert.equal(kc['current-context'], 'sandbox-admin');
      await sb.writeKubeconfig(path, { currentContext: 'sandbox-viewer' });
      assert.equal((parse(await readFile(path, 'utf8')) as { 'current-context': string })['current-context'], 'sandbox-viewer');
      assert.throws(() => sb.kubeconfigYaml({ currentContext: 'nope' }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('binds loopback on an ephemeral port', () => {
    assert.equal(sb.address, '127.0.0.1');
    assert.ok(sb.port > 0);
    assert.equal(sb.url, `https://127.0.0.1:${sb.port}`);
  });
});
