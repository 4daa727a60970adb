// The screen fits the terminal: 80×24 is usable, every row fits the width, and a resize reflows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAGE_TITLES } from '../../src/trace/types.js';
import { GET_PLAN } from '../../src/trace/plan.js';
import { displayWidth } from '../../src/text/index.js';
import { KEYS, renderApp } from './helpers/render.js';
import { manyRowsFormat, okResults } from './helpers/traceFixtures.js';

function assertFits(frame: string, columns: number, rows: number): void {
  const lines = frame.split('\n');
  assert.ok(lines.length <= rows - 1, `${lines.length} rows for a ${rows}-row terminal`);
  for (const line of lines) assert.ok(displayWidth(line) <= columns, `too wide (${displayWidth(line)}): ${line}`);
}

test('at 80×24 every stage fits, with the full timeline, the title and the footer', async () => {
  const results = okResults();
  results[6] = manyRowsFormat(500);
  const h = await renderApp({ results, columns: 80, rows: 24 });
  // The stages of `get pods` (the catalogue also holds the watch stage of `get -w`).
  const names = GET_PLAN.stages.map((st) => st.name);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const frame = await h.waitFor(STAGE_TITLES[name]);
    assertFits(frame, 80, 24);
    assert.match(frame, /parse.*kubeconfig.*request.*authz.*etcd.*response.*format/);
    assert.ok(frame.includes(`${i + 1}/7`));
    assert.match(frame.split('\n').at(-1) ?? '', /→ next/);
    await h.press(KEYS.right);
  }
  const summary = await h.waitFor('Summary');
  assertFits(summary, 80, 24);
  assert.match(summary, /7 format/);
  h.unmount();
});

test('the frame fills the terminal less one row, so Ink redraws in place', async () => {
  const h = await renderApp({ columns: 100, rows: 30 });
  const frame = await h.waitFor(STAGE_TITLES.parse);
  assert.equal(frame.split('\n').length, 29);
  h.unmount();
});

test('a resize reflows the screen live', async () => {
  const h = await renderApp({ columns: 120, rows: 40 });
  await h.press('3');
  let frame = await h.waitFor(STAGE_TITLES.request);
  assert.equal(frame.split('\n').length, 39);
  await h.resize(80, 24);
  frame = await h.until((f) => f.split('\n').length === 23, 'a 23-row frame');
  assertFits(frame, 80, 24);
  assert.match(frame, /Build the HTTP request/);
  await h.resize(120, 40);
  frame = await h.until((f) => f.split('\n').length === 39, 'a 39-row frame again');
  assert.ok(frame.split('\n').some((l) => l === '─'.repeat(120)), 'the rule spans the new width');
  h.unmount();
});

test('on a narrow terminal the timeline keeps every stage as a number and names the current one', async () => {
  const h = await renderApp({ columns: 60, rows: 20 });
  await h.press('3');
  const frame = await h.waitFor(STAGE_TITLES.request);
  assertFits(frame, 60, 20);
  assert.match(frame, /✓ 1 ✓ 2 ✓ 3 request\s+○ 4 ○ 5 ○ 6 ○ 7\s+3\/7/);
  h.unmount();
});

test('on a short terminal the lesson collapses to its summary and the panel keeps the room', async () => {
  const h = await renderApp({ columns: 80, rows: 16 });
  await h.press('3');
  const frame = await h.waitFor(STAGE_TITLES.request);
  assertFits(frame, 80, 16);
  assert.doesNotMatch(frame, /What request does/);
  assert.match(frame, /On the wire/);
  h.unmount();
});
