// Command lines kubectl reads in its own way before it sends anything: an empty -n, --context= or
// --kubeconfig= (no flag at all), a namespace or name that cannot be one URL path segment, an empty
// name (client-go's Request.Namespace / Name refuse them after discovery). For each, kube-trace's
// "what kubectl prints" (stdout, stderr, exit code) must equal real kubectl's, byte for byte, and the
// same object requests must reach the server (none, when kubectl refuses).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { kubectlPath, runKubectl, versionedKubectls } from '../helpers/kubectl.js';
import { startFaultyServer, type FaultyServer } from '../helpers/faulty-servers.js';
import { createCa, issue } from '../trace/helpers/pki.js';
import type { TraceReport } from '../../src/trace/types.js';

/** kubectl 1.32 where the machine has the versioned builds; else the kubectl on PATH. */
const KUBECTL = versionedKubectls().find((k) => k.version === '1.32')?.path ?? kubectlPath();

/** Arguments after `get pods --kubeconfig K`; each is run by kube-trace and by kubectl. */
export const ARGV_CASES: { args: string[]; why: string }[] = [
  { args: [''], why: 'an empty name: client-go refuses it (resource name may not be empty)' },
  { args: ['', '-o', 'json'], why: 'an empty name, -o json: the error alone, no List' },
  { args: ['x', ''], why: 'a name, then an empty one: the first is sent, both errors printed in order' },
  { args: ['', 'x'], why: 'an empty name, then a name' },
  { args: ['..'], why: 'a name that is ".."' },
  { args: ['x%2f'], why: "a name with '%'" },
  { args: ['-n', '../x'], why: "a namespace with '/'" },
  { args: ['-n', 'a/b%'], why: "a namespace with '/' and '%': both reasons" },
  { args: ['-n', '.'], why: 'a namespace that is "."' },
  { args: ['-n', '..'], why: 'a namespace that is ".."' },
  { args: ['-n', '../x', '-o', 'json'], why: "a namespace with '/', -o json: the empty List and the error" },
  { args: ['-n', '../x', 'x'], why: 'a bad namespace before a good name: the namespace is checked first' },
  { args: ['-A', '-n', '../x'], why: '-A: no namespace in the path, nothing to refuse' },
  { args: ['-n', ''], why: 'an empty -n is no -n' },
  { args: ['--namespace='], why: 'an empty --namespace= is no --namespace' },
  { args: ['-n', ' '], why: 'a blank namespace is a namespace (sent as %20)' },
  { args: ['--context='], why: 'an empty --context is the current-context' },
  { args: ['-n', 'A_B'], why: 'a namespace that is no DNS label, but one path segment: sent' },
  { args: ['x?y'], why: "a name with '?': one path segment, sent escaped" },
];

let dir: string;
let server: FaultyServer;
let kubeconfig: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kube-trace-argv-'));
  const ca = await createCa('argv-parity-ca');
  server = await startFaultyServer({ ca });
  const admin = await issue(ca, { cn: 'argv-admin', orgs: ['system:masters'] });
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: server.url, 'certificate-authority-data': Buffer.from(ca.certPem).toString('base64') } }],
      users: [{ name: 'u', user: { 'client-certificate-data': Buffer.from(admin.certPem).toString('base64'), 'client-key-data': Buffer.from(admin.keyPem).toString('base64') } }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
    }),
    { mode: 0o600 },
  );
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

let homes = 0;
function freshHome(): string {
  const h = join(dir, `home-${++homes}`);
  mkdirSync(h);
  return h;
}

/** kubectl's object requests (discovery, /version and kube-trace's own reviews aside). */
function objectRequests(from: number): string[] {
  return server.requests
    .slice(from)
    .filter((r) => r.method === 'GET' && /^\/api\/v1\/(namespaces|pods)/.test(r.path))
    .map((r) => `${r.path}${r.query ? `?${r.query.replace(/(^|&)timeout=[^&]*/, '')}` : ''}`);
}

describe('command lines kubectl reads before it sends: kube-trace prints what kubectl prints', { concurrency: 1 }, () => {
  for (const c of ARGV_CASES) {
    it(`get pods ${c.args.map((a) => JSON.stringify(a)).join(' ')}: ${c.why}`, KUBECTL === null ? { skip: 'no kubectl on this machine' } : {}, async () => {
      const args = ['get', 'pods', '--kubeconfig', kubeconfig, ...c.args];
      const k0 = server.requests.length;
      const theirs = await runKubectl(KUBECTL ?? '', args, { PATH: process.env['PATH'], HOME: freshHome() });
      const kubectlSent = objectRequests(k0);
      const t0 = server.requests.length;
      const run = await runCli([...args, '--json'], { PATH: process.env['PATH'], HOME: freshHome(), NO_COLOR: '1' });
      const ourSent = objectRequests(t0);
      const report = JSON.parse(run.stdout) as TraceReport;
      assert.equal(report.output.stderr, theirs.stderr, 'stderr');
      assert.equal(report.output.stdout, theirs.stdout, 'stdout');
      assert.equal(report.output.exitCode, theirs.exitCode, 'exit code');
      assert.equal(run.exitCode, theirs.exitCode, "kube-trace's own exit code is kubectl's");
      assert.deepEqual(ourSent, kubectlSent, 'the object requests that reached the server');
    });
  }
});
