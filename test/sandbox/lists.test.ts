// Lists as kube-apiserver serves them: label and field selectors, limit/continue pages read at the
// first page's revision, resourceVersion semantics, and the items' resourceVersions = mod revisions.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { call, TABLE_ACCEPT } from './client.js';

let sb: RunningSandbox;
before(async () => {
  sb = await startSandbox({ serverVersion: '1.28' });
});
after(async () => {
  await sb.close();
});

interface PodList {
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: { metadata: { name: string; namespace: string; resourceVersion: string } }[];
}

async function names(path: string): Promise<string[]> {
  const r = await call(sb, 'admin', path, { accept: 'application/json' });
  assert.equal(r.status, 200, `${path}: ${r.body}`);
  return r.json<PodList>().items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`);
}

describe('label selectors', () => {
  const cases: [string, string[]][] = [
    ['app=nginx', ['default/nginx']],
    ['app==nginx', ['default/nginx']],
    ['app!=nginx', ['default/api-running', 'default/redis', 'default/web-with-sidecar']],
    ['tier in (frontend,backend)', ['default/api-running', 'default/nginx', 'default/web-with-sidecar']],
    ['tier notin (frontend,backend)', ['default/redis']],
    ['app', ['default/api-running', 'default/nginx', 'default/redis', 'default/web-with-sidecar']],
    ['!app', []],
    ['app,tier=frontend', ['default/nginx', 'default/web-with-sidecar']],
    ['app=nope', []],
  ];
  for (const [selector, want] of cases) {
    it(selector, async () => {
      assert.deepEqual(await names(`/api/v1/namespaces/default/pods?labelSelector=${encodeURIComponent(selector)}`), want);
    });
  }

  it('a malformed selector is a 400 with the parser\'s message', async () => {
    for (const [sel, msg] of [
      ['app in (', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
      ['app=nginx,', "found '', expected: identifier after ','"],
      ['app nginx', "unable to parse requirement: found 'nginx', expected: in, notin, =, ==, !=, gt, lt"],
    ] as const) {
      const r = await call(sb, 'admin', `/api/v1/namespaces/default/pods?labelSelector=${encodeURIComponent(sel)}`);
      assert.equal(r.status, 400, sel);
      assert.equal(r.json()['message'], msg, sel);
    }
  });
});

describe('field selectors', () => {
  it('status.phase=Running across namespaces', async () => {
    const got = await names('/api/v1/pods?fieldSelector=status.phase%3DRunning');
    assert.ok(got.includes('default/api-running') && got.includes('default/nginx') && got.includes('demo/worker'));
    assert.ok(!got.includes('demo/nginx'), 'demo/nginx is Pending');
    assert.ok(!got.includes('demo/report-28391520-x7k2p'), 'the job pod has Succeeded');
  });

  it('spec.nodeName, metadata.name, != and several terms', async () => {
    assert.deepEqual(await names('/api/v1/namespaces/default/pods?fieldSelector=spec.nodeName%3Dnode-1'), ['default/api-running', 'default/redis']);
    assert.deepEqual(await names('/api/v1/namespaces/default/pods?fieldSelector=spec.nodeName!%3Dnode-1'), ['default/nginx', 'default/web-with-sidecar']);
    assert.deepEqual(await names('/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dredis'), ['default/redis']);
    assert.deepEqual(await names('/api/v1/namespaces/demo/pods?fieldSelector=status.phase!%3DPending,metadata.namespace%3Ddemo'), ['demo/report-28391520-x7k2p', 'demo/worker']);
    assert.deepEqual(await names('/api/v1/namespaces/default/pods?fieldSelector=status.podIP%3D10.244.0.5'), ['default/api-running']);
    assert.deepEqual(await names('/api/v1/namespaces/default/pods?fieldSelector=spec.restartPolicy%3DAlways,spec.schedulerName%3Ddefault-scheduler,spec.serviceAccountName%3Ddefault,status.nominatedNodeName%3D'), ['default/api-running', 'default/nginx', 'default/redis', 'default/web-with-sidecar']);
  });

  it('an unsupported field is a 400', async () => {
    const r = await call(sb, 'admin', '/api/v1/namespaces/default/pods?fieldSelector=spec.containers.image%3Dnginx');
    assert.equal(r.status, 400);
    assert.equal(r.json()['message'], 'field label not supported: spec.containers.image');
  });
});

describe('limit and continue', () => {
  it('pages through default one pod at a time, every page read at the first page\'s revision', async () => {
    const first = (await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=1')).json<PodList>();
    const rv = first.metadata.resourceVersion;
    assert.equal(rv, String(sb.revision()));
    assert.equal(first.metadata.remainingItemCount, 3);
    assert.deepEqual(JSON.parse(Buffer.from(first.metadata.continue ?? '', 'base64url').toString()), { v: 'meta.k8s.io/v1', rv: Number(rv), start: 'api-running\u0000' });
    const seen = first.items.map((i) => i.metadata.name);
    let token = first.metadata.continue;
    while (token) {
      const page = (await call(sb, 'admin', `/api/v1/namespaces/default/pods?limit=1&continue=${token}`)).json<PodList>();
      assert.equal(page.metadata.resourceVersion, rv);
      seen.push(...page.items.map((i) => i.metadata.name));
      token = page.metadata.continue;
    }
    assert.deepEqual(seen, ['api-running', 'nginx', 'redis', 'web-with-sidecar']);
  });

  it('the all-namespaces token carries namespace/name, and a Table page carries continue too', async () => {
    const r = (await call(sb, 'admin', '/api/v1/pods?limit=2', { accept: TABLE_ACCEPT })).json<{ metadata: { continue?: string; remainingItemCount?: number }; rows: unknown[] }>();
    assert.equal(r.rows.length, 2);
    assert.equal(JSON.parse(Buffer.from(r.metadata.continue ?? '', 'base64url').toString()).start, 'default/nginx\u0000');
    assert.ok((r.metadata.remainingItemCount ?? 0) > 0);
  });

  it('a selector with a limit keeps filling the page and gives no remainingItemCount', async () => {
    const r = (await call(sb, 'admin', '/api/v1/pods?limit=2&labelSelector=tier%3Dfrontend')).json<PodList>();
    assert.deepEqual(r.items.map((i) => i.metadata.name), ['nginx', 'web-with-sidecar']);
    assert.equal(r.metadata.remainingItemCount, undefined);
  });

  it('a token cannot escape its prefix, and resourceVersion may not accompany continue', async () => {
    const evil = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 5, start: '../kube-system/x' })).toString('base64url');
    const r = await call(sb, 'admin', `/api/v1/namespaces/default/pods?limit=1&continue=${evil}`);
    assert.equal(r.status, 400);
    assert.equal(r.json()['message'], 'invalid continue token: continue key is not valid: ../kube-system/x');
    const first = (await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=1')).json<PodList>();
    const both = await call(sb, 'admin', `/api/v1/namespaces/default/pods?limit=1&resourceVersion=3&continue=${first.metadata.continue}`);
    assert.equal(both.status, 400);
    assert.equal(both.json()['message'], 'specifying resource version is not allowed when using continue');
  });
});

describe('resourceVersion', () => {
  it('each item\'s resourceVersion is its key\'s mod revision, below the list\'s', async () => {
    const l = (await call(sb, 'admin', '/api/v1/pods')).json<PodList>();
    const listRv = Number(l.metadata.resourceVersion);
    const rvs = l.items.map((i) => Number(i.metadata.resourceVersion));
    assert.equal(new Set(rvs).size, rvs.length, 'one write per object');
    assert.ok(rvs.every((rv) => rv > 1 && rv <= listRv));
    const one = (await call(sb, 'admin', '/api/v1/namespaces/default/pods/nginx')).json<{ kind: string; metadata: { resourceVersion: string } }>();
    assert.equal(one.kind, 'Pod');
    assert.equal(one.metadata.resourceVersion, l.items.find((i) => i.metadata.name === 'nginx' && i.metadata.namespace === 'default')?.metadata.resourceVersion);
  });

  it('resourceVersion=0 is served (from the "watch cache"); Exact reads the past; a future revision times out', async () => {
    const zero = await call(sb, 'admin', '/api/v1/namespaces/default/pods?resourceVersion=0');
    assert.equal(zero.status, 200);
    assert.equal(sb.glassBox(zero.headers['audit-id'] ?? '')?.storage?.servedFrom, 'watch-cache');
    const past = (await call(sb, 'admin', '/api/v1/namespaces/default/pods?resourceVersion=2&resourceVersionMatch=Exact')).json<PodList>();
    assert.equal(past.metadata.resourceVersion, '2');
    assert.deepEqual(past.items, [], 'no pod existed at revision 2');
    const future = await call(sb, 'admin', `/api/v1/namespaces/default/pods?resourceVersion=${sb.revision() + 100}`);
    assert.equal(future.status, 504);
  });

  it('like v1.28\'s watch cache, resourceVersion=0 ignores the limit; a legacy resourceVersion with a limit reads that revision', async () => {
    const cached = await call(sb, 'admin', '/api/v1/namespaces/default/pods?resourceVersion=0&limit=1');
    const body = cached.json<PodList>();
    assert.equal(body.items.length, 4);
    assert.equal(body.metadata.continue, undefined);
    assert.equal(sb.glassBox(cached.headers['audit-id'] ?? '')?.storage?.limit, 0);
    const legacy = (await call(sb, 'admin', '/api/v1/namespaces/default/pods?resourceVersion=3&limit=1')).json<PodList>();
    assert.equal(legacy.metadata.resourceVersion, '3');
    const notOlder = (await call(sb, 'admin', '/api/v1/namespaces/default/pods?resourceVersion=3&resourceVersionMatch=NotOlderThan&limit=1')).json<PodList>();
    assert.equal(notOlder.metadata.resourceVersion, String(sb.revision()));
    assert.equal(notOlder.items.length, 1);
  });

  it('the status subresource reads the same object; kubelet subresources are not served', async () => {
    const status = await call(sb, 'admin', '/api/v1/namespaces/default/pods/api-running/status');
    assert.equal(status.status, 200);
    assert.equal(status.json<{ metadata: { name: string } }>().metadata.name, 'api-running');
    assert.equal((await call(sb, 'admin', '/api/v1/namespaces/default/pods/api-running/log')).status, 404);
  });

  it('lists in a namespace that does not exist are empty, not 404', async () => {
    const r = await call(sb, 'admin', '/api/v1/namespaces/does-not-exist/pods?limit=500');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json<PodList>().items, []);
  });
});

describe('Table output', () => {
  it('namespaces and nodes come as Tables too; includeObject=None drops the row objects', async () => {
    const ns = (await call(sb, 'admin', '/api/v1/namespaces?limit=500', { accept: TABLE_ACCEPT })).json<{ rows: { cells: string[] }[] }>();
    assert.deepEqual(ns.rows.map((r) => r.cells[0]), ['default', 'demo', 'empty', 'kube-node-lease', 'kube-public', 'kube-system']);
    const nodes = (await call(sb, 'admin', '/api/v1/nodes?includeObject=None', { accept: TABLE_ACCEPT })).json<{ rows: { cells: string[]; object: unknown }[] }>();
    assert.deepEqual(nodes.rows.map((r) => [r.cells[0], r.cells[1]]), [['node-1', 'Ready'], ['node-2', 'Ready']]);
    assert.ok(nodes.rows.every((r) => r.object === null));
  });

  it('one pod as a Table carries that pod\'s resourceVersion', async () => {
    const pod = (await call(sb, 'admin', '/api/v1/namespaces/default/pods/nginx')).json<{ metadata: { resourceVersion: string } }>();
    const t = (await call(sb, 'admin', '/api/v1/namespaces/default/pods/nginx', { accept: TABLE_ACCEPT })).json<{ metadata: { resourceVersion: string }; rows: unknown[] }>();
    assert.equal(t.metadata.resourceVersion, pod.metadata.resourceVersion);
    assert.equal(t.rows.length, 1);
  });

  it('pretty-prints for curl, compact for kubectl', async () => {
    const curl = await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=1', { userAgent: 'curl/8.5.0' });
    assert.ok(curl.body.startsWith('{\n  "kind": "PodList",'));
    const kubectl = await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=1', { userAgent: 'kubectl/v1.32.5 (linux/amd64) kubernetes/9894294' });
    assert.ok(kubectl.body.startsWith('{"kind":"PodList",'));
    assert.ok(kubectl.body.endsWith('}\n'));
    const param = await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=1&pretty=true');
    assert.ok(param.body.startsWith('{\n'));
  });
});
