// The write stages are projections of step results: fed a write's steps and a glass-box record built
// here (the contract of src/glassbox/types.ts, as the sandbox fills it), with no server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GlassBoxRecord } from '../../../src/glassbox/types.js';
import type { HttpExchange } from '../../../src/kube/types.js';
import type { WriteCommand } from '../../../src/trace/command.js';
import { objectDiff, projectAdmission, projectStorageWrite, projectWatched, projectWriteAuthz, readablePath, refusingStage } from '../../../src/trace/stages/write-stages.js';
import type { StepResults, WriteExchange, WritePlanOutput, WrittenObject } from '../../../src/trace/steps/types.js';
import type { ResourceMapping } from '../../../src/trace/types.js';

const PODS: ResourceMapping = { resource: 'pods', kind: 'Pod', group: '', version: 'v1', namespaced: true, verbs: ['create'], shortNames: ['po'], groupVersionPath: '/api/v1' };
const SENT = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'writes' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };

function exchange(method: string, status: number, headers: Record<string, string> = {}): HttpExchange {
  return {
    id: 7, by: 'kubectl', purpose: 'write', method, url: 'https://127.0.0.1:6443/api/v1/namespaces/writes/pods', requestHeaders: [], status, statusText: '', httpVersion: '2',
    responseHeaders: Object.entries(headers).map(([name, value]) => ({ name, value })), bodyBytes: 10, bodyPreview: '',
    timings: { dnsMs: null, connectMs: null, tlsMs: null, ttfbMs: 1, downloadMs: 0, totalMs: 1, reusedConnection: true },
  };
}

function wx(role: WriteExchange['role'], method: string, status: number, body: unknown): WriteExchange {
  return { role, exchange: exchange(method, status, { 'Audit-Id': 'a-1' }), failure: null, body, text: JSON.stringify(body) };
}

function plan(dryRun: WritePlanOutput['dryRun']): WritePlanOutput {
  const request = { method: 'POST' as const, url: 'https://127.0.0.1:6443/api/v1/namespaces/writes/pods', path: '/api/v1/namespaces/writes/pods', namespace: 'writes', query: [], headers: [], curl: '', curlArgs: [], accept: 'application/json', asTable: false, chunkSize: 0 };
  return { objects: [{ index: 0, mapping: PODS, kind: 'Pod', name: 'web', namespace: 'writes', object: SENT, request, liveGet: null }], dryRun, fieldValidation: 'Strict' };
}

const CMD = { verb: 'create', write: { verb: 'create', file: 'pod.yaml', objects: [], serverSide: false, forceConflicts: false, fieldManager: null, validate: 'strict', dryRun: 'none' } } as unknown as WriteCommand;
const SANDBOX = { sent: false, why: null, cluster: 'kube-trace-sandbox' } as const;

function record(extra: Partial<GlassBoxRecord>): GlassBoxRecord {
  return {
    auditId: 'a-1', method: 'POST', path: '/api/v1/namespaces/writes/pods', query: '', receivedAt: '2026-12-01T21:42:06Z', steps: [],
    authentication: { authenticator: 'x509', authenticated: true, user: { username: 'admin', groups: ['system:masters'] }, detail: '' },
    priorityAndFairness: null,
    authorization: { attributes: { verb: 'create', resource: 'pods', subresource: '', apiGroup: '', namespace: 'writes', name: '', path: '', resourceRequest: true }, decision: 'allow', reason: '', matched: null, considered: [] },
    storage: null, conversion: null, response: null, totalMs: 1, ...extra,
  };
}

function steps(written: WrittenObject, gb: GlassBoxRecord | null, dry: WritePlanOutput['dryRun'] = SANDBOX): StepResults {
  return {
    writePlan: { ok: true, ...plan(dry) },
    write: { objects: [written] },
    writeReviews: { whoami: { available: false, reason: 'x' }, access: { available: false, reason: 'x' }, exchanges: [] },
    writeGlassBox: gb === null ? null : { record: gb, note: 'recorded by the sandbox', exchanges: [] },
  };
}

const CREATED = { ...SENT, metadata: { ...SENT.metadata, uid: 'u1', resourceVersion: '1456' }, spec: { ...SENT.spec, serviceAccountName: 'default' } };

describe('the write stages, projected from step results', () => {
  it('admission: each sandbox step with its JSON Patch made readable, and what any client sees from the answer', () => {
    const gb = record({ admission: [
      { phase: 'mutating', kind: 'plugin', name: 'ServiceAccount', verdict: 'changed', patch: [{ op: 'add', path: '/spec/serviceAccountName', value: 'default' }, { op: 'add', path: '/spec/volumes/0', value: { name: 'kube-api-access-x' } }], durationMs: 0.2 },
      { phase: 'validating', kind: 'plugin', name: 'PodSecurity', verdict: 'allowed', durationMs: 0.1 },
    ] });
    const out = projectAdmission({ cmd: CMD, steps: steps({ index: 0, action: 'created', exchanges: [wx('write', 'POST', 201, CREATED)], patch: null, error: null }, gb), stoppedAt: null });
    assert.equal(out.status, 'ok');
    assert.ok(out.status === 'ok');
    assert.deepEqual(out.data.steps?.[0]?.changes, [{ op: 'add', path: 'spec.serviceAccountName', value: '"default"' }, { op: 'add', path: 'spec.volumes[0]', value: '{"name":"kube-api-access-x"}' }]);
    assert.deepEqual(out.data.observed, [{ op: 'add', path: 'metadata.uid', value: '"u1"' }, { op: 'add', path: 'metadata.resourceVersion', value: '"1456"' }, { op: 'add', path: 'spec.serviceAccountName', value: '"default"' }]);
    assert.equal(out.data.target.dryRun, false);
  });

  it('admission: a PodSecurity refusal stops the trace there, with kubectl\'s message', () => {
    const status = { kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: 'pods "hostnet" is forbidden: violates PodSecurity "restricted:latest": host namespaces (hostNetwork=true)' };
    const error = { kind: 'forbidden' as const, message: 'refused', hint: '', kubectlMessage: `Error from server (Forbidden): error when creating "pod.yaml": ${status.message}` };
    const gb = record({ admission: [{ phase: 'validating', kind: 'plugin', name: 'PodSecurity', verdict: 'denied', message: status.message, durationMs: 0.1 }] });
    const s = steps({ index: 0, action: null, exchanges: [wx('write', 'POST', 403, status)], patch: null, error }, gb);
    assert.equal(projectWriteAuthz({ cmd: CMD, steps: s, stoppedAt: null }).status, 'ok');
    const out = projectAdmission({ cmd: CMD, steps: s, stoppedAt: null });
    assert.equal(out.status, 'error');
    assert.ok(out.status === 'error');
    assert.equal(out.data?.refusedBy?.step, 'PodSecurity');
    assert.equal(out.error.kubectlMessage, error.kubectlMessage);
  });

  it('write: the key, the compare and revisionBefore → revision from the sandbox\'s transaction', () => {
    const gb = record({ write: { operation: 'create', key: '/registry/pods/writes/web', dryRun: false, compareModRevision: 0, succeeded: true, revisionBefore: 1455, revision: 1456, bytes: 900, backend: 'memory', events: [{ type: 'ADDED', resourceVersion: '1456' }] } });
    const s = steps({ index: 0, action: 'created', exchanges: [wx('write', 'POST', 201, CREATED)], patch: null, error: null }, gb);
    const out = projectStorageWrite({ cmd: CMD, steps: s, stoppedAt: null });
    assert.ok(out.status === 'ok');
    assert.equal(out.data.key, '/registry/pods/writes/web');
    assert.equal(out.data.resourceVersion, '1456');
    assert.deepEqual([out.data.insideApiServer?.compareModRevision, out.data.insideApiServer?.revisionBefore, out.data.insideApiServer?.revision], [0, 1455, 1456]);
    const watch = projectWatched({ cmd: CMD, steps: s, stoppedAt: null });
    assert.ok(watch.status === 'ok');
    assert.deepEqual(watch.data.events, [{ type: 'ADDED', resourceVersion: '1456', observed: true }]);
  });

  it('a cluster that is not the sandbox: every stage says dry run, no revision, no event', () => {
    const dry = { sent: true, why: 'not-the-sandbox', cluster: 'prod' } as const;
    // A dry run's answer has uid and defaults but no resourceVersion (kubectl/18 in the v1.33 captures).
    const answer = { ...CREATED, metadata: { name: 'web', namespace: 'writes', uid: 'u1' } };
    const s = steps({ index: 0, action: 'created', exchanges: [wx('write', 'POST', 201, answer)], patch: null, error: null }, null, dry);
    const adm = projectAdmission({ cmd: CMD, steps: s, stoppedAt: null });
    const wr = projectStorageWrite({ cmd: CMD, steps: s, stoppedAt: null });
    const wa = projectWatched({ cmd: CMD, steps: s, stoppedAt: null });
    assert.ok(adm.status === 'ok' && wr.status === 'ok' && wa.status === 'ok');
    for (const t of [adm.data.target, wr.data.target, wa.data.target]) {
      assert.equal(t.dryRun, true);
      assert.match(t.note, /"prod" is not kube-trace's sandbox.*dryRun=All/);
    }
    assert.equal(wr.data.resourceVersion, null);
    assert.deepEqual(wa.data.events, []);
  });

  it('an unchanged apply sent no write: admission says so, storage did nothing', () => {
    const live = { ...CREATED };
    const s = steps({ index: 0, action: 'unchanged', exchanges: [wx('get', 'GET', 200, live)], patch: { body: '{}', contentType: 'application/strategic-merge-patch+json' }, error: null }, null);
    const adm = projectAdmission({ cmd: CMD, steps: s, stoppedAt: null });
    assert.ok(adm.status === 'ok');
    assert.match(adm.data.note, /sent no write/);
    const wr = projectStorageWrite({ cmd: CMD, steps: s, stoppedAt: null });
    assert.ok(wr.status === 'ok');
    assert.equal(wr.data.operation, 'none');
  });

  it('refusals belong to the stage that refused: RBAC → authz, 422 → admission, 409 → write', () => {
    const st = (code: number, message: string, method = 'POST'): WriteExchange => ({ ...wx('write', method, code, { kind: 'Status', code, message }) });
    assert.equal(refusingStage(st(403, 'pods is forbidden: User "viewer" cannot create resource "pods" in API group "" in the namespace "writes"'), null), 'authz');
    assert.equal(refusingStage(st(403, 'pods "web" is forbidden: error looking up service account writes/default'), null), 'admission');
    assert.equal(refusingStage(st(422, 'invalid'), null), 'admission');
    assert.equal(refusingStage(st(409, 'pods "web" already exists'), null), 'write');
    assert.equal(refusingStage(st(404, 'namespaces "writes" not found'), null), 'admission');
    assert.equal(refusingStage(st(404, 'pods "x" not found', 'DELETE'), null), 'write');
  });

  it('JSON Pointers read as dotted paths', () => {
    assert.equal(readablePath('/spec/containers/0/volumeMounts/-'), 'spec.containers[0].volumeMounts[-]');
    assert.equal(readablePath('/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration'), 'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]');
    assert.deepEqual(objectDiff({ a: [1] }, { a: [1, 2] }), [{ op: 'add', path: 'a[1]', value: '2' }]);
  });
});
