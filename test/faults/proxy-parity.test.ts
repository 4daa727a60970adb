// proxy-url for http://, https:// and socks5:// proxies, with credentials: the trace goes through the
// proxy as kubectl does (the proxy sees the tunnel), prints what kubectl prints through it, shows the
// connection as going through the proxy, and never shows the proxy's password.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { kubectlPath, runKubectl, versionedKubectls } from '../helpers/kubectl.js';
import { startFaultyServer, type FaultyServer } from '../helpers/faulty-servers.js';
import { startHttpProxy, startSocks5Proxy, type TestProxy } from '../helpers/proxies.js';
import { createCa, issue, type TestCa } from '../trace/helpers/pki.js';
import type { TraceReport } from '../../src/trace/types.js';

const KUBECTL = versionedKubectls().find((k) => k.version === '1.32')?.path ?? kubectlPath();
const PASSWORD = 'ktsProxyPw7c1e';

let dir: string;
let ca: TestCa;
let server: FaultyServer;
const proxies: TestProxy[] = [];
let homes = 0;
const home = (): string => {
  const h = join(dir, `home-${++homes}`);
  mkdirSync(h);
  return h;
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kube-trace-proxy-'));
  ca = await createCa('proxy-parity-ca');
  server = await startFaultyServer({ ca });
});

after(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

let configs = 0;

async function writeKubeconfig(proxyUrl: string): Promise<string> {
  const path = join(dir, `kubeconfig-${++configs}`);
  const admin = await issue(ca, { cn: 'proxy-admin', orgs: ['system:masters'] });
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: server.url, 'certificate-authority-data': Buffer.from(ca.certPem).toString('base64'), 'proxy-url': proxyUrl } }],
      users: [{ name: 'u', user: { 'client-certificate-data': Buffer.from(admin.certPem).toString('base64'), 'client-key-data': Buffer.from(admin.keyPem).toString('base64') } }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
    }),
    { mode: 0o600 },
  );
  return path;
}

const KINDS = [
  { kind: 'http', start: () => startHttpProxy({ credentials: `pu:${PASSWORD}` }) },
  // Go checks an https:// proxy's certificate with the cluster's CA (the TLS config client-go builds).
  { kind: 'https', start: async () => startHttpProxy({ credentials: `pu:${PASSWORD}`, tls: await issue(ca, { cn: 'proxy', ips: ['127.0.0.1'], server: true }) }) },
  { kind: 'socks5', start: () => startSocks5Proxy({ credentials: `pu:${PASSWORD}` }) },
] as const;

describe('proxy-url, as kubectl uses it', { concurrency: 1 }, () => {
  for (const k of KINDS) {
    it(`a ${k.kind} proxy with credentials: through it, what kubectl prints, shown as going through it, password masked`, async () => {
      const proxy = await k.start();
      proxies.push(proxy);
      const masked = proxy.url.replace('://', '://pu:***@');
      const kubeconfig = await writeKubeconfig(proxy.url.replace('://', `://pu:${PASSWORD}@`));
      const args = ['get', 'pods', '--kubeconfig', kubeconfig];

      const json = await runCli([...args, '--json'], { PATH: process.env['PATH'], HOME: home(), NO_COLOR: '1' });
      const report = JSON.parse(json.stdout) as TraceReport;
      assert.equal(report.output.exitCode, 0, report.output.stderr);
      const ours = proxy.log.length;
      assert.ok(ours >= 1, 'the trace went through the proxy');
      assert.ok(proxy.log.every((e) => e.credentials === `pu:${PASSWORD}`), 'with the proxy credentials');
      const list = (report.exchanges ?? []).find((x) => x.by === 'kubectl' && /\/pods\?/.test(x.url));
      assert.deepEqual(list?.connection?.proxy, { kind: k.kind, url: masked, source: 'proxy-url' });

      const plain = await runCli([...args, '--plain'], { PATH: process.env['PATH'], HOME: home(), NO_COLOR: '1' });
      const text = plain.stdout.replace(/\s+/g, ' ');
      assert.match(text, /kubectl connects through it, and so does this trace/);
      assert.ok(text.includes(`via proxy ${k.kind} proxy ${masked} (from proxy-url)`), 'the response stage names the proxy');
      assert.ok(text.includes(`via ${k.kind} proxy ${masked}`), 'the discovery exchanges name the proxy');
      for (const out of [json.stdout, json.stderr, plain.stdout, plain.stderr]) assert.doesNotMatch(out, new RegExp(PASSWORD));

      if (KUBECTL === null) return;
      const before = proxy.log.length;
      const theirs = await runKubectl(KUBECTL, args, { PATH: process.env['PATH'], HOME: home() });
      assert.ok(proxy.log.length > before, 'kubectl went through the proxy too');
      assert.equal(report.output.stdout, theirs.stdout);
      assert.equal(report.output.stderr, theirs.stderr);
      assert.equal(report.output.exitCode, theirs.exitCode);
    });
  }
});
