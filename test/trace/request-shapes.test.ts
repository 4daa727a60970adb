// The list request kube-trace sends must be the one kubectl sends: same path, query (order and
// encoding), Accept, and kubectl's own headers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TABLE_ACCEPT } from '../../src/trace/kubectl/model.js';
import { AGG_CT, fixture } from './helpers/fake-apiserver.js';
import type { FakeApiServer, RecordedRequest } from './helpers/fake-apiserver.js';
import { environment, fakeApiAsAdmin, getCommand, runAll, stage, tokenUser, writeKubeconfig } from './helpers/setup.js';
import type { GetCommand } from '../../src/trace/command.js';

function kubectlStdout(name: string): string {
  const text = readFileSync(new URL(`../fixtures/real-apiserver/kubectl/${name}.txt`, import.meta.url), 'utf8');
  return text.split('--- stdout ---\n')[1]!.split('--- stderr ---')[0]!;
}

describe('the request kubectl would send', () => {
  let api: FakeApiServer;
  let kubeconfig: string;
  let home: string;

  before(async () => {
    ({ api, home, kubeconfig } = await fakeApiAsAdmin());
  });
  after(() => api.close());

  async function listRequest(over: Partial<GetCommand>): Promise<{ sent: RecordedRequest; report: Awaited<ReturnType<typeof runAll>>['report'] }> {
    const start = api.requests.length;
    const { report } = await runAll(getCommand({ kubeconfig, requestTimeoutMs: 0, ...over }), environment(home));
    const sent = api.requests.slice(start).find((r) => r.method === 'GET' && /^\/api\/v1\/(namespaces\/[^/]+\/)?pods/.test(r.url));
    assert.ok(sent, `no list request; stages: ${JSON.stringify(report.stages.map((s) => [s.name, s.status, s.error?.message]))}`);
    return { sent, report };
  }

  it('default: GET /api/v1/namespaces/default/pods?limit=500 with the Table Accept and kubectl headers', async () => {
    const { sent, report } = await listRequest({});
    assert.equal(sent.url, '/api/v1/namespaces/default/pods?limit=500');
    assert.equal(sent.headers.accept, TABLE_ACCEPT);
    assert.match(String(sent.headers['user-agent']), /^kubectl\/v1\.32\.5 \(\w+\/\w+\) kubernetes\/9894294$/);
    assert.equal(sent.headers['kubectl-command'], 'kubectl get');
    assert.match(String(sent.headers['kubectl-session']), /^[0-9a-f-]{36}$/);
    assert.equal(sent.headers.authorization, undefined, 'client certificate: no Authorization header');
    const planned = stage(report, 'request').data!.request;
    assert.equal(planned.url, `${api.url}/api/v1/namespaces/default/pods?limit=500`);
    assert.deepEqual(planned.query, [{ name: 'limit', value: '500' }]);
    assert.equal(planned.asTable, true);
    const mapping = stage(report, 'request').data!.mapping;
    assert.deepEqual([mapping.kind, mapping.groupVersionPath, mapping.namespaced], ['Pod', '/api/v1', true]);
  });

  it('discovery is GET /api and /apis with the aggregated-discovery Accept, on the same connection as the list', async () => {
    const { report } = await listRequest({});
    const disc = stage(report, 'request').data!.discovery;
    assert.deepEqual(disc.exchanges.map((e) => new URL(e.url).pathname + new URL(e.url).search), ['/api?timeout=32s', '/apis?timeout=32s']);
    assert.equal(disc.format, 'aggregated-v2beta1');
    assert.equal(disc.exchanges.every((e) => e.by === 'kubectl' && e.purpose === 'discovery'), true);
    const list = stage(report, 'response').data!.exchanges[0]!;
    assert.equal(list.timings.reusedConnection, true);
    assert.equal(disc.exchanges[0]!.timings.reusedConnection, false);
    assert.equal(disc.cache.wouldUseCache, false);
  });

  it('-n demo, -l and --field-selector: parameters sorted as url.Values.Encode does', async () => {
    const { sent } = await listRequest({ namespace: 'demo', labelSelector: 'tier in (frontend,backend)', fieldSelector: 'status.phase=Running' });
    assert.equal(sent.url, '/api/v1/namespaces/demo/pods?fieldSelector=status.phase%3DRunning&labelSelector=tier+in+%28frontend%2Cbackend%29&limit=500');
  });

  it('-A: GET /api/v1/pods?limit=500 (as in kubectl capture 28)', async () => {
    const { sent, report } = await listRequest({ allNamespaces: true });
    assert.equal(sent.url, '/api/v1/pods?limit=500');
    assert.deepEqual(stage(report, 'kubeconfig').data!.namespace, { value: '', source: 'all-namespaces' });
  });

  it('-o json, yaml and name ask for plain JSON objects, not a Table', async () => {
    for (const output of ['json', 'yaml', 'name'] as const) {
      const { sent, report } = await listRequest({ output });
      assert.equal(sent.headers.accept, 'application/json', output);
      assert.equal(stage(report, 'request').data!.request.asTable, false);
    }
  });

  it('get pods NAME: GET .../pods/NAME with no limit', async () => {
    const start = api.requests.length;
    const { report } = await runAll(getCommand({ kubeconfig, requestTimeoutMs: 0, resourceName: 'nginx' }), environment(home));
    assert.ok(api.requests.slice(start).some((r) => r.url === '/api/v1/namespaces/default/pods/nginx'));
    assert.equal(stage(report, 'authz').data!.access.available && stage(report, 'authz').data!.access.available ? (stage(report, 'authz').data!.access as { attributes: { verb: string } }).attributes.verb : '', 'get');
  });

  it('--chunk-size=0 sends no limit; --request-timeout adds timeout=', async () => {
    const { sent } = await listRequest({ chunkSize: 0, requestTimeoutMs: 5000 });
    assert.equal(sent.url, '/api/v1/namespaces/default/pods?timeout=5s');
  });

  it('prints the server Table the way kubectl does (header and rows as in capture 10)', async () => {
    const { report } = await listRequest({});
    const format = stage(report, 'format');
    assert.equal(format.status, 'ok');
    // The fixture Table was captured a minute after kubectl ran, so only AGE/RESTARTS ages differ.
    const noAges = (s: string): string[] => s.split('\n').map((l) => l.replace(/\S*\d+[smhd]( ago\))?/g, '').replace(/\s+/g, ' '));
    assert.deepEqual(noAges(report.output.stdout), noAges(kubectlStdout('10-admin-get-pods')));
    assert.equal(report.output.stdout.split('\n')[0], kubectlStdout('10-admin-get-pods').split('\n')[0]);
    assert.equal(report.output.exitCode, 0);
    assert.equal(format.data!.printedFrom, 'server-table');
  });

  it('the curl line is copy-ready and carries no credential', async () => {
    const { report } = await listRequest({});
    const curl = stage(report, 'request').data!.request.curl;
    assert.match(curl, /^curl -sS --cacert "\$CA_FILE" --cert "\$CLIENT_CERT_FILE" --key "\$CLIENT_KEY_FILE" /);
    assert.match(curl, /'https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/default\/pods\?limit=500'$/);
    assert.ok(!curl.includes('PRIVATE KEY'));
  });

  it('a plain http:// server works as with kubectl: no TLS phase, same request', async () => {
    const seen: string[] = [];
    const plain = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      const path = (req.url ?? '').split('?')[0];
      const body = path === '/api' ? fixture('api-aggregated-discovery') : path === '/apis' ? fixture('apis-aggregated-discovery') : path?.endsWith('/pods') ? fixture('pods-default-table') : '{"kind":"Status","status":"Failure","code":404,"reason":"NotFound","message":"nope"}';
      res.writeHead(path?.endsWith('/pods') || path?.startsWith('/api') ? 200 : 404, { 'Content-Type': path === '/api' || path === '/apis' ? AGG_CT : 'application/json' });
      res.end(body);
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    try {
      const server = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      const kc = writeKubeconfig(home, 'plain', { server, users: [tokenUser('t', 'plain-token')] });
      const { report } = await runAll(getCommand({ kubeconfig: kc, requestTimeoutMs: 0 }), environment(home));
      assert.equal(stage(report, 'response').status, 'ok', JSON.stringify(report.stages.map((x) => x.error)));
      assert.ok(seen.includes('/api/v1/namespaces/default/pods?limit=500'));
      const first = stage(report, 'request').data!.discovery.exchanges[0]!;
      assert.equal(first.timings.tlsMs, null);
      assert.equal(first.tls, undefined);
    } finally {
      plain.close();
    }
  });
});
