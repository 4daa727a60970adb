// formatOutput against real kubectl v1.32.5 runs (test/fixtures/real-apiserver/kubectl) fed with the
// real kube-apiserver v1.28.7 bodies for the same request (test/fixtures/real-apiserver/http).
//
// One adjustment, and why: the curl bodies were captured 72 seconds after the kubectl runs, so the
// two time-relative texts in a pod Table differ: AGE ("111s" in the bodies, "39s"/"40s" when kubectl
// ran) and the "(4m35s ago)" in RESTARTS ("3m23s ago"/"3m24s ago"). Those cells are rewritten to what
// they were when kubectl ran before printing; everything else is the bodies as captured. (The rewrite
// matters: "111s" is wider than "39s", and in -o wide AGE is not the last column.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatOutput, type FormatInput } from '../../src/format/index.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/real-apiserver/', import.meta.url));

type Json = Record<string, unknown>;

function body(name: string): Json {
  return JSON.parse(readFileSync(`${FIXTURES}http/${name}.json`, 'utf8')) as Json;
}

interface KubectlRun {
  command: string;
  stdout: string;
  stderr: string;
  exitCode: number;
}

function kubectlRun(file: string): KubectlRun {
  const text = readFileSync(`${FIXTURES}kubectl/${file}`, 'utf8');
  const m = /^\$ (.*)\n--- stdout ---\n([\s\S]*)--- stderr ---\n([\s\S]*)--- exit code: (\d+) ---\n?$/.exec(text);
  assert.ok(m, `unexpected fixture layout in ${file}`);
  return { command: m[1] ?? '', stdout: m[2] ?? '', stderr: m[3] ?? '', exitCode: Number(m[4]) };
}

interface TableRow {
  cells: unknown[];
  object?: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };
}

function rowsOf(table: Json): TableRow[] {
  return table['rows'] as TableRow[];
}

/** The Table as it was when kubectl ran: time-relative cells rewritten (see the header comment). */
function atKubectlTime(table: Json, age: string, restartsAgo: string): Json {
  const rows = rowsOf(table).map((row) => ({
    ...row,
    cells: row.cells.map((c) => (c === '111s' ? age : typeof c === 'string' ? c.replace('4m35s ago', restartsAgo) : c)),
  }));
  return { ...table, rows };
}

function withRows(table: Json, keep: (row: TableRow) => boolean): Json {
  return { ...table, rows: rowsOf(table).filter(keep) };
}

function input(over: Partial<FormatInput> & Pick<FormatInput, 'pages'>): FormatInput {
  return { output: 'table', allNamespaces: false, namespace: 'default', resourceName: null, ...over };
}

function assertLikeKubectl(file: string, inp: FormatInput): void {
  const run = kubectlRun(file);
  const got = formatOutput(inp);
  assert.equal(got.stdout, run.stdout, `stdout of: ${run.command}`);
  assert.equal(got.stderr, run.stderr, `stderr of: ${run.command}`);
  assert.equal(got.exitCode, run.exitCode, `exit code of: ${run.command}`);
}

const at39 = (name: string) => atKubectlTime(body(name), '39s', '3m23s ago');
const at40 = (name: string) => atKubectlTime(body(name), '40s', '3m24s ago');

test('10: get pods prints the priority-0 columns of the server Table', () => {
  assertLikeKubectl('10-admin-get-pods.txt', input({ pages: [at39('pods-default-table')] }));
});

test('90: kubectl 1.28 prints the same table layout as 1.32', () => {
  const table = atKubectlTime(body('pods-default-table'), '43s', '3m27s ago');
  assertLikeKubectl('90-k128-admin-get-pods.txt', input({ pages: [table] }));
});

test('11: get pods -o wide adds the priority-1 columns', () => {
  assertLikeKubectl('11-admin-get-pods-o-wide.txt', input({ output: 'wide', pages: [at39('pods-default-table')] }));
});

test('12: get pods -A prepends NAMESPACE from each row object', () => {
  assertLikeKubectl('12-admin-get-pods-A.txt', input({ allNamespaces: true, pages: [at39('pods-all-namespaces-table')] }));
});

test('13: get pods -A -o wide (the server Table always carries the wide columns)', () => {
  assertLikeKubectl(
    '13-admin-get-pods-A-o-wide.txt',
    input({ output: 'wide', allNamespaces: true, pages: [at39('pods-all-namespaces-table')] }),
  );
});

test('14: get pods -n demo', () => {
  assertLikeKubectl('14-admin-get-pods-n-demo.txt', input({ namespace: 'demo', pages: [at39('pods-demo-table')] }));
});

test('15: get pods -l app=nginx (a one-row table still gets minimum widths and padding)', () => {
  assertLikeKubectl('15-admin-get-pods-l-app-nginx.txt', input({ pages: [at39('pods-default-labelselector-app-nginx-table')] }));
});

test('16: get pods -A -l app=nginx', () => {
  // No body was captured for this query: the all-namespaces Table, keeping the rows the server's
  // label selector would keep (by the labels in each row's object).
  const table = withRows(at39('pods-all-namespaces-table'), (r) => r.object?.metadata?.labels?.['app'] === 'nginx');
  assertLikeKubectl('16-admin-get-pods-A-l-app-nginx.txt', input({ allNamespaces: true, pages: [table] }));
});

test('17: get pods -l "tier in (frontend,backend)"', () => {
  assertLikeKubectl('17-admin-get-pods-l-tier-in-set.txt', input({ pages: [at39('pods-default-labelselector-set-table')] }));
});

test('18: get pods -A --field-selector status.phase=Running', () => {
  // No all-namespaces body was captured for this selector: the all-namespaces Table, keeping the pods
  // whose status.phase is Running in the all-namespaces PodList captured in the same run.
  const list = body('pods-all-namespaces-json');
  const running = new Set(
    (list['items'] as { metadata: { namespace: string; name: string }; status: { phase: string } }[])
      .filter((p) => p.status.phase === 'Running')
      .map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
  );
  const table = withRows(at40('pods-all-namespaces-table'), (r) => running.has(`${r.object?.metadata?.namespace}/${r.object?.metadata?.name}`));
  assertLikeKubectl('18-admin-get-pods-A-field-selector-running.txt', input({ allNamespaces: true, pages: [table] }));
});

test('19: an empty namespace prints nothing and says so on stderr', () => {
  assertLikeKubectl('19-admin-get-pods-n-empty.txt', input({ namespace: 'empty', pages: [body('pods-empty-namespace-table')] }));
});

test('20: a namespace that does not exist looks the same (200 with an empty Table)', () => {
  assertLikeKubectl(
    '20-admin-get-pods-n-nonexistent.txt',
    input({ namespace: 'does-not-exist', pages: [body('pods-nonexistent-namespace-table')] }),
  );
});

test('21: a selector that matches nothing', () => {
  // No body was captured for -l app=nope; an empty pod Table from the same server stands in for it.
  assertLikeKubectl('21-admin-get-pods-l-nomatch.txt', input({ pages: [body('pods-empty-namespace-table')] }));
});

test('22: get pod nginx prints the one-row Table', () => {
  assertLikeKubectl('22-admin-get-pod-nginx.txt', input({ resourceName: 'nginx', pages: [at40('pod-get-nginx-table')] }));
});

test('24: -o json prints a v1 List with sorted keys, 4-space indent, no managedFields', () => {
  assertLikeKubectl('24-admin-get-pods-o-json.txt', input({ output: 'json', pages: [body('pods-default-json')] }));
});

test('25: -o yaml prints the same List as go-yaml v2 writes it', () => {
  assertLikeKubectl('25-admin-get-pods-o-yaml.txt', input({ output: 'yaml', pages: [body('pods-default-json')] }));
});

test('26: -o name prints pod/<name> lines', () => {
  assertLikeKubectl('26-admin-get-pods-o-name.txt', input({ output: 'name', pages: [body('pods-default-json')] }));
});

test('27: get pods --show-labels adds LABELS last, from the labels of each row\'s object', () => {
  const r = formatOutput(input({ print: { showLabels: true }, pages: [at40('pods-default-table')] }));
  const run = kubectlRun('27-admin-get-pods-show-labels.txt');
  assert.deepEqual([r.stdout, r.stderr, r.exitCode], [run.stdout, run.stderr, run.exitCode]);
  assert.equal(r.columns.at(-1)?.name, 'Labels');
});

test('the trace sees the columns, which are shown, the row count and the source', () => {
  const r = formatOutput(input({ allNamespaces: true, pages: [body('pods-all-namespaces-table')] }));
  assert.equal(r.printedFrom, 'server-table');
  assert.equal(r.rowCount, 6);
  assert.deepEqual(
    r.columns.map((c) => [c.name, c.priority, c.shown]),
    [
      ['Namespace', 0, true],
      ['Name', 0, true],
      ['Ready', 0, true],
      ['Status', 0, true],
      ['Restarts', 0, true],
      ['Age', 0, true],
      ['IP', 1, false],
      ['Node', 1, false],
      ['Nominated Node', 1, false],
      ['Readiness Gates', 1, false],
    ],
  );
  assert.match(r.columns[1]?.description ?? '', /^Name must be unique within a namespace/);
  const wide = formatOutput(input({ output: 'wide', pages: [body('pods-default-table')] }));
  assert.ok(wide.columns.every((c) => c.shown));
  const json = formatOutput(input({ output: 'json', pages: [body('pods-default-json')] }));
  assert.deepEqual([json.printedFrom, json.rowCount, json.columns], ['objects', 4, []]);
});

test('pages of a chunked list print as one table: one header, widths aligned across pages', () => {
  // kubectl fetches every page (limit=500 + continue) before flushing its tab writer once.
  const whole = at39('pods-default-table');
  const rows = rowsOf(whole);
  const pages = [
    { ...whole, rows: rows.slice(0, 1), metadata: { continue: 'x' } },
    { ...whole, rows: rows.slice(1, 3), metadata: { continue: 'y' } },
    { ...whole, rows: [], metadata: { continue: 'z' } },
    { ...whole, rows: rows.slice(3) },
  ];
  const paged = formatOutput(input({ pages }));
  assert.equal(paged.stdout, kubectlRun('10-admin-get-pods.txt').stdout);
  assert.equal(paged.rowCount, 4);
});

test('pages of a chunked -o json list become one List, items in page order', () => {
  const paged = formatOutput(input({ output: 'json', pages: [body('pods-default-limit1-json'), body('pods-default-limit1-page2-json')] }));
  const items = (JSON.parse(paged.stdout) as { items: { metadata: { name: string } }[] }).items;
  assert.deepEqual(items.map((i) => i.metadata.name), ['api-running', 'nginx']);
  assert.equal(paged.rowCount, 2);
});

test('get pod NAME -o json/yaml prints the object itself, not a List', () => {
  const json = formatOutput(input({ output: 'json', resourceName: 'nginx', pages: [body('pod-get-nginx-json')] }));
  assert.match(json.stdout, /^\{\n {4}"apiVersion": "v1",\n {4}"kind": "Pod",\n {4}"metadata": \{\n/);
  assert.doesNotMatch(json.stdout, /managedFields|"List"/);
  assert.ok(json.stdout.endsWith('}\n'));
  const yaml = formatOutput(input({ output: 'yaml', resourceName: 'nginx', pages: [body('pod-get-nginx-json')] }));
  assert.match(yaml.stdout, /^apiVersion: v1\nkind: Pod\nmetadata:\n/);
  const name = formatOutput(input({ output: 'name', resourceName: 'nginx', pages: [body('pod-get-nginx-json')] }));
  assert.equal(name.stdout, 'pod/nginx\n');
});

test('an empty list with -o json/yaml prints an empty List and no message; -o name prints nothing', () => {
  const pages = [body('pods-empty-namespace-json')];
  const json = formatOutput(input({ output: 'json', namespace: 'empty', pages }));
  assert.equal(json.stdout, '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
  assert.equal(json.stderr, '');
  const yaml = formatOutput(input({ output: 'yaml', namespace: 'empty', pages }));
  assert.equal(yaml.stdout, 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  assert.equal(yaml.stderr, '');
  const name = formatOutput(input({ output: 'name', namespace: 'empty', pages }));
  assert.deepEqual([name.stdout, name.stderr, name.exitCode], ['', '', 0]);
});

test('an empty result with -A says "No resources found" without a namespace', () => {
  const r = formatOutput(input({ allNamespaces: true, pages: [body('pods-empty-namespace-table')] }));
  assert.deepEqual([r.stdout, r.stderr, r.exitCode], ['', 'No resources found\n', 0]);
});

test('objects instead of a Table: kubectl falls back to NAME and AGE, computing AGE itself', () => {
  const list = body('pods-default-json');
  const now = new Date('2026-11-28T02:24:58Z'); // the capture's Date header
  const r = formatOutput(input({ pages: [list], now }));
  assert.equal(r.printedFrom, 'objects');
  assert.equal(r.stdout, 'NAME               AGE\napi-running        111s\nnginx              111s\nredis              111s\nweb-with-sidecar   111s\n');
  const all = formatOutput(input({ allNamespaces: true, pages: [body('pods-all-namespaces-json')], now }));
  assert.match(all.stdout, /^NAMESPACE   NAME               AGE\ndefault     api-running        111s\n/);
});
