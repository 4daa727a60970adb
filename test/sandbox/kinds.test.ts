// The sandbox serves every kind, not only pods: objects of any resource its version's discovery lists
// load from --objects (Lists, manifests, CRDs and their custom resources), are stored under
// kube-apiserver's key for their resource, and are listed, got, paged, selected and watched through the
// same code as pods. Real kubectl 1.33 against it prints what it printed against kube-apiserver v1.33.3
// where a capture exists (the write-path captures of namespace `writes`), and a CRD's printer columns.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { kubectlRealPath } from '../helpers/kubectl.js';
import { call, kubectlFixture } from './client.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const SETUP = `${FIXTURES}real-apiserver/objects/00-setup.yaml`;
const NOW = new Date('2026-12-01T12:00:00Z');

const real = kubectlRealPath();
const KUBECTL_133 = real ? join(dirname(real), 'kubectl.1.33') : '';
const noKubectl = KUBECTL_133 && existsSync(KUBECTL_133) ? false : 'kubectl.1.33 is not installed';

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'kube-trace-kinds-'));
});
after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number;
}

async function kubectl(sb: RunningSandbox, args: string[]): Promise<Run> {
  const home = await mkdtemp(join(work, 'home-'));
  const kubeconfig = join(home, 'kubeconfig');
  await sb.writeKubeconfig(kubeconfig);
  return new Promise((resolve) => {
    execFile(KUBECTL_133, [`--kubeconfig=${kubeconfig}`, ...args], { env: { HOME: home, PATH: process.env['PATH'] ?? '' }, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? -1 : 0;
      resolve({ stdout, stderr, exitCode: code });
    });
  });
}

/** Each table of kubectl's output (separated by a blank line), as cells split on 2+ spaces, without the AGE column (it depends on the moment). */
function sections(text: string): string[][][] {
  return text.trimEnd().split('\n\n').map((block) => {
    const rows = block.split('\n').map((l) => l.split(/\s{2,}/));
    const age = (rows[0] ?? []).indexOf('AGE');
    return age < 0 ? rows : rows.map((r) => r.filter((_c, j) => j !== age));
  });
}

function glassKey(sb: RunningSandbox, auditId: string | undefined): string | undefined {
  return sb.glassBox(auditId ?? '')?.storage?.key;
}

describe('the captured cluster\'s setup file loads whole (it holds two ServiceAccounts, once refused)', () => {
  let sb: RunningSandbox;
  before(async () => {
    sb = await startSandbox({ objectsFile: SETUP, serverVersion: '1.33' });
  });
  after(async () => sb?.close());

  it('stores each object under kube-apiserver\'s key for its resource', async () => {
    const sa = await call(sb, 'admin', '/api/v1/namespaces/demo/serviceaccounts/default', { accept: 'application/json' });
    assert.equal(sa.status, 200);
    assert.equal(sa.json<{ kind: string }>().kind, 'ServiceAccount');
    assert.equal(glassKey(sb, sa.headers['audit-id']), '/registry/serviceaccounts/demo/default');
    const node = await call(sb, 'admin', '/api/v1/nodes/node-1', { accept: 'application/json' });
    assert.equal(glassKey(sb, node.headers['audit-id']), '/registry/minions/node-1');
    const role = await call(sb, 'admin', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles/pod-reader', { accept: 'application/json' });
    assert.equal(glassKey(sb, role.headers['audit-id']), '/registry/roles/default/pod-reader');
  });

  it('lists ServiceAccounts across namespaces and in one (cluster-scoped nodes have no namespace path)', async () => {
    const all = (await call(sb, 'admin', '/api/v1/serviceaccounts', { accept: 'application/json' })).json<{ kind: string; items: { metadata: { namespace: string } }[] }>();
    assert.equal(all.kind, 'ServiceAccountList');
    assert.deepEqual(all.items.map((i) => i.metadata.namespace), ['default', 'demo']);
    const demo = (await call(sb, 'admin', '/api/v1/namespaces/demo/serviceaccounts', { accept: 'application/json' })).json<{ items: unknown[] }>();
    assert.equal(demo.items.length, 1);
    assert.equal((await call(sb, 'admin', '/api/v1/namespaces/demo/nodes')).status, 404);
  });

  it('a resource discovery lists but the sandbox holds nothing of lists empty; a create-only one refuses GET (405)', async () => {
    const ds = await call(sb, 'admin', '/apis/apps/v1/namespaces/default/daemonsets', { accept: 'application/json' });
    assert.equal(ds.status, 200);
    assert.deepEqual(ds.json<{ kind: string; apiVersion: string; items: unknown[] }>(), { kind: 'DaemonSetList', apiVersion: 'apps/v1', metadata: ds.json<{ metadata: unknown }>().metadata, items: [] });
    assert.equal((await call(sb, 'admin', '/apis/authentication.k8s.io/v1/tokenreviews')).status, 405);
    assert.equal((await call(sb, 'admin', '/apis/apps/v1/namespaces/default/deployments/nope')).status, 404);
  });
});

describe('real kubectl 1.33 against the objects of the v1.33.3 write-path capture (namespace writes)', { skip: noKubectl }, () => {
  let sb: RunningSandbox;
  before(async () => {
    // The stored Deployment as kubectl/38 printed it, and the namespace, ServiceAccount and pods kubectl/05 and 37 show.
    const deployment = parse(kubectlFixture('../write/kubectl/38-admin-get-deploy-web-o-yaml', '1.33').stdout) as Record<string, unknown>;
    const file = join(work, 'writes.yaml');
    await writeFile(file, `${readFileSync(`${FIXTURES}sandbox-kinds/writes.yaml`, 'utf8')}---\n${stringify(deployment)}`);
    sb = await startSandbox({ objectsFile: file, serverVersion: '1.33' });
  });
  after(async () => sb?.close());

  for (const [fixture, args] of [
    ['37-admin-get-deploy-rs-pods', ['get', 'deployments,replicasets,pods', '-n', 'writes']],
    ['05-admin-get-ns-sa', ['get', 'namespace/writes', 'serviceaccount/default', '-n', 'writes']],
  ] as const) {
    it(`kubectl ${args.join(' ')} prints what the real server's did (kubectl/${fixture}, AGE aside)`, async () => {
      const want = kubectlFixture(`../write/kubectl/${fixture}`, '1.33');
      const got = await kubectl(sb, [...args]);
      assert.equal(got.stderr, want.stderr);
      assert.equal(got.exitCode, want.exitCode);
      assert.deepEqual(sections(got.stdout), sections(want.stdout));
    });
  }

  it('the Deployment is stored under /registry/deployments/writes/web and read back as the real server stored it', async () => {
    const r = await call(sb, 'admin', '/apis/apps/v1/namespaces/writes/deployments/web', { accept: 'application/json' });
    assert.equal(glassKey(sb, r.headers['audit-id']), '/registry/deployments/writes/web');
    const spec = r.json<{ spec: Record<string, unknown> }>().spec;
    assert.equal(spec['replicas'], 2);
    assert.deepEqual(spec['selector'], { matchLabels: { app: 'web-deploy' } });
  });
});

describe('a CustomResourceDefinition makes its custom resources servable', () => {
  let sb: RunningSandbox;
  before(async () => {
    sb = await startSandbox({ objectsFile: `${FIXTURES}sandbox-kinds/crontab-crd.yaml`, serverVersion: '1.33', now: () => NOW });
  });
  after(async () => sb?.close());

  it('discovery lists the group, version, plural, singular, short names, kind and scope', async () => {
    const apis = (await call(sb, 'admin', '/apis', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' })).json<{ items: { metadata: { name: string }; versions: { version: string; resources: Record<string, unknown>[] }[] }[] }>();
    const group = apis.items.find((g) => g.metadata.name === 'stable.example.com');
    assert.ok(group, 'the CRD group is listed');
    const r = group.versions[0]?.resources[0] ?? {};
    assert.equal(group.versions[0]?.version, 'v1');
    assert.equal(r['resource'], 'crontabs');
    assert.equal(r['singularResource'], 'crontab');
    assert.deepEqual(r['shortNames'], ['ct']);
    assert.equal(r['scope'], 'Namespaced');
    assert.deepEqual(r['responseKind'], { group: 'stable.example.com', version: 'v1', kind: 'CronTab' });
    const plain = (await call(sb, 'admin', '/apis/stable.example.com/v1', { accept: 'application/json' })).json<{ groupVersion: string; resources: { name: string; kind: string; namespaced: boolean }[] }>();
    assert.equal(plain.groupVersion, 'stable.example.com/v1');
    assert.deepEqual(plain.resources.map((x) => [x.name, x.kind, x.namespaced]), [['crontabs', 'CronTab', true]]);
  });

  it('custom resources are stored under /registry/<group>/<plural>/ and listed, got and selected', async () => {
    const one = await call(sb, 'admin', '/apis/stable.example.com/v1/namespaces/default/crontabs/my-new-cron-object', { accept: 'application/json' });
    assert.equal(one.status, 200);
    assert.equal(glassKey(sb, one.headers['audit-id']), '/registry/stable.example.com/crontabs/default/my-new-cron-object');
    const all = (await call(sb, 'admin', '/apis/stable.example.com/v1/crontabs?fieldSelector=metadata.namespace%3Ddemo', { accept: 'application/json' })).json<{ kind: string; items: { metadata: { name: string } }[] }>();
    assert.equal(all.kind, 'CronTabList');
    assert.deepEqual(all.items.map((i) => i.metadata.name), ['no-replicas']);
  });

  it('the Table has the CRD\'s additionalPrinterColumns, cells typed as the tableconvertor types them', async () => {
    const t = (await call(sb, 'admin', '/apis/stable.example.com/v1/crontabs', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })).json<{ columnDefinitions: { name: string; type: string; priority: number; description: string }[]; rows: { cells: unknown[] }[] }>();
    assert.deepEqual(t.columnDefinitions.map((c) => [c.name, c.type, c.priority]), [['Name', 'string', 0], ['Spec', 'string', 0], ['Replicas', 'integer', 0], ['Image', 'string', 1], ['Age', 'date', 0]]);
    assert.equal(t.columnDefinitions[3]?.description, 'Custom resource definition column (in JSONPath format): .spec.image');
    assert.deepEqual(t.rows.map((r) => r.cells), [['my-new-cron-object', '* * * * */5', 2, 'my-awesome-cron-image', '120m'], ['no-replicas', '0 3 * * *', null, null, '120m']]);
  });

  it('real kubectl 1.33 prints those columns (-A, -o wide, the short name)', { skip: noKubectl }, async () => {
    const got = await kubectl(sb, ['get', 'ct', '-A', '-o', 'wide']);
    assert.equal(got.stderr, '');
    assert.equal(got.stdout, [
      // Columns in the CRD's order (Image, priority 1, before Age); kubectl prints a nil cell as nothing.
      'NAMESPACE   NAME                 SPEC          REPLICAS   IMAGE                   AGE',
      'default     my-new-cron-object   * * * * */5   2          my-awesome-cron-image   120m',
      'demo        no-replicas          0 3 * * *                                        120m',
      '',
    ].join('\n'));
    const resources = await kubectl(sb, ['api-resources', '--api-group=stable.example.com']);
    assert.deepEqual(sections(resources.stdout), [[['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'], ['crontabs', 'ct', 'stable.example.com/v1', 'true', 'CronTab']]]);
  });
});

describe('every resource reads through the same paths as pods: paging, selectors, watch', () => {
  let sb: RunningSandbox;
  before(async () => {
    const file = join(work, 'config.yaml');
    const docs = [
      ...['a', 'b', 'c'].map((n) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${n}`, namespace: 'default', labels: { tier: n === 'b' ? 'web' : 'db' } }, data: { k: n } })),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'default' }, type: 'kubernetes.io/service-account-token', data: { token: 'c2VjcmV0LXZhbHVlLW5ldmVyLXNob3du' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'plain', namespace: 'default' }, data: { password: 'aHVudGVyMg==' } },
    ];
    await writeFile(file, docs.map((d) => stringify(d)).join('---\n'));
    sb = await startSandbox({ objectsFile: file, serverVersion: '1.33' });
  });
  after(async () => sb?.close());

  it('pages ConfigMaps with limit and continue, as it pages pods', async () => {
    const names: string[] = [];
    let token = '';
    for (let i = 0; i < 5; i++) {
      const page = (await call(sb, 'admin', `/api/v1/namespaces/default/configmaps?limit=2${token ? `&continue=${encodeURIComponent(token)}` : ''}`, { accept: 'application/json' })).json<{ metadata: { continue?: string }; items: { metadata: { name: string } }[] }>();
      names.push(...page.items.map((x) => x.metadata.name));
      token = page.metadata.continue ?? '';
      if (!token) break;
    }
    // kube-root-ca.crt is not published in an objects-file sandbox: only the file's ConfigMaps.
    assert.deepEqual(names, ['cm-a', 'cm-b', 'cm-c']);
  });

  it('label selectors, and the registry\'s own field selectors (secrets: type)', async () => {
    const web = (await call(sb, 'admin', '/api/v1/namespaces/default/configmaps?labelSelector=tier%3Dweb', { accept: 'application/json' })).json<{ items: { metadata: { name: string } }[] }>();
    assert.deepEqual(web.items.map((x) => x.metadata.name), ['cm-b']);
    const opaque = (await call(sb, 'admin', '/api/v1/secrets?fieldSelector=type%3DOpaque', { accept: 'application/json' })).json<{ items: { metadata: { name: string } }[] }>();
    assert.deepEqual(opaque.items.map((x) => x.metadata.name), ['plain'], 'a Secret without type is defaulted to Opaque');
    const bad = await call(sb, 'admin', '/api/v1/configmaps?fieldSelector=type%3DOpaque', { accept: 'application/json' });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /field label not supported: type/);
  });

  it('a watch sends the current ConfigMaps as ADDED events', async () => {
    const w = await call(sb, 'admin', '/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1', { accept: 'application/json' });
    const events = w.body.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { kind: string; metadata: { name: string } } });
    assert.deepEqual(events.map((e) => [e.type, e.object.kind, e.object.metadata.name]), [['ADDED', 'ConfigMap', 'cm-a'], ['ADDED', 'ConfigMap', 'cm-b'], ['ADDED', 'ConfigMap', 'cm-c']]);
  });

  it('a Secret\'s Table shows its type and key count; its glass-box record holds no value', async () => {
    const t = await call(sb, 'admin', '/api/v1/namespaces/default/secrets', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    const table = t.json<{ rows: { cells: unknown[] }[] }>();
    assert.deepEqual(table.rows.map((r) => r.cells.slice(0, 3)), [['plain', 'Opaque', 1], ['token', 'kubernetes.io/service-account-token', 1]]);
    const one = await call(sb, 'admin', '/api/v1/namespaces/default/secrets/token', { accept: 'application/json' });
    for (const id of [t.headers['audit-id'], one.headers['audit-id']]) {
      const record = JSON.stringify(sb.glassBox(id ?? ''));
      assert.ok(record.length > 100, 'there is a record');
      assert.ok(!record.includes('c2VjcmV0LXZhbHVlLW5ldmVyLXNob3du') && !record.includes('aHVudGVyMg=='), 'no secret data in the glass box');
    }
  });
});

describe('--objects refuses what the imitated server does not serve, and says why', () => {
  it('a kind no served resource has, and a custom resource without its CRD', async () => {
    const file = join(work, 'bad.yaml');
    await writeFile(file, 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: old\n');
    await assert.rejects(startSandbox({ objectsFile: file }), /document 1: unsupported object extensions\/v1beta1\/Deployment: a v1\.33 API server serves no resource of that kind and apiVersion/);
    await writeFile(file, 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: orphan\n');
    await assert.rejects(startSandbox({ objectsFile: file }), /unsupported object stable\.example\.com\/v1\/CronTab: .*no CustomResourceDefinition in the file defines one/);
  });

  it('a typed list export (PodList from -o json) loads with its items\' kind', async () => {
    const file = join(work, 'podlist.json');
    await writeFile(file, JSON.stringify({ kind: 'PodList', apiVersion: 'v1', items: [{ metadata: { name: 'p1', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }] } }] }));
    const sb = await startSandbox({ objectsFile: file });
    try {
      const pods = (await call(sb, 'admin', '/api/v1/namespaces/default/pods', { accept: 'application/json' })).json<{ items: { metadata: { name: string } }[] }>();
      assert.deepEqual(pods.items.map((p) => p.metadata.name), ['p1']);
    } finally {
      await sb.close();
    }
  });
});
