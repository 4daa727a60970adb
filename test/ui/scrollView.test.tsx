// The small scroll view: long content (a 500-row table) moves with j/k, arrows, PgUp/PgDn, g/G.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAGE_TITLES } from '../../src/trace/types.js';
import { clampOffset, scrollMetrics } from '../../src/ui/state/scroll.js';
import { KEYS, renderApp } from './helpers/render.js';
import { manyRowsFormat, okResults } from './helpers/traceFixtures.js';

function withTable(rows: number) {
  const results = okResults();
  results[6] = manyRowsFormat(rows);
  return results;
}

test('scroll metrics keep one row for the position indicator when content overflows', () => {
  assert.deepEqual(scrollMetrics(5, 10), { viewport: 10, maxOffset: 0, scrollable: false, indicator: false });
  assert.deepEqual(scrollMetrics(500, 10), { viewport: 9, maxOffset: 491, scrollable: true, indicator: true });
  assert.deepEqual(scrollMetrics(5, 10, true), { viewport: 9, maxOffset: 0, scrollable: false, indicator: true }, 'a row wider than the panel needs the indicator too');
  assert.equal(clampOffset(-3, 500, 10), 0);
  assert.equal(clampOffset(1000, 500, 10), 491);
});

test('a 500-row table scrolls inside its panel, one key at a time', async () => {
  const h = await renderApp({ results: withTable(500), columns: 100, rows: 30 });
  await h.press('7');
  let frame = await h.waitFor(STAGE_TITLES.format);
  assert.match(frame, /▼ lines 1–\d+ of 5\d\d/);
  assert.doesNotMatch(frame, /pod-500/);
  const firstVisible = (f: string) => /lines (\d+)–/.exec(f)?.[1];
  await h.press('j');
  assert.equal(firstVisible(h.frame()), '2');
  await h.press(KEYS.down);
  assert.equal(firstVisible(h.frame()), '3');
  await h.press('k');
  await h.press(KEYS.up);
  assert.equal(firstVisible(h.frame()), '1');
  await h.press(KEYS.up);
  assert.equal(firstVisible(h.frame()), '1', 'cannot scroll above the top');
  await h.press(KEYS.pageDown);
  const afterPage = Number(firstVisible(h.frame()));
  assert.ok(afterPage > 10, `a page moves by most of the panel (now at ${afterPage})`);
  await h.press(KEYS.pageUp);
  assert.equal(firstVisible(h.frame()), '1');
  await h.press('G');
  frame = h.frame();
  assert.match(frame, /pod-500/);
  assert.match(frame, /▲  lines \d+–5\d\d of 5\d\d/);
  await h.press('j');
  assert.match(h.frame(), /pod-500/, 'cannot scroll past the end');
  await h.press('g');
  assert.equal(firstVisible(h.frame()), '1');
  h.unmount();
});

test('changing stage starts the next panel at the top', async () => {
  const h = await renderApp({ results: withTable(500) });
  await h.press('7');
  await h.waitFor(STAGE_TITLES.format);
  await h.press(KEYS.pageDown);
  await h.press(KEYS.left);
  await h.press(KEYS.right);
  assert.match(h.frame(), /lines 1–/);
  h.unmount();
});

test('a held key that arrives as one chunk ("jjj") scrolls that many rows', async () => {
  const h = await renderApp({ results: withTable(500) });
  await h.press('7');
  await h.waitFor(STAGE_TITLES.format);
  await h.press('jjj');
  assert.match(h.frame(), /lines 4–/);
  h.unmount();
});
