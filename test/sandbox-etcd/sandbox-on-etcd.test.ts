// A v1.33 sandbox on a real etcd decides where a consistent list is read as kube-apiserver v1.33 does:
// from its watch cache only when etcd supports RequestWatchProgress (≥3.4.31 / ≥3.5.13); on an older
// etcd (3.4.23 on the test machines) from etcd, as before v1.31, and the glass box says why.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { openEtcdScratch } from '../../src/sandbox/storage/scratch.js';
import { etcdSkipReason, startEtcd, type RunningEtcd } from '../helpers/etcd.js';
import { call } from '../sandbox/client.js';

const skip = etcdSkipReason();

/** Hand-written from storage/feature/feature_support_checker.go, so the test does not reuse the code it checks. */
function progressNotifyWorks(version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((n) => Number.parseInt(n, 10));
  if (major !== 3) return major > 3;
  if (minor === 4) return patch >= 31;
  if (minor === 5) return patch >= 13;
  return minor > 5;
}

describe('a v1.33 sandbox on a real etcd', { skip }, () => {
  let etcd: RunningEtcd;
  let sb: RunningSandbox;
  let etcdVersion: string;
  before(async () => {
    etcd = await startEtcd();
    const scratch = await openEtcdScratch([etcd.endpoint]);
    etcdVersion = scratch.etcd.serverVersion;
    sb = await startSandbox({ serverVersion: '1.33', storage: scratch.storage });
  });
  after(async () => {
    await sb?.close();
    await etcd?.stop();
  });

  it('serves a consistent list from the watch cache only if this etcd supports RequestWatchProgress', async () => {
    const r = await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=500', { accept: 'application/json' });
    assert.equal(r.status, 200);
    const storage = sb.glassBox(r.headers['audit-id'] ?? '')?.storage;
    if (progressNotifyWorks(etcdVersion)) {
      assert.equal(storage?.servedFrom, 'watch-cache', etcdVersion);
      assert.ok(storage?.revisionCheck?.etcdHeader, 'the revision check carries etcd\'s header');
      assert.equal(String(storage?.revisionCheck?.revision), r.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion);
    } else {
      assert.equal(storage?.servedFrom, 'storage', etcdVersion);
      assert.equal(storage?.revisionCheck, undefined);
      assert.match(storage?.decision ?? '', new RegExp(`etcd ${etcdVersion.replace(/\./g, '\\.')} has no reliable RequestWatchProgress`));
      assert.ok(storage?.etcdHeader, 'a real etcd read, with etcd\'s header');
    }
  });

  it('resourceVersion=0 comes from the watch cache whatever the etcd version', async () => {
    const r = await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=500&resourceVersion=0', { accept: 'application/json' });
    assert.equal(sb.glassBox(r.headers['audit-id'] ?? '')?.storage?.servedFrom, 'watch-cache');
  });
});
