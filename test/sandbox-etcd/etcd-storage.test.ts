// EtcdStorage against a real etcd, checked with etcdctl: the revisions it reports are etcd's own, keys
// are kube-apiserver's, values are JSON, and etcd's revision errors become the storage contract's.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEtcdStorage, EtcdUnavailableError, type EtcdStorage } from '../../src/sandbox/storage/etcd.js';
import { FutureRevisionError, prefixEnd, RevisionCompactedError } from '../../src/sandbox/storage/types.js';
import { etcdSkipReason, startEtcd, type RunningEtcd } from '../helpers/etcd.js';

interface CtlKv {
  key: string;
  createRevision: number;
  modRevision: number;
  version: number;
  value: string;
}

interface CtlGet {
  /** Header fields as the decimal digits etcdctl printed (cluster and member ids exceed 2^53). */
  header: { clusterId: string; memberId: string; revision: string; raftTerm: string };
  kvs: CtlKv[];
  count: number;
  more: boolean;
}

/** `etcdctl get ARGS -w json`, decoded. */
async function ctlGet(etcd: RunningEtcd, args: string[]): Promise<CtlGet> {
  const out = await etcd.etcdctl(['get', ...args, '-w', 'json']);
  const digits = (field: string): string => {
    const m = new RegExp(`"${field}":(\\d+)`).exec(out);
    if (!m?.[1]) throw new Error(`no ${field} in ${out}`);
    return m[1];
  };
  const parsed = JSON.parse(out) as {
    kvs?: { key: string; create_revision: number; mod_revision: number; version: number; value: string }[];
    count?: number;
    more?: boolean;
  };
  return {
    header: { clusterId: digits('cluster_id'), memberId: digits('member_id'), revision: digits('revision'), raftTerm: digits('raft_term') },
    kvs: (parsed.kvs ?? []).map((kv) => ({
      key: Buffer.from(kv.key, 'base64').toString('utf8'),
      createRevision: kv.create_revision,
      modRevision: kv.mod_revision,
      version: kv.version,
      value: Buffer.from(kv.value, 'base64').toString('utf8'),
    })),
    count: parsed.count ?? 0,
    more: parsed.more ?? false,
  };
}

const pod = (ns: string, name: string, labels: Record<string, string> = {}): string =>
  JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name, namespace: ns, labels } });

const skip = etcdSkipReason();

describe('EtcdStorage on a real etcd', { skip }, () => {
  let etcd: RunningEtcd;
  let storage: EtcdStorage;
  let seq = 0;
  /** A fresh prefix per test, so each sees only its own keys. */
  const fresh = async (): Promise<{ s: EtcdStorage; prefix: string }> => {
    const prefix = `/t${++seq}`;
    return { s: await createEtcdStorage({ endpoints: [etcd.endpoint], prefix }), prefix };
  };

  before(async () => {
    etcd = await startEtcd();
    storage = await createEtcdStorage({ endpoints: [etcd.endpoint] });
  });
  after(async () => {
    await storage?.close();
    await etcd?.stop();
  });

  it('stores objects under kube-apiserver keys as JSON, readable with etcdctl', async () => {
    await storage.put('/registry/pods/default/nginx', pod('default', 'nginx'));
    const got = await ctlGet(etcd, ['/registry/pods/default/nginx']);
    assert.equal(got.kvs.length, 1);
    assert.equal(got.kvs[0]?.key, '/registry/pods/default/nginx');
    assert.deepEqual(JSON.parse(got.kvs[0]?.value ?? ''), { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'nginx', namespace: 'default', labels: {} } });
  });

  it("knows the server's version, as etcdctl endpoint status reports it", async () => {
    const status = JSON.parse(await etcd.etcdctl(['endpoint', 'status', '-w', 'json'])) as { Status: { version: string } }[];
    assert.equal(storage.serverVersion, status[0]?.Status.version);
    assert.match(storage.serverVersion, /^3\.\d+\.\d+/);
  });

  it('puts keys under its prefix and hands them back without it', async () => {
    const s = await createEtcdStorage({ endpoints: [etcd.endpoint], prefix: '/kube-trace/sandbox-a/' });
    try {
      await s.put('/registry/pods/default/web', pod('default', 'web'));
      const raw = await ctlGet(etcd, ['/kube-trace/sandbox-a/registry/pods/default/web']);
      assert.equal(raw.kvs.length, 1);
      const res = await s.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/') });
      assert.deepEqual(
        res.kvs.map((kv) => kv.key),
        ['/registry/pods/default/web'],
      );
    } finally {
      await s.close();
    }
  });

  it("answers a list with etcd's header revision, and lastHeader() is etcd's real header", async () => {
    const { s, prefix } = await fresh();
    try {
      assert.equal(s.lastHeader(), null);
      await s.put('/registry/pods/default/a', pod('default', 'a'));
      await s.put('/registry/pods/demo/b', pod('demo', 'b'));
      const res = await s.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/') });
      const ctl = await ctlGet(etcd, [`${prefix}/registry/pods/`, '--prefix']);
      assert.equal(String(res.revision), ctl.header.revision);
      assert.deepEqual(s.lastHeader(), ctl.header);
    } finally {
      await s.close();
    }
  });

  it("gives each key etcdctl's create_revision, mod_revision and version", async () => {
    const { s, prefix } = await fresh();
    try {
      await s.put('/registry/pods/default/a', pod('default', 'a'));
      await s.put('/registry/pods/default/b', pod('default', 'b'));
      await s.put('/registry/pods/default/a', pod('default', 'a', { tier: 'web' }));
      await s.put('/registry/pods/default/a', pod('default', 'a', { tier: 'db' }));
      const res = await s.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/') });
      const ctl = await ctlGet(etcd, [`${prefix}/registry/pods/`, '--prefix']);
      assert.deepEqual(
        res.kvs.map((kv) => ({ key: prefix + kv.key, createRevision: kv.createRevision, modRevision: kv.modRevision, version: kv.version, value: kv.value })),
        ctl.kvs,
      );
      assert.equal(res.kvs[0]?.version, 3);
    } finally {
      await s.close();
    }
  });

  it('reads at a past revision return what etcdctl --rev returns', async () => {
    const { s, prefix } = await fresh();
    try {
      const first = await s.put('/registry/pods/default/a', pod('default', 'a', { v: '1' }));
      await s.put('/registry/pods/default/a', pod('default', 'a', { v: '2' }));
      await s.delete('/registry/pods/default/a');
      const now = await s.range({ key: '/registry/pods/default/a' });
      assert.equal(now.kvs.length, 0);
      const then = await s.range({ key: '/registry/pods/default/a', revision: first });
      const ctl = await ctlGet(etcd, [`${prefix}/registry/pods/default/a`, `--rev=${first}`]);
      assert.equal(then.revision, first);
      assert.equal(then.kvs[0]?.value, pod('default', 'a', { v: '1' }));
      assert.equal(then.kvs[0]?.modRevision, ctl.kvs[0]?.modRevision);
      // etcd's header still names the current revision: the glass box shows that one.
      assert.equal(s.lastHeader()?.revision, ctl.header.revision);
    } finally {
      await s.close();
    }
  });

  it('limit returns the first keys with more and the full count, like etcdctl --limit', async () => {
    const { s, prefix } = await fresh();
    try {
      for (const name of ['a', 'b', 'c', 'd']) await s.put(`/registry/pods/default/${name}`, pod('default', name));
      const res = await s.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/'), limit: 2 });
      const ctl = await ctlGet(etcd, [`${prefix}/registry/pods/`, '--prefix', '--limit=2']);
      assert.deepEqual(
        { keys: res.kvs.map((kv) => prefix + kv.key), more: res.more, count: res.count },
        { keys: ctl.kvs.map((kv) => kv.key), more: ctl.more, count: ctl.count },
      );
      assert.deepEqual({ more: res.more, count: res.count }, { more: true, count: 4 });
    } finally {
      await s.close();
    }
  });

  it('reads do not change the revision', async () => {
    await storage.put('/registry/namespaces/default', '{"kind":"Namespace"}');
    const before = await storage.currentRevision();
    await storage.range({ key: '/registry/', rangeEnd: prefixEnd('/registry/') });
    await storage.range({ key: '/registry/pods/default/nginx' });
    await storage.range({ key: '/registry/', rangeEnd: prefixEnd('/registry/'), limit: 1, revision: before - 1 });
    assert.equal(await storage.currentRevision(), before);
    assert.equal((await ctlGet(etcd, ['/registry/namespaces/default'])).header.revision, String(before));
  });

  it('a write returns the new revision, which etcdctl then reports', async () => {
    const rev = await storage.put('/registry/pods/default/redis', pod('default', 'redis'));
    const ctl = await ctlGet(etcd, ['/registry/pods/default/redis']);
    assert.equal(String(rev), ctl.header.revision);
    assert.equal(ctl.kvs[0]?.modRevision, rev);
  });

  it('a read at a revision etcd has not reached fails as FutureRevisionError with the current revision', async () => {
    const current = await storage.currentRevision();
    await assert.rejects(storage.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/'), revision: current + 10 }), (e) => {
      assert.ok(e instanceof FutureRevisionError);
      assert.deepEqual({ requested: e.requested, current: e.current }, { requested: current + 10, current });
      return true;
    });
  });

  it('a read below the compacted revision fails as RevisionCompactedError naming the oldest revision left', async () => {
    const { s } = await fresh();
    try {
      const old = await s.put('/registry/pods/default/a', pod('default', 'a'));
      await s.put('/registry/pods/default/a', pod('default', 'a', { v: '2' }));
      const keep = await s.put('/registry/pods/default/b', pod('default', 'b'));
      await etcd.etcdctl(['compact', String(keep)]);
      await assert.rejects(s.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/'), revision: old }), (e) => {
        assert.ok(e instanceof RevisionCompactedError);
        assert.deepEqual({ requested: e.requested, compacted: e.compacted }, { requested: old, compacted: keep });
        return true;
      });
      const atKeep = await s.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/'), revision: keep });
      assert.equal(atKeep.count, 2);
    } finally {
      await s.close();
    }
  });
});

describe('createEtcdStorage without a reachable etcd', () => {
  it('fails fast with a one-line message naming the endpoint', async () => {
    // A port that was free a moment ago: nothing answers there.
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 1));
      });
    });
    const endpoint = `127.0.0.1:${port}`;
    await assert.rejects(createEtcdStorage({ endpoints: [endpoint] }), (e) => {
      assert.ok(e instanceof EtcdUnavailableError);
      assert.match(e.message, new RegExp(`^etcd is not reachable at ${endpoint.replace(/\./g, '\\.')}: `));
      assert.doesNotMatch(e.message, /\n/);
      assert.ok(e.hint.length > 0);
      return true;
    });
  });

  it('does not load the etcd3 client until an etcd storage is created', async () => {
    const script = [
      "import { createRequire } from 'node:module';",
      'const req = createRequire(import.meta.url);',
      "const loaded = () => Object.keys(req.cache).some((k) => k.includes('/node_modules/etcd3/'));",
      "await import('./src/sandbox/storage/etcd.ts');",
      'const before = loaded();',
      "await import('etcd3');",
      'console.log(JSON.stringify({ before, after: loaded() }));',
    ].join('\n');
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root }, (err, stdout, stderr) =>
        err ? reject(new Error(stderr || err.message)) : resolve(stdout),
      );
    });
    assert.deepEqual(JSON.parse(out), { before: false, after: true });
  });
});
