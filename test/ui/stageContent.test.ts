// The panel on screen is laid out once: scrolling redraws the same lines (a 5,000-row table
// took tens of milliseconds to lay out again on every key), and anything that changes them lays out anew.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GET_PLAN } from '../../src/trace/plan.js';
import { stageContent, type StageContentInput } from '../../src/ui/components/StageScreen.js';
import { manyRowsFormat, okResults } from './helpers/traceFixtures.js';

function input(over: Partial<StageContentInput> = {}): StageContentInput {
  const results = okResults();
  results[6] = manyRowsFormat(5000);
  return {
    plan: GET_PLAN,
    snapshot: { results, report: null, running: null, crashed: null, done: true, failedAt: null },
    index: 6,
    lesson: undefined,
    lessonPage: 0,
    details: false,
    mode: 'normal',
    nextSends: false,
    request: 'sent',
    versions: {},
    sandboxKubeconfig: null,
    width: 100,
    bodyHeight: 30,
    tick: 0,
    ...over,
  };
}

test('the same result at the same width: the same lines, not laid out again', () => {
  const first = input();
  const a = stageContent(first);
  assert.ok(a.lines.length > 5000, 'the whole table is in the panel');
  const b = stageContent({ ...first, tick: 7, lessonPage: 1 });
  assert.equal(b.lines, a.lines);
});

test('another width, or another result, lays the panel out anew', () => {
  const first = input();
  const a = stageContent(first);
  const narrower = stageContent({ ...first, width: 80 });
  assert.notEqual(narrower.lines, a.lines);
  const other = input();
  assert.notEqual(stageContent(other).lines, a.lines, 'a new result object');
  assert.deepEqual(stageContent(other).lines.map((l) => JSON.stringify(l)).slice(0, 5), a.lines.map((l) => JSON.stringify(l)).slice(0, 5));
});
