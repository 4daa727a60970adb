// The watch stage is a projection of the watch step: fed the list and the events a real
// kube-apiserver v1.33.3 sent (a pod created and deleted while it watched), and no server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WatchFrameDecoder } from '../../../src/kube/watch-stream.js';
import { formatStage } from '../../../src/trace/stages/format.js';
import { watchStage } from '../../../src/trace/stages/watch.js';
import type { ListPage, WatchOutput } from '../../../src/trace/steps/types.js';
import { DEFAULT_PRINT_FLAGS } from '../../../src/format/index.js';
import { captured, exchange, getCommand, stepsWith } from '../helpers/steps.js';

const V133 = fileURLToPath(new URL('../../fixtures/real-apiserver-v1.33/http/', import.meta.url));
const listBefore = JSON.parse(readFileSync(`${V133}pods-default-watch-events-list-before.json`, 'utf8')) as unknown;
const frames = new WatchFrameDecoder().push(readFileSync(`${V133}pods-default-watch-events.json`));

const page = (body: unknown): ListPage => ({ target: 0, exchange: exchange({ at: '2026-12-01T20:22:05.480Z' }), failure: null, body, text: '' });

function watched(over: Partial<WatchOutput> = {}): WatchOutput {
  return {
    exchange: exchange({ purpose: 'watch', url: 'https://127.0.0.1:6443/api/v1/namespaces/default/pods?resourceVersion=353&watch=true', responseHeaders: [{ name: 'audit-id', value: 'f9bacb21-6391-4da7-8278-f4226bc0be0a' }] }),
    request: null,
    fromResourceVersion: '353',
    notSent: null,
    events: frames.map((f, i) => ({ type: f.type, object: f.object, atMs: 700 + i * 250, bytes: f.bytes })),
    dropped: 0,
    open: false,
    ended: 'request-timeout',
    endedAtMs: 4000,
    decodeError: null,
    failure: null,
    body: undefined,
    ...over,
  };
}

const asName = getCommand({ output: 'name', print: { ...DEFAULT_PRINT_FLAGS, output: 'name' }, watch: { only: false, outputEvents: false } });

describe('watch stage', () => {
  it('lists each event in order with its object and resourceVersion, counts the bookmark, prints what kubectl prints', () => {
    const out = watchStage.project({ cmd: asName, sandbox: null, steps: stepsWith([page(listBefore)], { watch: watched() }), stoppedAt: null });
    assert.equal(out.status, 'ok');
    const d = out.status === 'ok' ? out.data : null;
    assert.ok(d);
    assert.deepEqual(d.events.map((e) => [e.seq, e.type, e.namespace, e.name, e.resourceVersion]), [
      [1, 'ADDED', 'default', 'watch-demo', '354'],
      [2, 'MODIFIED', 'default', 'watch-demo', '355'],
      [3, 'DELETED', 'default', 'watch-demo', '356'],
      [4, 'BOOKMARK', null, null, '356'],
    ]);
    assert.equal(d.bookmarkCount, 1);
    assert.equal(d.lastResourceVersion, '356');
    assert.equal(d.fromResourceVersion, '353');
    // -o name: one line per event; a bookmark prints nothing.
    assert.equal(d.stdout, 'pod/watch-demo\npod/watch-demo\npod/watch-demo\n');
    assert.deepEqual(d.events.map((e) => e.printed), ['pod/watch-demo\n', 'pod/watch-demo\n', 'pod/watch-demo\n', '']);
    assert.equal(d.watchRequest.auditId, 'f9bacb21-6391-4da7-8278-f4226bc0be0a');
    assert.equal(d.ended?.reason, 'request-timeout');
    assert.equal(d.exitCode, 0);
  });

  it('a snapshot while the watch is open shows the events so far; Ctrl-C ends it with kubectl\'s exit code 1', () => {
    const open = watchStage.project({ cmd: asName, sandbox: null, steps: stepsWith([page(listBefore)], { watch: watched({ exchange: null, request: { url: 'https://127.0.0.1:6443/api/v1/namespaces/default/pods?resourceVersion=353&watch=true', headers: [] }, events: watched().events.slice(0, 1), open: true, ended: null, endedAtMs: null }) }), stoppedAt: null });
    assert.ok(open.status === 'ok');
    assert.equal(open.data.open, true);
    assert.equal(open.data.ended, null);
    assert.equal(open.data.events.length, 1);
    assert.match(open.data.watchRequest.url, /resourceVersion=353&watch=true$/);
    const stopped = watchStage.project({ cmd: asName, sandbox: null, steps: stepsWith([page(listBefore)], { watch: watched({ ended: 'interrupted' }) }), stoppedAt: null });
    assert.ok(stopped.status === 'ok');
    assert.equal(stopped.data.exitCode, 1);
  });

  it('is not reached when the list failed, and fails with the Status when the watch is refused', () => {
    const notSent = watchStage.project({ cmd: asName, sandbox: null, steps: stepsWith([page(listBefore)], { watch: watched({ exchange: null, notSent: 'the list failed, so kubectl stopped before it watched', events: [], ended: null }) }), stoppedAt: null });
    assert.equal(notSent.status, 'skipped');
    const forbidden = { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'pods is forbidden: User "jane" cannot watch resource "pods" in API group "" in the namespace "default"', reason: 'Forbidden', code: 403 };
    const refused = watchStage.project({ cmd: asName, sandbox: null, steps: stepsWith([page(listBefore)], { watch: watched({ exchange: exchange({ purpose: 'watch', status: 403, statusText: 'Forbidden' }), events: [], ended: 'http-error', body: forbidden }) }), stoppedAt: null });
    assert.equal(refused.status, 'error');
    assert.equal(refused.status === 'error' ? refused.data?.stderr : '', `Error from server (Forbidden): ${forbidden.message}\n`);
  });

  it('Table events print as rows under the list\'s header, with the widths the tab writer remembers', () => {
    // The list's Table (captured from v1.28.7) and two events built from its first row, as the server
    // sends them: column definitions with the first event only.
    const table = captured('pods-default-table').body as { columnDefinitions: unknown[]; rows: { cells: unknown[]; object: unknown }[] };
    const row = table.rows[0];
    assert.ok(row);
    const event = (cells: unknown[], withColumns: boolean): unknown => ({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '900' }, columnDefinitions: withColumns ? table.columnDefinitions : null, rows: [{ cells, object: row.object }] });
    const cmd = getCommand({ watch: { only: false, outputEvents: false } });
    const steps = stepsWith([page(table)], {
      watch: watched({ events: [
        { type: 'MODIFIED', object: event(['api-running', '1/2', 'Running', '2 (5m ago)', '2m'], true), atMs: 10, bytes: 1 },
        { type: 'DELETED', object: event(['api-running', '1/2', 'Terminating', '2 (5m ago)', '2m'], false), atMs: 20, bytes: 1 },
      ] }),
    });
    const list = formatStage.project({ cmd, sandbox: null, steps, stoppedAt: null });
    assert.ok(list.status === 'ok');
    assert.match(list.data.stdout, /^NAME {15}READY/);
    assert.equal(list.data.stderr, '');
    const out = watchStage.project({ cmd, sandbox: null, steps, stoppedAt: null });
    assert.ok(out.status === 'ok');
    // No header again; the STATUS column keeps the list's width until "Terminating" widens it.
    assert.equal(out.data.stdout, 'api-running        1/2     Running   2 (5m ago)      2m\napi-running        1/2     Terminating   2 (5m ago)      2m\n');
    assert.deepEqual(out.data.events.map((e) => e.columnDefinitions), [true, false]);
    assert.deepEqual(out.data.events[0]?.row, ['api-running', '1/2', 'Running', '2 (5m ago)', '2m']);
  });

  it('--output-watch-events: an EVENT column, ADDED for the list\'s rows; --watch-only prints no list', () => {
    const table = captured('pods-default-table').body;
    const events = getCommand({ watch: { only: false, outputEvents: true } });
    const list = formatStage.project({ cmd: events, sandbox: null, steps: stepsWith([page(table)]), stoppedAt: null });
    assert.ok(list.status === 'ok');
    assert.match(list.data.stdout, /^EVENT {6}NAME {15}READY/);
    assert.match(list.data.stdout.split('\n')[1] ?? '', /^ADDED {6}api-running /);
    const only = formatStage.project({ cmd: getCommand({ watch: { only: true, outputEvents: false } }), sandbox: null, steps: stepsWith([page(table)]), stoppedAt: null });
    assert.ok(only.status === 'ok');
    assert.equal(only.data.stdout, '');
    assert.equal(only.data.stderr, '', 'no "No resources found" in a watch');
  });
});

describe('watch printing of whole objects', () => {
  it('-o json --output-watch-events: one compact WatchEvent per line, "type" first, managed fields kept (as kubectl 1.28–1.33 print it)', () => {
    const cmd = getCommand({ output: 'json', print: { ...DEFAULT_PRINT_FLAGS, output: 'json' }, watch: { only: false, outputEvents: true } });
    const out = watchStage.project({ cmd, sandbox: null, steps: stepsWith([page(listBefore)], { watch: watched() }), stoppedAt: null });
    assert.ok(out.status === 'ok');
    const lines = out.data.stdout.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 3, 'ADDED, MODIFIED, DELETED; the bookmark prints nothing');
    assert.match(lines[0] ?? '', /^\{"type":"ADDED","object":\{"apiVersion":"v1","kind":"Pod","metadata":\{/);
    assert.match(lines[2] ?? '', /^\{"type":"DELETED",/);
    assert.ok(lines.every((l) => l.includes('"managedFields":[')), 'managed fields are not dropped inside a WatchEvent');
  });

  it('-o json without events: each object indented, managed fields dropped', () => {
    const cmd = getCommand({ output: 'json', print: { ...DEFAULT_PRINT_FLAGS, output: 'json' }, watch: { only: false, outputEvents: false } });
    const out = watchStage.project({ cmd, sandbox: null, steps: stepsWith([page(listBefore)], { watch: watched() }), stoppedAt: null });
    assert.ok(out.status === 'ok');
    assert.match(out.data.stdout, /^\{\n {4}"apiVersion": "v1",\n {4}"kind": "Pod",/);
    assert.doesNotMatch(out.data.stdout, /managedFields/);
  });
});
