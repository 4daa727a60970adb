// apply created / unchanged / configured, against a stand-in that answers as kube-apiserver v1.33.3
// answered kubectl 1.33 in the captures: kube-trace sends the requests kubectl sent there, in its order,
// with the same bodies, and prints what kubectl printed. (The sandbox's own write side is tested
// beside real kubectl in write-parity.test.ts.) --allow-writes --yes: the stand-in is not the sandbox.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TraceReport } from '../../src/trace/types.js';
import { captureText, capturedRequests, startCapturedApiserver, type CapturedServer } from '../helpers/captured-apiserver.js';
import { runCli } from '../helpers/cli.js';

const MANIFESTS = 'test/fixtures/real-apiserver-v1.33/write/manifests';

function stdoutOf(capture: string): string {
  return /--- stdout ---\n([\s\S]*?)--- stderr ---/.exec(capture)?.[1] ?? '';
}

describe('client-side apply against the captured kube-apiserver v1.33.3', () => {
  let server: CapturedServer;
  before(async () => {
    server = await startCapturedApiserver();
  });
  after(async () => server.close());

  async function apply(manifest: string): Promise<{ report: TraceReport; sent: string[]; bodies: string[] }> {
    const from = server.received.length;
    const run = await runCli(['apply', '-f', join(MANIFESTS, manifest), '--kubeconfig', server.kubeconfig, '--kubectl-version', '1.33', '--allow-writes', '--yes', '--json'], { HOME: mkdtempSync(join(tmpdir(), 'kt-home-')), NO_COLOR: '1' });
    const got = server.received.slice(from);
    return { report: JSON.parse(run.stdout) as TraceReport, sent: got.map((r) => r.line), bodies: got.filter((r) => r.body !== '').map((r) => r.body) };
  }

  const withoutHash = (xs: string[]): string[] => xs.map((x) => x.replace(/hash=[0-9A-F]+/, 'hash=H'));

  it('created: OpenAPI, discovery, the GET (404), the namespace, the POST with the annotation', async () => {
    const capture = captureText('10-admin-apply-pod-create.txt');
    const { report, sent, bodies } = await apply('pod.yaml');
    assert.equal(report.output.stdout, stdoutOf(capture));
    assert.equal(report.output.exitCode, 0);
    assert.deepEqual(withoutHash(sent), withoutHash(capturedRequests(capture)));
    assert.match(bodies[0] ?? '', /^\{"apiVersion":"v1","kind":"Pod","metadata":\{"annotations":\{"kubectl.kubernetes.io\/last-applied-configuration"/);
    const write = report.stages.find((s) => s.name === 'write');
    assert.ok(write?.name === 'write' && write.status === 'ok');
    assert.equal(write.data?.resourceVersion, '1456');
    assert.equal(write.data?.target.dryRun, false);
    const admission = report.stages.find((s) => s.name === 'admission');
    assert.ok(admission?.name === 'admission' && admission.data?.observed?.some((c) => c.path === 'spec.serviceAccountName'));
  });

  it('unchanged: only the GETs, no write, and kubectl\'s "unchanged"', async () => {
    const capture = captureText('12-admin-apply-pod-unchanged.txt');
    const { report, sent } = await apply('pod.yaml');
    assert.equal(report.output.stdout, stdoutOf(capture));
    assert.deepEqual(withoutHash(sent), withoutHash(capturedRequests(capture)));
    const write = report.stages.find((s) => s.name === 'write');
    assert.ok(write?.name === 'write' && write.data?.operation === 'none');
  });

  it('configured: one strategic merge PATCH, byte for byte the capture\'s', async () => {
    const capture = captureText('13-admin-apply-pod-configured.txt');
    const { report, sent, bodies } = await apply('pod-v2.yaml');
    assert.equal(report.output.stdout, stdoutOf(capture));
    assert.deepEqual(withoutHash(sent), withoutHash(capturedRequests(capture)));
    const patchLine = capture.split('\n').find((l) => l.includes('helper.go:269] "Request Body" body="'));
    const expected = JSON.parse(`"${/body="(.*)"$/.exec(patchLine ?? '')?.[1] ?? ''}"`) as string;
    assert.equal(bodies[0], expected);
    const write = report.stages.find((s) => s.name === 'write');
    assert.ok(write?.name === 'write');
    assert.deepEqual([write.data?.resourceVersionBefore, write.data?.resourceVersion], ['1456', '1469']);
  });
});
