// The plain and JSON presentations of a trace: lessons through the one resolver (no raw markup),
// pages numbered as pages, the flow schema by name where the glass box knows it, the glass box saying
// which page it describes, nothing that could drive a terminal, and the curl line either ready to run
// (exported sandbox credentials) or with the kubeconfig fields it needs and how to extract them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLessons } from '../../src/lessons/index.js';
import { renderOutput, renderStage, type PlainOptions } from '../../src/render/plain/index.js';
import { renderJson } from '../../src/render/json.js';
import { makePalette } from '../../src/render/palette.js';
import type { AnyStageResult, KubeconfigData } from '../../src/trace/types.js';
import { forbiddenResults, okResults, pagedWideResults, reportFor } from '../ui/helpers/traceFixtures.js';

const lessons = await loadLessons(null);
const opts: PlainOptions = { width: 100, palette: makePalette(false), lessons };

/** Every stage of a run as --plain prints it, each with the stages before it. */
function plain(results: AnyStageResult[], o: PlainOptions = opts): string[] {
  return results.map((r, i) => renderStage(r, o, results.slice(0, i)));
}

test('every stage: lessons rendered (no backticks), no blank stand-ins, no control characters', () => {
  for (const results of [okResults(), forbiddenResults(), pagedWideResults()]) {
    const text = plain(results).join('\n');
    assert.doesNotMatch(text, /`/);
    assert.doesNotMatch(text, /\bnull\b|\bundefined\b|\bNaN\b|\[object Object\]|--\w+=(,|$)/m);
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f]/);
  }
});

test('a paged list: pages by page number, the glass box says which page it read, the flow schema by name', () => {
  const [, , , authz, etcd, response] = plain(pagedWideResults());
  assert.match(etcd!, /page 1 of 3\s+2 items at revision 230/);
  assert.match(etcd!, /page 3 of 3\s+2 items at revision 230; last page/);
  assert.doesNotMatch(etcd!, /#\d/, 'not numbered by exchange id');
  assert.match(etcd!, /inside the API server — sandbox only, page 2 of 3:/);
  assert.match(authz!, /inside the API server — sandbox only, for GET \/api\/v1\/namespaces\/default\/pods\?continue=/);
  assert.match(response!, /APF\s+flow schema global-default \(uid e12ebf8c-4312-4de1-ab95-66de9fc7669d\), priority level global-default/);
  assert.match(response!, /page 2 of 3\s+200\s+2101 bytes\s+5\.0 ms\s+GET \/api\/v1\/namespaces\/default\/pods\?continue=/);
});

test('a defaulted flag says what the default means', () => {
  const [parse] = plain(okResults());
  assert.match(parse!, /--namespace\s+not given: the context's namespace, else "default" — default/);
  assert.match(parse!, /--chunk-size\s+500: pages of at most 500 pods \(limit=500\) — default/);
});

test('with exported sandbox credentials the curl line is ready to run; without, it says how to get them', () => {
  const results = okResults();
  const credentials = { dir: '/tmp/creds', removedOnExit: false, files: [{ variable: 'CA', path: '/tmp/creds/ca.crt', what: 'the CA' }, { variable: 'CERT', path: '/tmp/creds/client.crt', what: 'the cert' }, { variable: 'KEY', path: '/tmp/creds/client.key', what: 'the key' }] };
  const ready = plain(results, { ...opts, credentials })[2]!;
  assert.match(ready, /curl (-sS )?--cacert \/tmp\/creds\/ca\.crt --cert \/tmp\/creds\/client\.crt --key \/tmp\/creds\/client\.key/);
  assert.doesNotMatch(ready, /"\$CA"/);
  const sandbox = plain(results)[2]!;
  assert.match(sandbox, /--export-credentials DIR writes them for this sandbox/);
  // A real cluster: the kubeconfig fields, never their values.
  const kc = results[1]!;
  const cluster: AnyStageResult = { ...kc, data: { ...(kc.data as KubeconfigData), sandbox: null } } as AnyStageResult;
  // The variable names the engine's curl line uses (src/trace/steps/request-plan.ts).
  const req = results[2]!;
  const words = [{ literal: 'curl' }, { literal: '--cacert' }, { expand: '$CA_FILE' }, { literal: '--cert' }, { expand: '$CLIENT_CERT_FILE' }, { literal: '--key' }, { expand: '$CLIENT_KEY_FILE' }, { literal: 'https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500' }];
  const request = { ...req, data: req.name === 'request' && req.data !== null ? { ...req.data, request: { ...req.data.request, curlArgs: words } } : null } as AnyStageResult;
  const real = [results[0]!, cluster, request];
  const text = plain(real)[2]!;
  assert.match(text, /kube-trace writes none of them/);
  assert.match(text, /\$CA_FILE: the CA that signed the server's certificate \(clusters\[\]\.cluster\.certificate-authority-data of cluster "sandbox"\)/);
  assert.match(text, /kubectl config view --raw --minify --context viewer@sandbox -o jsonpath='\{\.users\[0\]\.user\.client-key-data\}' \| base64 -d > client\.key/);
});

test('kubectl\'s output is exact to a pipe and printable on a terminal', () => {
  const out = { stdout: 'pod/t\u001b]0;pwned\u0007x\n', stderr: '', exitCode: 0 };
  assert.ok(renderOutput(out, opts).includes('pod/t\u001b]0;pwned\u0007x'), 'a pipe gets kubectl\'s bytes');
  const shown = renderOutput(out, { ...opts, terminal: true });
  assert.ok(shown.includes('pod/t^[]0;pwned^Gx'), shown);
  assert.doesNotMatch(shown, /\u001b\]/);
});

test('--json attaches each lesson as written and as this run resolves it', () => {
  const results = okResults();
  const doc = JSON.parse(renderJson(reportFor(results), lessons)) as { stages: { name: string; lesson?: { summary: string; resolved: { summary: unknown[]; sections: unknown[] } } }[] };
  for (const s of doc.stages) {
    assert.ok(s.lesson !== undefined, s.name);
    assert.equal(typeof s.lesson.summary, 'string');
    assert.ok(s.lesson.resolved.summary.length > 0, `${s.name}: a resolved summary`);
    assert.doesNotMatch(JSON.stringify(s.lesson.resolved.summary), /`/, `${s.name}: spans, not markup`);
  }
});
