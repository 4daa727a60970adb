// The sandbox's write path over HTTPS: what the glass box records for a write (admission in
// kube-apiserver's order with each step's JSON Patch, the storage transaction and its watch event),
// dry runs, conflicts, server-side apply's field-manager conflict as captured from v1.33.3, and what
// the simulated scheduler and kubelet write after a pod's create.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { call } from './client.js';

const FIX = fileURLToPath(new URL('../fixtures/real-apiserver-v1.33/write/', import.meta.url));
const POD = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });

async function post(sb: RunningSandbox, path: string, body: string, contentType = 'application/json') {
  return call(sb, 'admin', path, { method: 'POST', body, contentType });
}

describe('glass box of a write', () => {
  let sb: RunningSandbox;
  before(async () => {
    sb = await startSandbox({ controllers: false });
  });
  after(async () => {
    await sb.close();
  });

  it('records admission in kube-apiserver\'s order, each mutation as a JSON Patch, and the create transaction', async () => {
    const before = sb.revision();
    const r = await post(sb, '/api/v1/namespaces/default/pods?fieldManager=kubectl-create&fieldValidation=Strict', POD);
    assert.equal(r.status, 201);
    const rv = Number((r.json()['metadata'] as Record<string, unknown>)['resourceVersion']);
    assert.equal(rv, before + 1);
    const rec = sb.glassBox(r.headers['audit-id'] ?? '');
    assert.ok(rec?.admission && rec.write);
    assert.deepEqual(rec.admission.map((s) => `${s.phase} ${s.name} ${s.verdict}`), [
      'mutating defaulting (core/v1 Pod) changed',
      'mutating NamespaceLifecycle unchanged',
      'mutating ServiceAccount changed',
      'mutating Priority changed',
      'mutating DefaultTolerationSeconds changed',
      'mutating MutatingAdmissionWebhook unchanged',
      'mutating registry: PrepareForCreate changed',
      'validating validation (Pod registry strategy) allowed',
      'validating PodSecurity allowed',
      'validating ValidatingAdmissionPolicy allowed',
      'validating ValidatingAdmissionWebhook allowed',
    ]);
    const sa = rec.admission.find((s) => s.name === 'ServiceAccount');
    assert.deepEqual(sa?.patch?.map((p) => `${p.op} ${p.path}`).sort(), ['add /spec/containers/0/volumeMounts', 'add /spec/serviceAccount', 'add /spec/serviceAccountName', 'add /spec/volumes']);
    const defaults = rec.admission[0]?.patch?.map((p) => p.path) ?? [];
    assert.ok(defaults.includes('/spec/containers/0/imagePullPolicy') && defaults.includes('/spec/dnsPolicy') && defaults.includes('/spec/enableServiceLinks'), defaults.join(' '));
    assert.deepEqual({ ...rec.write, etcdHeader: undefined }, {
      operation: 'create', key: '/registry/pods/default/web', dryRun: false, compareModRevision: 0, succeeded: true, revisionBefore: before, revision: rv,
      bytes: rec.write.bytes, backend: 'memory', etcdHeader: undefined, events: [{ type: 'ADDED', resourceVersion: String(rv) }],
    });
    assert.equal(sb.glassBoxForRevision(rv)?.auditId, rec.auditId);
  });

  it('a dry run runs admission, stores nothing and says so; a second create fails its compare (409 AlreadyExists)', async () => {
    const before = sb.revision();
    const dry = await post(sb, '/api/v1/namespaces/default/pods?dryRun=All', POD.replace('"web"', '"web-dry"'));
    assert.equal(dry.status, 201);
    const meta = dry.json()['metadata'] as Record<string, unknown>;
    assert.equal(meta['resourceVersion'], undefined);
    assert.equal(typeof meta['uid'], 'string');
    assert.equal(sb.revision(), before);
    const rec = sb.glassBox(dry.headers['audit-id'] ?? '');
    assert.equal(rec?.write?.dryRun, true);
    assert.equal(rec?.write?.revision, null);
    assert.ok(rec?.admission?.some((s) => s.name === 'ServiceAccount' && s.verdict === 'changed'));
    assert.equal((await call(sb, 'admin', '/api/v1/namespaces/default/pods/web-dry')).status, 404);

    const again = await post(sb, '/api/v1/namespaces/default/pods', POD);
    assert.equal(again.status, 409);
    assert.equal(again.json()['message'], 'pods "web" already exists');
    const w = sb.glassBox(again.headers['audit-id'] ?? '')?.write;
    assert.equal(w?.succeeded, false);
    assert.equal(w?.compareModRevision, 0);
    assert.equal(sb.revision(), before);
  });

  it('a PUT with a stale resourceVersion is a 409 Conflict after the mutating chain, and writes nothing', async () => {
    const cur = (await call(sb, 'admin', '/api/v1/namespaces/default/pods/web')).json();
    const stale = { ...cur, metadata: { ...(cur['metadata'] as Record<string, unknown>), resourceVersion: '1' } };
    const before = sb.revision();
    const r = await call(sb, 'admin', '/api/v1/namespaces/default/pods/web', { method: 'PUT', body: JSON.stringify(stale), contentType: 'application/json' });
    assert.equal(r.status, 409);
    assert.equal(r.json()['message'], 'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again');
    const rec = sb.glassBox(r.headers['audit-id'] ?? '');
    assert.equal(rec?.admission?.some((s) => s.phase === 'validating'), false);
    assert.equal(rec?.write?.succeeded, false);
    assert.equal(sb.revision(), before);
  });

  it('server-side apply by a second manager of a field the first owns: the captured 409, then force takes it over', async () => {
    const applied = readFileSync(`${FIX}http/pod-ssa-create.request.yaml`, 'utf8').replace(/writes/g, 'default');
    const create = await call(sb, 'admin', '/api/v1/namespaces/default/pods/raw-ssa?fieldManager=kubectl&fieldValidation=Strict&force=false', { method: 'PATCH', body: applied, contentType: 'application/apply-patch+yaml' });
    assert.equal(create.status, 201);
    // The captured sequence: the first manager's second apply (a label added), then the other manager.
    const update = readFileSync(`${FIX}http/pod-ssa-update.request.yaml`, 'utf8').replace(/writes/g, 'default');
    assert.equal((await call(sb, 'admin', '/api/v1/namespaces/default/pods/raw-ssa?fieldManager=kubectl&fieldValidation=Strict&force=false', { method: 'PATCH', body: update, contentType: 'application/apply-patch+yaml' })).status, 200);
    const other = readFileSync(`${FIX}http/pod-ssa-conflict.request.yaml`, 'utf8').replace(/writes/g, 'default');
    const r = await call(sb, 'admin', '/api/v1/namespaces/default/pods/raw-ssa?fieldManager=other-tool&fieldValidation=Strict&force=false', { method: 'PATCH', body: other, contentType: 'application/apply-patch+yaml' });
    assert.equal(r.status, 409);
    assert.deepEqual(r.json(), JSON.parse(readFileSync(`${FIX}http/pod-ssa-conflict.json`, 'utf8')));
    const forced = await call(sb, 'admin', '/api/v1/namespaces/default/pods/raw-ssa?fieldManager=other-tool&fieldValidation=Strict&force=true', { method: 'PATCH', body: other, contentType: 'application/apply-patch+yaml' });
    assert.equal(forced.status, 200);
    const got = forced.json() as { metadata: { generation: number; managedFields: { manager: string; fieldsV1: unknown }[] }; spec: { containers: { image: string }[] } };
    const want = JSON.parse(readFileSync(`${FIX}http/pod-ssa-conflict-force.json`, 'utf8')) as typeof got;
    assert.equal(got.spec.containers[0]?.image, 'nginx:1.28');
    assert.equal(got.metadata.generation, want.metadata.generation);
    assert.deepEqual(got.metadata.managedFields.map((m) => [m.manager, m.fieldsV1]), want.metadata.managedFields.map((m) => [m.manager, m.fieldsV1]));
  });

  it('RBAC refuses a write before anything else runs (viewer may only read pods)', async () => {
    const before = sb.revision();
    const r = await call(sb, 'viewer', '/api/v1/namespaces/default/pods', { method: 'POST', body: POD.replace('"web"', '"v"'), contentType: 'application/json' });
    assert.equal(r.status, 403);
    assert.match(String(r.json()['message']), /^pods is forbidden: User "[^"]+" cannot create resource "pods" in API group "" in the namespace "default"/);
    assert.equal(sb.glassBox(r.headers['audit-id'] ?? '')?.admission ?? null, null);
    assert.equal(sb.revision(), before);
  });
});

describe('what happens next: the simulated scheduler and kubelet', () => {
  let sb: RunningSandbox;
  before(async () => {
    sb = await startSandbox();
  });
  after(async () => {
    await sb.close();
  });

  it('bind a new pod to a node and report it Running, each a write with its own revision and glass box record; a delete is confirmed by the kubelet', async () => {
    const r = await post(sb, '/api/v1/namespaces/default/pods?fieldManager=kubectl-create', POD);
    const created = Number((r.json()['metadata'] as Record<string, unknown>)['resourceVersion']);
    await sb.idle();
    const pod = (await call(sb, 'admin', '/api/v1/namespaces/default/pods/web')).json() as { metadata: { resourceVersion: string; managedFields: { manager: string; subresource?: string }[] }; spec: { nodeName?: string }; status: { phase: string } };
    assert.ok(pod.spec.nodeName);
    assert.equal(pod.status.phase, 'Running');
    assert.equal(Number(pod.metadata.resourceVersion), created + 2);
    const binding = sb.glassBoxForRevision(created + 1);
    assert.equal(binding?.path, '/api/v1/namespaces/default/pods/web/binding');
    assert.equal(binding?.authentication.user?.username, 'system:kube-scheduler');
    const status = sb.glassBoxForRevision(created + 2);
    assert.equal(status?.authentication.user?.username, `system:node:${pod.spec.nodeName}`);
    assert.deepEqual(status?.write?.events, [{ type: 'MODIFIED', resourceVersion: String(created + 2) }]);
    assert.ok(pod.metadata.managedFields.some((m) => m.manager === 'kubelet' && m.subresource === 'status'));

    const del = await call(sb, 'admin', '/api/v1/namespaces/default/pods/web', { method: 'DELETE', body: '{"propagationPolicy":"Background"}', contentType: 'application/json', protocol: 'h2' });
    assert.equal(del.status, 200);
    const deleting = del.json()['metadata'] as Record<string, unknown>;
    assert.equal(deleting['deletionGracePeriodSeconds'], 30);
    await sb.idle();
    assert.equal((await call(sb, 'admin', '/api/v1/namespaces/default/pods/web')).status, 404);
    const confirm = sb.glassBoxForRevision(Number(deleting['resourceVersion']) + 2);
    assert.equal(confirm?.method, 'DELETE');
    assert.deepEqual(confirm?.write?.events.map((e) => e.type), ['MODIFIED', 'DELETED']);
  });
});

describe('admission webhooks the sandbox serves itself (AdmissionReview v1 over HTTPS on loopback)', () => {
  let sb: RunningSandbox;
  before(async () => {
    sb = await startSandbox({ controllers: false, webhooks: true });
  });
  after(async () => {
    await sb.close();
  });

  it('the validating webhook refuses a pod without a "team" label, with kube-apiserver\'s words', async () => {
    const before = sb.revision();
    const r = await post(sb, '/api/v1/namespaces/default/pods', POD);
    assert.equal(r.status, 403);
    assert.equal(r.json()['message'], 'admission webhook "validate.kube-trace.local" denied the request: pods must carry a "team" label');
    const steps = sb.glassBox(r.headers['audit-id'] ?? '')?.admission ?? [];
    assert.deepEqual(steps.filter((s) => s.kind === 'webhook').map((s) => `${s.name} ${s.verdict}`), ['MutatingAdmissionWebhook changed', 'ValidatingAdmissionWebhook denied']);
    assert.equal(sb.revision(), before);
  });

  it('the mutating webhook\'s JSONPatch is applied and shown as the step\'s patch; with a team label the pod is created', async () => {
    const r = await post(sb, '/api/v1/namespaces/default/pods', POD.replace('"labels":{"app":"web"}', '"labels":{"app":"web","team":"a"}'));
    assert.equal(r.status, 201);
    const labels = (r.json()['metadata'] as { labels: Record<string, string> }).labels;
    assert.equal(labels['kube-trace.local/admitted-by'], 'mutate.kube-trace.local');
    const step = sb.glassBox(r.headers['audit-id'] ?? '')?.admission?.find((s) => s.name === 'MutatingAdmissionWebhook');
    assert.deepEqual(step?.patch, [{ op: 'add', path: '/metadata/labels/kube-trace.local~1admitted-by', value: 'mutate.kube-trace.local' }]);
  });
});
