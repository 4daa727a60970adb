// Failures stop at their stage: red in the timeline, the error where it happened, later stages not
// reached; an engine crash is shown, not thrown at the learner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAGE_TITLES } from '../../src/trace/types.js';
import { KEYS, renderApp } from './helpers/render.js';
import { crashingTrace } from './helpers/fakeTrace.js';
import { FORBIDDEN_MESSAGE, forbiddenResults, okResults } from './helpers/traceFixtures.js';
import { TraceDriver } from '../../src/ui/hooks/traceDriver.js';
import { GET_PLAN } from '../../src/trace/plan.js';

test('a forbidden list turns authz red, shows the error and hint there, and the later stages were not reached', async () => {
  const h = await renderApp({ results: forbiddenResults() });
  await h.pressAll(KEYS.right, KEYS.right, KEYS.right);
  const frame = await h.waitFor('Forbidden (403)');
  assert.match(frame, /✓ parse\s+✓ kubeconfig\s+✓ request\s+✗ authz\s+– etcd\s+– response\s+– format\s+4\/7/);
  assert.match(frame, /failed after 7 ms/);
  assert.ok(frame.replace(/\n\s*/g, ' ').includes(FORBIDDEN_MESSAGE));
  assert.match(frame, /Try: /);
  await h.press(KEYS.right);
  const etcd = await h.waitFor(STAGE_TITLES.etcd);
  assert.match(etcd, /Not reached/);
  assert.match(etcd, /stopped at the authz stage/);
  h.unmount();
});

test('the summary of a failed run marks the failure and the stages not reached', async () => {
  const h = await renderApp({ results: forbiddenResults(), noPause: true });
  const frame = await h.waitFor('Summary');
  assert.match(frame, /✗ 4 authz/);
  assert.match(frame, /– 5 etcd\s+not reached/);
  assert.match(frame, /kubectl would exit with 1/);
  h.unmount();
});

test('an engine crash is shown as an internal error at the stage it happened', async () => {
  const results = okResults().slice(0, 2);
  const h = await renderApp({
    trace: { trace: crashingTrace(results, 'socket hang up in a bad place'), produced: [], hold: () => undefined, release: () => undefined, returned: () => false },
  });
  await h.pressAll(KEYS.right, KEYS.right);
  const frame = await h.waitFor('Internal error');
  assert.match(frame, /socket hang up in a bad place/);
  assert.match(frame, /--plain/);
  await h.press('Q');
  assert.equal(h.exitCode(), 1);
  h.unmount();
});

test('the driver fetches the skipped stages and the report at once after a failure', async () => {
  async function* gen() {
    for (const r of forbiddenResults()) yield r;
    return { tool: { name: 'kube-trace' as const, version: '0' }, command: [], target: { kind: 'sandbox' as const, server: null, context: null }, stages: forbiddenResults(), output: { stdout: '', stderr: '', exitCode: 1 } };
  }
  const driver = new TraceDriver({ plan: GET_PLAN, stages: gen() });
  driver.want(3);
  for (let i = 0; i < 20 && !driver.getState().done; i++) await new Promise((r) => setTimeout(r, 5));
  const s = driver.getState();
  assert.equal(s.done, true);
  assert.equal(s.failedAt, 3);
  assert.equal(s.report?.output.exitCode, 1);
  assert.deepEqual(s.results.map((r) => r?.status), ['ok', 'ok', 'ok', 'error', 'skipped', 'skipped', 'skipped']);
});
