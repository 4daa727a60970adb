// Objects of every kind live on a real etcd under kube-apiserver's keys for their resources, and are
// read back through the same paths as pods (a GET from etcd, a list with a continue token).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { openEtcdScratch } from '../../src/sandbox/storage/scratch.js';
import { etcdSkipReason, startEtcd, type RunningEtcd } from '../helpers/etcd.js';
import { call } from '../sandbox/client.js';

const skip = etcdSkipReason();

describe('the default scenario\'s kinds on a real etcd', { skip }, () => {
  let etcd: RunningEtcd;
  let sb: RunningSandbox;
  before(async () => {
    etcd = await startEtcd();
    const scratch = await openEtcdScratch([etcd.endpoint]);
    sb = await startSandbox({ serverVersion: '1.28', storage: scratch.storage });
  });
  after(async () => {
    await sb?.close();
    await etcd?.stop();
  });

  for (const [path, key] of [
    ['/apis/apps/v1/namespaces/kube-system/deployments/coredns', '/registry/deployments/kube-system/coredns'],
    ['/api/v1/namespaces/default/services/kubernetes', '/registry/services/specs/default/kubernetes'],
    ['/apis/apiextensions.k8s.io/v1/customresourcedefinitions/backups.demo.kube-trace.dev', '/registry/apiextensions.k8s.io/customresourcedefinitions/backups.demo.kube-trace.dev'],
    ['/apis/demo.kube-trace.dev/v1/namespaces/default/backups/redis-nightly', '/registry/demo.kube-trace.dev/backups/default/redis-nightly'],
  ] as const) {
    it(`GET ${path} reads etcd key ${key}`, async () => {
      const r = await call(sb, 'admin', path, { accept: 'application/json' });
      assert.equal(r.status, 200);
      const storage = sb.glassBox(r.headers['audit-id'] ?? '')?.storage;
      assert.equal(storage?.key, key);
      assert.equal(storage?.backend, 'etcd');
      assert.ok(storage?.etcdHeader, 'etcd\'s own response header');
    });
  }

  it('a paged list of ServiceAccounts across namespaces goes to etcd and follows its continue token (v1.28)', async () => {
    const first = (await call(sb, 'admin', '/api/v1/serviceaccounts?limit=3', { accept: 'application/json' })).json<{ metadata: { continue?: string }; items: { metadata: { namespace: string; name: string } }[] }>();
    assert.equal(first.items.length, 3);
    const next = await call(sb, 'admin', `/api/v1/serviceaccounts?limit=100&continue=${encodeURIComponent(first.metadata.continue ?? '')}`, { accept: 'application/json' });
    const rest = next.json<{ items: { metadata: { namespace: string; name: string } }[] }>().items;
    assert.equal(sb.glassBox(next.headers['audit-id'] ?? '')?.storage?.servedFrom, 'storage');
    const all = [...first.items, ...rest].map((i) => `${i.metadata.namespace}/${i.metadata.name}`);
    assert.deepEqual(all, [...all].sort(), 'in key order');
    assert.ok(all.includes('kube-system/coredns') && all.includes('demo/default'));
  });
});
