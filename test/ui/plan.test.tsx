// The UI reads the plan the run carries: a plan of other stages, in another number, gets its own
// timeline, counter, number keys, help and summary, and the "→ sends it" hint sits on the stage
// before whichever stage sends kubectl's main request. (The plans here are made up from the
// catalogue; write and watch plans will be real ones.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAGE_CATALOGUE, type StageName, type TracePlan } from '../../src/trace/plan.js';
import { KEYS, renderApp } from './helpers/render.js';
import { fakeTrace } from './helpers/fakeTrace.js';
import { LIST_URL, okResults } from './helpers/traceFixtures.js';

function planOf(names: StageName[], sends: StageName): TracePlan {
  return { verb: 'get', stages: names.map((name) => ({ name, title: STAGE_CATALOGUE[name].title, sendsMainRequest: name === sends })) };
}

function resultsFor(plan: TracePlan) {
  const all = okResults();
  return plan.stages.map((s) => all.find((r) => r.name === s.name)!);
}

const FIVE = planOf(['parse', 'kubeconfig', 'request', 'etcd', 'format'], 'etcd');
/** The request goes out one stage later than in `get`: after authz has been shown. */
const LATE_SEND = planOf(['parse', 'kubeconfig', 'request', 'authz', 'etcd'], 'etcd');

test('the timeline, the stage counter and the footer show the plan\'s five stages', async () => {
  const h = await renderApp({ plan: FIVE, results: resultsFor(FIVE) });
  const frame = await h.waitFor(STAGE_CATALOGUE.parse.title);
  assert.match(frame, /✓ parse\s+○ kubeconfig\s+○ request\s+○ etcd\s+○ format\s+1\/5/);
  assert.match(frame, /1\/5  Parse the command line/);
  assert.doesNotMatch(frame, /authz|response|\/7/);
  assert.match(frame, /1-5 jump/);
  h.unmount();
});

test('the number keys are the plan\'s: 5 jumps to its last stage and 6 does nothing', async () => {
  const h = await renderApp({ plan: FIVE, results: resultsFor(FIVE) });
  await h.waitFor(STAGE_CATALOGUE.parse.title);
  await h.press('5');
  await h.waitFor('5/5  Format the output');
  assert.deepEqual(h.fake.produced, ['parse', 'kubeconfig', 'request', 'etcd', 'format']);
  await h.press('6');
  assert.match(h.frame(), /5\/5  Format the output/);
  const pulls = h.driver.pulls;
  await h.press('7');
  assert.equal(h.driver.pulls, pulls, 'nothing more was asked of the engine');
  h.unmount();
});

test('help names the plan\'s number keys and the stage whose "next" sends the request', async () => {
  const h = await renderApp({ plan: LATE_SEND, results: resultsFor(LATE_SEND) });
  await h.waitFor(STAGE_CATALOGUE.parse.title);
  await h.press('?');
  const help = await h.waitFor('Keys');
  assert.match(help, /1 … 5\s+jump to a stage/);
  assert.match(help, /leaving "authz" sends the request/);
  h.unmount();
});

test('"not sent yet: → sends it" sits on the stage before the sending stage, and the request\'s URL shows while it is sent', async () => {
  const fake = fakeTrace(resultsFor(LATE_SEND));
  fake.hold('etcd');
  const h = await renderApp({ plan: LATE_SEND, trace: fake });
  await h.press('3');
  await h.waitFor('3/5  Build the HTTP request');
  assert.doesNotMatch(h.frame(), /→ sends it/, 'in this plan, leaving "request" sends nothing');
  await h.press(KEYS.right);
  const authz = await h.waitFor('4/5  Authenticate and authorize');
  assert.match(authz, /This run · not sent yet: → sends it/);
  assert.deepEqual(fake.produced, ['parse', 'kubeconfig', 'request', 'authz']);
  await h.press(KEYS.right);
  const sending = await h.waitFor('Sending');
  assert.ok(sending.includes(`Sending GET ${LIST_URL}`), sending);
  fake.release();
  await h.waitFor('List RV');
  await h.press(KEYS.left);
  assert.doesNotMatch(await h.waitFor('4/5'), /→ sends it/, 'once sent, the hint is gone');
  h.unmount();
});

test('the summary lists the plan\'s stages and its own number keys', async () => {
  const h = await renderApp({ plan: FIVE, results: resultsFor(FIVE), noPause: true });
  const frame = await h.waitFor('Summary: kube-trace get pods');
  for (const [i, name] of ['parse', 'kubeconfig', 'request', 'etcd', 'format'].entries()) assert.match(frame, new RegExp(`✓ ${i + 1} ${name}`));
  assert.doesNotMatch(frame, /authz|response/);
  assert.match(frame, /or 1–5 to revisit a stage/);
  h.unmount();
});
