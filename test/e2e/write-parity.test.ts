// The writes against the sandbox, kubectl beside kube-trace: the same command sequence runs with real
// kubectl.1.33 on one fresh sandbox and with kube-trace on another, and each step prints what kubectl
// printed (stdout, stderr without klog lines, exit code) and sends kubectl's requests in kubectl's order
// (method, path and query; the OpenAPI document's hash aside).
//
// This holds whatever the sandbox can do: today it answers writes with 405 and has no OpenAPI, so both
// stop the same way; once its write side lands, both create, find "unchanged", patch and delete.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TraceReport } from '../../src/trace/types.js';
import { runCli } from '../helpers/cli.js';
import { runKubectl, versionedKubectls } from '../helpers/kubectl.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const K133 = versionedKubectls().find((k) => k.version === '1.33')?.path ?? null;
const skip = K133 === null ? 'kubectl.1.33 is not beside the kubectl on PATH' : false;

const dir = mkdtempSync(join(tmpdir(), 'kube-trace-write-parity-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const POD = file('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\n    version: "1"\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n');
const POD2 = file('pod-v2.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\n    version: "2"\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n');
const CM = file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "1"\n');
const FOO = file('foo.yaml', 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n');

/** The sequence, in order: each step sees what the steps before it left. */
const STEPS: string[][] = [
  ['apply', '-f', POD],
  ['apply', '--validate=false', '-f', POD],
  ['apply', '--validate=false', '-f', POD],
  ['apply', '--validate=false', '-f', POD2],
  ['create', '--validate=false', '-f', CM],
  ['run', 'nginx', '--image=nginx'],
  ['delete', 'pod', 'nginx'],
  ['delete', 'configmap', 'nope'],
  ['apply', '--validate=false', '--server-side', '-f', POD],
  ['apply', '--validate=false', '--dry-run=server', '-f', CM],
  ['apply', '--validate=false', '-f', FOO],
];

/** kubectl's requests from its -v=6 lines (1.33: `"Response" verb="GET" url="…"`). */
function kubectlRequests(stderr: string): string[] {
  return [...stderr.matchAll(/"Response" verb="([A-Z]+)" url="https?:\/\/[^/]+([^"]*)"/g)].map((m) => `${m[1] ?? ''} ${(m[2] ?? '').replace(/hash=[0-9A-F]+/, 'hash=H')}`);
}

function traceRequests(r: TraceReport): string[] {
  return (r.exchanges ?? []).filter((x) => x.by === 'kubectl').map((x) => {
    const u = new URL(x.url);
    return `${x.method} ${(u.pathname + u.search).replace(/hash=[0-9A-F]+/, 'hash=H')}`;
  });
}

/** stderr without -v=6's klog lines (and the Status object kubectl 1.33 logs across several lines after one). */
function withoutKlog(s: string): string {
  const out: string[] = [];
  let inObject = false;
  for (const l of s.split('\n')) {
    if (inObject) {
      if (l === '}]') inObject = false;
      continue;
    }
    if (/^[IWE]\d{4} /.test(l)) {
      if (/server response object: (%s)?\[\{$/.test(l)) inObject = true;
      continue;
    }
    if (/^\t/.test(l) || l === ' >') continue;
    out.push(l);
  }
  return out.join('\n');
}

describe('apply, create, run and delete: kube-trace sends and prints what kubectl 1.33 does, step by step', { skip }, () => {
  let forKubectl: TestSandbox;
  let forTrace: TestSandbox;
  before(async () => {
    forKubectl = await startTestSandbox();
    forTrace = await startTestSandbox();
  });
  after(async () => {
    await forKubectl.close();
    await forTrace.close();
  });

  it('every step of the sequence', { timeout: 300_000 }, async () => {
    assert.ok(K133);
    for (const args of STEPS) {
      const k = await runKubectl(K133, [`--kubeconfig=${forKubectl.kubeconfig}`, ...args, '-v=6'], { ...forKubectl.env, HOME: mkdtempSync(join(tmpdir(), 'kt-home-')) });
      const t = await runCli([...args, '--kubeconfig', forTrace.kubeconfig, '--kubectl-version', '1.33', '--json'], { ...forTrace.env, HOME: mkdtempSync(join(tmpdir(), 'kt-home-')) });
      const report = JSON.parse(t.stdout) as TraceReport;
      const what = args.join(' ').replaceAll(dir + '/', '');
      assert.equal(report.output.stdout, k.stdout, `stdout of ${what}`);
      assert.equal(report.output.stderr, withoutKlog(k.stderr), `stderr of ${what}`);
      assert.equal(report.output.exitCode, k.exitCode, `exit code of ${what}`);
      // Known gap, said in the closing note of issue 18: client-side apply reads the OpenAPI documents
      // again after its GET, to compute the patch (v3, the group's document, v2 when the sandbox's
      // partial v3 lacks the kind); kube-trace sends its OpenAPI check only once, before discovery.
      // Every other request matches in order, and every OpenAPI request kube-trace sends, kubectl sends.
      const openapi = (r: string): boolean => /^GET \/openapi\//.test(r);
      const theirs = kubectlRequests(k.stderr);
      const ours = traceRequests(report);
      assert.deepEqual(ours.filter((r) => !openapi(r)), theirs.filter((r) => !openapi(r)), `requests of ${what}`);
      for (const r of ours.filter(openapi)) assert.ok(theirs.includes(r), `${what}: kubectl sends ${r} too`);
    }
  });
});

describe('read-only on a cluster that is not the sandbox', { skip }, () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(async () => sb.close());

  it('sends every write with dryRun=All and says so in every stage (the sandbox used as a kubeconfig cluster)', { timeout: 120_000 }, async () => {
    assert.ok(K133);
    // The same server under another cluster name: kube-trace treats it as someone's cluster.
    const kubeconfig = await sb.variant('elsewhere', (cfg) => {
      for (const c of cfg.clusters) c.name = 'elsewhere';
      for (const c of cfg.contexts) c.context['cluster'] = 'elsewhere';
    });
    for (const args of [['create', '--validate=false', '-f', POD], ['run', 'nginx', '--image=nginx'], ['apply', '--validate=false', '-f', POD], ['delete', 'pod', 'nginx']]) {
      const t = await runCli([...args, '--kubeconfig', kubeconfig, '--kubectl-version', '1.33', '--json'], { ...sb.env, HOME: mkdtempSync(join(tmpdir(), 'kt-home-')) });
      const report = JSON.parse(t.stdout) as TraceReport;
      const writes = (report.exchanges ?? []).filter((x) => x.by === 'kubectl' && x.method !== 'GET');
      assert.ok(writes.length > 0, `${args.join(' ')} sent a write`);
      for (const w of writes) {
        if (w.method === 'DELETE') assert.match(w.requestBody ?? '', /"dryRun":\["All"\]/);
        else assert.match(w.url, /[?&]dryRun=All(&|$)/);
      }
      const request = report.stages.find((s) => s.name === 'request');
      assert.ok(request?.name === 'request' && request.data?.write?.target.dryRun === true && request.data.write.target.why === 'not-the-sandbox');
    }
    // Nothing was stored: real kubectl finds none of it.
    const k = await runKubectl(K133, [`--kubeconfig=${kubeconfig}`, 'get', 'pod', 'web'], { ...sb.env, HOME: mkdtempSync(join(tmpdir(), 'kt-home-')) });
    assert.equal(k.stderr, 'Error from server (NotFound): pods "web" not found\n');
  });
});
