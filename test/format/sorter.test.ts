// --sort-by's comparison rules (kubectl/pkg/cmd/get/sorter.go) and the pieces they rest on:
// resource.ParseQuantity, fvbommel/sortorder's natural order, Go's sort.Sort.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goSort } from '../../src/format/go-sort.js';
import { naturalLess } from '../../src/format/natural-less.js';
import { compareQuantities, parseQuantity } from '../../src/format/quantity.js';
import { SortError, SortFatal, sortObjects } from '../../src/format/sorter.js';

const q = (s: string): string => {
  const v = parseQuantity(s);
  assert.ok(v, `${s} parses`);
  return `${v.num}/${v.den}`;
};

test('ParseQuantity: decimal and binary suffixes, exponents, signs; what is not a quantity', () => {
  assert.equal(q('100m'), '100/1000');
  assert.equal(q('1.5'), '15/10');
  assert.equal(q('2Gi'), `${2 ** 31}/1`);
  assert.equal(q('1e3'), '1000/1');
  assert.equal(q('-1k'), '-1000/1');
  assert.equal(q('0.0000000001'), '1/1000000000', 'finer than 1n rounds up to 1n');
  assert.equal(q('m'), '0/1000', 'a bare suffix is zero, as in Go');
  assert.equal(q('Mi'), '0/1');
  for (const bad of ['', 'nginx', 'web-10', '1.2.3', '5d', 'Gib', '1e', '2026-01-01T00:00:00Z', '1 ']) assert.equal(parseQuantity(bad), null, bad);
});

test('Quantity.Cmp orders across suffixes', () => {
  const order = ['-1', '0', '100m', '250m', '0.5', '1', '1500m', '2', '64Mi', '100M', '1G', '1Gi', '1Ti'];
  for (let i = 1; i < order.length; i++) {
    const a = parseQuantity(order[i - 1] as string);
    const b = parseQuantity(order[i] as string);
    assert.ok(a && b);
    assert.equal(compareQuantities(a, b), -1, `${order[i - 1]} < ${order[i]}`);
  }
  assert.equal(compareQuantities(parseQuantity('1000m') ?? { num: 0n, den: 1n }, parseQuantity('1') ?? { num: 1n, den: 1n }), 0);
});

test('natural order (kubectl up to 1.30): digit runs compare as numbers, leading zeros break ties', () => {
  assert.ok(naturalLess('web-2', 'web-10'));
  assert.ok(!naturalLess('web-10', 'web-2'));
  assert.ok(naturalLess('a2', 'a02'));
  assert.ok(naturalLess('1abc', 'abc'), 'digits before other characters');
  assert.ok(naturalLess('abc', 'abcd'));
  assert.ok(!naturalLess('x', 'x'));
});

const pods = (...specs: [string, unknown][]): unknown[] => specs.map(([name, v]) => ({ metadata: { name }, spec: v === undefined ? {} : { v } }));
const names = (objs: unknown[], order: number[]): string[] => order.map((i) => (objs[i] as { metadata: { name: string } }).metadata.name);

test('strings: natural order up to 1.30, byte order from 1.31; quantities as quantities in both', () => {
  const objs = pods(['a', 'web-10'], ['b', 'web-2'], ['c', 'web-1']);
  assert.deepEqual(names(objs, sortObjects(objs, '.spec.v', 30)), ['c', 'b', 'a']);
  assert.deepEqual(names(objs, sortObjects(objs, '.spec.v', 31)), ['c', 'a', 'b']);
  const cpu = pods(['a', '1'], ['b', '100m'], ['c', '2'], ['d', '500m']);
  assert.deepEqual(names(cpu, sortObjects(cpu, '{.spec.v}', 33)), ['b', 'd', 'a', 'c']);
});

test('objects without the field sort first; a field no object has is an error', () => {
  const objs = pods(['a', 3], ['b', undefined], ['c', 1]);
  assert.deepEqual(names(objs, sortObjects(objs, 'spec.v', 32)), ['b', 'c', 'a']);
  assert.throws(() => sortObjects(objs, '.spec.nope', 32), (e: unknown) => e instanceof SortError && e.message === 'couldn\'t find any field with path "{.spec.nope}" in the list of objects');
  assert.throws(() => sortObjects(objs, '{.spec.v', 32), (e: unknown) => e instanceof SortError && /^unexpected path string/.test(e.message));
});

test('unsortable values end kubectl with klog.Exitf, naming the kinds involved', () => {
  const mixed = pods(['a', 1], ['b', 1.5]);
  assert.throws(() => sortObjects(mixed, '.spec.v', 33), (e: unknown) => e instanceof SortFatal && e.exitCode === 1 && e.line === 329 && e.message === 'Field {.spec.v} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable interface: interface');
  const bools = pods(['a', true], ['b', false]);
  assert.throws(() => sortObjects(bools, '.spec.v', 27), (e: unknown) => e instanceof SortFatal && e.line === 332 && /err: unsortable type: bool$/.test(e.message));
  const maps = pods(['a', { x: 1 }], ['b', { x: 2 }]);
  assert.throws(() => sortObjects(maps, '.spec.v', 30), (e: unknown) => e instanceof SortFatal && e.line === 331 && /err: unsortable type: map\[string\]interface \{\}$/.test(e.message));
});

test("Go's sort.Sort is not stable: equal keys move (the order kubectl prints them in)", () => {
  // 14 objects, two keys: the pdqsort path (more than 12 elements) reorders equal ones.
  const keys = ['b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a'];
  const items = keys.map((k, i) => ({ k, i }));
  goSort({
    len: () => items.length,
    less: (a, b) => (items[a] as { k: string }).k < (items[b] as { k: string }).k,
    swap: (a, b) => {
      [items[a], items[b]] = [items[b] as { k: string; i: number }, items[a] as { k: string; i: number }];
    },
  });
  assert.deepEqual(items.map((x) => x.k).join(''), 'aaaaaaabbbbbbb');
  const aOrder = items.filter((x) => x.k === 'a').map((x) => x.i);
  assert.notDeepEqual(aOrder, [...aOrder].sort((x, y) => x - y), 'a stable sort would keep 1,3,5,…');
});
