// Version scopes: a lesson part holds for some kube-apiserver or kubectl versions, and says which.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holds, normaliseVersion, rangeLabel, rangeProblem, scopeLabel } from '../../src/lessons/index.js';

test('versions as Kubernetes prints them are read by major.minor.patch', () => {
  assert.equal(normaliseVersion('v1.33.3'), '1.33.3');
  assert.equal(normaliseVersion('v1.30.4-gke.1200'), '1.30.4');
  assert.equal(normaliseVersion('v1.28.15+k3s1'), '1.28.15');
  assert.equal(normaliseVersion('1.31'), '1.31.0');
  assert.equal(normaliseVersion(undefined), null);
  assert.equal(normaliseVersion('unknown'), null);
});

test('a scope holds, does not hold, or is unknown when its version is not known', () => {
  assert.equal(holds({ server: '>=1.31' }, { server: 'v1.33.3' }), 'yes');
  assert.equal(holds({ server: '>=1.31' }, { server: 'v1.30.14' }), 'no');
  assert.equal(holds({ server: '>=1.31 <1.34' }, { server: 'v1.34.0' }), 'no');
  assert.equal(holds({ server: '>=1.31' }, { server: 'v1.31.0-gke.1' }), 'yes', 'a vendor suffix is not a pre-release');
  assert.equal(holds({ server: '>=1.31' }, {}), 'unknown');
  assert.equal(holds({ kubectl: '<1.30' }, { server: 'v1.33.3', kubectl: 'v1.29.9' }), 'yes');
  assert.equal(holds({ server: '>=1.31', kubectl: '<1.30' }, { server: 'v1.33.3', kubectl: 'v1.32.5' }), 'no');
  assert.equal(holds({ server: '>=1.31', kubectl: '<1.30' }, { kubectl: 'v1.32.5' }), 'no', 'one known "no" decides');
});

test('ranges read as words, at minor granularity', () => {
  assert.equal(rangeLabel('server', '>=1.31'), 'kube-apiserver ≥ 1.31');
  assert.equal(rangeLabel('server', '>=1.31 <1.34'), 'kube-apiserver 1.31–1.33');
  assert.equal(rangeLabel('kubectl', '<1.30'), 'kubectl < 1.30');
  assert.equal(rangeLabel('server', '1.33'), 'kube-apiserver 1.33');
  assert.equal(rangeLabel('server', '>=1.28 <1.31 || >=1.33'), 'kube-apiserver 1.28–1.30 or ≥ 1.33');
  assert.equal(scopeLabel({ server: '>=1.31', kubectl: '>=1.30' }), 'kube-apiserver ≥ 1.31, kubectl ≥ 1.30');
});

test('a range that is not one, holds for every version or for none is refused', () => {
  assert.equal(rangeProblem('>=1.31 <1.34'), null);
  assert.match(rangeProblem('from 1.31') ?? '', /is not a version range/);
  assert.match(rangeProblem('*') ?? '', /holds for every version/);
  assert.match(rangeProblem('>=1.34 <1.31') ?? '', /holds for no version/);
  assert.match(rangeProblem('') ?? '', /is empty/);
});
