import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveResource, resourcesFromAggregated, resourcesFromResourceList } from '../../src/trace/kubectl/discovery.js';
import { fixture } from './helpers/fake-apiserver.js';

describe('mapping what was typed to a resource, from the discovery documents', () => {
  const aggregated = [...resourcesFromAggregated(JSON.parse(fixture('api-aggregated-discovery'))), ...resourcesFromAggregated(JSON.parse(fixture('apis-aggregated-discovery')))];

  it('pods, pod, po and Pod all map to the core v1 pods resource', () => {
    for (const typed of ['pods', 'pod', 'po', 'Pod', 'PODS']) {
      const m = resolveResource(typed, aggregated);
      assert.deepEqual(m && [m.resource, m.kind, m.group, m.version, m.namespaced, m.groupVersionPath], ['pods', 'Pod', '', 'v1', true, '/api/v1'], typed);
      assert.ok(m?.verbs.includes('list'));
    }
  });

  it('the core group wins over another group with the same name (events)', () => {
    assert.equal(resolveResource('events', aggregated)?.group, '');
    assert.equal(resolveResource('events.events.k8s.io', aggregated)?.group, 'events.k8s.io');
  });

  it('an unknown name maps to nothing', () => {
    assert.equal(resolveResource('foos', aggregated), null);
  });

  it('legacy APIResourceList documents give the same mapping (subresources skipped)', () => {
    const legacy = resourcesFromResourceList(JSON.parse(fixture('api-v1-resourcelist')));
    assert.ok(!legacy.some((r) => r.resource.includes('/')));
    assert.equal(resolveResource('po', legacy)?.kind, 'Pod');
  });
});
