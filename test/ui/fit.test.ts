// Every row a view builds fits the panel it is built for, or is a wide row (exact text: a table row,
// a header, a curl row) that the panel scrolls sideways with an indicator; nothing on screen is a raw
// backtick, a control character, or a blank stand-in for a value (null, undefined, NaN, [object
// Object]). Checked for every stage of three runs (a plain one, a refused one, a paged -o wide one)
// with the built-in lessons, at the widths a room or a laptop has.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLessons, lessonTextPages, resolveLesson } from '../../src/lessons/index.js';
import type { AnyStageResult, StageName } from '../../src/trace/types.js';
import { GET_PLAN } from '../../src/trace/plan.js';
import { lineString, lineWidth, type Line } from '../../src/ui/components/lines.js';
import { makeViewContext } from '../../src/ui/components/viewContext.js';
import { stageLines } from '../../src/ui/stages/index.js';
import { fullLessonLines, lessonBlock, lessonOneLine } from '../../src/ui/components/LessonPanel.js';
import { helpLines } from '../../src/ui/components/HelpOverlay.js';
import { curlLines } from '../../src/ui/components/CurlOverlay.js';
import { summaryLines } from '../../src/ui/components/Summary.js';
import { lineText } from '../../src/text/index.js';
import { forbiddenResults, okResults, pagedWideResults, reportFor } from './helpers/traceFixtures.js';

const WIDTHS = [40, 60, 78, 98, 120];
const RUNS: [string, AnyStageResult[]][] = [
  ['a plain list', okResults()],
  ['a refused list', forbiddenResults()],
  ['a paged -o wide list', pagedWideResults()],
];
const lessons = await loadLessons(null);

/** Everything a screen must never show in place of a value or as raw markup. */
const BAD = /\bnull\b|\bundefined\b|\bNaN\b|\[object Object\]|`|[\u0000-\u0008\u000b-\u001f\u007f]/;

function assertFits(lines: readonly Line[], width: number, where: string): void {
  for (const l of lines) {
    if (l.wide !== true) assert.ok(lineWidth(l) <= width, `${where}: a ${lineWidth(l)}-column row in a ${width}-column panel:\n${lineString(l)}`);
    assert.doesNotMatch(lineString(l), BAD, `${where}: ${lineString(l)}`);
  }
}

describe('stage panels', () => {
  for (const [label, results] of RUNS) {
    test(`${label}: every row of every stage fits, or scrolls sideways`, () => {
      const stoppedAt = results.find((r) => r.status === 'error')?.name ?? null;
      for (const r of results) {
        const notes = resolveLesson(lessons[r.name], { data: r.data }).look_at;
        for (const width of WIDTHS) {
          const lines = stageLines(r, makeViewContext(width, notes, { results, request: 'sent', sandboxKubeconfig: '/tmp/kube-trace-x/sandbox.kubeconfig' }), stoppedAt);
          assertFits(lines, width, `${r.name} at ${width}`);
        }
      }
    });
  }

  test('the -o wide table is kept whole, byte for byte, as wide rows', () => {
    const format = pagedWideResults()[6]!;
    const lines = stageLines(format, makeViewContext(60), null);
    const stdout = format.name === 'format' && format.data !== null ? format.data.stdout : '';
    for (const row of stdout.replace(/\n$/, '').split('\n')) {
      const shown = lines.find((l) => lineString(l) === `  ${row}`);
      assert.ok(shown !== undefined, `the row is there whole: ${row}`);
      assert.equal(shown.wide, true, 'and scrolls sideways rather than being cut');
    }
  });

  test('the continue token\'s NUL byte and an escape sequence in a name are shown escaped', () => {
    const results = pagedWideResults();
    const etcd = results[4]!;
    const text = stageLines(etcd, makeViewContext(100, [], { results }), null).map(lineString).join('\n');
    assert.ok(text.includes('start "nginx\\u0000"') || text.includes('nginx^@'), text);
    assert.doesNotMatch(text, /\u0000/);
  });
});

describe('lessons', () => {
  const data = new Map<StageName, AnyStageResult['data']>(okResults().map((r) => [r.name, r.data]));
  for (const spec of GET_PLAN.stages) {
    test(`${spec.name}: each page fits its room, is the resolver's layout unchanged (nothing re-wrapped), and has no raw markup`, () => {
      const resolved = resolveLesson(lessons[spec.name], { data: data.get(spec.name) ?? null, versions: { server: 'v1.33.3', kubectl: 'v1.33.0' } });
      for (const width of [56, 60, 78, 98]) {
        for (const height of [3, 4, 6, 9, 20]) {
          const first = lessonBlock(resolved, 0, width, height);
          assert.ok(first.pages > 0);
          for (let page = 0; page < first.pages; page++) {
            const block = lessonBlock(resolved, page, width, height);
            assert.ok(block.lines.length <= height, `${block.lines.length} rows in a ${height}-row room`);
            assertFits(block.lines, width, `${spec.name} page ${page + 1} at ${width}×${height}`);
          }
          // The text rows are the resolver's rows for that size: every one of them is on some page.
          const shown = new Set(Array.from({ length: first.pages }, (_, p) => lessonBlock(resolved, p, width, height).lines.map(lineString)).flat());
          const all = lessonTextPages(resolved, { width, height: first.textRows }).flatMap((p) => p.lines.map(lineText));
          const missing = all.filter((row) => !shown.has(row));
          assert.ok(missing.length === 0 || height < 4, `rows laid out differently from the resolver at ${width}×${height}: ${missing.slice(0, 3).join(' | ')}`);
        }
        assertFits([lessonOneLine(resolved, width)], width, `${spec.name} one line at ${width}`);
        assertFits(fullLessonLines(resolved, width), width, `${spec.name} whole lesson at ${width}`);
      }
    });
  }
});

describe('overlays and the summary', () => {
  test('help, curl and the summary fit at every width', () => {
    const results = pagedWideResults();
    const request = results[2]!;
    const kubeconfig = results[1]!;
    for (const width of WIDTHS) {
      assertFits(helpLines(GET_PLAN, width), width, `help at ${width}`);
      const base = { request: request.name === 'request' ? (request.data?.request ?? null) : null, kubeconfig: kubeconfig.name === 'kubeconfig' ? kubeconfig.data : null, requestKey: 3, width };
      assertFits(curlLines({ ...base, canExport: true, credentials: { status: 'none' } }), width, `curl (sandbox) at ${width}`);
      const cluster = base.kubeconfig !== null ? { ...base.kubeconfig, sandbox: null } : null;
      assertFits(curlLines({ ...base, kubeconfig: cluster, canExport: false, credentials: { status: 'none' } }), width, `curl (a real cluster) at ${width}`);
      assertFits(summaryLines(GET_PLAN, results, reportFor(results), width, 'Press → or q to exit.', true, '/tmp/kube-trace-x/sandbox.kubeconfig'), width, `summary at ${width}`);
    }
  });
});
