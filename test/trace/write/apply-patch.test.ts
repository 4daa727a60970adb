// Client-side apply's patch, held to kubectl 1.33's own bytes in the captures of kube-apiserver v1.33.3:
// the POST body of the create (kubectl/10), no write for "unchanged" (kubectl/12) and the strategic
// merge patch of "configured" (kubectl/13), each computed from the live object kubectl GOT in that run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { goJson, lastAppliedOf, threeWayPatch, withLastApplied } from '../../../src/trace/kubectl/apply-patch.js';
import { decodeManifest } from '../../../src/trace/kubectl/manifest.js';

const DIR = 'test/fixtures/real-apiserver-v1.33/write';
const log = (n: string): string => readFileSync(`${DIR}/kubectl/${n}`, 'utf8');

/** The body klog logged as `"Request Body" body=<…>` / `body="…"` after line `at`. */
function loggedBody(text: string, marker: RegExp): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => marker.test(l));
  assert.ok(i >= 0, `no ${String(marker)} in the capture`);
  const l = lines[i] ?? '';
  const quoted = /body="(.*)"$/.exec(l);
  if (quoted) return JSON.parse(`"${quoted[1] ?? ''}"`) as string;
  return (lines[i + 1] ?? '').replace(/^\t/, '');
}

function manifest(name: string): Record<string, unknown> {
  const objects = decodeManifest(readFileSync(`${DIR}/manifests/${name}`, 'utf8'), `manifests/${name}`);
  assert.ok(Array.isArray(objects));
  return (objects[0] as { object: Record<string, unknown> }).object;
}

describe('client-side apply, as kubectl 1.33 computed it against kube-apiserver v1.33.3', () => {
  it('sends the manifest with its last-applied-configuration annotation, keys sorted (create)', () => {
    const sent = goJson(withLastApplied(manifest('pod.yaml')).object);
    assert.equal(sent, loggedBody(log('10-admin-apply-pod-create.txt'), /helper\.go:246\] "Request Body"/));
  });

  it('finds nothing to change when the manifest is the one last applied (unchanged: no write)', () => {
    const live = JSON.parse(loggedBody(log('12-admin-apply-pod-unchanged.txt'), /helper\.go:105\] "Response Body"/)) as unknown;
    const patch = threeWayPatch(lastAppliedOf(live), withLastApplied(manifest('pod.yaml')).object, live, true);
    assert.equal(patch.body, '{}');
    assert.doesNotMatch(log('12-admin-apply-pod-unchanged.txt'), /-XPATCH|-XPOST/);
  });

  it('patches only the changed label and the new annotation (configured), as a strategic merge patch', () => {
    const text = log('13-admin-apply-pod-configured.txt');
    const live = JSON.parse(loggedBody(text, /helper\.go:105\] "Response Body"/)) as unknown;
    const patch = threeWayPatch(lastAppliedOf(live), withLastApplied(manifest('pod-v2.yaml')).object, live, true);
    assert.equal(patch.body, loggedBody(text, /helper\.go:269\] "Request Body"/));
    assert.equal(patch.contentType, 'application/strategic-merge-patch+json');
    assert.match(text, /-H "Content-Type: application\/strategic-merge-patch\+json"/);
  });

  it('deletes what the last applied configuration had and the new one drops, and merges containers by name', () => {
    const last = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', labels: { app: 'a', tier: 'web' } }, spec: { containers: [{ name: 'a', image: 'nginx:1' }, { name: 'side', image: 'busybox' }] } };
    const live = { ...last, metadata: { ...last.metadata, uid: 'u' }, spec: { ...last.spec, dnsPolicy: 'ClusterFirst' } };
    const next = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', labels: { app: 'a' } }, spec: { containers: [{ name: 'a', image: 'nginx:2' }] } };
    const patch = JSON.parse(threeWayPatch(last, next, live, true).body) as Record<string, unknown>;
    assert.deepEqual(patch, {
      metadata: { labels: { tier: null } },
      spec: { containers: [{ name: 'side', $patch: 'delete' }, { image: 'nginx:2', name: 'a' }], '$setElementOrder/containers': [{ name: 'a' }] },
    });
  });

  it('escapes <, > and & as Go\'s JSON encoder does', () => {
    assert.equal(goJson({ b: '<a&b>', a: 1 }), '{"a":1,"b":"\\u003ca\\u0026b\\u003e"}');
  });
});
