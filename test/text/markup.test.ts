// The lesson markup: what an author writes is what every screen shows. Paragraphs reflow, lists,
// tables and verbatim blocks keep their shape, inline code is a span (no backticks on screen), and
// anything that would render differently from how it reads is reported with its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInline, parseMarkup, plainText, span, type MarkupNode } from '../../src/text/index.js';

function only(text: string): MarkupNode {
  const { nodes, problems } = parseMarkup(text);
  assert.deepEqual(problems, []);
  assert.equal(nodes.length, 1, JSON.stringify(nodes));
  return nodes[0] as MarkupNode;
}

test('a paragraph is its lines joined: the source line breaks are not kept', () => {
  const p = only('The API server answers\nwith a Table.');
  assert.equal(p.kind, 'paragraph');
  assert.deepEqual(p.kind === 'paragraph' ? p.lines.map(plainText) : [], ['The API server answers with a Table.']);
});

test('a backslash at the end of a line ends the row there', () => {
  const p = only('Keys: /registry/pods\\\nValues: protobuf');
  assert.deepEqual(p.kind === 'paragraph' ? p.lines.map(plainText) : [], ['Keys: /registry/pods', 'Values: protobuf']);
});

test('blank lines separate paragraphs', () => {
  const { nodes } = parseMarkup('one\n\n\ntwo\nthree');
  assert.deepEqual(nodes.map((n) => (n.kind === 'paragraph' ? n.lines.map(plainText).join('|') : n.kind)), ['one', 'two three']);
});

test('"- " and "1. " start list items; an indented line continues the item', () => {
  const l = only('- first\n  continued\n- second');
  assert.ok(l.kind === 'list' && !l.ordered);
  assert.deepEqual(l.kind === 'list' ? l.items.map(plainText) : [], ['first continued', 'second']);
  const o = only('3. three\n4. four\n   more');
  assert.ok(o.kind === 'list' && o.ordered && o.start === 3);
  assert.deepEqual(o.kind === 'list' ? o.items.map(plainText) : [], ['three', 'four more']);
  const { nodes } = parseMarkup('Intro line:\n- item\nAfter.');
  assert.deepEqual(nodes.map((n) => n.kind), ['paragraph', 'list', 'paragraph']);
});

test('a table is rows of | cells |; a row of dashes under the first makes it the header', () => {
  const t = only('| flag | what |\n|---|---|\n| `-n NS` | the namespace \\| segment |\n| -A | all |');
  assert.ok(t.kind === 'table');
  if (t.kind !== 'table') return;
  assert.deepEqual(t.header?.map(plainText), ['flag', 'what']);
  assert.deepEqual(t.rows.map((r) => r.map(plainText)), [['-n NS', 'the namespace | segment'], ['-A', 'all']]);
  assert.deepEqual(t.rows[0]?.[0], [span('-n NS', 'code')]);
  const headless = only('| a | b |\n| c | d |');
  assert.equal(headless.kind === 'table' && headless.header, null);
});

test('lines between ``` are kept exactly, alignment and all, and nothing in them is markup', () => {
  const pre = only('```\n{"rv":234, "x": `y`}\n   aligned    columns\n```');
  assert.deepEqual(pre.kind === 'pre' ? pre.lines : [], ['{"rv":234, "x": `y`}', '   aligned    columns']);
});

test('::: NAME ARGS … ::: is a container its reader interprets; containers nest', () => {
  const { nodes, problems } = parseMarkup('before\n::: server >=1.31\ninside\n::: captured v1.33.3\ndeeper\n:::\n:::\nafter');
  assert.deepEqual(problems, []);
  assert.deepEqual(nodes.map((n) => n.kind), ['paragraph', 'container', 'paragraph']);
  const c = nodes[1];
  assert.ok(c?.kind === 'container');
  if (c?.kind !== 'container') return;
  assert.deepEqual([c.name, c.args, c.line], ['server', '>=1.31', 1]);
  assert.deepEqual(c.nodes.map((n) => n.kind), ['paragraph', 'container']);
});

test('inline code becomes a code span without its backticks; `` allows a backtick inside', () => {
  assert.deepEqual(parseInline('run `kubectl get pods` now').spans, [span('run '), span('kubectl get pods', 'code'), span(' now')]);
  assert.deepEqual(parseInline('``a ` b``').spans, [span('a ` b', 'code')]);
  assert.deepEqual(parseInline('`` `x` ``').spans, [span('`x`', 'code')]);
  assert.deepEqual(parseInline('a \\` b').spans, [span('a ` b')]);
});

test('*emphasis* only where it reads as emphasis', () => {
  assert.deepEqual(parseInline('a *very* big deal').spans, [span('a '), span('very', 'emphasis'), span(' big deal')]);
  assert.deepEqual(parseInline('time.Duration(6*time.Hour) and 2 * 3 * 4').spans, [span('time.Duration(6*time.Hour) and 2 * 3 * 4')]);
  assert.deepEqual(parseInline('X-Kubernetes-Pf-* headers').spans, [span('X-Kubernetes-Pf-* headers')]);
  assert.deepEqual(parseInline('*see `x`*').spans, [span('see ', 'emphasis'), span('x', 'code')]);
  assert.deepEqual(parseInline('\\*not\\*').spans, [span('*not*')]);
});

test('problems are reported at their line: each would render differently from how it reads', () => {
  const cases: [string, number, RegExp][] = [
    ['ok\n```\nnever closed', 1, /``` opens a verbatim block that no ``` line closes/],
    ['one `unclosed code', 0, /unmatched `: inline code needs a closing `/],
    ['fine\n  indented line', 1, /is indented, and paragraphs are reflowed/],
    ['-n NS      the namespace', 0, /lines text up with runs of spaces/],
    ['| a | b |\n| c |', 1, /this table row has 1 cells, the first row 2/],
    ['text\n:::', 1, /":::" closes no block/],
    ['::: server >=1.31\nnever closed', 0, /"::: server" is not closed/],
  ];
  for (const [text, line, message] of cases) {
    const { problems } = parseMarkup(text);
    assert.equal(problems.length, 1, `${JSON.stringify(text)}: ${JSON.stringify(problems)}`);
    assert.equal(problems[0]?.line, line, text);
    assert.match(problems[0]?.message ?? '', message);
  }
});
