// Each teaching stage is a pure projection of the step results: fed captured responses and no server,
// it says what the learner sees and where a failure stops the trace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authzStage } from '../../../src/trace/stages/authz.js';
import { etcdStage } from '../../../src/trace/stages/etcd.js';
import { formatStage } from '../../../src/trace/stages/format.js';
import { kubeconfigStage } from '../../../src/trace/stages/kubeconfig.js';
import { parseStage } from '../../../src/trace/stages/parse.js';
import { requestStage } from '../../../src/trace/stages/request.js';
import { responseStage } from '../../../src/trace/stages/response.js';
import { NOT_ASKED } from '../../../src/trace/steps/reviews.js';
import { withLog } from '../../../src/trace/stages/kubectl-output.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exchange, getCommand, kubeconfigData, pageFrom, planned, refusedPage, stepsWith } from '../helpers/steps.js';

const KUBECTL = fileURLToPath(new URL('../../fixtures/real-apiserver/kubectl/', import.meta.url));
function kubectlRun(name: string): { stdout: string; stderr: string } {
  const t = readFileSync(`${KUBECTL}${name}.txt`, 'utf8');
  const between = (a: string, b: string): string => t.slice(t.indexOf(a) + a.length + 1, t.indexOf(b));
  return { stdout: between('--- stdout ---', '--- stderr ---'), stderr: between('--- stderr ---', '--- exit code') };
}

const cmd = getCommand({ requestTimeoutMs: 0 });
const dataOf = <T,>(o: { status: 'ok'; data: T } | { status: 'error'; data: T | null } | { status: 'skipped' }): T | null => (o.status === 'skipped' ? null : o.data);
const input = (steps: ReturnType<typeof stepsWith>, c = cmd) => ({ cmd: c, sandbox: null, steps, stoppedAt: null });

describe('parse', () => {
  it('reports the kubectl command line, with no step run', () => {
    const out = parseStage.project({ cmd: getCommand({ namespace: 'demo', output: 'wide', requestTimeoutMs: 0 }), sandbox: null, steps: {}, stoppedAt: null });
    assert.equal(out.status, 'ok');
    assert.equal(dataOf(out)?.kubectlEquivalent, 'kubectl get pods -n demo -o wide');
    assert.deepEqual(parseStage.needs, []);
  });

  it('refuses what kubectl get refuses before sending: a NAME with -A, a NAME with a selector', () => {
    const a = parseStage.project({ cmd: getCommand({ resourceName: 'nginx', allNamespaces: true }), sandbox: null, steps: {}, stoppedAt: null });
    assert.equal(a.status, 'error');
    assert.equal(a.status === 'error' && a.error.kubectlMessage, 'error: a resource cannot be retrieved by name across all namespaces');
    const l = parseStage.project({ cmd: getCommand({ resourceName: 'nginx', labelSelector: 'app=x' }), sandbox: null, steps: {}, stoppedAt: null });
    assert.equal(l.status === 'error' && l.error.kubectlMessage, 'error: name cannot be provided when a selector is specified');
  });

  it('names the sandbox kubeconfig in the kubectl equivalent when the sandbox is the target', () => {
    const out = parseStage.project({ cmd, sandbox: { kubeconfigPath: '/tmp/kt/sandbox.kubeconfig', server: 'https://127.0.0.1:1', scenario: 'default', reason: 'flag' }, steps: {}, stoppedAt: null });
    assert.equal(dataOf(out)?.kubectlEquivalent, 'kubectl --kubeconfig=/tmp/kt/sandbox.kubeconfig get pods');
  });
});

describe('kubeconfig', () => {
  it('shows what the config step found, or stops with its error', () => {
    const okOut = kubeconfigStage.project(input(stepsWith([])));
    assert.equal(okOut.status, 'ok');
    assert.equal(dataOf(okOut)?.currentContext, 'admin');
    const refused = kubeconfigStage.project(input({ config: { ok: false, error: { kind: 'kubeconfig-invalid', message: 'bad', hint: 'fix it', kubectlMessage: 'error: current-context is not set' } } }));
    assert.equal(refused.status, 'error');
    assert.equal(refused.status === 'error' && refused.error.kubectlMessage, 'error: current-context is not set');
  });
});

describe('request', () => {
  it('shows discovery, the mapping and the planned request', () => {
    const out = requestStage.project(input(stepsWith([])));
    assert.equal(out.status, 'ok');
    assert.equal(dataOf(out)?.mapping.groupVersionPath, '/api/v1');
    assert.equal(dataOf(out)?.request.path, '/api/v1/namespaces/default/pods');
  });

  it('stops at a credential that could not be prepared, and at discovery the server refused', () => {
    const plugin = requestStage.project(input({ ...stepsWith([]), connect: { ok: false, error: { kind: 'auth-plugin', message: 'plugin failed', hint: 'run it by hand' } } }));
    assert.equal(plugin.status === 'error' && plugin.error.kind, 'auth-plugin');
    const disco = requestStage.project(input({ ...stepsWith([]), discovery: { ok: false, error: { kind: 'tls', message: 'x509', hint: 'ca' }, discovery: { exchanges: [], cache: { dir: '/c', wouldUseCache: false, reason: 'cold' }, format: 'legacy' } } }));
    assert.equal(disco.status === 'error' && disco.error.kind, 'tls');
  });
});

describe('authz', () => {
  it('a 200 is allowed; the outcome points at kubectl\'s exchange', () => {
    const page = pageFrom('pods-default-table');
    const out = authzStage.project(input(stepsWith([page])));
    assert.equal(out.status, 'ok');
    assert.deepEqual(dataOf(out)?.outcome, { status: 200, allowed: true, exchangeId: page.exchange.id });
  });

  it('a 403 stops here with kubectl\'s own line, and keeps what was learnt', () => {
    const page = pageFrom('pods-all-namespaces-viewer-forbidden');
    const steps = stepsWith([page], { requestPlan: planned('/api/v1/pods'), config: { ok: true, data: kubeconfigData({ value: '', source: 'all-namespaces' }), server: 'https://127.0.0.1:6443', clusterName: 'test' } });
    const out = authzStage.project(input(steps, getCommand({ allNamespaces: true })));
    assert.equal(out.status, 'error');
    assert.equal(out.status === 'error' && out.error.kind, 'forbidden');
    assert.equal(out.status === 'error' && out.error.kubectlMessage, 'Error from server (Forbidden): pods is forbidden: User "viewer" cannot list resource "pods" in API group "" at the cluster scope');
    assert.equal(dataOf(out)?.outcome.statusReason, 'Forbidden');
  });

  it('a connection that never answered stops here; nobody was asked who you are', () => {
    const out = authzStage.project(input(stepsWith([refusedPage()], { reviews: { whoami: { available: false, reason: NOT_ASKED }, access: { available: false, reason: NOT_ASKED }, exchanges: [] } })));
    assert.equal(out.status, 'error');
    assert.equal(out.status === 'error' && out.error.kind, 'connection-refused');
    assert.equal(dataOf(out)?.whoami.available, false);
  });

  it('a server that repeats its continue token stops paging, and the trace, here', () => {
    const steps = stepsWith([pageFrom('pods-default-table')]);
    const out = authzStage.project(input({ ...steps, list: { pages: steps.list?.pages ?? [], pagingError: { kind: 'bad-response', message: 'The server returned the same continue token twice, so paging would never end.', hint: 'chunk-size 0' } } }));
    assert.equal(out.status === 'error' && out.error.kind, 'bad-response');
  });
});

describe('etcd', () => {
  it('maps each item to its storage key by convention, with its resourceVersion and the list\'s', () => {
    const out = etcdStage.project(input(stepsWith([pageFrom('pods-default-table')])));
    assert.equal(out.status, 'ok');
    const body = pageFrom('pods-default-table').body as { metadata: { resourceVersion: string }; rows: { object: { metadata: { name: string; resourceVersion: string } } }[] };
    assert.equal(dataOf(out)?.listResourceVersion, body.metadata.resourceVersion);
    assert.deepEqual(
      dataOf(out)?.items.map((i) => [i.key, i.resourceVersion]),
      body.rows.map((r) => [`/registry/pods/default/${r.object.metadata.name}`, r.object.metadata.resourceVersion]),
    );
  });

  it('decodes the continue token of a page', () => {
    const out = etcdStage.project(input(stepsWith([pageFrom('pods-default-limit1-json')])));
    assert.deepEqual(dataOf(out)?.pages[0]?.continue?.decoded, { v: 'meta.k8s.io/v1', rv: 234, start: 'api-running\u0000' });
  });

  it('a named pod that is not there stops here: storage had no such key', () => {
    const out = etcdStage.project(input(stepsWith([pageFrom('pod-get-notfound')], { requestPlan: planned('/api/v1/namespaces/default/pods/nope') }), getCommand({ resourceName: 'nope' })));
    assert.equal(out.status, 'error');
    assert.equal(out.status === 'error' && out.error.kind, 'not-found');
  });
});

describe('response', () => {
  it('reads status, Audit-Id, APF headers, size and item count off the page', () => {
    const page = pageFrom('pods-default-table');
    const out = responseStage.project(input(stepsWith([page])));
    assert.equal(out.status, 'ok');
    assert.equal(dataOf(out)?.bodyKind, 'Table');
    assert.equal(dataOf(out)?.itemCount, 4);
    assert.equal(dataOf(out)?.totalBytes, page.exchange.bodyBytes);
  });

  it('a 5xx without a Status stops here in kubectl\'s words', () => {
    const page = { ...pageFrom('pods-default-table'), body: undefined, text: 'upstream broke' };
    page.exchange = { ...page.exchange, status: 502, responseHeaders: [{ name: 'content-type', value: 'text/plain' }] };
    const out = responseStage.project(input(stepsWith([page])));
    assert.equal(out.status === 'error' && out.error.kind, 'server-error');
    assert.equal(out.status === 'error' && out.error.kubectlMessage, 'Error from server (InternalError): an error on the server ("upstream broke") has prevented the request from succeeding (get pods)');
  });
});

describe('format', () => {
  it('prints the server Table as kubectl does', () => {
    const out = formatStage.project(input(stepsWith([pageFrom('pods-default-table')])));
    assert.equal(out.status, 'ok');
    // The capture's AGE and RESTARTS were printed a moment later than the Table was taken: compare the header and names.
    const firstCol = (s: string): string[] => s.split('\n').map((l) => l.split(/\s+/)[0] ?? '');
    assert.deepEqual(firstCol(dataOf(out)?.stdout ?? ''), firstCol(kubectlRun('10-admin-get-pods').stdout));
    assert.equal(dataOf(out)?.exitCode, 0);
  });

  it('an empty list prints kubectl\'s "No resources found" on stderr and exits 0', () => {
    const out = formatStage.project(input(stepsWith([pageFrom('pods-empty-namespace-table')])));
    assert.equal(dataOf(out)?.stdout, '');
    assert.equal(dataOf(out)?.stderr, 'No resources found in default namespace.\n');
    assert.equal(dataOf(out)?.exitCode, 0);
  });
});

describe('after the trace stopped, the later stages show what really happened', () => {
  const forbidden = (): ReturnType<typeof stepsWith> => stepsWith([pageFrom('pods-all-namespaces-viewer-forbidden')]);
  const stoppedAt = { stage: 'authz' as const, error: { kind: 'forbidden' as const, message: 'denied', hint: 'ask', kubectlMessage: 'Error from server (Forbidden): pods is forbidden: User "viewer" cannot list resource "pods" in API group "" at the cluster scope' } };

  it('a 403 arrived: the response stage shows it, with its Status body', () => {
    const out = responseStage.project({ cmd, sandbox: null, steps: forbidden(), stoppedAt });
    assert.equal(out.status, 'ok');
    assert.equal(dataOf(out)?.status, 403);
    assert.equal(dataOf(out)?.bodyKind, 'Status');
    assert.match(dataOf(out)?.bodyPreview ?? '', /"reason": "Forbidden"/);
  });

  it('storage was never read for a 403: etcd is not reached, and says why', () => {
    const out = etcdStage.project({ cmd, sandbox: null, steps: forbidden(), stoppedAt });
    assert.equal(out.status, 'skipped');
    assert.match(out.status === 'skipped' ? out.reason : '', /403.*before it reads storage/);
  });

  it('the format stage shows the line kubectl prints from it and its exit code', () => {
    const out = formatStage.project({ cmd, sandbox: null, steps: forbidden(), stoppedAt });
    assert.equal(out.status, 'ok');
    assert.equal(dataOf(out)?.printedFrom, 'error');
    assert.equal(dataOf(out)?.stderr, `${stoppedAt.error.kubectlMessage}\n`);
    assert.equal(dataOf(out)?.exitCode, 1);
  });

  it('a 401 on discovery (the list was never sent): the response stage shows the discovery answer', () => {
    const refusal = exchange({ purpose: 'discovery', url: 'https://127.0.0.1:6443/api?timeout=32s', status: 401, statusText: 'Unauthorized', responseHeaders: [{ name: 'content-type', value: 'application/json' }], bodyPreview: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}' });
    const steps = { config: stepsWith([]).config, connect: { ok: true as const, preparedMs: 1 }, discovery: { ok: false as const, error: { kind: 'unauthorized' as const, message: '401', hint: 'token' }, discovery: { exchanges: [refusal], cache: { dir: '/c', wouldUseCache: false, reason: 'cold' }, format: 'legacy' as const } } };
    const at = { stage: 'request' as const, error: { kind: 'unauthorized' as const, message: '401', hint: 'token', kubectlMessage: 'error: You must be logged in to the server (the server has asked for the client to provide credentials)' } };
    const out = responseStage.project({ cmd, sandbox: null, steps, stoppedAt: at });
    assert.equal(dataOf(out)?.of, 'discovery');
    assert.equal(dataOf(out)?.status, 401);
    assert.equal(dataOf(out)?.bodyKind, 'Status');
    assert.equal(authzStage.project({ cmd, sandbox: null, steps, stoppedAt: at }).status, 'skipped');
    assert.equal(formatStage.project({ cmd, sandbox: null, steps, stoppedAt: at }).status, 'ok');
  });

  it('nothing arrived (connection refused): response and format are not reached', () => {
    const steps = stepsWith([refusedPage()]);
    const at = { stage: 'authz' as const, error: { kind: 'connection-refused' as const, message: 'refused', hint: 'is it running?' } };
    assert.equal(responseStage.project({ cmd, sandbox: null, steps, stoppedAt: at }).status, 'skipped');
    assert.equal(formatStage.project({ cmd, sandbox: null, steps, stoppedAt: at }).status, 'skipped');
  });
});

describe('a named pod in a namespace that does not exist', () => {
  it('kubectl also GETs the namespace, and reports that the namespace is missing', () => {
    const pod = pageFrom('pod-get-notfound');
    const nsPage = { target: 0, exchange: exchange({ purpose: 'namespace', url: 'https://127.0.0.1:6443/api/v1/namespaces/n', status: 404, statusText: 'Not Found' }), failure: null, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'namespaces "n" not found', reason: 'NotFound', details: { name: 'n', kind: 'namespaces' }, code: 404 }, text: '' };
    const steps = stepsWith([pod], { requestPlan: planned('/api/v1/namespaces/n/pods/demo') });
    const withCheck = { ...steps, list: { pages: [pod], pagingError: null, namespaceChecks: [nsPage] } };
    const c = getCommand({ resourceName: 'demo', namespace: 'n', requestTimeoutMs: 0 });
    const etcd = etcdStage.project({ cmd: c, sandbox: null, steps: withCheck, stoppedAt: null });
    assert.equal(etcd.status === 'error' && etcd.error.kubectlMessage, 'Error from server (NotFound): namespaces "n" not found');
    const response = responseStage.project({ cmd: c, sandbox: null, steps: withCheck, stoppedAt: { stage: 'etcd', error: { kind: 'not-found', message: 'x', hint: 'y' } } });
    assert.deepEqual(dataOf(response)?.exchanges.map((x) => x.purpose), ['list', 'namespace']);
  });

  it('in a namespace that exists, the pod\'s own NotFound is the error', () => {
    const pod = pageFrom('pod-get-notfound');
    const nsPage = { target: 0, exchange: exchange({ purpose: 'namespace', status: 200 }), failure: null, body: { kind: 'Namespace', metadata: { name: 'demo' } }, text: '' };
    const steps = { ...stepsWith([pod], { requestPlan: planned('/api/v1/namespaces/demo/pods/nope') }), list: { pages: [pod], pagingError: null, namespaceChecks: [nsPage] } };
    const etcd = etcdStage.project({ cmd: getCommand({ resourceName: 'nope', namespace: 'demo', requestTimeoutMs: 0 }), sandbox: null, steps, stoppedAt: null });
    assert.match(etcd.status === 'error' ? (etcd.error.kubectlMessage ?? '') : '', /^Error from server \(NotFound\): pods "/);
  });
});

describe('warnings', () => {
  it('a server\'s Warning headers are printed on stderr as kubectl prints them: "Warning: …", each text once, code 299 only', () => {
    const page = pageFrom('pods-default-table');
    page.exchange = { ...page.exchange, warnings: [{ code: 299, agent: '-', text: 'pods are fine' }, { code: 199, agent: '-', text: 'not printed' }] };
    const second = pageFrom('pods-default-table');
    second.exchange = { ...second.exchange, warnings: [{ code: 299, agent: '-', text: 'pods are fine' }] };
    const out = withLog({ stdout: 'x', stderr: '', exitCode: 0 }, stepsWith([page, second]));
    assert.equal(out.stderr, 'Warning: pods are fine\n');
  });
});

describe('storage keys follow kube-apiserver\'s rule, not /registry/<group>/<resource>', () => {
  it('nodes are "minions", services "services/specs", deployments have no group, custom resources do', async () => {
    const { storageKey } = await import('../../../src/apimachinery/storage-keys.js');
    // Each as in a real v1.33.3 cluster's etcd (test/fixtures/real-apiserver-v1.33/etcd/registry-keys.txt).
    const keys = readFileSync(fileURLToPath(new URL('../../fixtures/real-apiserver-v1.33/etcd/registry-keys.txt', import.meta.url)), 'utf8');
    for (const k of [storageKey('', 'nodes', '', 'node-1'), storageKey('', 'services', 'default', 'kubernetes'), storageKey('rbac.authorization.k8s.io', 'clusterroles', '', 'admin'), storageKey('apiregistration.k8s.io', 'apiservices', '', 'v1.apps'), storageKey('', 'pods', 'default', 'nginx')]) {
      assert.ok(keys.split('\n').includes(k), `${k} is a key of the real cluster`);
    }
    assert.equal(storageKey('apps', 'deployments', 'default', 'web'), '/registry/deployments/default/web');
    assert.equal(storageKey('networking.k8s.io', 'ingresses', 'default', 'web'), '/registry/ingress/default/web');
    assert.equal(storageKey('stable.example.com', 'crontabs', 'default', 'c'), '/registry/stable.example.com/crontabs/default/c');
  });
});
