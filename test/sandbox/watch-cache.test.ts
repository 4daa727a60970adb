// Where a list is served from, per server version, and what the glass box records about it:
// v1.28 reads a consistent list from storage; v1.33 serves it from the watch cache after a limit=1
// read of the resource key told the current revision (KEP-2340, cacher/delegator.go). Continue pages
// go to storage in both; resourceVersion=0 comes from the cache, ignoring limit. The sandbox's cache is
// a real copy at a revision: when someone else writes to the store, resourceVersion=0 lags behind until
// a consistent read makes the cache catch up (the v1.33.3 capture's etcd/rv-comparison.txt: 343 vs 345).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GlassBoxRecord } from '../../src/glassbox/types.js';
import { startSandbox, type RunningSandbox, type ServerVersion } from '../../src/sandbox/index.js';
import { MemoryStorage } from '../../src/sandbox/storage/memory.js';
import { watchProgressSupport } from '../../src/sandbox/storage/watch-progress.js';
import type { Storage } from '../../src/sandbox/storage/types.js';
import { call } from './client.js';

type StorageRecord = NonNullable<GlassBoxRecord['storage']>;
interface PodList {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: { metadata: { name: string } }[];
}

const sandboxes = new Map<ServerVersion, RunningSandbox>();
before(async () => {
  for (const v of ['1.28', '1.33'] as const) sandboxes.set(v, await startSandbox({ serverVersion: v }));
});
after(async () => {
  for (const sb of sandboxes.values()) await sb.close();
});

async function read(v: ServerVersion, query: string): Promise<{ body: PodList; storage: StorageRecord }> {
  const sb = sandboxes.get(v) as RunningSandbox;
  const r = await call(sb, 'admin', `/api/v1/namespaces/default/pods${query}`, { accept: 'application/json' });
  assert.equal(r.status, 200, r.body);
  const storage = sb.glassBox(r.headers['audit-id'] ?? '')?.storage;
  assert.ok(storage, 'the glass box has the storage read');
  return { body: r.json<PodList>(), storage };
}

const start = (token: string | undefined): string => (JSON.parse(Buffer.from(token ?? '', 'base64url').toString('utf8')) as { start: string }).start;

describe('a consistent list (no resourceVersion), as kubectl get pods sends it', () => {
  it('v1.28: a range read from storage at the current revision, no revision check', async () => {
    const { body, storage } = await read('1.28', '?limit=500');
    assert.equal(storage.servedFrom, 'storage');
    assert.equal(storage.consistent, true);
    assert.equal(storage.key, '/registry/pods/default/');
    assert.equal(storage.revisionCheck, undefined);
    assert.equal(storage.watchCache, undefined);
    assert.equal(String(storage.revision), body.metadata.resourceVersion);
    assert.match(storage.decision ?? '', /consistent read from storage/);
  });

  it('v1.33: first a limit=1 read of /registry/pods for the current revision, then the watch cache at that revision', async () => {
    const sb = sandboxes.get('1.33') as RunningSandbox;
    const { body, storage } = await read('1.33', '?limit=500');
    assert.equal(storage.servedFrom, 'watch-cache');
    assert.equal(storage.consistent, true);
    assert.equal(storage.revisionCheck?.operation, 'get');
    assert.equal(storage.revisionCheck?.key, '/registry/pods');
    assert.equal(storage.revisionCheck?.limit, 1);
    assert.equal(storage.revisionCheck?.count, 0, 'the resource key itself is no object');
    assert.equal(storage.revisionCheck?.revision, sb.revision());
    assert.equal(storage.watchCache?.revision, sb.revision());
    assert.equal(storage.watchCache?.caughtUp, 'already-current');
    assert.equal(body.metadata.resourceVersion, String(sb.revision()));
    assert.equal(storage.count, 4);
    assert.match(storage.decision ?? '', /ConsistentListFromCache/);
  });
});

describe('pages', () => {
  it('v1.28: every page from storage, tokens without a leading slash', async () => {
    const first = await read('1.28', '?limit=1');
    assert.equal(first.storage.servedFrom, 'storage');
    assert.equal(start(first.body.metadata.continue), 'api-running\u0000');
    const second = await read('1.28', `?limit=1&continue=${first.body.metadata.continue}`);
    assert.equal(second.storage.servedFrom, 'storage');
    assert.deepEqual(second.body.items.map((i) => i.metadata.name), ['nginx']);
  });

  it('v1.33: the first page from the cache (start "/api-running"), the next from storage at its revision (start "nginx"), same pods in order', async () => {
    const first = await read('1.33', '?limit=1');
    assert.equal(first.storage.servedFrom, 'watch-cache');
    assert.equal(first.storage.limit, 1);
    assert.equal(first.storage.more, true);
    assert.equal(first.body.metadata.remainingItemCount, 3);
    assert.equal(start(first.body.metadata.continue), '/api-running\u0000');
    const names = first.body.items.map((i) => i.metadata.name);
    let token = first.body.metadata.continue;
    while (token) {
      const page = await read('1.33', `?limit=1&continue=${token}`);
      assert.equal(page.storage.servedFrom, 'storage');
      assert.equal(page.body.metadata.resourceVersion, first.body.metadata.resourceVersion);
      assert.match(page.storage.decision ?? '', /continue token/);
      names.push(...page.body.items.map((i) => i.metadata.name));
      token = page.body.metadata.continue;
      if (token) assert.doesNotMatch(start(token), /^\//);
    }
    assert.deepEqual(names, ['api-running', 'nginx', 'redis', 'web-with-sidecar']);
  });
});

describe('a resourceVersion', () => {
  it('=0: the watch cache in both, the limit ignored', async () => {
    for (const v of ['1.28', '1.33'] as const) {
      const { body, storage } = await read(v, '?limit=1&resourceVersion=0');
      assert.equal(storage.servedFrom, 'watch-cache', v);
      assert.equal(storage.limit, 0, v);
      assert.equal(body.items.length, 4, v);
      assert.equal(body.metadata.continue, undefined, v);
    }
  });

  it('NotOlderThan with a limit: v1.28 reads storage (its cache does not page), v1.33 pages from the cache', async () => {
    const rv = (sandboxes.get('1.33') as RunningSandbox).revision();
    const old = await read('1.28', `?limit=1&resourceVersion=${(sandboxes.get('1.28') as RunningSandbox).revision()}&resourceVersionMatch=NotOlderThan`);
    assert.equal(old.storage.servedFrom, 'storage');
    const now = await read('1.33', `?limit=1&resourceVersion=${rv}&resourceVersionMatch=NotOlderThan`);
    assert.equal(now.storage.servedFrom, 'watch-cache');
    assert.equal(now.body.items.length, 1);
    assert.equal(start(now.body.metadata.continue), '/api-running\u0000');
  });

  it('Exact, and the legacy resourceVersion=N with a limit, read storage at N in both', async () => {
    for (const v of ['1.28', '1.33'] as const) {
      const exact = await read(v, '?resourceVersion=3&resourceVersionMatch=Exact');
      assert.deepEqual([exact.storage.servedFrom, exact.storage.revision], ['storage', 3], v);
      const legacy = await read(v, '?limit=1&resourceVersion=3');
      assert.deepEqual([legacy.storage.servedFrom, legacy.storage.revision], ['storage', 3], v);
    }
  });
});

describe('the cache is a copy at a revision', () => {
  for (const v of ['1.28', '1.33'] as const) {
    it(`v${v}: after a write behind the sandbox's back, resourceVersion=0 still answers from the older copy`, async () => {
      const storage: Storage = new MemoryStorage();
      const sb = await startSandbox({ serverVersion: v, storage });
      try {
        const seeded = sb.revision();
        const pod = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'zz-late', namespace: 'default', uid: 'u', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { containers: [] }, status: { phase: 'Pending' } };
        await storage.put('/registry/pods/default/zz-late', JSON.stringify(pod));
        const lagging = await call(sb, 'admin', '/api/v1/namespaces/default/pods?resourceVersion=0');
        assert.equal(lagging.json<PodList>().metadata.resourceVersion, String(seeded));
        assert.ok(!lagging.body.includes('zz-late'));
        const consistent = await call(sb, 'admin', '/api/v1/namespaces/default/pods');
        assert.ok(consistent.body.includes('zz-late'), 'a consistent list sees the write');
        assert.equal(consistent.json<PodList>().metadata.resourceVersion, String(seeded + 1));
        const rec = sb.glassBox(consistent.headers['audit-id'] ?? '')?.storage;
        if (v === '1.33') {
          assert.deepEqual([rec?.servedFrom, rec?.watchCache?.revisionBefore, rec?.watchCache?.revision, rec?.watchCache?.caughtUp], ['watch-cache', seeded, seeded + 1, 'relisted']);
          const now = await call(sb, 'admin', '/api/v1/namespaces/default/pods?resourceVersion=0');
          assert.ok(now.body.includes('zz-late'), 'the consistent read moved the cache');
        } else {
          assert.equal(rec?.servedFrom, 'storage');
          const still = await call(sb, 'admin', '/api/v1/namespaces/default/pods?resourceVersion=0');
          assert.ok(!still.body.includes('zz-late'), 'in v1.28 a consistent list does not go through the cache');
          const asked = await call(sb, 'admin', `/api/v1/namespaces/default/pods?resourceVersion=${seeded + 1}`);
          assert.ok(asked.body.includes('zz-late'), 'resourceVersion=N waits until the cache is at N');
        }
      } finally {
        await sb.close();
      }
    });
  }
});

describe('etcd versions that cannot back a consistent read from the cache', () => {
  it('kube-apiserver needs RequestWatchProgress: etcd ≥3.4.31 on 3.4, ≥3.5.13 on 3.5', () => {
    const etcd = (serverVersion: string): Storage => ({ backend: 'etcd', serverVersion }) as unknown as Storage;
    const supported = (v: string) => watchProgressSupport(etcd(v)).supported;
    assert.deepEqual(['3.4.23', '3.4.30', '3.4.31', '3.5.0', '3.5.12', '3.5.13', '3.5.16', '3.6.0', 'garbage'].map(supported), [false, false, true, false, false, true, true, true, false]);
    assert.equal(watchProgressSupport(new MemoryStorage()).supported, true);
  });
});
