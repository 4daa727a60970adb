import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runTrace } from '../../src/trace/engine.js';
import { GET_PLAN } from '../../src/trace/plan.js';

/** get's stages, in its plan's order (the catalogue also holds the write stages). */
const STAGE_NAMES = GET_PLAN.stages.map((s) => s.name);
import type { FakeApiServer } from './helpers/fake-apiserver.js';
import { environment, fakeApiAsAdmin, getCommand, runAll, stage } from './helpers/setup.js';

describe('runTrace against a fake API server (admin, client certificate)', () => {
  let api: FakeApiServer;
  let kubeconfig: string;
  let home: string;

  before(async () => {
    ({ api, home, kubeconfig } = await fakeApiAsAdmin());
  });
  after(() => api.close());

  it('yields the seven stages in order and returns a report with all seven', async () => {
    const { results, report } = await runAll(getCommand({ kubeconfig }), environment(home));
    assert.deepEqual(results.map((r) => r.name), [...STAGE_NAMES]);
    assert.deepEqual(report.stages.map((r) => r.name), [...STAGE_NAMES]);
    for (const name of ['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response'] as const) {
      assert.equal(stage(report, name).status, 'ok', `${name}: ${JSON.stringify(stage(report, name).error)}`);
    }
    assert.equal(report.target.server, api.url);
    assert.equal(report.target.context, 'admin');
  });

  it('sends the list request only when the caller asks for the authz stage', async () => {
    const before = api.requests.length;
    const gen = runTrace(getCommand({ kubeconfig }), environment(home));
    for (const expected of ['parse', 'kubeconfig', 'request']) {
      const step = await gen.next();
      assert.equal(step.done, false);
      assert.equal(!step.done && step.value.name, expected);
    }
    const sent = api.requests.slice(before).map((r) => r.url.split('?')[0]);
    // kube-trace's own GET /version (to know which kubectl and server the lessons are true for), then kubectl's discovery.
    assert.deepEqual(sent, ['/version', '/api', '/apis'], 'only the version and discovery so far');
    const authz = await gen.next();
    assert.equal(!authz.done && authz.value.name, 'authz');
    assert.ok(api.requests.slice(before).some((r) => r.url.startsWith('/api/v1/namespaces/default/pods')));
    await gen.return(undefined as never);
  });
});
