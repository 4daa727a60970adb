// decorateTable and the label helpers (cli-runtime tableprinter.go), on the cases no capture shows:
// rows that came without an object, label sorting, kinds with a group, several resource types.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatOutput } from '../../src/format/index.js';
import { formatLabels, labelHeaders } from '../../src/format/labels.js';
import { decorateTable } from '../../src/format/table-printer.js';

const cols = [
  { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
  { name: 'Age', type: 'string', format: '', description: '', priority: 0 },
];
const opts = { noHeaders: false, wide: false, withNamespace: false, withKind: false, kind: '', columnLabels: [] as string[], showLabels: false };

test('LABELS is labels.FormatLabels: k=v pairs sorted as whole strings, <none> when empty', () => {
  assert.equal(formatLabels({ a: 'y', 'a.b': 'x', b: '1' }), 'a.b=x,a=y,b=1', '"a.b=" sorts before "a=" ("." < "=")');
  assert.equal(formatLabels({}), '<none>');
  assert.deepEqual(labelHeaders(['app.kubernetes.io/name', 'tier', 'x/y/z', '']), ['NAME', 'TIER', 'Z', '']);
});

test('a row without an object gets an empty NAMESPACE and only part of its label cells (the Go loop pads half-way)', () => {
  const table = { columnDefinitions: cols, rows: [{ cells: ['a', '1d'], object: null }] };
  const d = decorateTable(table, { ...opts, withNamespace: true, columnLabels: ['x', 'y'], showLabels: true });
  assert.deepEqual(d.columnDefinitions.map((c) => c.name), ['Namespace', 'Name', 'Age', 'X', 'Y', 'Labels']);
  // width 6; cells [nil, a, 1d] → for j := 0; j < width-len(cells); j++ appends while j < 6-len: 2 cells, not 3
  assert.deepEqual(d.rows[0]?.cells, [null, 'a', '1d', null, null]);
});

test('--show-kind prefixes the name column with kind.group, lower-cased; no kind, no prefix', () => {
  const table = { columnDefinitions: cols, rows: [{ cells: ['web', '1d'], object: { metadata: { name: 'web' } } }] };
  assert.equal(decorateTable(table, { ...opts, withKind: true, kind: 'Deployment.apps' }).rows[0]?.cells[0], 'deployment.apps/web');
  assert.equal(decorateTable(table, { ...opts, withKind: true, kind: '' }).rows[0]?.cells[0], 'web');
});

const tableOf = (names: string[], namespace = 'default'): Record<string, unknown> => ({
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  columnDefinitions: cols,
  rows: names.map((n) => ({ cells: [n, '5m'], object: { kind: 'PartialObjectMetadata', metadata: { name: n, namespace, labels: { app: n } } } })),
});
const deploy = { kind: 'Deployment', group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };
const node = { kind: 'Node', group: '', version: 'v1', resource: 'nodes', namespaced: false };

test('several resource types: a table each, kind/ before names, one blank line between non-empty tables', () => {
  const r = formatOutput({
    output: 'table',
    allNamespaces: false,
    namespace: 'default',
    resourceName: null,
    pages: [],
    resources: [
      { ...deploy, pages: [tableOf(['web'])] },
      { ...node, pages: [tableOf([])] },
      { ...node, resource: 'other', pages: [tableOf(['n1'])] },
    ],
  });
  assert.equal(r.stdout, 'NAME                  AGE\ndeployment.apps/web   5m\n\nNAME      AGE\nnode/n1   5m\n');
  assert.equal(r.stderr, '');
});

test('"No resources found" only when nothing at all was printed; NotFound errors are dropped by --ignore-not-found', () => {
  const base = { output: 'table' as const, allNamespaces: false, namespace: 'empty', resourceName: null, pages: [] };
  const none = formatOutput({ ...base, resources: [{ ...deploy, pages: [tableOf([])] }, { ...node, pages: [tableOf([])] }] });
  assert.deepEqual([none.stdout, none.stderr], ['', 'No resources found\n'], 'a cluster-scoped type among them: no namespace named');
  const notFound = { message: 'Error from server (NotFound): deployments.apps "x" not found', notFound: true };
  const err = formatOutput({ ...base, resources: [], errors: [notFound] });
  assert.deepEqual([err.stdout, err.stderr, err.exitCode], ['', 'Error from server (NotFound): deployments.apps "x" not found\n', 1]);
  const ignored = formatOutput({ ...base, resources: [], errors: [notFound], print: { ignoreNotFound: true } });
  assert.deepEqual([ignored.stdout, ignored.stderr, ignored.exitCode], ['', '', 0]);
});
