// get -w over the watch-demo scenario, whose script changes two pods when a watch on pods opens
// (batch-1 is created Pending and starts Running; batch-0 is deleted: Terminating, then gone). Each
// run gets a fresh sandbox, so the same changes happen for real kubectl and for kube-trace; both are
// ended by --request-timeout. kube-trace's output is kubectl's (ages and their padding normalised),
// and its --json and --plain show the events in the order they came, with their resourceVersions.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TraceReport, WatchData } from '../../src/trace/types.js';
import { runCli } from '../helpers/cli.js';
import { normaliseAges, runKubectl, versionedKubectls } from '../helpers/kubectl.js';
import { startTestSandbox } from '../helpers/sandbox.js';

const BUILDS = versionedKubectls().filter((b) => b.version === '1.28' || b.version === '1.33');
const skip = BUILDS.length === 0 ? 'no versioned kubectl builds beside kubectl' : false;
const TIMEOUT = '--request-timeout=6s';

/** The changes the scenario makes, in order: [type, pod]. */
const EXPECTED = [
  ['ADDED', 'batch-1'],
  ['MODIFIED', 'batch-1'],
  ['MODIFIED', 'batch-0'],
  ['DELETED', 'batch-0'],
];

async function withSandbox<T>(run: (kubeconfig: string) => Promise<T>): Promise<T> {
  const sb = await startTestSandbox({ scenario: 'watch-demo' });
  try {
    return await run(sb.kubeconfig);
  } finally {
    await sb.close();
  }
}

function watchOf(report: TraceReport): WatchData {
  const w = report.stages.find((s) => s.name === 'watch');
  assert.ok(w?.name === 'watch' && w.data !== null, 'the report has a watch stage with data');
  return w.data;
}

describe('get pods -w over watch-demo', { skip, concurrency: 1 }, () => {
  for (const build of BUILDS) {
    for (const extra of [[], ['--output-watch-events'], ['-o', 'name']]) {
      it(`prints what kubectl ${build.version} prints for get pods -w ${extra.join(' ')}`, { timeout: 90_000 }, async () => {
        const home = mkdtempSync(join(tmpdir(), 'kube-trace-watch-'));
        const theirs = await withSandbox((kc) => runKubectl(build.path, ['--kubeconfig', kc, 'get', 'pods', '-w', ...extra, TIMEOUT], { PATH: process.env['PATH'], HOME: home }));
        const run = await withSandbox((kc) => runCli(['get', 'pods', '-w', ...extra, TIMEOUT, '--kubeconfig', kc, '--kubectl-version', build.version, '--json'], { PATH: process.env['PATH'], HOME: home, NO_COLOR: '1' }));
        const ours = (JSON.parse(run.stdout) as TraceReport).output;
        assert.equal(theirs.exitCode, 0, `kubectl exits 0 when --request-timeout ends the watch: ${theirs.stderr}`);
        assert.equal(ours.exitCode, theirs.exitCode);
        assert.equal(normaliseAges(ours.stdout), normaliseAges(theirs.stdout));
        assert.equal(ours.stderr, theirs.stderr);
        // The watch's rows came after the list's: the scenario's four changes are there.
        assert.equal(theirs.stdout.split('\n').filter((l) => /batch-[01]/.test(l)).length, 5, 'the list row of batch-0, then four event rows');
      });
    }
  }

  it('--json has every event in order, with growing resourceVersions after the list\'s', { timeout: 60_000 }, async () => {
    const run = await withSandbox((kc) => runCli(['get', 'pods', '-w', TIMEOUT, '--kubeconfig', kc, '--json'], { PATH: process.env['PATH'], HOME: mkdtempSync(join(tmpdir(), 'kube-trace-watch-')), NO_COLOR: '1' }));
    const report = JSON.parse(run.stdout) as TraceReport;
    assert.deepEqual(report.stages.map((s) => s.name), ['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response', 'format', 'watch']);
    const w = watchOf(report);
    assert.deepEqual(w.events.map((e) => [e.type, e.name]), EXPECTED);
    const from = Number(w.fromResourceVersion);
    const rvs = w.events.map((e) => Number(e.resourceVersion));
    assert.ok(rvs.every((rv, i) => rv > (i === 0 ? from : (rvs[i - 1] ?? 0))), `resourceVersions grow from ${from}: ${rvs.join(', ')}`);
    assert.equal(w.lastResourceVersion, String(rvs[rvs.length - 1]));
    assert.match(w.watchRequest.url, new RegExp(`/api/v1/namespaces/default/pods\\?resourceVersion=${from}&timeout=6s&watch=true$`));
    assert.ok(w.watchRequest.headers.some((h) => h.name === 'accept' && h.value.includes('as=Table')), 'the watch asks for Table rows, as the list did');
    assert.equal(w.ended?.reason, 'request-timeout');
    assert.equal(w.open, false);
    // The server sends the Table's column definitions with the first event only.
    assert.deepEqual(w.events.map((e) => e.columnDefinitions), [true, false, false, false]);
    assert.match(w.events[2]?.printed ?? '', /^batch-0\s+1\/1\s+Terminating\s/);
  });

  it('--plain prints each event as it arrives, before the watch stage\'s own block', { timeout: 60_000 }, async () => {
    const run = await withSandbox((kc) => runCli(['get', 'pods', '-w', TIMEOUT, '--kubeconfig', kc, '--plain'], { PATH: process.env['PATH'], HOME: mkdtempSync(join(tmpdir(), 'kube-trace-watch-')), NO_COLOR: '1' }));
    assert.equal(run.exitCode, 0, run.stderr);
    const lines = run.stdout.split('\n');
    const at = EXPECTED.map(([type, name], i) => lines.findIndex((l) => new RegExp(`^  #${i + 1} .*${type} +default/${name}  resourceVersion \\d+`).test(l)));
    assert.ok(at.every((n, i) => n > 0 && (i === 0 || n > (at[i - 1] ?? 0))), `events in order: ${at.join(', ')}`);
    const block = lines.findIndex((l) => l.startsWith('━━ 8/8 watch · Watch for changes'));
    assert.ok(block > (at[3] ?? Infinity), 'the stage block comes after the live lines');
    assert.ok(lines.some((l) => l.includes('(the 4 events are above, printed as they arrived)')));
  });
});
