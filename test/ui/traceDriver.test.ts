// The driver pulls the engine's stages only as far as asked, and keeps them by plan position; the
// report's place is one past the plan's last stage, whatever its length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAGE_CATALOGUE, type StageName, type TracePlan } from '../../src/trace/plan.js';
import type { AnyStageResult, TraceReport } from '../../src/trace/types.js';
import { TraceDriver } from '../../src/ui/hooks/traceDriver.js';
import { okResults, reportFor } from './helpers/traceFixtures.js';

function planOf(names: StageName[]): TracePlan {
  return { verb: 'get', stages: names.map((name) => ({ name, title: STAGE_CATALOGUE[name].title, sendsMainRequest: name === 'etcd' })) };
}

const FOUR = planOf(['parse', 'kubeconfig', 'request', 'etcd']);

function stagesOf(names: StageName[]): AnyStageResult[] {
  const all = okResults();
  return names.map((n) => all.find((r) => r.name === n)!);
}

async function* yielding(results: AnyStageResult[]): AsyncGenerator<AnyStageResult, TraceReport, void> {
  for (const r of results) yield r;
  return reportFor(results);
}

async function settled(driver: TraceDriver, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 2));
  assert.ok(ok(), `never settled: ${JSON.stringify(driver.getState().results.map((r) => r?.name))}`);
}

test('a four-stage plan has four places, and the report\'s index is 4', () => {
  const driver = new TraceDriver({ plan: FOUR, stages: yielding(stagesOf(['parse', 'kubeconfig', 'request', 'etcd'])) });
  assert.equal(driver.reportIndex, 4);
  assert.equal(driver.plan, FOUR);
  assert.deepEqual(driver.getState().results, [undefined, undefined, undefined, undefined]);
});

test('want(n) runs the stages up to n and no further', async () => {
  const driver = new TraceDriver({ plan: FOUR, stages: yielding(stagesOf(['parse', 'kubeconfig', 'request', 'etcd'])) });
  driver.want(1);
  await settled(driver, () => driver.getState().results[1] !== undefined && driver.getState().running === null);
  assert.equal(driver.pulls, 2);
  assert.deepEqual(driver.getState().results.map((r) => r?.name), ['parse', 'kubeconfig', undefined, undefined]);
});

test('asking past the report index runs the whole trace and keeps the report', async () => {
  const driver = new TraceDriver({ plan: FOUR, stages: yielding(stagesOf(['parse', 'kubeconfig', 'request', 'etcd'])) });
  driver.want(99);
  await settled(driver, () => driver.getState().done);
  const s = driver.getState();
  assert.deepEqual(s.results.map((r) => r?.name), ['parse', 'kubeconfig', 'request', 'etcd']);
  assert.equal(s.report?.output.exitCode, 0);
  assert.equal(s.crashed, null);
});

test('a stage out of the plan\'s order is an engine bug, and says which stage came where', async () => {
  const driver = new TraceDriver({ plan: FOUR, stages: yielding(stagesOf(['parse', 'request'])) });
  driver.want(4);
  await settled(driver, () => driver.getState().done);
  assert.equal(driver.getState().crashed, 'the engine sent the "request" stage where the plan has "kubeconfig"');
});

test('more stages than the plan holds is an engine bug too', async () => {
  const driver = new TraceDriver({ plan: planOf(['parse']), stages: yielding(stagesOf(['parse', 'kubeconfig'])) });
  driver.want(1);
  await settled(driver, () => driver.getState().done);
  assert.equal(driver.getState().crashed, 'the engine sent the "kubeconfig" stage where the plan has no more stages');
});
