// The whole CLI, in --plain and --json, against the embedded sandbox: every flag kubectl users reach for,
// and the failures that must stop at their stage.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { splitKubectlStderr } from '../helpers/klog.js';
import { mkdtempSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { freePort, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { type TraceReport } from '../../src/trace/types.js';
import { GET_STAGE_NAMES } from '../../src/trace/plan.js';

let sb: TestSandbox;
before(async () => {
  sb = await startTestSandbox();
});
after(async () => {
  await sb.close();
});

async function json(args: string[], env = sb.env): Promise<{ report: TraceReport; exitCode: number; stderr: string }> {
  const run = await runCli(['get', 'pods', '--json', ...args], env);
  const report = JSON.parse(run.stdout) as TraceReport;
  assert.deepEqual(report.stages.map((s) => s.name), [...GET_STAGE_NAMES], 'seven stages, in order');
  assert.equal(run.exitCode, report.output.exitCode, 'the process exits with kubectl\'s exit code');
  return { report, exitCode: run.exitCode, stderr: run.stderr };
}

function stage<N extends (typeof GET_STAGE_NAMES)[number]>(r: TraceReport, name: N) {
  const s = r.stages.find((x) => x.name === name);
  assert.ok(s);
  return s;
}

function requestPath(r: TraceReport): string {
  const s = stage(r, 'request');
  assert.ok(s.data && 'request' in s.data);
  const q = s.data.request.query.map((x) => `${x.name}=${encodeURIComponent(x.value)}`).join('&');
  return `${s.data.request.path}${q ? `?${q}` : ''}`;
}

describe('kube-trace get pods --json against the sandbox', () => {
  test('default: the namespace of the context, limit=500, a Table, every stage ok', async () => {
    const { report, exitCode } = await json(['--kubeconfig', sb.kubeconfig]);
    assert.equal(exitCode, 0);
    assert.deepEqual(report.stages.map((s) => s.status), ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    assert.equal(requestPath(report), '/api/v1/namespaces/default/pods?limit=500');
    assert.equal(report.target.kind, 'cluster');
    assert.match(report.output.stdout, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    assert.match(report.output.stdout, /\bapi-running\b/);
    const resp = stage(report, 'response');
    assert.ok(resp.data && 'auditId' in resp.data);
    assert.match(resp.data.auditId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(resp.data.bodyKind, 'Table');
  });

  test('-n demo, -A, -l, --field-selector build the URL kubectl builds', async () => {
    assert.equal(requestPath((await json(['--kubeconfig', sb.kubeconfig, '-n', 'demo'])).report), '/api/v1/namespaces/demo/pods?limit=500');
    const all = (await json(['--kubeconfig', sb.kubeconfig, '-A'])).report;
    assert.equal(requestPath(all), '/api/v1/pods?limit=500');
    assert.match(all.output.stdout, /^NAMESPACE\s+NAME\s+READY/);
    assert.equal(
      requestPath((await json(['--kubeconfig', sb.kubeconfig, '-l', 'app=nginx'])).report),
      '/api/v1/namespaces/default/pods?labelSelector=app%3Dnginx&limit=500',
    );
    assert.equal(
      requestPath((await json(['--kubeconfig', sb.kubeconfig, '--field-selector', 'status.phase=Running'])).report),
      '/api/v1/namespaces/default/pods?fieldSelector=status.phase%3DRunning&limit=500',
    );
  });

  test('-o wide adds the wide columns; -o name prints pod/NAME; -o json and -o yaml print a List', async () => {
    assert.match((await json(['--kubeconfig', sb.kubeconfig, '-o', 'wide'])).report.output.stdout, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n/);
    assert.match((await json(['--kubeconfig', sb.kubeconfig, '-o', 'name'])).report.output.stdout, /^pod\/api-running$/m);
    const j = JSON.parse((await json(['--kubeconfig', sb.kubeconfig, '-o', 'json'])).report.output.stdout) as { kind: string; items: unknown[] };
    assert.equal(j.kind, 'List');
    assert.ok(j.items.length > 0);
    assert.match((await json(['--kubeconfig', sb.kubeconfig, '-o', 'yaml'])).report.output.stdout, /^apiVersion: v1\nitems:\n/);
  });

  test('an empty namespace is a 200 with "No resources found" on stderr and exit 0 (not a 404)', async () => {
    for (const ns of ['empty', 'does-not-exist']) {
      const { report, exitCode } = await json(['--kubeconfig', sb.kubeconfig, '-n', ns]);
      assert.equal(exitCode, 0);
      assert.equal(report.output.stdout, '');
      assert.equal(report.output.stderr, `No resources found in ${ns} namespace.\n`);
      const resp = stage(report, 'response');
      assert.ok(resp.data && 'status' in resp.data);
      assert.equal(resp.data.status, 200);
    }
  });

  test('as the viewer: allowed in default, forbidden in kube-system — stopped at authz with the server\'s message', async () => {
    const ok = await json(['--kubeconfig', sb.kubeconfig, '--context', 'sandbox-viewer']);
    assert.equal(ok.exitCode, 0);
    const { report, exitCode } = await json(['--kubeconfig', sb.kubeconfig, '--context', 'sandbox-viewer', '-n', 'kube-system']);
    assert.equal(exitCode, 1);
    const authz = stage(report, 'authz');
    assert.equal(authz.status, 'error');
    assert.equal(authz.error?.kind, 'forbidden');
    // Storage was never read; the 403 that arrived, and kubectl's line from it, are shown.
    assert.deepEqual(report.stages.slice(4).map((s) => s.status), ['skipped', 'ok', 'ok']);
    assert.equal(
      report.output.stderr,
      'Error from server (Forbidden): pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "kube-system"\n',
    );
  });

  test('as nobody (no RBAC): 403 even in default; the SelfSubjectAccessReview says why', async () => {
    const { report, exitCode } = await json(['--kubeconfig', sb.kubeconfig, '--context', 'sandbox-nobody']);
    assert.equal(exitCode, 1);
    const authz = stage(report, 'authz');
    assert.equal(authz.error?.kind, 'forbidden');
    assert.ok(authz.data && 'access' in authz.data);
    assert.equal(authz.data.access.available && authz.data.access.allowed, false);
  });

  test('a bad token: 401 on the first request (discovery, as kubectl with a cold cache), kubectl\'s "You must be logged in" line', async () => {
    const kc = await sb.variant('badtoken', (cfg) => {
      const u = cfg.users.find((x) => x.name === cfg.contexts.find((c) => c.name === 'sandbox-token')?.context['user']);
      assert.ok(u);
      u.user = { token: 'not-a-valid-token-0123456789' };
      cfg['current-context'] = 'sandbox-token';
    });
    // A HOME of its own: no kubectl discovery cache yet.
    const { report, exitCode } = await json(['--kubeconfig', kc], { ...sb.env, HOME: mkdtempSync(join(tmpdir(), 'kube-trace-cold-')) });
    assert.equal(exitCode, 1);
    const failed = report.stages.find((s) => s.status === 'error');
    assert.equal(failed?.name, 'request', 'this HOME has no kubectl discovery cache: the 401 answers GET /api');
    assert.equal(failed?.error?.kind, 'unauthorized');
    const out = splitKubectlStderr(report.output.stderr);
    assert.equal(out.last, 'error: You must be logged in to the server (the server has asked for the client to provide credentials)');
    assert.equal(out.klog.length, 5, 'kubectl logs each of its five discovery attempts first');
    assert.ok(!JSON.stringify(report).includes('not-a-valid-token-0123456789'), 'the token never appears');
  });

  test('the server is down: refused, stopped at request, kubectl\'s words', async () => {
    const port = await freePort();
    const kc = await sb.variant('down', (cfg) => {
      for (const c of cfg.clusters) c.cluster['server'] = `https://127.0.0.1:${port}`;
    });
    const { report, exitCode } = await json(['--kubeconfig', kc]);
    assert.equal(exitCode, 1);
    const req = stage(report, 'request');
    assert.equal(req.status, 'error');
    assert.equal(req.error?.kind, 'connection-refused');
    const out = splitKubectlStderr(report.output.stderr);
    assert.equal(out.last, `The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?`);
    assert.equal(out.klog.length, 5, 'kubectl logs each of its five discovery attempts first');
  });
});

describe('kube-trace get pods --plain', () => {
  test('prints all seven stages in order, then what kubectl prints', async () => {
    const run = await runCli(['get', 'pods', '--plain', '--kubeconfig', sb.kubeconfig], sb.env);
    assert.equal(run.exitCode, 0);
    let last = -1;
    for (const [i, name] of GET_STAGE_NAMES.entries()) {
      const at = run.stdout.indexOf(`${i + 1}/7 ${name}`);
      assert.ok(at > last, `stage ${name} appears after the previous one`);
      last = at;
    }
    assert.match(run.stdout, /GET \/api\/v1\/namespaces\/default\/pods\?limit=500/);
    assert.match(run.stdout, /what kubectl prints \(exit code 0\) ─+\nNAME\s+READY/);
    assert.ok(!/\u001b\[/.test(run.stdout), 'no colour codes in a pipe');
    // The lessons come along: each stage's summary, and its myths with the reality.
    // Lesson markup is rendered, not printed raw: inline code without its backticks.
    assert.match(run.stdout, /Myth:\s+kubectl get pods calls GET \/api\/v1\/pods\.\n\s+Reality: \/api\/v1\/pods is the list across all namespaces/);
    assert.doesNotMatch(run.stdout, /`/);
  });

  test('a failure says where it stopped, what happened and what to try, without a stack trace', async () => {
    const run = await runCli(['get', 'pods', '--plain', '--kubeconfig', sb.kubeconfig, '--context', 'sandbox-viewer', '-A'], sb.env);
    assert.equal(run.exitCode, 1);
    assert.match(run.stdout, /4\/7 authz .*error/);
    assert.match(run.stdout, /What to try:/);
    assert.match(run.stdout, /not reached/);
    assert.ok(!/\n\s+at .+:\d+:\d+\)?\n/.test(run.stdout + run.stderr), 'no stack trace');
  });

  test('no kubeconfig anywhere: the embedded sandbox, and one line saying so', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kube-trace-nohome-'));
    const run = await runCli(['get', 'pods', '--plain'], { PATH: process.env['PATH'], HOME: home, NO_COLOR: '1' });
    assert.equal(run.exitCode, 0);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /no kubeconfig found.*embedded sandbox.*--kubeconfig FILE or set KUBECONFIG/);
    assert.match(run.stdout, /api-running/);
  });

  test('a bad flag: kubectl-style error and exit 1', async () => {
    const run = await runCli(['get', 'pods', '--bogus'], sb.env);
    assert.equal(run.exitCode, 1);
    assert.equal(run.stderr, "Error: unknown flag: --bogus\nSee 'kube-trace get --help' for usage.\n");
    const j = await runCli(['get', 'pods', '--json', '--bogus'], sb.env);
    const report = JSON.parse(j.stdout) as TraceReport;
    assert.equal(report.stages[0]?.status, 'error');
    assert.equal(report.output.stderr, "Error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n");
  });
});
