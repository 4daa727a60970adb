// `--sandbox-etcd`: the sandbox keeps its objects in a real etcd, and the trace shows etcd's own
// answer: the list's resourceVersion is etcd's revision, each pod's is its key's mod_revision.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { etcdSkipReason, startEtcd, type RunningEtcd } from '../helpers/etcd.js';
import type { EtcdData, TraceReport } from '../../src/trace/types.js';

const skip = etcdSkipReason();

describe('kube-trace get pods --sandbox-etcd against a real etcd', { skip }, () => {
  let etcd: RunningEtcd;
  let env: Record<string, string | undefined>;
  before(async () => {
    etcd = await startEtcd();
    env = { PATH: process.env['PATH'], HOME: await mkdtemp(join(tmpdir(), 'kube-trace-etcd-home-')), NO_COLOR: '1' };
  });
  after(async () => {
    await etcd?.stop();
  });

  async function etcdKeys(): Promise<string[]> {
    const out = await etcd.etcdctl(['get', '/kube-trace/', '--prefix', '--keys-only']);
    return out.split('\n').filter((l) => l.trim() !== '');
  }

  test('the etcd stage shows the real etcd read; revisions are etcd\'s; the keys are gone afterwards', async () => {
    const run = await runCli(['get', 'pods', '--json', '--sandbox-etcd', etcd.endpoint], env);
    assert.equal(run.exitCode, 0, run.stderr);
    const report = JSON.parse(run.stdout) as TraceReport;
    assert.deepEqual(report.stages.map((s) => s.status), ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    const data = report.stages.find((s) => s.name === 'etcd')?.data as EtcdData;
    const inside = data.insideApiServer;
    assert.ok(inside, 'the glass box is there');
    assert.equal(inside.backend, 'etcd');
    assert.ok(inside.etcdHeader, 'etcd\'s response header is shown');
    assert.match(inside.etcdHeader.clusterId, /^\d+$/);
    assert.equal(String(inside.revision), data.listResourceVersion, 'list resourceVersion = the revision etcd read at');
    assert.ok(data.items.length > 0);
    assert.match(report.output.stdout, /api-running/);
    // The sandbox removed the keys it wrote under its own prefix when it stopped.
    assert.deepEqual(await etcdKeys(), []);
  });

  test('each pod\'s resourceVersion is its key\'s mod_revision in etcd, read while the sandbox runs', async () => {
    const { startSandbox } = await import('../../src/sandbox/index.js');
    const { openEtcdScratch } = await import('../../src/sandbox/storage/scratch.js');
    const { storage, prefix } = await openEtcdScratch([etcd.endpoint]);
    const sandbox = await startSandbox({ storage });
    try {
      const dir = await mkdtemp(join(tmpdir(), 'kube-trace-etcd-'));
      const kc = join(dir, 'kubeconfig');
      await sandbox.writeKubeconfig(kc);
      const run = await runCli(['get', 'pods', '--json', '--kubeconfig', kc], env);
      const data = (JSON.parse(run.stdout) as TraceReport).stages.find((s) => s.name === 'etcd')?.data as EtcdData;
      for (const item of data.items) {
        const got = JSON.parse(await etcd.etcdctl(['get', `${prefix}${item.key}`, '-w', 'json'])) as { kvs: { mod_revision: number }[] };
        assert.equal(String(got.kvs[0]?.mod_revision), item.resourceVersion, item.key);
      }
    } finally {
      await sandbox.close();
    }
  });

  test('an unreachable etcd: a plain message and exit 1, no stack trace', async () => {
    const run = await runCli(['get', 'pods', '--plain', '--sandbox-etcd', 'http://127.0.0.1:1'], env);
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /^kube-trace: the sandbox could not start: etcd is not reachable at http:\/\/127\.0\.0\.1:1/);
    assert.ok(!/\n\s+at /.test(run.stderr));
  });
});
