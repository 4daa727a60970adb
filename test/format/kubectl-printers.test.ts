// formatOutput against real kubectl 1.27–1.33. Each capture in test/fixtures/kubectl-printers/cases
// is one kubectl command line that every build ran against the sandbox, with the responses each
// build received and what it printed (see that folder's README). formatOutput gets those responses
// as the engine would hand them over, for every build, and must print what that build printed:
// stdout, stderr and exit code, byte for byte. And the requests each build sent must be the ones
// requestNeedsOf says the printing flags ask for.
//
// Two things cannot be byte-exact, and are checked as what they are:
// - klog's fatal line ("F1202 00:56:11.108389   12483 sorter.go:378] …") carries kubectl's clock and
//   pid: the header is checked for its shape and sorter.go line, the message byte for byte;
// - `..` over maps walks Go's random map order (jsonpath-recursive): the values are compared as a
//   multiset, and the result must say so in its caveats.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatOutput, requestNeedsOf } from '../../src/format/index.js';
import { exchangesOf, formatInputOf, loadCaptures, printFlagsOf, splitArgs, type Capture } from './kubectl-printers-fixtures.js';

const captures = loadCaptures();
const KLOG_FATAL = /^F(\d{4}) (\d\d:\d\d:\d\d\.\d{6}) +(\d+) (sorter\.go:\d+)\] /;
const RANDOM_MAP_ORDER = new Set(['jsonpath-recursive']);
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

function assertStderr(got: string, want: string, where: string): void {
  const w = KLOG_FATAL.exec(want);
  if (w === null) {
    assert.equal(got, want, `stderr of ${where}`);
    return;
  }
  const g = KLOG_FATAL.exec(got);
  assert.ok(g, `${where}: expected a klog fatal line, got ${JSON.stringify(got.slice(0, 200))}`);
  assert.equal(g[4], w[4], `${where}: the klog line names sorter.go's line`);
  assert.equal(got.slice(g[0].length), want.slice(w[0].length), `${where}: the fatal message`);
}

const printing = captures.filter((c) => c.runs.some((r) => exchangesOf(c, r).length > 0));

test('the captures cover every printing flag and output format this change prints', () => {
  const flags = new Set(printing.flatMap((c) => splitArgs(c.args).flags));
  for (const f of ['--show-labels', '-L', '--no-headers', '--show-kind', '--ignore-not-found', '--show-managed-fields', '--server-print=false', '--allow-missing-template-keys=false']) {
    assert.ok(flags.has(f), f);
  }
  const outputs = printing.map((c) => printFlagsOf(c).output.split('=')[0]);
  for (const o of ['jsonpath', 'jsonpath-file', 'jsonpath-as-json', 'custom-columns', 'custom-columns-file', 'name', 'json', 'yaml', 'wide', '', 'xml']) {
    assert.ok(outputs.includes(o), `-o ${o}`);
  }
  assert.ok(printing.filter((c) => printFlagsOf(c).sortBy !== '').length >= 30, 'sort-by cases');
  assert.ok(printing.some((c) => exchangesOf(c, c.runs[0] as Capture['runs'][number]).some((x) => !x.path.startsWith('/api/v1/'))), 'a resource with a group');
});

for (const c of printing) {
  test(`${c.name}: ${c.about} — ${c.command}`, () => {
    for (const run of c.runs) {
      for (const version of run.versions) {
        const minor = Number(version.split('.')[1]);
        const where = `kubectl ${version}: ${c.command}`;
        const got = formatOutput(formatInputOf(c, run, minor));
        if (RANDOM_MAP_ORDER.has(c.name)) {
          assert.deepEqual(got.stdout.split(' ').sort(), run.stdout.split(' ').sort(), `stdout of ${where}, as a multiset`);
          assert.match(got.caveats.join(' '), /random map order/);
        } else {
          assert.equal(got.stdout, run.stdout, `stdout of ${where}`);
        }
        assertStderr(got.stderr, run.stderr, where);
        assert.equal(got.exitCode, run.exitCode, `exit code of ${where}`);
      }
    }
  });
}

test('every build sent the requests requestNeedsOf describes: Table Accept, includeObject=Object, no chunking with --sort-by', () => {
  let checked = 0;
  for (const c of printing) {
    const needs = requestNeedsOf(printFlagsOf(c));
    for (const run of c.runs) {
      for (const x of exchangesOf(c, run)) {
        const where = `${c.command}: GET ${x.path}`;
        const query = new URLSearchParams(x.path.split('?')[1] ?? '');
        const named = x.status === 404 || /\/(pods|nodes|namespaces|roles|clusterroles|rolebindings|clusterrolebindings)\/[^/?]+(\?|$)/.test(x.path);
        assert.equal(x.accept === TABLE_ACCEPT, needs.asTable, `${where} (Accept ${x.accept})`);
        if (!needs.asTable) assert.equal(x.accept, 'application/json', where);
        assert.equal(query.get('includeObject'), needs.includeObject, `${where} includeObject`);
        if (!named) assert.equal(query.get('limit'), needs.chunked ? '500' : null, `${where} limit`);
        checked++;
      }
    }
  }
  assert.ok(checked > 150, `${checked} requests checked`);
});
