import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { discoveryCacheDirName, goDuration, goEncodeQuery, goQueryEscape, kubectlUserAgent } from '../../src/trace/kubectl/model.js';
import { continueForDisplay as decodeContinue } from '../../src/trace/stages/etcd.js';

describe("kubectl's wire details", () => {
  it("encodes the query like Go's url.Values.Encode: sorted keys, spaces as +", () => {
    assert.equal(goQueryEscape('app=nginx'), 'app%3Dnginx');
    assert.equal(goQueryEscape('tier in (frontend,backend)'), 'tier+in+%28frontend%2Cbackend%29');
    assert.equal(
      goEncodeQuery([{ name: 'limit', value: '500' }, { name: 'labelSelector', value: 'app=nginx' }, { name: 'fieldSelector', value: 'status.phase=Running' }]),
      'fieldSelector=status.phase%3DRunning&labelSelector=app%3Dnginx&limit=500',
    );
  });

  it("formats durations like Go's time.Duration", () => {
    assert.equal(goDuration(32_000), '32s');
    assert.equal(goDuration(1500), '1.5s');
    assert.equal(goDuration(120_000), '2m0s');
    assert.equal(goDuration(250), '250ms');
  });

  it("names the discovery cache directory like kubectl's computeDiscoverCacheDir", () => {
    assert.equal(discoveryCacheDirName('https://127.0.0.1:6443'), '127.0.0.1_6443');
    assert.equal(discoveryCacheDirName('https://example.com:443/k8s/clusters/c-1'), 'example.com_443/k8s/clusters/c_1');
  });

  it("builds kubectl's User-Agent for the modelled version", () => {
    assert.equal(kubectlUserAgent('linux', 'x64'), 'kubectl/v1.32.5 (linux/amd64) kubernetes/9894294');
    assert.equal(kubectlUserAgent('darwin', 'arm64'), 'kubectl/v1.32.5 (darwin/arm64) kubernetes/9894294');
  });

  it('decodes a real continue token (from pods-default-limit1-json)', () => {
    const d = decodeContinue('eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MjM0LCJzdGFydCI6ImFwaS1ydW5uaW5nXHUwMDAwIn0');
    assert.deepEqual(d.decoded, { v: 'meta.k8s.io/v1', rv: 234, start: 'api-running\u0000' });
    assert.equal(decodeContinue('garbage!').decoded, null);
  });
});
