// Read-only: kube-trace never changes a cluster. For every sandbox scenario and every mode the storage
// revision is the same after the run as before it, and every request is a GET or one of the two review
// creates the API server never persists (SelfSubjectReview, SelfSubjectAccessReview).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { startFaultyServer, refusedPort, type FaultyServer } from '../helpers/faulty-servers.js';
import { buildSecretKubeconfig } from '../helpers/secret-kubeconfig.js';
import { createCa } from '../trace/helpers/pki.js';
import { SCENARIOS } from '../../src/sandbox/index.js';
import { renderTraceInInk } from './ink-frames.js';

const REVIEW_POSTS = new Map([
  ['/apis/authentication.k8s.io/v1/selfsubjectreviews', 'SelfSubjectReview'],
  ['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', 'SelfSubjectAccessReview'],
]);

/** The only requests kube-trace may send. */
function allowed(method: string, path: string): boolean {
  if (method === 'POST') return REVIEW_POSTS.has(path);
  if (method !== 'GET') return false;
  return (
    path === '/version' ||
    path === '/api' ||
    path === '/apis' ||
    /^\/api\/v1\/namespaces\/[^/]+$/.test(path) ||
    /^\/api\/v1\/(namespaces\/[^/]+\/)?pods(\/[^/]+)?$/.test(path) ||
    /^\/kube-trace\/v1\/glassbox\/[0-9a-f-]{36}$/.test(path)
  );
}

const ARGVS: string[][] = [
  ['--plain'],
  ['--json'],
  ['--plain', '-o', 'json'],
  ['--plain', '-o', 'yaml'],
  ['--plain', '-o', 'wide'],
  ['--plain', '-o', 'name'],
  ['--json', '-A'],
  ['--plain', '-l', 'app=nginx'],
  ['--plain', '--field-selector', 'status.phase=Running'],
  ['--plain', '--chunk-size', '1'],
  ['--plain', '-n', 'kube-system'],
  ['nginx', '--plain'],
  ['--plain', '--context', 'sandbox-viewer'],
  ['--plain', '--context', 'sandbox-nobody'],
  ['--json', '--context', 'sandbox-token', '-A'],
];

const SHORT = new Set(['--plain', '--json', '--plain -o yaml', '--json --context sandbox-token -A', '--plain --context sandbox-nobody']);

let runs = 0;
const seenKinds = new Set<string>();

after(() => {
  // eslint-disable-next-line no-console
  console.log(`# read-only: ${runs} runs over ${SCENARIOS.length} scenarios, storage revision unchanged, requests: ${[...seenKinds].sort().join(', ')}`);
});

describe('against the sandbox, every scenario and mode leaves storage untouched', { concurrency: true }, () => {
  for (const scenario of SCENARIOS) {
    it(`scenario ${scenario}`, async () => {
      const sb = await startTestSandbox({ scenario });
      try {
        const revision = sb.sandbox.revision();
        // Every mode on the default scenario; the main ones on the others (the engine is the same).
        for (const extra of scenario === 'default' ? ARGVS : ARGVS.filter((a) => SHORT.has(a.join(' ')))) {
          const argv = ['get', 'pods', ...extra, '--kubeconfig', sb.kubeconfig, '--request-timeout', '5s'];
          const from = sb.sandbox.requests().length;
          const r = await runCli(argv, sb.env);
          runs++;
          assert.doesNotMatch(r.stderr, /internal error/, `${argv.join(' ')}: ${r.stderr}`);
          assert.equal(sb.sandbox.revision(), revision, `${scenario}: ${argv.join(' ')} changed the storage revision`);
          for (const q of sb.sandbox.requests().slice(from)) {
            seenKinds.add(`${q.method} ${q.path.replace(/[0-9a-f-]{36}$/, '<audit-id>').replace(/namespaces\/[^/]+/, 'namespaces/<ns>').replace(/pods\/[^/]+$/, 'pods/<name>')}`);
            assert.ok(allowed(q.method, q.path), `${scenario}: ${argv.join(' ')} sent ${q.method} ${q.path}`);
          }
        }
        if (scenario === 'default') {
          // The interactive UI drives the same engine, one stage at a time.
          await renderTraceInInk(['get', 'pods', '--kubeconfig', sb.kubeconfig], sb.env);
          runs++;
          assert.equal(sb.sandbox.revision(), revision, `${scenario}: the TUI changed the storage revision`);
        }
      } finally {
        await sb.close();
      }
    });
  }
});

describe('the exact requests of one `kube-trace get pods`', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(async () => {
    await sb.close();
  });

  it('the version (the dispatcher\'s or kube-trace\'s), kubectl\'s three GETs, then kube-trace\'s two reviews and its glass-box read, nothing else', async () => {
    const from = sb.sandbox.requests().length;
    const r = await runCli(['get', 'pods', '--plain', '--kubeconfig', sb.kubeconfig], sb.env);
    assert.equal(r.exitCode, 0, r.stderr);
    const sent = sb.sandbox.requests().slice(from).map((q) => `${q.method} ${q.path.replace(/[0-9a-f-]{36}$/, '<audit-id>')}`);
    // kubectl's requests in kubectl's order; kube-trace's own only after the list, side by side (any order).
    assert.deepEqual(sent.slice(0, 4), ['GET /version', 'GET /api', 'GET /apis', 'GET /api/v1/namespaces/default/pods']);
    assert.deepEqual(sent.slice(4).sort(), [
      'GET /kube-trace/v1/glassbox/<audit-id>',
      'POST /apis/authentication.k8s.io/v1/selfsubjectreviews',
      'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    ]);
  });
});

describe('against any server, with every kind of credential', () => {
  let server: FaultyServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kube-trace-readonly-'));
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends only GETs and the two review POSTs, whose bodies are reviews and nothing else', async () => {
    const ca = await createCa('read-only-ca');
    server = await startFaultyServer({ ca });
    const secrets = await buildSecretKubeconfig({ dir, server: server.url, caPem: ca.certPem, ca, deadProxyPort: await refusedPort() });
    server.allow({ tokens: secrets.acceptedTokens, basicPassword: secrets.basicPassword });
    const env = { PATH: process.env['PATH'], HOME: join(dir, 'home'), NO_COLOR: '1', KUBECONFIG: secrets.kubeconfigList };
    for (const ctx of secrets.contexts) {
      for (const mode of [['--json'], ['--plain', '-o', 'yaml', '-A']]) {
        await runCli(['get', 'pods', '--context', ctx.name, ...mode], env);
        runs++;
      }
    }
    assert.ok(server.requests.length > 50, `only ${server.requests.length} requests reached the server`);
    for (const q of server.requests) {
      assert.ok(allowed(q.method, q.path), `sent ${q.method} ${q.path}`);
      if (q.method === 'POST') {
        const body = JSON.parse(q.body) as { kind?: string; metadata?: { name?: string } };
        assert.equal(body.kind, REVIEW_POSTS.get(q.path), `${q.path} body: ${q.body}`);
      } else {
        assert.equal(q.body, '', `GET ${q.path} carried a body`);
      }
    }
  });
});
