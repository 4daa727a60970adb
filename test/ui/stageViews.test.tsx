// Each stage view shows this run's data: values from the trace, not invented text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeViewContext } from '../../src/ui/components/viewContext.js';
import { stageLines, detailLines, stageFact } from '../../src/ui/stages/index.js';
import { renderLines } from './helpers/render.js';
import type { AnyStageResult } from '../../src/trace/types.js';
import { AUDIT_ID, FORBIDDEN_MESSAGE, LIST_URL, POD_NAMES, TABLE_ACCEPT, USER_AGENT, forbiddenResults, okResults, pagedWideResults } from './helpers/traceFixtures.js';

const ok = okResults();
const stage = (i: number) => ok[i]!;
const show = async (i: number, lookAt: { field: string; note: string }[] = [], width = 100) =>
  renderLines(stageLines(stage(i), makeViewContext(width, lookAt), null));

test('parse shows what was typed and the kubectl command it stands for', async () => {
  const text = await show(0);
  assert.match(text, /kube-trace get pods --sandbox/);
  assert.match(text, /kubectl\s+kubectl get pods/);
  assert.match(text, /--sandbox\s+true — typed as --sandbox \(kube-trace only\)/);
  assert.match(text, /--chunk-size\s+500: pages of at most 500 pods \(limit=500\) — default/);
  // A defaulted flag says what the default means, never null or an empty value.
  assert.match(text, /--namespace\s+not given: the context's namespace, else "default" — default/);
  assert.doesNotMatch(text, /\bnull\b|\bundefined\b/);
});

test('kubeconfig shows the context, server, user and how they authenticate', async () => {
  const text = await show(1);
  assert.match(text, /Context\s+viewer@sandbox/);
  assert.match(text, /Server\s+https:\/\/127\.0\.0\.1:6443/);
  assert.match(text, /Auth\s+client-certificate/);
  assert.match(text, /Subject\s+CN=viewer/);
  assert.match(text, /<masked>/);
});

test('request shows the HTTP request as it goes on the wire, before it is sent', async () => {
  const text = await show(2);
  assert.match(text, /not sent yet/);
  assert.match(text, /GET \/api\/v1\/namespaces\/default\/pods\?limit=500 HTTP\/1\.1/);
  assert.match(text, /Host: 127\.0\.0\.1:6443/);
  assert.ok(text.includes(`User-Agent: ${USER_AGENT}`));
  assert.ok(text.replace(/\n\s*/g, '').includes(TABLE_ACCEPT), 'the Accept header, even when wrapped');
  assert.ok(text.includes(LIST_URL));
  assert.match(text, /pods → kind Pod/);
  assert.match(text, /aggregated-v2beta1/);
});

test('authz shows who the server thinks you are, the access review and the glass box', async () => {
  const text = await show(3);
  assert.match(text, /Outcome\s+200 allowed/);
  assert.match(text, /Username\s+viewer/);
  assert.match(text, /Question\s+list pods in default/);
  assert.match(text, /Inside the API server — sandbox only/);
  assert.match(text, /authentication\s+▇+/);
  assert.match(text, /Binding\s+RoleBinding viewer-pod-reader in default/);
  assert.match(text, /Role\s+Role pod-reader in default/);
  assert.match(text, /verbs \[get, list, watch\]/);
});

test('etcd shows the storage keys, the list resourceVersion and the storage read', async () => {
  const text = await show(4);
  assert.match(text, /List RV\s+221/);
  for (const name of POD_NAMES) assert.ok(text.includes(`/registry/pods/default/${name}`), name);
  assert.match(text, /Revision\s+221/);
  assert.match(text, /Returned\s+4 of 4 keys \(limit 500\)/);
});

test('response shows status, Audit-Id, headers and the timing waterfall', async () => {
  const text = await show(5);
  assert.match(text, /Status\s+200 OK/);
  assert.ok(text.includes(`Audit-Id      ${AUDIT_ID}`) || text.includes(AUDIT_ID));
  assert.match(text, /HTTP\/1\.1 200 OK/);
  assert.match(text, /X-Kubernetes-Pf-Flowschema-Uid: e12ebf8c-4312-4de1-ab95-66de9fc7669d/);
  assert.match(text, /TLS handshake\s+█+\s+4 ms/);
  assert.match(text, /Total\s+9 ms/);
  assert.match(text, /Table · 4 rows · 3\.0 KiB/);
});

test('format shows the columns and the output byte for byte', async () => {
  const text = await show(6);
  assert.match(text, /Columns\s+Name, Ready, Status, Restarts, Age/);
  assert.match(text, /With -o wide\s+IP, Node/);
  assert.match(text, /api-running\s+2\/2\s+Running\s+2 \(3m25s ago\)\s+41s/);
  for (const name of POD_NAMES) assert.ok(text.includes(name));
});

test('a look_at field is highlighted where it is shown, with the lesson note under it', async () => {
  const text = await show(2, [{ field: 'request.url', note: 'limit=500: kubectl pages large lists.' }]);
  assert.match(text, /▸ URL\s+https:\/\/127\.0\.0\.1:6443/);
  assert.match(text, /↳ limit=500: kubectl pages large lists\./);
});

test('a look_at field the view does not show as a row is listed up front with its live value', async () => {
  const text = await show(5, [{ field: 'timings.ttfbMs', note: 'Server time before the first byte.' }]);
  assert.match(text, /Look at/);
  assert.match(text, /▸ timings\.ttfbMs = 1\.3/);
});

test('without the sandbox, authz and etcd say why the inside of the API server is not shown', async () => {
  const authz = forbiddenResults()[3]!;
  const text = await renderLines(stageLines(authz, makeViewContext(100), 'authz'));
  assert.match(text, /Inside the API server/);
  assert.doesNotMatch(text, /sandbox only/);
  assert.match(text, /Not observable/);
});

test('a failed stage shows the error where it happened, what kubectl says and what to try', async () => {
  const authz = forbiddenResults()[3]!;
  const text = await renderLines(stageLines(authz, makeViewContext(100), 'authz'));
  assert.match(text, /✗ Forbidden \(403\)/);
  assert.ok(text.replace(/\n\s*/g, ' ').includes(FORBIDDEN_MESSAGE));
  assert.match(text, /kubectl says:/);
  assert.match(text, /Try: Ask for pods in a namespace you may read/);
  assert.match(text, /What was gathered before it failed/);
  assert.match(text, /Outcome\s+403 denied \(Forbidden\)/);
});

test('a skipped stage says it was not reached and where the trace stopped', async () => {
  const etcd = forbiddenResults()[4]!;
  const text = await renderLines(stageLines(etcd, makeViewContext(100), 'authz'));
  assert.match(text, /Not reached/);
  assert.match(text, /stopped at the authz stage/);
});

test('details show the raw data, with the response body pretty-printed', async () => {
  const text = await renderLines(detailLines(stage(5), 100));
  assert.match(text, /"kind": "Table"/);
  assert.match(text, /"auditId": "052229ae/);
});

test('the summary fact of each stage comes from its data', () => {
  assert.equal(stageFact(stage(2)), 'GET /api/v1/namespaces/default/pods?limit=500');
  assert.equal(stageFact(stage(4)), '4 objects at resourceVersion 221');
  assert.equal(stageFact(forbiddenResults()[5]!), 'not reached');
});

test('every look_at field of the built-in lessons is shown in its stage panel (none falls back to a raw value)', async () => {
  const { loadLessons } = await import('../../src/lessons/index.js');
  const lessons = await loadLessons(null);
  for (const r of okResults()) {
    const ctx = makeViewContext(100, lessons[r.name].look_at);
    stageLines(r, ctx, null);
    const unseen = [...ctx.lookAt.keys()].filter((f) => !ctx.seen.has(f));
    assert.deepEqual(unseen, [], `${r.name}: ${unseen.join(', ')}`);
  }
});

test('an object-level look_at field highlights its section heading, with the note', async () => {
  const text = await show(3, [{ field: 'whoami', note: 'who the server thinks you are' }]);
  assert.match(text, /▸ Who am I\? \(SelfSubjectReview\)/);
  assert.match(text, /↳ who the server thinks you are/);
});

describe('what a stage takes from the rest of the run', () => {
  const paged = pagedWideResults();
  const view = (i: number, request: 'not-sent' | 'sent' = 'sent', width = 100) => renderLines(stageLines(paged[i]!, makeViewContext(width, [], { results: paged, request }), null));

  test('each page of a paged list shows its status, size and time, the request last', () => {
    const text = view(5);
    assert.match(text, /3 pages/);
    assert.match(text, /page 1 of 3\s+200\s+2\.1 KiB\s+4 ms\s+GET \/api\/v1\/namespaces\/default\/pods\?limit=2/);
    assert.match(text, /page 3 of 3\s+200\s+2\.1 KiB\s+6 ms\s+GET \/api\/v1\/namespaces\/default\/pods\?continue=/);
  });

  test('the glass box says which page it describes (from its query, or its storage key)', () => {
    assert.match(view(4), /Inside the API server — sandbox only · page 2 of 3/);
    assert.match(view(3), /Inside the API server — sandbox only · page 2 of 3/);
    const alone = renderLines(stageLines(paged[4]!, makeViewContext(100, [], { results: [] }), null));
    assert.match(alone, /sandbox only · page 2 of 3/, 'the storage key alone tells it too');
  });

  test('the flow schema and priority level by name, where the glass box knows the UID', () => {
    assert.match(view(5), /Flow schema\s+global-default\s+\(UID e12ebf8c-4312-4de1-ab95-66de9fc7669d\)/);
    const noGlass = okResults();
    const text = renderLines(stageLines(noGlass[5]!, makeViewContext(100), null));
    assert.match(text, /Flow schema\s+UID e12ebf8c-4312-4de1-ab95-66de9fc7669d \(the response names only the UID/);
  });

  test('"not sent yet" only until it was sent', () => {
    assert.match(view(2, 'not-sent'), /On the wire \(not sent yet\)/);
    assert.match(view(2, 'not-sent'), /Press → to send the request/);
    const sent = view(2, 'sent');
    assert.match(sent, /On the wire \(as it was sent\)/);
    assert.doesNotMatch(sent, /not sent yet|Press → to send/);
  });

  test('the hint under the headers is this request\'s: its Accept header and its credential', () => {
    assert.match(view(2).replace(/\s+/g, ' '), /In this request: Accept asks for a Table \(as=Table\); there is no Authorization header: the client certificate is presented in the TLS handshake\./);
    const json = okResults();
    const req = json[2]!;
    const asJson = { ...req, data: req.name === 'request' && req.data !== null ? { ...req.data, request: { ...req.data.request, asTable: false, accept: 'application/json', headers: [...req.data.request.headers.filter((h) => h.name !== 'Accept'), { name: 'Accept', value: 'application/json' }, { name: 'Authorization', value: 'Bearer <masked>' }] } } : null } as AnyStageResult;
    const text = renderLines(stageLines(asJson, makeViewContext(100, [], { results: json }), null)).replace(/\s+/g, ' ');
    assert.match(text, /Accept asks for application\/json: whole objects, no Table; Authorization carries a bearer token \(masked here\)/);
  });

  test('an HTTP/2 header block is shown as it goes: pseudo-headers, no HTTP/1.1 request line, no Host', () => {
    const http1 = view(2);
    assert.match(http1, /GET \/api\/v1\/namespaces\/default\/pods\?limit=\d+ HTTP\/1\.1/, 'the fixture is an HTTP/1.1 request');
    const results = okResults();
    const req = results[2]!;
    const h2Headers = [{ name: ':authority', value: '127.0.0.1:6443' }, { name: ':method', value: 'GET' }, { name: ':path', value: '/api/v1/namespaces/default/pods?limit=500' }, { name: ':scheme', value: 'https' }, { name: 'accept', value: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' }];
    const h2 = { ...req, data: req.name === 'request' && req.data !== null ? { ...req.data, request: { ...req.data.request, headers: h2Headers } } : null } as AnyStageResult;
    const text = renderLines(stageLines(h2, makeViewContext(100, [], { results }), null));
    assert.match(text, /HTTP\/2 HEADERS frame/);
    assert.match(text, /:method: GET\n\s+:path: \/api\/v1\/namespaces\/default\/pods\?limit=500/);
    assert.doesNotMatch(text, /HTTP\/1\.1|^\s*Host:/m);
  });

  test('a format stage without columns says why, from the run', () => {
    const f = okResults()[6]!;
    const json = { ...f, data: f.name === 'format' && f.data !== null ? { ...f.data, output: 'json', printedFrom: 'objects', columns: [] } : null } as AnyStageResult;
    assert.match(renderLines(stageLines(json, makeViewContext(100), null)), /Columns\s+none: -o json asks for whole objects, not a Table/);
  });
});
