// A sandbox on a real etcd writes for real: a create is one etcd transaction whose revision is the
// object's resourceVersion and the key's mod_revision (etcdctl says so), an update compares that mod
// revision, a dry run leaves etcd's revision where it was, and the glass box carries etcd's header.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { openEtcdScratch } from '../../src/sandbox/storage/scratch.js';
import { etcdSkipReason, startEtcd, type RunningEtcd } from '../helpers/etcd.js';
import { call } from '../sandbox/client.js';

const skip = etcdSkipReason();
const CM = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' }, data: { a: '1' } });

describe('writes of a sandbox on a real etcd', { skip }, () => {
  let etcd: RunningEtcd;
  let sb: RunningSandbox;
  let prefix: string;
  before(async () => {
    etcd = await startEtcd();
    const scratch = await openEtcdScratch([etcd.endpoint]);
    prefix = scratch.prefix;
    sb = await startSandbox({ serverVersion: '1.33', storage: scratch.storage, controllers: false });
  });
  after(async () => {
    await sb?.close();
    await etcd?.stop();
  });

  const etcdRevision = async (): Promise<number> => Number((JSON.parse(await etcd.etcdctl(['endpoint', 'status', '-w', 'json'])) as { Status: { header: { revision: number } } }[])[0]?.Status.header.revision);
  const modRevision = async (key: string): Promise<number> => Number((JSON.parse(await etcd.etcdctl(['get', `${prefix}${key}`, '-w', 'json'])) as { kvs?: { mod_revision: number }[] }).kvs?.[0]?.mod_revision ?? 0);

  it('a create is one transaction: resourceVersion = the new etcd revision = the key\'s mod_revision', async () => {
    const before = await etcdRevision();
    const r = await call(sb, 'admin', '/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create', { method: 'POST', body: CM, contentType: 'application/json', protocol: 'h2' });
    assert.equal(r.status, 201);
    const rv = Number(r.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion);
    assert.equal(rv, before + 1);
    assert.equal(await modRevision('/registry/configmaps/default/x'), rv);
    const w = sb.glassBox(r.headers['audit-id'] ?? '')?.write;
    assert.equal(w?.backend, 'etcd');
    assert.equal(w?.compareModRevision, 0);
    assert.equal(w?.etcdHeader?.revision, String(rv));
  });

  it('an update compares the mod revision; a stale one is a 409 and etcd does not move', async () => {
    const cur = await modRevision('/registry/configmaps/default/x');
    const patch = await call(sb, 'admin', '/api/v1/namespaces/default/configmaps/x', { method: 'PATCH', body: '{"data":{"a":"2"}}', contentType: 'application/merge-patch+json', protocol: 'h2' });
    assert.equal(patch.status, 200);
    assert.equal(sb.glassBox(patch.headers['audit-id'] ?? '')?.write?.compareModRevision, cur);
    const now = await modRevision('/registry/configmaps/default/x');
    assert.equal(now, Number(patch.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion));
    const before = await etcdRevision();
    const stale = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default', resourceVersion: String(cur) }, data: { a: '3' } });
    const put = await call(sb, 'admin', '/api/v1/namespaces/default/configmaps/x', { method: 'PUT', body: stale, contentType: 'application/json', protocol: 'h2' });
    assert.equal(put.status, 409);
    assert.equal(await etcdRevision(), before);
  });

  it('a dry run and a delete: the first leaves etcd\'s revision alone, the second is one more revision and the key is gone', async () => {
    const before = await etcdRevision();
    const dry = await call(sb, 'admin', '/api/v1/namespaces/default/configmaps?dryRun=All', { method: 'POST', body: CM.replace('"x"', '"y"'), contentType: 'application/json', protocol: 'h2' });
    assert.equal(dry.status, 201);
    assert.equal(await etcdRevision(), before);
    const del = await call(sb, 'admin', '/api/v1/namespaces/default/configmaps/x', { method: 'DELETE', protocol: 'h2' });
    assert.equal(del.status, 200);
    assert.equal(del.json()['status'], 'Success');
    assert.equal(await etcdRevision(), before + 1);
    assert.equal(await modRevision('/registry/configmaps/default/x'), 0);
  });
});
