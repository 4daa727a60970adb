// Real kubectl against the sandbox, with its own HOME (no discovery cache carried between runs):
// exit codes, stdout and stderr shaped like the captures from a real v1.28.7 cluster. Skipped when
// no kubectl is installed.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { kubectlRealPath } from '../helpers/kubectl.js';
import { kubectlFixture } from './client.js';

const KUBECTL = kubectlRealPath();
const dir = KUBECTL ? dirname(KUBECTL) : '';
const versioned = (v: string): string | null => (KUBECTL && existsSync(join(dir, `kubectl.${v}`)) ? join(dir, `kubectl.${v}`) : null);
const skip = KUBECTL ? false : 'kubectl is not installed';

let sb: RunningSandbox;
let home: string;
const configs: Record<string, string> = {};

before(async () => {
  if (skip) return;
  sb = await startSandbox({ scenario: 'captured', serverVersion: '1.28' });
  home = await mkdtemp(join(tmpdir(), 'kube-trace-kubectl-'));
  for (const who of ['admin', 'viewer', 'nobody', 'token'] as const) {
    configs[who] = join(home, `${who}.yaml`);
    await sb.writeKubeconfig(configs[who], { currentContext: `sandbox-${who}` });
  }
  const bad = parse(sb.kubeconfigYaml({ currentContext: 'sandbox-token' })) as { users: { name: string; user: { token?: string } }[] };
  for (const u of bad.users) if (u.user.token) u.user.token = 'not-a-valid-token';
  configs['badtoken'] = join(home, 'badtoken.yaml');
  await writeFile(configs['badtoken'], stringify(bad), { mode: 0o600 });
});

after(async () => {
  if (skip) return;
  await sb.close();
  await rm(home, { recursive: true, force: true });
});

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number;
}

function kubectl(who: string, args: string[], binary = KUBECTL ?? 'kubectl', homeOf = who): Promise<Run> {
  return new Promise((resolve) => {
    execFile(binary, [`--kubeconfig=${configs[who]}`, ...args], { env: { HOME: join(home, `home-${homeOf}`), PATH: process.env['PATH'] ?? '' }, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : err ? -1 : 0;
      resolve({ stdout, stderr, exitCode: code });
    });
  });
}

/** Table text without what depends on the moment: the AGE column and "(… ago)". */
function shape(table: string): string[][] {
  return table
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/\s{2,}/).map((c) => c.replace(/ \(.* ago\)$/, '')))
    .map((cells, _i, all) => {
      const age = (all[0] ?? []).indexOf('AGE');
      return age >= 0 ? cells.filter((_c, j) => j !== age) : cells;
    });
}

function sameRun(got: Run, fixture: string, opts: { stdout?: 'exact' | 'shape'; rename?: [string, string] } = {}): void {
  const want = kubectlFixture(fixture);
  const fix = (s: string) => (opts.rename ? s.split(opts.rename[0]).join(opts.rename[1]) : s);
  assert.equal(got.exitCode, want.exitCode, `${fixture}: exit code (stderr: ${got.stderr})`);
  assert.equal(got.stderr.replace(/^WARNING: version difference.*\n/m, ''), fix(want.stderr), `${fixture}: stderr`);
  if ((opts.stdout ?? 'exact') === 'exact') assert.equal(got.stdout, fix(want.stdout), `${fixture}: stdout`);
  else assert.deepEqual(shape(got.stdout), shape(fix(want.stdout)), `${fixture}: stdout shape`);
}

describe('real kubectl against the sandbox', { skip }, () => {
  it('get pods', async () => sameRun(await kubectl('admin', ['get', 'pods']), '10-admin-get-pods', { stdout: 'shape' }));
  it('get pods -o wide', async () => sameRun(await kubectl('admin', ['get', 'pods', '-o', 'wide']), '11-admin-get-pods-o-wide', { stdout: 'shape' }));
  it('get pods -n empty / -n nonexistent: "No resources found", exit 0', async () => {
    sameRun(await kubectl('admin', ['get', 'pods', '-n', 'empty']), '19-admin-get-pods-n-empty');
    sameRun(await kubectl('admin', ['get', 'pods', '-n', 'does-not-exist']), '20-admin-get-pods-n-nonexistent');
  });
  it('get pod no-such-pod: NotFound', async () => sameRun(await kubectl('admin', ['get', 'pod', 'no-such-pod']), '23-admin-get-pod-notfound'));
  it('get pods -A lists every namespace', async () => {
    const r = await kubectl('admin', ['get', 'pods', '-A']);
    assert.equal(r.exitCode, 0);
    const rows = shape(r.stdout);
    assert.deepEqual(rows[0], ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS']);
    assert.deepEqual([...new Set(rows.slice(1).map((c) => c[0]))], ['default', 'demo', 'kube-system']);
  });
  it('get ns and get nodes -o wide: the captured columns', async () => {
    const ns = await kubectl('admin', ['get', 'ns']);
    assert.deepEqual(shape(ns.stdout), shape(kubectlFixture('32-admin-get-ns').stdout));
    const nodes = shape((await kubectl('admin', ['get', 'nodes', '-o', 'wide'])).stdout);
    const want = shape(kubectlFixture('31-admin-get-nodes-o-wide').stdout);
    assert.deepEqual(nodes[0], want[0]);
    const exceptNameAndIp = (row: string[] | undefined) => (row ?? []).filter((_c, j) => j !== 0 && j !== 4);
    assert.deepEqual(exceptNameAndIp(nodes[2]), exceptNameAndIp(want[1]), 'node-2 reads like the captured worker node');
  });
  it('version shows the server as v1.28.7', async () => {
    const r = await kubectl('admin', ['version']);
    assert.equal(r.exitCode, 0);
    assert.match(r.stdout, /^Server Version: v1\.28\.7$/m);
  });
  it('api-resources lists what the sandbox serves', async () => {
    const r = await kubectl('admin', ['api-resources']);
    assert.equal(r.exitCode, 0);
    const names = shape(r.stdout).slice(1).map((c) => c[0]);
    assert.ok(['pods', 'namespaces', 'nodes', 'selfsubjectaccessreviews', 'selfsubjectreviews'].every((n) => names.includes(n)), names.join(','));
  });
  it('the viewer: pods in default yes, demo and -A Forbidden', async () => {
    sameRun(await kubectl('viewer', ['get', 'pods']), '40-viewer-get-pods', { stdout: 'shape' });
    sameRun(await kubectl('viewer', ['get', 'pods', '-n', 'demo']), '42-viewer-get-pods-n-demo-forbidden');
    sameRun(await kubectl('viewer', ['get', 'pods', '-A']), '43-viewer-get-pods-A-forbidden');
  });
  it('no RBAC: Forbidden, exit 1', async () => {
    sameRun(await kubectl('nobody', ['get', 'pods']), '50-nobody-get-pods-forbidden', { rename: ['"jane"', '"nobody"'] });
    sameRun(await kubectl('nobody', ['get', 'pods', '-A']), '52-nobody-get-pods-A-forbidden', { rename: ['"jane"', '"nobody"'] });
    sameRun(await kubectl('token', ['get', 'pods']), '80-token-get-pods-forbidden');
  });
  it('auth can-i (SelfSubjectAccessReview, sent as protobuf)', async () => {
    sameRun(await kubectl('admin', ['auth', 'can-i', 'list', 'pods']), '60-admin-auth-can-i-list-pods');
    sameRun(await kubectl('viewer', ['auth', 'can-i', 'list', 'pods']), '61-viewer-auth-can-i-list-pods');
    sameRun(await kubectl('viewer', ['auth', 'can-i', 'list', 'pods', '-n', 'demo']), '62-viewer-auth-can-i-list-pods-n-demo');
    sameRun(await kubectl('nobody', ['auth', 'can-i', 'list', 'pods']), '65-nobody-auth-can-i-list-pods');
    sameRun(await kubectl('token', ['auth', 'can-i', 'list', 'pods']), '69-token-auth-can-i-list-pods');
  });
  it('auth can-i --list (SelfSubjectRulesReview)', async () => sameRun(await kubectl('viewer', ['auth', 'can-i', '--list']), '67-viewer-auth-can-i-list'));
  it('auth whoami (SelfSubjectReview)', async () => {
    sameRun(await kubectl('admin', ['auth', 'whoami']), '70-admin-auth-whoami');
    sameRun(await kubectl('viewer', ['auth', 'whoami']), '71-viewer-auth-whoami');
    sameRun(await kubectl('token', ['auth', 'whoami']), '73-token-auth-whoami');
  });
  it('a bad token, discovery cache warm (as captured): "You must be logged in to the server (Unauthorized)"', async () => {
    await kubectl('admin', ['get', 'pods'], KUBECTL ?? '', 'shared');
    const r = await kubectl('badtoken', ['get', 'pods'], KUBECTL ?? '', 'shared');
    assert.equal(r.exitCode, 1);
    assert.equal(r.stderr, 'error: You must be logged in to the server (Unauthorized)\n');
  });

  for (const v of ['1.27', '1.28', '1.33']) {
    it(`kubectl ${v}: get pods`, { skip: versioned(v) ? false : `kubectl.${v} not installed` }, async () => {
      const r = await kubectl('admin', ['get', 'pods'], versioned(v) ?? '');
      assert.equal(r.exitCode, 0, r.stderr);
      assert.deepEqual(shape(r.stdout), shape(kubectlFixture('10-admin-get-pods').stdout));
    });
  }
  it('kubectl 1.28 and 1.33: auth whoami', async (t) => {
    for (const v of ['1.28', '1.33']) {
      const bin = versioned(v);
      if (!bin) {
        t.diagnostic(`kubectl.${v} not installed`);
        continue;
      }
      sameRun(await kubectl('admin', ['auth', 'whoami'], bin), '92-k128-admin-auth-whoami');
    }
  });
  it('kubectl 1.27: auth whoami needs SelfSubjectReview v1alpha1/v1beta1, which v1.28 does not serve by default', { skip: versioned('1.27') ? false : 'kubectl.1.27 not installed' }, async () => {
    const r = await kubectl('admin', ['auth', 'whoami'], versioned('1.27') ?? '');
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /the selfsubjectreviews API is not enabled in the cluster/);
  });
  it('left the storage revision where it was', async () => {
    const before = sb.revision();
    await kubectl('admin', ['get', 'pods', '-A', '-o', 'json']);
    assert.equal(sb.revision(), before);
  });
});
