// The test helper's real etcd: its own ports and data dir, healthy when handed over, gone after stop();
// and what EtcdStorage says when that etcd goes away under it.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createEtcdStorage, EtcdUnavailableError } from '../../src/sandbox/storage/etcd.js';
import { etcdSkipReason, startEtcd } from '../helpers/etcd.js';

const skip = etcdSkipReason();

describe('startEtcd', { skip }, () => {
  it('starts a healthy etcd on loopback ports of its own and removes everything on stop()', async () => {
    const etcd = await startEtcd();
    try {
      assert.match(etcd.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(etcd.peerUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(etcd.endpoint.split(':')[2], etcd.peerUrl.split(':')[2]);
      assert.ok(existsSync(etcd.dataDir));
      const health = (await (await fetch(`${etcd.endpoint}/health`)).json()) as { health: string };
      assert.equal(health.health, 'true');
    } finally {
      await etcd.stop();
    }
    assert.equal(existsSync(etcd.dataDir), false);
    await assert.rejects(fetch(`${etcd.endpoint}/health`));
    await etcd.stop(); // a second stop is harmless
  });

  it('two etcds run side by side without sharing ports', async () => {
    const [a, b] = await Promise.all([startEtcd(), startEtcd()]);
    try {
      assert.notEqual(a.endpoint, b.endpoint);
      assert.notEqual(a.dataDir, b.dataDir);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('EtcdStorage reports a stopped etcd as EtcdUnavailableError, in one line', async () => {
    const etcd = await startEtcd();
    const storage = await createEtcdStorage({ endpoints: [etcd.endpoint] });
    try {
      await storage.put('/registry/pods/default/a', '{}');
      await etcd.stop();
      await assert.rejects(storage.range({ key: '/registry/pods/default/a' }), (e) => {
        assert.ok(e instanceof EtcdUnavailableError);
        assert.match(e.message, /^etcd at http:\/\/127\.0\.0\.1:\d+ failed: /);
        assert.doesNotMatch(e.message, /\n/);
        return true;
      });
    } finally {
      await storage.close();
      await etcd.stop();
    }
  });
});
