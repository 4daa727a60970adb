// printTable against real kube-apiserver v1.28.7 captures: the same pods must give the same Table.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { printTable } from '../../src/sandbox/printers/index.js';

const HTTP = new URL('../fixtures/real-apiserver/http/', import.meta.url);
// The Date header of pods-default-table.http / pods-all-namespaces-table.http (captured in the same second).
const CAPTURED_AT = new Date('2026-11-28T02:24:58Z');

type Json = Record<string, unknown>;
function load(name: string): Json {
  return JSON.parse(readFileSync(new URL(name, HTTP), 'utf8')) as Json;
}
function items(list: Json): Json[] {
  return list.items as Json[];
}
function rowsOf(table: Json): Json[] {
  return table.rows as Json[];
}

describe('pods: the captured Table is reproduced from the captured pod list', () => {
  for (const [json, table] of [
    ['pods-default-json.json', 'pods-default-table.json'],
    ['pods-all-namespaces-json.json', 'pods-all-namespaces-table.json'],
  ] as const) {
    const want = load(table);
    const got = printTable('pods', items(load(json)), { now: CAPTURED_AT, includeObject: 'Metadata' });

    test(`${table}: columnDefinitions byte for byte`, () => {
      assert.equal(JSON.stringify(got.columnDefinitions), JSON.stringify(want.columnDefinitions));
    });
    test(`${table}: every row's cells`, () => {
      assert.deepEqual(rowsOf(got).map((r) => r.cells), rowsOf(want).map((r) => r.cells));
    });
    test(`${table}: every row's PartialObjectMetadata, keys in the same order`, () => {
      assert.equal(JSON.stringify(rowsOf(got).map((r) => r.object)), JSON.stringify(rowsOf(want).map((r) => r.object)));
    });
    test(`${table}: the whole Table once the caller sets metadata.resourceVersion`, () => {
      assert.deepEqual(got.metadata, {});
      assert.equal(JSON.stringify({ ...got, metadata: want.metadata }), JSON.stringify(want));
    });
  }

  test('the RESTARTS cell of the captured table reads "2 (4m35s ago)"', () => {
    const got = printTable('pods', items(load('pods-default-json.json')), { now: CAPTURED_AT, includeObject: 'None' });
    assert.equal((rowsOf(got)[0]!.cells as string[])[3], '2 (4m35s ago)');
  });
});

describe('includeObject', () => {
  const pods = items(load('pods-default-json.json'));

  test('Object: the full object, with kind and apiVersion first', () => {
    const got = printTable('pods', pods, { now: CAPTURED_AT, includeObject: 'Object' });
    const obj = rowsOf(got)[0]!.object as Json;
    assert.deepEqual(Object.keys(obj).slice(0, 3), ['kind', 'apiVersion', 'metadata']);
    assert.equal(obj.kind, 'Pod');
    assert.equal(obj.apiVersion, 'v1');
    assert.deepEqual(obj.status, pods[0]!.status);
    assert.deepEqual(obj.spec, pods[0]!.spec);
  });

  test('Object: an object that already has kind and apiVersion is passed as it is', () => {
    const node = { kind: 'Node', apiVersion: 'v1', metadata: { name: 'n' } };
    const got = printTable('nodes', [node], { now: CAPTURED_AT, includeObject: 'Object' });
    assert.equal(rowsOf(got)[0]!.object, node);
  });

  test('None: object is null, as Go marshals an empty runtime.RawExtension', () => {
    const got = printTable('pods', pods, { now: CAPTURED_AT, includeObject: 'None' });
    for (const row of rowsOf(got)) {
      assert.deepEqual(Object.keys(row), ['cells', 'object']);
      assert.equal(row.object, null);
    }
  });

  test('Metadata: ObjectMeta keys come out in Go field order whatever order storage kept', () => {
    const ns = { metadata: { labels: { a: 'b' }, creationTimestamp: '2026-11-28T02:23:07Z', uid: 'u', name: 'demo', resourceVersion: '7' }, status: { phase: 'Active' } };
    const got = printTable('namespaces', [ns], { now: CAPTURED_AT, includeObject: 'Metadata' });
    const obj = rowsOf(got)[0]!.object as Json;
    assert.equal(
      JSON.stringify(obj),
      '{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"demo","uid":"u","resourceVersion":"7","creationTimestamp":"2026-11-28T02:23:07Z","labels":{"a":"b"}}}',
    );
  });
});

describe('Table shape', () => {
  test('an empty list gives rows: [] (as pods-empty-namespace-table.http)', () => {
    const got = printTable('pods', [], { now: CAPTURED_AT, includeObject: 'Metadata' });
    assert.deepEqual(Object.keys(got), ['kind', 'apiVersion', 'metadata', 'columnDefinitions', 'rows']);
    assert.equal(got.kind, 'Table');
    assert.equal(got.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(got.rows, []);
  });

  test('a Succeeded pod carries row conditions between cells and object', () => {
    const done = { metadata: { name: 'job-x', creationTimestamp: '2026-11-28T02:20:00Z' }, spec: { containers: [{ name: 'c' }] },
      status: { phase: 'Succeeded', containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] } };
    const row = rowsOf(printTable('pods', [done], { now: CAPTURED_AT, includeObject: 'None' }))[0]!;
    assert.equal(
      JSON.stringify(row),
      '{"cells":["job-x","0/1","Completed","0","4m58s","<none>","<none>","<none>","<none>"],' +
        '"conditions":[{"type":"Completed","status":"True","reason":"Succeeded","message":"The pod has completed successfully."}],"object":null}',
    );
  });

  test('node and namespace column names and priorities', () => {
    const nodes = printTable('nodes', [], { now: CAPTURED_AT, includeObject: 'None' }).columnDefinitions as Json[];
    assert.deepEqual(nodes.map((c) => [c.name, c.priority]), [
      ['Name', 0], ['Status', 0], ['Roles', 0], ['Age', 0], ['Version', 0],
      ['Internal-IP', 1], ['External-IP', 1], ['OS-Image', 1], ['Kernel-Version', 1], ['Container-Runtime', 1],
    ]);
    const namespaces = printTable('namespaces', [], { now: CAPTURED_AT, includeObject: 'None' }).columnDefinitions as Json[];
    assert.deepEqual(namespaces.map((c) => [c.name, c.format, c.priority]), [['Name', 'name', 0], ['Status', '', 0], ['Age', '', 0]]);
  });

  test('column definitions are copies: a caller editing one Table does not change the next', () => {
    const first = printTable('pods', [], { now: CAPTURED_AT, includeObject: 'None' });
    (first.columnDefinitions as Json[])[0]!.name = 'changed';
    const second = printTable('pods', [], { now: CAPTURED_AT, includeObject: 'None' });
    assert.equal((second.columnDefinitions as Json[])[0]!.name, 'Name');
  });

  test('5,000 pods give 5,000 rows', () => {
    const base = items(load('pods-default-json.json'));
    const many = Array.from({ length: 5000 }, (_, i) => base[i % base.length]!);
    const got = printTable('pods', many, { now: CAPTURED_AT, includeObject: 'Metadata' });
    assert.equal(rowsOf(got).length, 5000);
    assert.deepEqual(rowsOf(got)[4996]!.cells, rowsOf(got)[0]!.cells);
  });
});

test('Metadata: keys that are not ObjectMeta fields are dropped, as in Go', () => {
  const ns = { metadata: { name: 'x', bogus: 1 }, status: { phase: 'Active' } };
  const got = printTable('namespaces', [ns], { now: CAPTURED_AT, includeObject: 'Metadata' });
  assert.deepEqual((rowsOf(got)[0]!.object as Json).metadata, { name: 'x' });
});
