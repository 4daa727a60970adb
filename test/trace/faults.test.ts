// Every failure stops at its stage with kubectl's own message, a hint, and no secrets.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ObservedClient } from '../../src/kube/observed-http.js';
import type { StageName, TraceReport } from '../../src/trace/types.js';
import { GET_PLAN } from '../../src/trace/plan.js';

/** get's stages, in its plan's order (the catalogue also holds the write stages). */
const STAGE_NAMES = GET_PLAN.stages.map((s) => s.name);
import { fixture, startFakeApiServer } from './helpers/fake-apiserver.js';
import type { FakeApiServer } from './helpers/fake-apiserver.js';
import { createCa, issue } from './helpers/pki.js';
import { certUser, environment, getCommand, runAll, stage, tempDir, tokenUser, writeKubeconfig } from './helpers/setup.js';
import type { UserSpec } from './helpers/setup.js';
import type { GetCommand } from '../../src/trace/command.js';
import { KLOG_LINE, MEMCACHE_LINE, splitKubectlStderr } from '../helpers/klog.js';

function kubectlStderr(name: string): string {
  const text = readFileSync(new URL(`../fixtures/real-apiserver/kubectl/${name}.txt`, import.meta.url), 'utf8');
  return text.split('--- stderr ---\n')[1]!.split('--- exit code')[0]!;
}

/**
 * Asserts the trace failed at `at` with `kind`, and kubectl's output. Of the later stages, those in
 * `reached` happened (the response that arrived, what kubectl printed from it); the others were not
 * reached, and say why.
 */
function assertFailedAt(report: TraceReport, at: StageName, kind: string, kubectlMessage?: string | RegExp, reached: StageName[] = [], retries = 0): void {
  const idx = STAGE_NAMES.indexOf(at);
  const failed = stage(report, at);
  assert.equal(failed.status, 'error', `expected ${at} to fail; stages: ${JSON.stringify(report.stages.map((s) => [s.name, s.status, s.error?.kind]))}`);
  assert.equal(failed.error!.kind, kind);
  assert.ok(failed.error!.message.length > 0 && !failed.error!.message.includes('\n    at '), 'one sentence, no stack');
  assert.ok(failed.error!.hint.length > 0);
  for (const name of STAGE_NAMES.slice(0, idx)) assert.equal(stage(report, name).status, 'ok', name);
  for (const name of STAGE_NAMES.slice(idx + 1)) {
    const later = stage(report, name);
    assert.equal(later.status, reached.includes(name) ? 'ok' : 'skipped', name);
    if (later.status === 'skipped') assert.ok((later.reason ?? '').length > 0, `${name} says why it was not reached`);
  }
  assert.equal(report.output.exitCode, 1);
  assert.equal(report.output.stdout, '');
  if (typeof kubectlMessage === 'string') {
    assert.equal(failed.error!.kubectlMessage, kubectlMessage);
    const { klog, last } = splitKubectlStderr(report.output.stderr);
    assert.equal(last, kubectlMessage);
    // With a cold cache kubectl asks for discovery five times, and logs each failure first.
    assert.equal(klog.length, retries, report.output.stderr);
    for (const line of klog) assert.match(line, at === "request" ? MEMCACHE_LINE : KLOG_LINE);
  } else if (kubectlMessage) {
    assert.match(failed.error!.kubectlMessage ?? '', kubectlMessage);
  }
}

describe('faults', () => {
  let api: FakeApiServer;
  let home: string;
  let admin: UserSpec;

  before(async () => {
    api = await startFakeApiServer({ tokens: { 'good-token': 'token-user' } });
    const cert = await issue(api.ca, { cn: 'admin', orgs: ['system:masters'] });
    admin = certUser('admin', cert.certPem, cert.keyPem);
    home = tempDir();
  });
  after(() => api.close());

  const run = (kubeconfig: string, over: Partial<GetCommand> = {}) => runAll(getCommand({ kubeconfig, requestTimeoutMs: 3000, ...over }), environment(home)).then((r) => r.report);
  const kc = (name: string, o: Partial<Parameters<typeof writeKubeconfig>[2]> = {}) => writeKubeconfig(home, name, { server: api.url, caPem: api.ca.certPem, users: [admin], ...o });

  it('connection refused', async () => {
    const report = await run(kc('refused', { server: 'https://127.0.0.1:1' }));
    assertFailedAt(report, 'request', 'connection-refused', 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?', [], 5);
  });

  it('DNS failure', async () => {
    const report = await run(kc('dns', { server: 'https://no-such-host.invalid:6443' }));
    assertFailedAt(report, 'request', 'dns', /^Unable to connect to the server: dial tcp: lookup no-such-host\.invalid on \S+:53: no such host$/);
  });

  it('a server that accepts the connection but never answers: --request-timeout', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    try {
      const report = await run(kc('silent', { server: `https://127.0.0.1:${port}` }), { requestTimeoutMs: 300 });
      assertFailedAt(report, 'request', 'timeout', 'Unable to connect to the server: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)', [], 5);
    } finally {
      silent.close();
    }
  });

  it('TLS: server certificate signed by an unknown authority', async () => {
    const other = await createCa('some-other-ca');
    const report = await run(kc('unknown-ca', { caPem: other.certPem }));
    assertFailedAt(report, 'request', 'tls', 'Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority', [], 5);
    const failed = report.exchanges?.[0];
    assert.equal(failed?.status, null, 'the failed discovery request is still in the report');
    assert.match(failed?.error ?? '', /^tls: /);
  });

  it('TLS: server certificate for another name', async () => {
    const wrong = await startFakeApiServer({ ca: api.ca, server: await issue(api.ca, { cn: 'elsewhere', ips: ['127.0.0.2'], server: true }) });
    try {
      const report = await run(kc('mismatch', { server: wrong.url }));
      assertFailedAt(report, 'request', 'tls', 'Unable to connect to the server: tls: failed to verify certificate: x509: certificate is valid for 127.0.0.2, not 127.0.0.1', [], 5);
    } finally {
      await wrong.close();
    }
  });

  it('401 on the list: stops at authz with kubectl capture 81\'s message', async () => {
    api.handlers.push((req) => (req.url.startsWith('/api/v1/namespaces/default/pods') ? { status: 401, body: fixture('pods-default-badtoken-unauthorized') } : undefined));
    try {
      const report = await run(kc('t401', { users: [tokenUser('tok', 'good-token')] }));
      assertFailedAt(report, 'authz', 'unauthorized', kubectlStderr('81-badtoken-get-pods-unauthorized').trim(), ['response', 'format']);
      assert.equal(stage(report, 'authz').data!.outcome.status, 401);
    } finally {
      api.handlers.length = 0;
    }
  });

  it('an invalid token already fails discovery with 401, worded as kubectl words discovery errors', async () => {
    const report = await run(kc('badtoken', { users: [tokenUser('bad', 'not-a-known-token')] }));
    assertFailedAt(report, 'request', 'unauthorized', 'error: You must be logged in to the server (the server has asked for the client to provide credentials)', ['response', 'format'], 5);
  });

  it("403 on the list: stops at authz with the server's Status message (kubectl capture 50)", async () => {
    api.handlers.push((req) => (req.url.startsWith('/api/v1/namespaces/default/pods') ? { status: 403, body: fixture('pods-default-jane-forbidden-table') } : undefined));
    try {
      const report = await run(kc('t403'));
      assertFailedAt(report, 'authz', 'forbidden', kubectlStderr('50-nobody-get-pods-forbidden').trim(), ['response', 'format']);
      const authz = stage(report, 'authz').data!;
      assert.equal(authz.outcome.allowed, false);
      assert.equal(authz.outcome.statusReason, 'Forbidden');
      assert.equal(authz.access.available, true, 'the SelfSubjectAccessReview is still asked');
    } finally {
      api.handlers.length = 0;
    }
  });

  it('404 for a named pod: stops at etcd (kubectl capture 23)', async () => {
    const report = await run(kc('t404'), { resourceName: 'no-such-pod' });
    assertFailedAt(report, 'etcd', 'not-found', kubectlStderr('23-admin-get-pod-notfound').trim(), ['response', 'format']);
  });

  it('combinations kubectl rejects before sending anything stop at parse', async () => {
    assertFailedAt(await run(kc('usage1'), { resourceName: 'nginx', allNamespaces: true }), 'parse', 'usage', 'error: a resource cannot be retrieved by name across all namespaces');
    assertFailedAt(await run(kc('usage2'), { resourceName: 'nginx', labelSelector: 'app=x' }), 'parse', 'usage', 'error: name cannot be provided when a selector is specified');
  });

  it('unknown resource type', async () => {
    const report = await run(kc('unknown-type'), { resource: 'foos' });
    assertFailedAt(report, 'request', 'not-found', 'error: the server doesn\'t have a resource type "foos"');
  });

  it('400 bad selector: stops at response with the Status message', async () => {
    api.handlers.push((req) => (req.url.includes('labelSelector') ? { status: 400, body: fixture('pods-default-labelselector-invalid') } : undefined));
    try {
      const report = await run(kc('t400'), { labelSelector: 'app in (' });
      const status = JSON.parse(fixture('pods-default-labelselector-invalid')) as { message: string };
      // kubectl's builder names the list and the selectors (as seen with real kubectl against the sandbox).
      assertFailedAt(report, 'response', 'bad-request', `Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "app in (", field selector "": ${status.message}`, ['format']);
    } finally {
      api.handlers.length = 0;
    }
  });

  it('500 with a non-Status body', async () => {
    api.handlers.push((req) => (req.url.startsWith('/api/v1/namespaces/default/pods') ? { status: 500, body: 'boom', headers: { 'Content-Type': 'text/plain' } } : undefined));
    try {
      const report = await run(kc('t500'));
      assertFailedAt(report, 'response', 'server-error', 'Error from server (InternalError): an error on the server ("boom") has prevented the request from succeeding (get pods)', ['format']);
    } finally {
      api.handlers.length = 0;
    }
  });

  it('a body cut short after a 200: authorization passed, the response stage fails (no "error: " prefix for table output)', async () => {
    api.handlers.push((req, res) => {
      if (!req.url.startsWith('/api/v1/namespaces/default/pods')) return undefined;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100000' });
      res.write('{"kind":"Table","rows":[');
      setTimeout(() => res.socket?.destroy(), 20);
      return 'handled';
    });
    try {
      const report = await run(kc('truncated'));
      // client-go logs the body it could not finish (request.go) before kubectl's error line.
      assertFailedAt(report, 'response', 'bad-response', 'unexpected error when reading response body. Please retry. Original error: unexpected EOF', ['format'], 1);
      assert.match(report.output.stderr, /^E\d{4} [\d:.]+ +\d+ request\.go:1332\] Unexpected error when reading response body: unexpected EOF\n/);
      const json = await run(kc('truncated-json'), { output: 'json' });
      assert.equal(splitKubectlStderr(json.output.stderr).last, 'error: unexpected error when reading response body. Please retry. Original error: unexpected EOF');
    } finally {
      api.handlers.length = 0;
    }
  });

  it('a 200 whose body is not JSON', async () => {
    api.handlers.push((req) => (req.url.startsWith('/api/v1/namespaces/default/pods') ? { status: 200, body: '<html>proxy login</html>', headers: { 'Content-Type': 'text/html' } } : undefined));
    try {
      const report = await run(kc('html'));
      assertFailedAt(report, 'response', 'bad-response', "serializer for text/html doesn't exist", ['format']);
    } finally {
      api.handlers.length = 0;
    }
  });

  it('a body over the size cap is refused', async () => {
    api.handlers.push((req) => (req.url === '/big' ? { status: 200, body: 'x'.repeat(50_000) } : undefined));
    const client = new ObservedClient(api.url, { ca: Buffer.from(api.ca.certPem), rejectUnauthorized: true, authorization: null, maskedAuthorization: null, extraHeaders: [] });
    try {
      const r = await client.send({ method: 'GET', pathAndQuery: '/big', headers: [], timeoutMs: 3000, maxBodyBytes: 10_000 });
      assert.equal(r.failure?.kind, 'too-large');
      assert.equal(r.body, null);
    } finally {
      client.close();
      api.handlers.length = 0;
    }
  });

  it('unknown --context, context pointing to a missing cluster, no kubeconfig at all', async () => {
    assertFailedAt(await run(kc('ctx'), { context: 'nope' }), 'kubeconfig', 'kubeconfig-invalid', 'Error in configuration: context was not found for specified context: nope');
    const broken = join(home, 'broken');
    writeFileSync(broken, 'apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts:\n- name: c\n  context: {cluster: ghost, user: u}\nusers:\n- name: u\n  user: {token: t}\n');
    // kubectl does not stop at a missing cluster: it falls back to its default server and asks there.
    const fallback = await run(broken);
    assertFailedAt(fallback, 'request', 'connection-refused', 'The connection to the server localhost:8080 was refused - did you specify the right host or port?', [], 5);
    assert.deepEqual(stage(fallback, 'kubeconfig').data?.fallback, { reason: 'no-cluster', server: 'http://localhost:8080' });
    assert.match(stage(fallback, 'request').error?.hint ?? '', /default, http:\/\/localhost:8080.*--sandbox/);
    const tabs = join(home, 'tabs');
    writeFileSync(tabs, 'apiVersion: v1\nclusters:\n- name: c\n  cluster:\n\tserver: https://x\n');
    const yamlReport = await run(tabs);
    assertFailedAt(yamlReport, 'kubeconfig', 'kubeconfig-invalid', `error: error loading config file "${tabs}": yaml: line 5: found character that cannot start any token`);
    assert.match(stage(yamlReport, 'kubeconfig').error!.message, /not valid YAML: .*line 5.*\.$/);
    const empty = tempDir();
    const report = (await runAll(getCommand({}), environment(empty))).report;
    assertFailedAt(report, 'kubeconfig', 'no-kubeconfig');
  });

  it('an exec plugin that fails: its stderr (which may hold a token) is not echoed', async () => {
    const script = join(home, 'failing-plugin.sh');
    writeFileSync(script, '#!/bin/sh\necho "token=MARKER-SECRET-FROM-PLUGIN" >&2\nexit 3\n');
    chmodSync(script, 0o755);
    const report = await run(kc('exec-fail', { users: [{ name: 'e', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: script, interactiveMode: 'Never' } } }] }));
    // kubectl runs the plugin for each of its five discovery attempts, and logs each failure.
    assertFailedAt(report, 'request', 'auth-plugin', `Unable to connect to the server: getting credentials: exec: executable ${script} failed with exit code 3`, [], 5);
    assert.ok(!JSON.stringify(report).includes('MARKER-SECRET'));
  });

  it('an exec plugin that hangs is stopped at the request timeout', async () => {
    const script = join(home, 'hanging-plugin.sh');
    writeFileSync(script, '#!/bin/sh\nsleep 30\n');
    chmodSync(script, 0o755);
    const report = await run(kc('exec-hang', { users: [{ name: 'h', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: script, interactiveMode: 'Never' } } }] }), { requestTimeoutMs: 300 });
    assertFailedAt(report, 'request', 'auth-plugin');
    assert.match(stage(report, 'request').error!.message, /did not finish/);
  });
});
