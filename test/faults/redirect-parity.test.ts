// A 302 of kubectl's list to another host, with a bearer token: real kubectl follows it and sends the
// token to the new host (Go's client drops Authorization there; client-go's transport adds it back).
// kube-trace must do the same — same output, same Authorization at the new host — and say so.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { kubectlPath, runKubectl, versionedKubectls } from '../helpers/kubectl.js';
import { startFaultyServer, type FaultyServer } from '../helpers/faulty-servers.js';
import { createCa } from '../trace/helpers/pki.js';
import type { TraceReport } from '../../src/trace/types.js';

const KUBECTL = versionedKubectls().find((k) => k.version === '1.32')?.path ?? kubectlPath();
const TOKEN = 'kts-redirect-token-3f9a';

let dir: string;
let target: FaultyServer;
let origin: FaultyServer;
let kubeconfig: string;
let homes = 0;
const home = (): string => {
  const h = join(dir, `home-${++homes}`);
  mkdirSync(h);
  return h;
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kube-trace-redirect-'));
  const ca = await createCa('redirect-parity-ca');
  target = await startFaultyServer({ ca, tokens: [TOKEN] });
  // localhost, not 127.0.0.1: another host to Go (scheme, host and port are compared as written).
  origin = await startFaultyServer({ ca, tokens: [TOKEN], fault: 'redirect-list', redirectTo: `https://localhost:${target.port}` });
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: origin.url, 'certificate-authority-data': Buffer.from(ca.certPem).toString('base64') } }],
      users: [{ name: 'u', user: { token: TOKEN } }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
    }),
    { mode: 0o600 },
  );
});

after(async () => {
  await origin.close();
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

const listsAtTarget = (): string[] => target.requests.splice(0).filter((r) => /\/pods$/.test(r.path)).map((r) => `${r.method} ${r.path} ${r.authorization ?? '(no Authorization)'}`);

describe('a 302 to another host, as kubectl follows it', { concurrency: 1 }, () => {
  it('the same output as kubectl, and the new host gets the same bearer token from both', KUBECTL === null ? { skip: 'no kubectl on this machine' } : {}, async () => {
    const args = ['get', 'pods', '--kubeconfig', kubeconfig];
    target.requests.splice(0);
    const theirs = await runKubectl(KUBECTL ?? '', args, { PATH: process.env['PATH'], HOME: home() });
    const kubectlAtTarget = listsAtTarget();
    const run = await runCli([...args, '--json'], { PATH: process.env['PATH'], HOME: home(), NO_COLOR: '1' });
    const ourAtTarget = listsAtTarget();
    const report = JSON.parse(run.stdout) as TraceReport;
    assert.deepEqual(kubectlAtTarget, [`GET /api/v1/namespaces/default/pods Bearer ${TOKEN}`], 'kubectl itself re-sends the token to the new host');
    assert.deepEqual(ourAtTarget, kubectlAtTarget);
    assert.equal(report.output.stdout, theirs.stdout);
    assert.equal(report.output.stderr, theirs.stderr);
    assert.equal(report.output.exitCode, theirs.exitCode);
    const hop = (report.exchanges ?? []).flatMap((x) => x.redirects ?? [])[0];
    assert.ok(hop, 'the exchange keeps the hop');
    assert.equal(hop.status, 302);
    assert.equal(hop.crossHost, true);
    assert.equal(hop.credentialsResent, true);
  });

  it('--plain says where it went and that the token went along, and why that matters', async () => {
    const run = await runCli(['get', 'pods', '--kubeconfig', kubeconfig, '--plain'], { PATH: process.env['PATH'], HOME: home(), NO_COLOR: '1' });
    const text = run.stdout.replace(/\s+/g, ' ');
    assert.match(text, new RegExp(`Redirected to another host \\(302 from ${origin.url}/api/v1/namespaces/default/pods\\?limit=500 to https://localhost:${target.port}/api/v1/namespaces/default/pods\\?limit=500\\)`));
    assert.match(text, /sent the same credentials there too .* hands your token to whatever server it names/);
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(TOKEN));
  });
});
