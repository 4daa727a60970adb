// The engine end to end against the embedded sandbox API server (real TLS, RBAC, glass box).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startSandbox } from '../../src/sandbox/index.js';
import type { RunningSandbox } from '../../src/sandbox/index.js';
import type { TraceEnvironment } from '../../src/trace/command.js';
import { GET_PLAN } from '../../src/trace/plan.js';

/** get's stages, in its plan's order (the catalogue also holds the write stages). */
const STAGE_NAMES = GET_PLAN.stages.map((s) => s.name);
import { getCommand, runAll, stage, tempDir } from './helpers/setup.js';

describe('runTrace against the sandbox', () => {
  let sb: RunningSandbox;
  let base: TraceEnvironment;
  // Each run with a cold discovery cache of its own (kube-trace writes kubectl's cache as kubectl does).
  const env = (): TraceEnvironment => ({ ...base, env: { KUBECACHEDIR: mkdtempSync(join(tmpdir(), 'kube-trace-cache-')) } });
  let kubeconfigPath: string;

  before(async () => {
    sb = await startSandbox();
    const home = tempDir();
    kubeconfigPath = join(home, 'sandbox.kubeconfig');
    await sb.writeKubeconfig(kubeconfigPath);
    base = { env: {}, homeDir: home, sandbox: { kubeconfigPath, server: sb.url, scenario: sb.scenario, reason: 'flag' }, toolVersion: '0.0.0-test' };
  });
  after(() => sb.close());

  it('runs all seven stages, prints the pods, and shows what happened inside the API server', async () => {
    const revision = sb.revision();
    const { report } = await runAll(getCommand({ sandbox: true, requestTimeoutMs: 0 }), env());
    for (const name of STAGE_NAMES) assert.equal(stage(report, name).status, 'ok', `${name}: ${JSON.stringify(stage(report, name).error)}`);
    assert.equal(report.target.kind, 'sandbox');
    assert.equal(report.output.exitCode, 0);
    assert.match(report.output.stdout, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    const kc = stage(report, 'kubeconfig').data!;
    assert.deepEqual(kc.files.map((f) => f.source), ['sandbox']);
    assert.equal(kc.cluster.name, 'kube-trace-sandbox');
    assert.deepEqual(kc.sandbox, { reason: 'flag', server: sb.url, scenario: sb.scenario });
    const response = stage(report, 'response').data!;
    const authz = stage(report, 'authz').data!;
    assert.ok(authz.insideApiServer, authz.insideApiServerNote);
    assert.equal(authz.insideApiServer.auditId, response.auditId);
    assert.equal(authz.insideApiServer.authorization?.decision, 'allow');
    assert.equal(authz.whoami.available && authz.whoami.username, authz.insideApiServer.authentication.user?.username);
    assert.equal(authz.access.available && authz.access.allowed, true);
    const etcd = stage(report, 'etcd').data!;
    assert.ok(etcd.insideApiServer, etcd.insideApiServerNote);
    assert.equal(String(etcd.insideApiServer.revision), etcd.listResourceVersion);
    assert.equal(etcd.items.length, response.itemCount);
    assert.ok(etcd.items.every((i) => i.key === `/registry/pods/${i.namespace}/${i.name}`));
    assert.equal(sb.revision(), revision, 'the trace is read-only');
    const sent = sb.requests().filter((r) => r.auditId === response.auditId)[0];
    assert.equal(sent?.path, '/api/v1/namespaces/default/pods');
    assert.equal(sent?.query, 'limit=500');
    assert.match(sent?.userAgent ?? '', /^kubectl\/v1\.32\.5 /);
  });

  it('follows continue tokens page by page with --chunk-size=1', async () => {
    const { report } = await runAll(getCommand({ sandbox: true, chunkSize: 1, output: 'name' }), env());
    assert.equal(report.output.exitCode, 0, report.output.stderr);
    const etcd = stage(report, 'etcd').data!;
    const response = stage(report, 'response').data!;
    assert.ok(etcd.pages.length > 1, 'several pages');
    assert.equal(etcd.pages.length, response.exchanges.length);
    assert.equal(etcd.pages.length, report.output.stdout.trim().split('\n').length, 'one pod per page');
    for (const [i, page] of etcd.pages.entries()) {
      const last = i === etcd.pages.length - 1;
      assert.equal(page.continue === null, last, `page ${i}`);
      if (page.continue) assert.ok(page.continue.decoded?.start, 'decoded continue has a start key');
      if (i > 0) assert.match(response.exchanges[i]!.url, /[?&]continue=/);
    }
  });

  it('a viewer listing all namespaces is forbidden, with the glass box showing the denial', async () => {
    const { report } = await runAll(getCommand({ sandbox: true, context: 'sandbox-viewer', allNamespaces: true }), env());
    const authz = stage(report, 'authz');
    assert.equal(authz.status, 'error');
    assert.equal(authz.error!.kind, 'forbidden');
    assert.equal(report.output.stderr, 'Error from server (Forbidden): pods is forbidden: User "viewer" cannot list resource "pods" in API group "" at the cluster scope\n');
    assert.notEqual(authz.data!.insideApiServer?.authorization?.decision ?? 'allow', 'allow', 'RBAC has no rule for it');
    assert.equal(authz.data!.access.available && authz.data!.access.allowed, false);
  });

  it('with -o yaml a forbidden list still prints the empty List on stdout, as kubectl does', async () => {
    const { report } = await runAll(getCommand({ sandbox: true, context: 'sandbox-viewer', allNamespaces: true, output: 'yaml' }), env());
    assert.equal(report.output.stdout, 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
    assert.match(report.output.stderr, /^Error from server \(Forbidden\): /);
    assert.equal(report.output.exitCode, 1);
    const named = await runAll(getCommand({ sandbox: true, resourceName: 'nope', output: 'json' }), env());
    assert.equal(named.report.output.stdout, '', 'a named get prints nothing');
    assert.equal(named.report.output.stderr, 'Error from server (NotFound): pods "nope" not found\n');
  });

  it('never puts the bearer token or a private key into the report', async () => {
    const doc = parse(readFileSync(kubeconfigPath, 'utf8')) as { users: { name: string; user: Record<string, string> }[] };
    const token = doc.users.find((u) => u.name === 'sandbox-token')!.user.token!;
    const adminKey = Buffer.from(doc.users.find((u) => u.name === 'sandbox-admin')!.user['client-key-data']!, 'base64').toString('utf8');
    const { report } = await runAll(getCommand({ sandbox: true, context: 'sandbox-token' }), env());
    const json = JSON.stringify(report);
    assert.ok(token.length > 8);
    assert.ok(!json.includes(token), 'token leaked');
    assert.ok(!json.includes(adminKey.split('\n')[1]!), 'key leaked');
    assert.ok(!json.includes('PRIVATE KEY'));
    const auth = stage(report, 'kubeconfig').data!.user.auth;
    assert.equal(auth.kind, 'token');
    const list = stage(report, 'response').data?.exchanges[0] ?? stage(report, 'authz').data!;
    assert.ok(list);
    const discovery = stage(report, 'request').data!.discovery.exchanges[0]!;
    // Over HTTP/2 (the sandbox speaks it, as kube-apiserver does) header names are lower-case.
    assert.equal(discovery.httpVersion, 'HTTP/2');
    assert.deepEqual(discovery.requestHeaders.find((h) => h.name.toLowerCase() === 'authorization'), { name: 'authorization', value: 'Bearer <masked>' });
    assert.match(stage(report, 'request').data!.request.curl, /"Authorization: Bearer \$TOKEN"/);
  });
});
