// Moving through the walkthrough: the trace only advances when the learner asks, the request is
// sent when they leave the request stage, and the keys do what the footer says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAGE_TITLES } from '../../src/trace/types.js';
import { KEYS, renderApp } from './helpers/render.js';
import { fakeTrace } from './helpers/fakeTrace.js';
import { forbiddenResults, okResults } from './helpers/traceFixtures.js';

test('opens on the parse stage with the timeline, "1/7" and the keys in the footer', async () => {
  const h = await renderApp();
  const frame = await h.waitFor(STAGE_TITLES.parse);
  assert.match(frame, /✓ parse\s+○ kubeconfig\s+○ request\s+○ authz\s+○ etcd\s+○ response\s+○ format\s+1\/7/);
  assert.match(frame, /→ next/);
  assert.match(frame, /q quit/);
  assert.deepEqual(h.fake.produced, ['parse']);
  h.unmount();
});

test('→, Enter, Space and n each go to the next stage', async () => {
  const h = await renderApp();
  await h.waitFor(STAGE_TITLES.parse);
  await h.press(KEYS.right);
  await h.waitFor(STAGE_TITLES.kubeconfig);
  await h.press(KEYS.enter);
  await h.waitFor(STAGE_TITLES.request);
  await h.press(' ');
  await h.waitFor(STAGE_TITLES.authz);
  await h.press('n');
  const frame = await h.waitFor(STAGE_TITLES.etcd);
  assert.match(frame, /5\/7/);
  h.unmount();
});

test('← and b go back without running anything again; p is presenter mode now', async () => {
  const h = await renderApp();
  await h.waitFor(STAGE_TITLES.parse);
  await h.pressAll(KEYS.right, KEYS.right, KEYS.right);
  await h.waitFor(STAGE_TITLES.authz);
  const produced = h.fake.produced.length;
  await h.press(KEYS.left);
  await h.waitFor(STAGE_TITLES.request);
  await h.press('b');
  await h.waitFor(STAGE_TITLES.kubeconfig);
  await h.press('b');
  await h.waitFor(STAGE_TITLES.parse);
  assert.equal(h.fake.produced.length, produced);
  await h.press('p');
  assert.match(h.frame(), /1\/7  Parse the command line/, 'p does not move');
  assert.match(h.frame(), /f lesson · L all/, 'the lesson is one line in presenter mode');
  h.unmount();
});

test('the list request is sent only when the learner leaves the request stage, with a spinner meanwhile', async () => {
  const fake = fakeTrace(okResults());
  fake.hold('authz');
  const h = await renderApp({ trace: fake });
  await h.pressAll(KEYS.right, KEYS.right);
  await h.waitFor(STAGE_TITLES.request);
  await h.press('j');
  await h.press('k');
  assert.deepEqual(fake.produced, ['parse', 'kubeconfig', 'request'], 'nothing past the request stage yet');
  assert.match(h.frame(), /This run · not sent yet: → sends it/);
  await h.press(KEYS.right);
  const waiting = await h.waitFor('Sending');
  assert.match(waiting, /Sending GET https:\/\/127\.0\.0\.1:6443\/api\/v1\/namespaces\/default\/pods\?limit=500/);
  assert.match(waiting, /running…/);
  fake.release();
  const frame = await h.waitFor('Outcome');
  assert.match(frame, /Username\s+viewer/);
  assert.deepEqual(fake.produced, ['parse', 'kubeconfig', 'request', 'authz']);
  h.unmount();
});

test('a number key jumps to that stage, running the earlier stages first', async () => {
  const h = await renderApp();
  await h.waitFor(STAGE_TITLES.parse);
  await h.press('6');
  const frame = await h.waitFor(STAGE_TITLES.response);
  assert.match(frame, /6\/7/);
  assert.deepEqual(h.fake.produced, ['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response']);
  await h.press('2');
  await h.waitFor(STAGE_TITLES.kubeconfig);
  h.unmount();
});

test('next on the last stage shows the summary, and next again exits with kubectl\'s exit code', async () => {
  const h = await renderApp();
  await h.press('7');
  await h.waitFor(STAGE_TITLES.format);
  await h.press(KEYS.right);
  const frame = await h.waitFor('Summary: kube-trace get pods');
  for (const name of ['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response', 'format']) assert.match(frame, new RegExp(`✓ \\d ${name}`));
  assert.match(frame, /GET \/api\/v1\/namespaces\/default\/pods\?limit=500/);
  assert.match(frame, /kubectl would exit with 0/);
  assert.equal(h.exitCode(), null);
  await h.press(KEYS.right);
  assert.match(h.frame(), /Quit with 5 stages not seen yet \(kubeconfig, request, authz, etcd, response\)\?/, 'asked once, since 2–6 were skipped');
  assert.equal(h.exitCode(), null);
  await h.press(KEYS.right);
  assert.equal(h.exitCode(), 0);
  assert.equal(h.exitOutput(), 'keep', "the caller prints kubectl's output on the normal screen");
  h.unmount();
});

test('q at stage 1 asks once, then runs the trace to its end so kubectl\'s output stays, and exits with kubectl\'s code', async () => {
  const h = await renderApp();
  await h.waitFor(STAGE_TITLES.parse);
  await h.press('q');
  const asked = (await h.waitFor('Quit with')).replace(/\s+/g, ' ');
  assert.match(asked, /Quit with 6 stages not seen yet/);
  assert.match(asked, /x: quit and print nothing/);
  assert.match(asked, /Q quits without asking/);
  assert.equal(h.exitCode(), null);
  await h.press('q');
  await h.until(() => h.exitCode() !== null, 'the exit');
  assert.equal(h.exitCode(), 0);
  assert.equal(h.exitOutput(), 'keep');
  assert.equal(h.fake.produced.length, 7, 'the whole trace ran, for its output');
  assert.deepEqual(h.seenOnExit(), [true, false, false, false, false, false, false]);
  h.unmount();
});

test('x in answer to the question leaves at once with nothing printed, and lets the engine clean up', async () => {
  const h = await renderApp();
  await h.waitFor(STAGE_TITLES.parse);
  await h.press('q');
  await h.press('x');
  assert.equal(h.exitCode(), 0);
  assert.equal(h.exitOutput(), 'discard');
  await h.until(() => h.fake.returned(), 'the engine told to stop');
  assert.deepEqual(h.fake.produced, ['parse'], 'nothing more was sent');
  h.unmount();
});

test('Esc never quits: with nothing open it says how to', async () => {
  const h = await renderApp();
  await h.waitFor(STAGE_TITLES.parse);
  await h.press('?');
  await h.press(KEYS.escape);
  await h.waitFor('Summary of the parse lesson');
  await h.press(KEYS.escape);
  await h.waitFor('Nothing open to close. q quits');
  assert.equal(h.exitCode(), null);
  await h.press(KEYS.escape);
  assert.equal(h.exitCode(), null);
  h.unmount();
});

test('Ctrl-C quits with 130, like an interrupted shell command', async () => {
  const h = await renderApp();
  await h.waitFor(STAGE_TITLES.parse);
  await h.press(KEYS.ctrlC);
  assert.equal(h.exitCode(), 130);
  h.unmount();
});

test('q after a failure exits with kubectl\'s exit code for it (1)', async () => {
  const h = await renderApp({ results: forbiddenResults() });
  await h.press('4');
  await h.waitFor('Forbidden (403)');
  await h.press('Q');
  assert.equal(h.exitCode(), 1);
  assert.equal(h.exitOutput(), 'keep');
  h.unmount();
});

test('--stage starts on that stage, after running the earlier ones', async () => {
  const h = await renderApp({ startStage: 'etcd' });
  const frame = await h.waitFor(STAGE_TITLES.etcd);
  assert.match(frame, /✓ parse\s+✓ kubeconfig\s+✓ request\s+✓ authz\s+✓ etcd/);
  assert.deepEqual(h.fake.produced, ['parse', 'kubeconfig', 'request', 'authz', 'etcd']);
  h.unmount();
});

test('--stage lands on the failed stage when the trace stops before it', async () => {
  const h = await renderApp({ results: forbiddenResults(), startStage: 'format' });
  const frame = await h.waitFor('Forbidden (403)');
  assert.match(frame, /4\/7/);
  h.unmount();
});

test('--no-pause runs every stage and stays on the summary', async () => {
  const h = await renderApp({ noPause: true });
  const frame = await h.waitFor('Summary: kube-trace get pods');
  assert.equal(h.fake.produced.length, 7);
  assert.match(frame, /Press q to exit/);
  await h.press(KEYS.right);
  assert.equal(h.exitCode(), null, 'next does not leave the summary with --no-pause');
  await h.press('q');
  assert.equal(h.exitCode(), 0);
  h.unmount();
});

test('the notice is shown at the top until the learner moves on', async () => {
  const h = await renderApp({ notice: 'No kubeconfig found: using the embedded sandbox.' });
  const first = await h.waitFor(STAGE_TITLES.parse);
  assert.match(first, /No kubeconfig found: using the embedded sandbox\./);
  await h.press(KEYS.right);
  const next = await h.waitFor(STAGE_TITLES.kubeconfig);
  assert.doesNotMatch(next, /No kubeconfig found/);
  h.unmount();
});

test('while a stage runs, its panel shows a spinner naming it, and the timeline marks it as running', async () => {
  const fake = fakeTrace(okResults());
  fake.hold('parse');
  const h = await renderApp({ trace: fake });
  const frame = await h.waitFor('Running: Parse the command line');
  assert.match(frame, /◌ parse/);
  assert.match(frame, /running…/);
  fake.release();
  await h.waitFor('You typed');
  h.unmount();
});

test('Ctrl-C while the request is in flight exits 130 at once; the engine stops once the request returns', async () => {
  const fake = fakeTrace(okResults());
  fake.hold('authz');
  const h = await renderApp({ trace: fake });
  await h.press('3');
  await h.waitFor(STAGE_TITLES.request);
  await h.press(KEYS.right);
  await h.waitFor('Sending');
  await h.press(KEYS.ctrlC);
  assert.equal(h.exitCode(), 130, 'without waiting for the request');
  assert.equal(h.exitOutput(), 'discard', 'there is no output of kubectl yet');
  fake.release();
  await h.until(() => fake.returned(), 'the engine told to stop');
  assert.deepEqual(fake.produced, ['parse', 'kubeconfig', 'request', 'authz'], 'nothing ran after the request in flight');
  h.unmount();
});

test('keys that arrive in one chunk ("2?", typed faster than they are delivered) each count; pasted text is ignored', async () => {
  const h = await renderApp();
  await h.waitFor(STAGE_TITLES.parse);
  await h.press('2?');
  const help = await h.waitFor('Keys');
  assert.match(help, /2\/7/, 'moved to the kubeconfig stage, then opened help');
  await h.press('?');
  await h.press('kubectl get pods -n demo');
  const frame = h.frame();
  assert.match(frame, /2\/7  Load the kubeconfig/);
  assert.equal(h.exitCode(), null);
  h.unmount();
});
