// The in-memory store and the real-etcd store answer the same table of reads and writes.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEtcdStorage } from '../../src/sandbox/storage/etcd.js';
import { MemoryStorage } from '../../src/sandbox/storage/memory.js';
import { etcdSkipReason, startEtcd, type RunningEtcd } from '../helpers/etcd.js';
import { expected, runCase, STORAGE_CASES } from './storage-cases.js';

describe('storage contract on the in-memory store', () => {
  for (const c of STORAGE_CASES) {
    it(c.name, async () => {
      assert.deepEqual(await runCase(new MemoryStorage(), c), expected(c));
    });
  }
});

const skip = etcdSkipReason();

describe('storage contract on a real etcd', { skip }, () => {
  let etcd: RunningEtcd | undefined;
  before(async () => {
    etcd = await startEtcd();
  });
  after(async () => {
    await etcd?.stop();
  });

  STORAGE_CASES.forEach((c, i) => {
    it(c.name, async () => {
      if (!etcd) throw new Error('etcd did not start');
      // Each case under its own prefix: it sees only its own keys, while revisions stay etcd's global ones.
      const storage = await createEtcdStorage({ endpoints: [etcd.endpoint], prefix: `/contract-${i}` });
      try {
        assert.deepEqual(await runCase(storage, c), expected(c));
      } finally {
        await storage.close();
      }
    });
  });
});
