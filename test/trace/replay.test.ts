// A replay feeds the recorded step results back through the same stage projections: what the
// learner sees is what the live run showed, with no server and no network.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { replayTrace, startTrace } from '../../src/trace/engine.js';
import type { StageName } from '../../src/trace/plan.js';
import type { StepResults } from '../../src/trace/steps/types.js';
import type { AnyStageResult, TraceReport } from '../../src/trace/types.js';
import type { FakeApiServer } from './helpers/fake-apiserver.js';
import { environment, fakeApiAsAdmin, getCommand } from './helpers/setup.js';

async function drain(g: AsyncGenerator<AnyStageResult, TraceReport, void>): Promise<TraceReport> {
  for (;;) {
    const s = await g.next();
    if (s.done) return s.value;
  }
}

describe('replay', () => {
  let api: FakeApiServer;
  let home: string;
  let kubeconfig: string;
  before(async () => ({ api, home, kubeconfig } = await fakeApiAsAdmin()));
  after(() => api.close());

  for (const [what, over] of [
    ['a list', {}],
    ['a refused list (403)', { namespace: 'forbidden' }],
  ] as const) {
    it(`${what}: the replayed report equals the live one, and nothing is sent`, async () => {
      if (what.includes('403')) api.handlers.push((req) => (req.url.includes('/namespaces/forbidden/') ? { status: 403, body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "forbidden"', reason: 'Forbidden', details: { kind: 'pods' }, code: 403 }) } : undefined));
      try {
        const cmd = getCommand({ kubeconfig, ...over });
        const env = environment(home);
        const live = startTrace(cmd, env, { keepBodies: true });
        const report = await drain(live.stages);
        assert.ok(live.bodies().size > 0, 'whole bodies were kept for the recording');
        // Through JSON, as a recording file is.
        const steps = JSON.parse(JSON.stringify(live.steps())) as StepResults;
        const durations = Object.fromEntries(report.stages.map((s) => [s.name, s.durationMs])) as Partial<Record<StageName, number>>;
        const sentBefore = api.requests.length;
        const replayed = await drain(replayTrace(cmd, env, { steps, exchanges: report.exchanges ?? [], durations }).stages);
        assert.equal(api.requests.length, sentBefore, 'a replay sends nothing');
        assert.deepEqual(JSON.parse(JSON.stringify(replayed)), JSON.parse(JSON.stringify(report)));
      } finally {
        api.handlers.length = 0;
      }
    });
  }
});
