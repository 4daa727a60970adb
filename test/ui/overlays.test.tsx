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

test('l pages through the lesson: summary, sections, then the myths, and round again; its pager is named apart from the stage counter', async () => {
  const h = await renderApp();
  await h.press('3');
  let frame = await h.waitFor(STAGE_TITLES.request);
  assert.match(frame, /In short · lesson page 1 of 4 · l next page · L all/);
  assert.doesNotMatch(frame, /In short\s+1\/4/, 'the pager does not read like the stage counter (3/7)');
  assert.match(frame, /kubectl turns your command into one HTTPS GET\./);
  await h.press('l');
  frame = await h.waitFor('lesson page 2 of 4');
  assert.match(frame, /What request does · lesson page 2 of 4/);
  assert.match(frame, /First section of the request lesson\./);
  await h.press('l');
  assert.match(await h.waitFor('lesson page 3 of 4'), /Why request matters · lesson page 3 of 4/);
  await h.press('l');
  frame = await h.waitFor('lesson page 4 of 4');
  assert.match(frame, /Myth and reality · lesson page 4 of 4/);
  assert.match(frame, /Myth: kubectl reads pods from etcd\./);
  assert.match(frame, /^\s+kubectl only ever talks to the API server over HTTPS\./m);
  await h.press('l');
  assert.match(await h.waitFor('lesson page 1 of 4'), /In short · lesson page 1 of 4/);
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
  assert.match(frame, /Myth: kubectl reads pods from etcd\./);
  assert.match(frame, /kubernetes\/kubernetes: staging\/src\/k8s\.io\/kubectl\/pkg\/cmd\/get\/get\.go/);
  await h.press('L');
  assert.match(h.frame(), /On the wire/);
  h.unmount();
});
