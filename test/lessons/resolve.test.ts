// resolveLesson: what a lesson says in this run. Live sentences are filled from the stage's data or
// left out; version-scoped parts are chosen for the run's kube-apiserver and kubectl and say which
// versions they hold for; captured examples are labelled; and what comes out renders for any width
// and height with no backticks and no values that are not there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  layoutMyth,
  lessonSpans,
  lessonTextPages,
  loadLessons,
  resolveLesson,
  validateLessonText,
  type Lesson,
  type ResolvedLesson,
} from '../../src/lessons/index.js';
import { displayWidth, layoutBlocks, lineText, plainText, type Block } from '../../src/text/index.js';
import { STAGE_NAMES as STAGE_NAMES, type StageDataMap } from '../../src/trace/types.js';
import { etcdData, okResults } from '../ui/helpers/traceFixtures.js';

const EVIDENCE = `    evidence:
      - fixture: real-apiserver/etcd/rv-comparison.txt
        contains: 'list metadata.resourceVersion = 242'`;

const ETCD = `title: Read from storage (etcd)
summary: Only the API server talks to etcd; \`kubectl\` never does.
body:
  - heading: resourceVersion is etcd's revision
    text: |
      A list's resourceVersion is the revision the read was served at.

      ::: captured v1.28.7
      etcd revision 242, list resourceVersion 242; api-running has
      mod_revision 213.
      :::
    here:
      - 'In this run the list was read at {{listResourceVersion}}, and pod \`{{items.0.name}}\` was last written at {{items.0.resourceVersion}}.'
      - 'The sandbox read it from {{insideApiServer.servedFrom}}.'
${EVIDENCE}
  - heading: Where a consistent list is read
    text: |
      kubectl sends no resourceVersion: a consistent read.

      ::: server <1.31
      The API server reads it from etcd with a range read.
      :::

      ::: server >=1.31
      The first page comes from the watch cache, once a \`limit=1\` read of
      etcd shows that the cache has caught up.
      :::
  - heading: Continue pages from cache snapshots
    applies_to: { server: ">=1.34" }
    text: Continue pages can be served from cache snapshots.
look_at:
  - field: listResourceVersion
    note: the revision the list was read at
myths:
  - claim: resourceVersion counts the changes of one object.
    reality: It is etcd's revision at the object's last write.
    here: 'Here {{items.0.name}} has resourceVersion {{items.0.resourceVersion}}, the list {{listResourceVersion}}.'
${EVIDENCE}
  - claim: kubectl asks for aggregated discovery v2 first.
    applies_to: { kubectl: "<1.30" }
    reality: Before 1.30 kubectl asks for v2beta1 only.
${EVIDENCE}
sources: []
try:
  - command: kube-trace get pods --stage etcd
    note: the \`etcd\` stage alone
`;

function sample(): Lesson {
  const { lesson, issues } = validateLessonText(ETCD, 'etcd.yaml', 'etcd');
  assert.deepEqual(issues, []);
  assert.ok(lesson);
  return lesson;
}

function texts(blocks: readonly Block[]): string[] {
  return layoutBlocks(blocks, 200).map(lineText).filter((l) => l !== '');
}

test('live sentences are filled from this run, after the text, their values marked as from the run', () => {
  const r = resolveLesson(sample(), { data: etcdData, versions: { server: 'v1.33.3' } });
  assert.deepEqual(texts(r.sections[0]?.blocks ?? []).slice(-2), [
    'In this run the list was read at 221, and pod api-running was last written at 205.',
    'The sandbox read it from storage.',
  ]);
  assert.deepEqual(texts(r.myths[0]?.reality ?? []), ["It is etcd's revision at the object's last write.", 'Here api-running has resourceVersion 205, the list 221.']);
  const run = lessonSpans(r).filter((s) => s.origin === 'run').map((s) => s.text);
  assert.deepEqual(run.slice(0, 3), ['221', 'api-running', '205']);
});

test('a live sentence whose value is missing is left out, and only that one', () => {
  const noGlassBox: StageDataMap['etcd'] = { ...etcdData, insideApiServer: null };
  const r = resolveLesson(sample(), { data: noGlassBox });
  const lines = texts(r.sections[0]?.blocks ?? []);
  assert.ok(lines.some((l) => l.startsWith('In this run the list was read at 221')));
  assert.ok(!lines.some((l) => l.startsWith('The sandbox read it')));
  const none = resolveLesson(sample(), { data: null });
  assert.ok(!texts(none.sections[0]?.blocks ?? []).some((l) => l.includes('In this run')));
  assert.deepEqual(texts(none.myths[0]?.reality ?? []), ["It is etcd's revision at the object's last write."]);
});

test('a captured example is labelled with its cluster and its spans marked as captured', () => {
  const r = resolveLesson(sample(), { data: etcdData });
  const lines = texts(r.sections[0]?.blocks ?? []);
  assert.deepEqual(lines.slice(1, 3), ['In a captured v1.28.7 cluster:', '  etcd revision 242, list resourceVersion 242; api-running has mod_revision 213.']);
  for (const s of lessonSpans(r)) if (/\b(242|213)\b/.test(s.text)) assert.equal(s.origin, 'captured', s.text);
});

test('every number in the rendered sample is from the run, from a captured example, or a version label', () => {
  for (const versions of [{}, { server: 'v1.33.3', kubectl: 'v1.29.2' }]) {
    const r = resolveLesson(sample(), { data: etcdData, versions });
    const unmarked = lessonSpans(r).filter((s) => /\d/.test(s.text) && s.origin === undefined && s.style !== 'label' && s.style !== 'code');
    // What is left is prose about versions ("Before 1.30", "discovery v2"), which names no value of any run.
    const withoutVersions = unmarked.map((s) => s.text.replace(/\b1\.\d\d\b|\bv\d+(beta\d+)?\b/g, ''));
    assert.deepEqual(withoutVersions.filter((t) => /\d/.test(t)), []);
  }
});

test('with the server version known, the parts for other versions are left out and the rest say which versions they hold for', () => {
  const r = resolveLesson(sample(), { data: etcdData, versions: { server: 'v1.33.3', kubectl: 'v1.32.5' } });
  assert.deepEqual(r.versions, { server: '1.33.3', kubectl: '1.32.5' });
  assert.deepEqual(texts(r.sections[1]?.blocks ?? []), [
    'kubectl sends no resourceVersion: a consistent read.',
    'For kube-apiserver ≥ 1.31:',
    'The first page comes from the watch cache, once a limit=1 read of etcd shows that the cache has caught up.',
  ]);
  assert.equal(r.sections.length, 2, 'the ≥ 1.34 section is left out for 1.33');
  assert.equal(r.myths.length, 1, 'the kubectl < 1.30 myth is left out for kubectl 1.32');
  const group = r.sections[1]?.blocks[1];
  assert.deepEqual(group?.kind === 'group' ? group.data : null, { server: '>=1.31', holds: 'yes' });

  const old = resolveLesson(sample(), { data: etcdData, versions: { server: 'v1.28.7' } });
  assert.deepEqual(texts(old.sections[1]?.blocks ?? []).slice(1), ['For kube-apiserver < 1.31:', 'The API server reads it from etcd with a range read.']);
  assert.deepEqual(old.myths[1]?.scope, { appliesTo: { kubectl: '<1.30' }, label: 'kubectl < 1.30', holds: 'unknown' });
});

test('with the versions unknown, every version\'s part is shown, each labelled', () => {
  const r = resolveLesson(sample(), { data: etcdData });
  assert.deepEqual(texts(r.sections[1]?.blocks ?? []).filter((l) => l.startsWith('For ')), ['For kube-apiserver < 1.31:', 'For kube-apiserver ≥ 1.31:']);
  assert.deepEqual(r.sections[2]?.scope, { appliesTo: { server: '>=1.34' }, label: 'kube-apiserver ≥ 1.34', holds: 'unknown' });
  assert.equal(r.myths.length, 2);
});

test('titles, notes, claims and headings are spans: inline code without backticks', () => {
  const r = resolveLesson(sample(), {});
  assert.deepEqual(r.summary[0]?.kind === 'paragraph' ? r.summary[0].lines[0] : null, [
    { text: 'Only the API server talks to etcd; ', style: 'plain' },
    { text: 'kubectl', style: 'code' },
    { text: ' never does.', style: 'plain' },
  ]);
  assert.deepEqual(r.try, [{ command: 'kube-trace get pods --stage etcd', note: [{ text: 'the ', style: 'plain' }, { text: 'etcd', style: 'code' }, { text: ' stage alone', style: 'plain' }] }]);
  assert.equal(plainText(r.title), 'Read from storage (etcd)');
});

test('a resolved lesson is plain data: it survives JSON unchanged', () => {
  const r = resolveLesson(sample(), { data: etcdData, versions: { server: 'v1.31.2' } });
  assert.deepEqual(JSON.parse(JSON.stringify(r)) as ResolvedLesson, r);
});

test('pages fit the room given, name their section and scope, and keep every row', () => {
  const r = resolveLesson(sample(), { data: etcdData });
  for (const [width, height] of [[80, 10], [60, 5], [100, 3], [40, 8]] as const) {
    const pages = lessonTextPages(r, { width, height });
    assert.deepEqual([...new Set(pages.map((p) => p.kind))], ['summary', 'section', 'myths', 'try']);
    for (const p of pages) {
      assert.ok(p.lines.length <= height, `${width}×${height}: ${p.lines.length} rows`);
      for (const l of p.lines) assert.ok(displayWidth(lineText(l)) <= width, `${width}: ${lineText(l)}`);
      assert.ok(p.part >= 1 && p.part <= p.parts);
    }
    const snapshot = pages.find((p) => p.section === 2);
    assert.equal(plainText(snapshot?.heading ?? []), 'Continue pages from cache snapshots (kube-apiserver ≥ 1.34)');
  }
});

test('a myth lays out as its claim and its reality, indented under it', () => {
  const r = resolveLesson(sample(), { data: etcdData, versions: { server: 'v1.28.7' } });
  const rows = layoutMyth(r.myths[1] ?? { claim: [], reality: [], scope: null }, 50, { claimPrefix: [{ text: '✗ Myth  ', style: 'label' }], realityPrefix: [{ text: '→ ', style: 'label' }] }).map(lineText);
  assert.deepEqual(rows, ['✗ Myth  kubectl asks for aggregated discovery v2', '        first. (kubectl < 1.30)', '      → Before 1.30 kubectl asks for v2beta1 only.']);
});

test('the built-in lessons resolve for every stage, with data and without, and render with no backticks or missing values', async () => {
  const lessons = await loadLessons();
  const results = okResults();
  for (const stage of STAGE_NAMES) {
    const data = results.find((x) => x.name === stage)?.data ?? null;
    for (const d of [data, null]) {
      const r = resolveLesson(lessons[stage], { data: d, versions: { server: 'v1.33.3', kubectl: 'v1.33.1' } });
      assert.equal(r.sections.length > 0, true);
      for (const [width, height] of [[80, 8], [60, 6], [120, 20]] as const) {
        for (const page of lessonTextPages(r, { width, height })) {
          for (const l of page.lines) {
            const t = lineText(l);
            assert.ok(displayWidth(t) <= width, `${stage} at ${width}: ${t}`);
            assert.doesNotMatch(t, /\bundefined\b|\[object |\bNaN\b/, `${stage}: ${t}`);
            // Backticks remain only where a lesson quotes them verbatim (none does today).
            assert.ok(!t.includes('`'), `${stage} at ${width}: a raw backtick: ${t}`);
          }
        }
      }
    }
  }
});
