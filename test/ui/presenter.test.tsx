// Presenter mode (p, --present), the lesson alone (f), sideways scrolling ([ ]) and the credentials
// key (e) as the learner meets them in the UI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAGE_TITLES } from '../../src/trace/types.js';
import { loadLessons } from '../../src/lessons/index.js';
import { KEYS, renderApp } from './helpers/render.js';
import { okResults, pagedWideResults } from './helpers/traceFixtures.js';

/** Rows of the live panel: between its label and the footer. */
function panelRows(frame: string): number {
  const rows = frame.split('\n');
  const label = rows.findIndex((r) => /^\s*This run/.test(r));
  return rows.length - 1 - label - 1;
}

test('presenter mode: the lesson becomes one line, the panel takes the room, and it stays on from stage to stage', async () => {
  const h = await renderApp({ columns: 80, rows: 24, lessons: await loadLessons(null) });
  await h.press('3');
  const normal = await h.waitFor(STAGE_TITLES.request);
  await h.press('p');
  const presenter = await h.waitFor('f lesson · L all');
  assert.ok(panelRows(presenter) > panelRows(normal), `the panel grows: ${panelRows(normal)} → ${panelRows(presenter)} rows`);
  assert.doesNotMatch(presenter, /lesson page 1 of/);
  await h.press(KEYS.right);
  const next = await h.waitFor(STAGE_TITLES.authz);
  assert.match(next, /f lesson · L all/, 'still in presenter mode on the next stage');
  assert.match(next, /p normal view/);
  await h.press('p');
  assert.match(await h.waitFor('lesson page 1 of'), /In short( \(continues\))? · lesson page 1 of/);
  h.unmount();
});

test('--present starts in presenter mode', async () => {
  const h = await renderApp({ present: true });
  assert.match(await h.waitFor(STAGE_TITLES.parse), /Summary of the parse lesson\. · f lesson · L all/);
  h.unmount();
});

test('f: the lesson alone, its pages sized to the whole body, kept from stage to stage; f again brings the panel back', async () => {
  const h = await renderApp();
  await h.press('f');
  const focused = await h.waitFor('hidden: f shows the live panel');
  assert.doesNotMatch(focused, /You typed/);
  assert.match(focused, /In short · lesson page 1 of 3/);
  await h.press(KEYS.right);
  assert.match(await h.waitFor(STAGE_TITLES.kubeconfig), /hidden: f shows the live panel/);
  await h.press('f');
  assert.match(await h.waitFor('Context'), /Context\s+viewer@sandbox/);
  h.unmount();
});

test('[ and ] scroll a table wider than the screen sideways, and the last row says which columns show', async () => {
  const h = await renderApp({ results: pagedWideResults(), columns: 80, rows: 30 });
  await h.press('7');
  let frame = await h.waitFor(STAGE_TITLES.format);
  assert.match(frame, /cols 1–80 of \d+ ▶/);
  assert.doesNotMatch(frame, /kube-trace-sandbox-node-1/, 'the NODE column is off-screen at first');
  assert.match(frame, /\[ \] sideways/);
  await h.press(']');
  await h.press(']');
  frame = await h.waitFor('◀ cols');
  assert.match(frame, /kube-trace-sandbox-node-1/, 'the NODE column scrolled into view');
  assert.match(frame, /Format the output/, 'the title stays where it is');
  await h.press('[');
  await h.press('[');
  await h.press('[');
  assert.match(await h.waitFor('  cols 1–80'), /NAME\s+READY/);
  h.unmount();
});

test('e in the curl overlay writes the credentials (through the CLI\'s exporter) and shows the command ready to run', async () => {
  let calls = 0;
  const h = await renderApp({
    results: okResults(),
    exportCredentials: async () => {
      calls++;
      return { dir: '/tmp/kt/curl-x', removedOnExit: true, files: [{ variable: 'CA', path: '/tmp/kt/curl-x/ca.crt', what: "the sandbox's CA" }, { variable: 'CERT', path: '/tmp/kt/curl-x/client.crt', what: 'the certificate' }, { variable: 'KEY', path: '/tmp/kt/curl-x/client.key', what: 'its key' }] };
    },
  });
  await h.press('3');
  await h.waitFor(STAGE_TITLES.request);
  await h.press('c');
  await h.waitFor('Press e to write them');
  await h.press('e');
  const ready = await h.waitFor('Ready to run');
  assert.match(ready.replace(/ \\\n\s*/g, ' '), /curl --cacert \/tmp\/kt\/curl-x\/ca\.crt --cert \/tmp\/kt\/curl-x\/client\.crt --key \/tmp\/kt\/curl-x\/client\.key/);
  assert.match(ready.replace(/\s+/g, ' '), /removed when kube-trace exits/);
  await h.press('e');
  assert.equal(calls, 1, 'written once');
  h.unmount();
});

test('without an exporter (a real cluster) the curl overlay offers no e', async () => {
  const h = await renderApp();
  await h.press('3');
  await h.waitFor(STAGE_TITLES.request);
  await h.press('c');
  const frame = await h.waitFor('The same request with curl');
  assert.doesNotMatch(frame, /Press e/);
  h.unmount();
});

test('help names the new keys', async () => {
  const h = await renderApp();
  await h.press('?');
  const help = (await h.waitFor('Keys')).replace(/\s+/g, ' ');
  for (const k of ['presenter mode', 'focus: the lesson alone', 'scroll sideways', 'it never quits', 'quit without that question']) assert.ok(help.includes(k), k);
  h.unmount();
});
