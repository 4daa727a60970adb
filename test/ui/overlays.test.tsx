// What the extra keys open: help, curl, details, and the lesson pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAGE_TITLES } from '../../src/trace/types.js';
import { KEYS, renderApp } from './helpers/render.js';
import { LIST_URL } from './helpers/traceFixtures.js';

test('? opens a help overlay listing every key, and ? or Esc closes it', async () => {
  const h = await renderApp();
  await h.waitFor(STAGE_TITLES.parse);
  await h.press('?');
  const help = await h.waitFor('Keys');
  for (const k of ['next stage', 'previous stage', 'jump to a stage', 'scroll the panel', 'details', 'curl', 'quit']) assert.ok(help.includes(k), k);
  await h.press('?');
  assert.doesNotMatch(h.frame(), /previous stage/);
  await h.press('?');
  await h.press(KEYS.escape);
  assert.doesNotMatch(h.frame(), /previous stage/);
  assert.equal(h.exitCode(), null, 'Esc closed the overlay instead of quitting');
  h.unmount();
});

test('c shows a copy-ready curl line once the request is built', async () => {
  const h = await renderApp();
  await h.waitFor(STAGE_TITLES.parse);
  await h.press('c');
  assert.match(await h.waitFor('curl'), /ready once the request stage has run/);
  await h.press('c');
  await h.press('3');
  await h.waitFor(STAGE_TITLES.request);
  await h.press('c');
  const frame = await h.waitFor('The same request with curl');
  assert.ok(frame.includes(`'${LIST_URL}'`));
  assert.match(frame, /curl --cacert "\$CA" --cert "\$CERT" --key "\$KEY"/);
  assert.match(frame, / \\$/m, 'long commands continue with a backslash');
  h.unmount();
});

test('d toggles the raw data of the stage', async () => {
  const h = await renderApp();
  await h.press('6');
  await h.waitFor(STAGE_TITLES.response);
  await h.press('d');
  const raw = await h.waitFor('Raw data of the response stage');
  assert.match(raw, /"kind": "Table"/);
  await h.press('d');
  assert.doesNotMatch(h.frame(), /Raw data of the response stage/);
  h.unmount();
});

test('l pages through the lesson: summary, sections, then myths as "Myth → Reality", and round again', async () => {
  const h = await renderApp();
  await h.press('3');
  let frame = await h.waitFor(STAGE_TITLES.request);
  assert.match(frame, /In short\s+1\/4 · l next · L all/);
  assert.match(frame, /kubectl turns your command into one HTTPS GET\./);
  await h.press('l');
  assert.match(h.frame(), /What request does\s+2\/4/);
  assert.match(h.frame(), /First section of the request lesson\./);
  await h.press('l');
  assert.match(h.frame(), /Why request matters\s+3\/4/);
  await h.press('l');
  frame = h.frame();
  assert.match(frame, /Myth → Reality\s+4\/4/);
  assert.match(frame, /✗ Myth\s+kubectl reads pods from etcd\./);
  assert.match(frame, /→ Reality kubectl only ever talks to the API server over HTTPS\./);
  await h.press('l');
  assert.match(h.frame(), /1\/4 · l next/);
  h.unmount();
});

test('L shows the whole lesson, scrollable, and L closes it', async () => {
  const h = await renderApp();
  await h.press('3');
  await h.waitFor(STAGE_TITLES.request);
  await h.press('L');
  const frame = h.frame();
  assert.match(frame, /What request does/);
  assert.match(frame, /Why request matters/);
  assert.match(frame, /Look at \(highlighted in the live panel\)/);
  assert.match(frame, /kubernetes\/kubernetes: staging\/src\/k8s\.io\/kubectl\/pkg\/cmd\/get\/get\.go/);
  await h.press('L');
  assert.match(h.frame(), /On the wire/);
  h.unmount();
});
