// The tab writer behaves like Go's text/tabwriter (liggitt/tabwriter) with kubectl's settings:
// minwidth 6, padding 3, padchar ' ', widths in code points, last cell never padded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignColumns, KUBECTL_TABWRITER, TabWriter } from '../../src/format/tabwriter.js';
import { formatOutput } from '../../src/format/index.js';

test('each column is as wide as its widest cell plus 3 spaces; the last cell is not padded', () => {
  assert.equal(alignColumns('NAME\tSTATUS\tAGE\nvery-long-pod-name\tOK\t5s\n'), 'NAME                 STATUS   AGE\nvery-long-pod-name   OK       5s\n');
});

test('a column is never narrower than minwidth 6 (padding included)', () => {
  assert.equal(alignColumns('a\tbb\tc\nccc\td\te\n'), 'a     bb    c\nccc   d     e\n');
});

test('widths count code points, not display columns or UTF-16 units (as Go does)', () => {
  // CJK characters are two columns wide on a terminal, yet count as one each: kubectl misaligns them too.
  assert.equal(alignColumns('日本語\tx\nabc\ty\n'), '日本語   x\nabc   y\n');
  // An emoji is one code point (two UTF-16 units); e + combining accent is two code points.
  assert.equal(alignColumns('😀\tx\nab\ty\n'), '😀     x\nab    y\n');
  assert.equal(alignColumns('e\u0301\tx\nab\ty\n'), 'e\u0301    x\nab    y\n');
});

test('empty cells are padded like any other, so an empty last-but-one cell leaves trailing spaces', () => {
  assert.equal(alignColumns('a\t\tc\nb\tx\ty\n'), 'a           c\nb     x     y\n');
  assert.equal(alignColumns('a\tb\t\n'), 'a     b     \n');
});

test('columns are aligned per block of consecutive lines that have the column (Go\'s example)', () => {
  const got = alignColumns('aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n');
  assert.equal(got, 'aaaa   bbb   d\naa     b     dd\na      \naa     cccc   eee\n');
});

test('widths are remembered across flushes (RememberWidths), so later output never shrinks', () => {
  const w = new TabWriter(KUBECTL_TABWRITER);
  w.write('a\tb\n');
  w.flush();
  w.write('abcdefgh\tc\n');
  w.flush();
  w.write('a\tb\n');
  w.flush();
  assert.equal(w.output, 'a     b\nabcdefgh   c\na          b\n');
});

test('a table cell is cut at its first line break with "...", and terminal escapes are neutralised', () => {
  const table = {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
      { name: 'Count', type: 'integer', format: '', description: '', priority: 0 },
      { name: 'Note', type: 'string', format: '', description: '', priority: 0 },
      { name: 'Hidden', type: 'string', format: '', description: '', priority: 1 },
    ],
    rows: [
      { cells: ['a', 5, 'line1\nline2', 'x'] },
      { cells: ['b', 1.5, '\x1b[31mred', 'x'] },
      { cells: ['c', null, true, 'x'] },
      { cells: ['d', 1000000.5, { k: 'v' }, 'x'] },
    ],
  };
  const r = formatOutput({ output: 'table', allNamespaces: false, namespace: 'default', resourceName: null, pages: [table] });
  // NAME is 4+3 = 7 wide; COUNT is as wide as "1.0000005e+06" (13) + 3 = 16; NOTE is last, unpadded.
  const line = (name: string, count: string, note: string) => `${name.padEnd(7)}${count.padEnd(16)}${note}`;
  assert.equal(
    r.stdout,
    [
      line('NAME', 'COUNT', 'NOTE'),
      line('a', '5', 'line1...'),
      line('b', '1.5', '^[[31mred'),
      line('c', '', 'true'),
      line('d', '1.0000005e+06', 'map[k:v]'),
      '',
    ].join('\n'),
  );
});

test('-A with rows that carry no object: the NAMESPACE cell is empty but still padded', () => {
  const table = {
    kind: 'Table',
    columnDefinitions: [{ name: 'Name', type: 'string', format: 'name', description: '', priority: 0 }],
    rows: [{ cells: ['x'] }, { cells: ['y'], object: { metadata: { namespace: 'ns1', name: 'y' } } }],
  };
  const r = formatOutput({ output: 'table', allNamespaces: true, namespace: '', resourceName: null, pages: [table] });
  assert.equal(r.stdout, 'NAMESPACE   NAME\n            x\nns1         y\n');
});
