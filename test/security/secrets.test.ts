// Secrets never leak. A KUBECONFIG list holds a bearer token, a JWT, a tokenFile (and client-node's
// token-file, which kubectl ignores), client-key-data, client certificate + key files, basic auth, an
// exec plugin (token in its output, a secret in its env, both also chattered on its stderr), an OIDC
// auth-provider (id-token, refresh-token, client-secret), a password in the server URL, and proxy URLs
// with a password (a dead proxy, and a live one the requests go through) — each a unique marker. Every output mode runs
// against a server that accepts these credentials, the sandbox (which rejects them) and failing
// servers; no marker, nor its base64/base64url/hex, may appear in anything kube-trace prints.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from '../helpers/cli.js';
import { buildSecretKubeconfig, type SecretKubeconfig } from '../helpers/secret-kubeconfig.js';
import { refusedPort, startFaultyServer, type FaultyServer, type Fault } from '../helpers/faulty-servers.js';
import { startHttpProxy, type TestProxy } from '../helpers/proxies.js';
import { randomBytes } from 'node:crypto';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createCa, issue, type TestCa } from '../trace/helpers/pki.js';
import type { TraceReport } from '../../src/trace/types.js';
import { renderTraceInInk } from './ink-frames.js';
import { ROOT } from '../faults/tmux.js';

const MODES: string[][] = [['--plain'], ['--json'], ['--plain', '-o', 'yaml'], ['--json', '-o', 'wide']];
const FAILING_MODES: string[][] = [['--plain'], ['--json']];

let root: string;
let ca: TestCa;
const servers: FaultyServer[] = [];
const proxies: TestProxy[] = [];
let sandbox: TestSandbox;
let runs = 0;
const markersTried = new Set<string>();

function envFor(s: SecretKubeconfig): Record<string, string | undefined> {
  // KUBE_TRACE_DEBUG turns on the most verbose output kube-trace has.
  return { PATH: process.env['PATH'], HOME: join(root, 'home'), NO_COLOR: '1', KUBECONFIG: s.kubeconfigList, KUBE_TRACE_DEBUG: '1' };
}

function assertNoLeak(s: SecretKubeconfig, r: CliRun, where: string): void {
  runs++;
  for (const m of s.markers) markersTried.add(m.name);
  const text = r.stdout + '\n' + r.stderr;
  const leaks = s.findLeaks(text);
  assert.deepEqual(leaks, [], `${where}: secret printed\n${text.slice(0, 3000)}`);
  assert.doesNotMatch(text, /internal error|\n\s+at [\w.<>]+ \(/, `${where}: crashed\n${r.stderr}`);
}

async function secretsFor(name: string, server: { url: string; caPem: string }, liveProxy?: { url: string; password: string }): Promise<SecretKubeconfig> {
  return buildSecretKubeconfig({ dir: join(root, name), server: server.url, caPem: server.caPem, ca, deadProxyPort: await refusedPort(), ...(liveProxy ? { liveProxy } : {}) });
}

async function healthy(fault: Fault = 'none', target: 'list' | 'all' = 'list'): Promise<{ server: FaultyServer; secrets: SecretKubeconfig; proxy: TestProxy }> {
  const server = await startFaultyServer({ ca, fault, target });
  servers.push(server);
  // A live proxy that wants a password: the requests of c-live-proxy go through it.
  const password = `ktsLiveProxyPass${randomBytes(9).toString('hex')}`;
  const proxy = await startHttpProxy({ credentials: `kts-live-proxy-user:${password}` });
  proxies.push(proxy);
  const secrets = await secretsFor(`${fault}-${target}-${server.port}`, server, { url: proxy.url, password });
  server.allow({ tokens: secrets.acceptedTokens, basicPassword: secrets.basicPassword });
  return { server, secrets, proxy };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kube-trace-secrets-'));
  ca = await createCa('secret-test-ca');
  sandbox = await startTestSandbox();
});

after(async () => {
  await Promise.all([...servers.map((s) => s.close()), ...proxies.map((p) => p.close())]);
  await sandbox.close();
  rmSync(root, { recursive: true, force: true });
  // eslint-disable-next-line no-console
  console.log(`# secrets: ${markersTried.size} kinds of secret tried in ${runs} runs, none printed`);
});

describe('a server that accepts every credential: the whole trace runs, nothing secret is printed', () => {
  let server: FaultyServer;
  let secrets: SecretKubeconfig;
  let proxy: TestProxy;
  before(async () => {
    ({ server, secrets, proxy } = await healthy());
  });

  it('every context × every output mode', async () => {
    for (const ctx of secrets.contexts) {
      for (const mode of MODES) {
        const r = await runCli(['get', 'pods', '--context', ctx.name, ...mode], envFor(secrets));
        const where = `${ctx.auth} ${mode.join(' ')}`;
        assertNoLeak(secrets, r, where);
        if (ctx.reachable && ctx.name !== 'c-proxy') assert.equal(r.exitCode, 0, `${where}: ${r.stderr}`);
      }
    }
  });

  it('the secrets really were used: the server saw each token, the password and both client certificates', () => {
    const auths = new Set(server.requests.map((r) => r.authorization));
    for (const t of secrets.acceptedTokens) assert.ok(auths.has(`Bearer ${t}`), 'a bearer token was never sent');
    assert.ok([...auths].some((a) => a?.startsWith('Basic ')), 'basic auth was never sent');
    const cns = new Set(server.requests.map((r) => r.clientCN));
    assert.ok(cns.has('secret-data-user') && cns.has('secret-file-user'), 'client certificates were never presented');
    assert.ok(auths.has(`Basic ${Buffer.from(`kts-url-user:${secrets.urlPassword}`).toString('base64')}`), 'the server URL\'s user:password was never sent as Basic auth (kubectl sends it)');
    assert.ok(proxy.log.some((e) => e.outcome === 200 && e.credentials?.startsWith('kts-live-proxy-user:')), 'nothing went through the live proxy with its password');
    const ignored = secrets.markers.find((m) => m.name === 'token-file (client-node key) contents')!.value;
    assert.ok(![...auths].some((a) => a?.includes(ignored)), "client-node's token-file was sent; kubectl ignores that key");
  });

  it('--help, usage errors and the version print nothing from the kubeconfig', async () => {
    for (const argv of [['--help'], ['get', '--help'], ['sandbox', '--help'], ['lessons', '--help'], ['--version'], ['get', 'pods', '--bogus'], ['get', 'svc'], ['get', 'pods', '--json', '-o', 'bad']]) {
      assertNoLeak(secrets, await runCli(argv, envFor(secrets)), argv.join(' '));
    }
  });

  it('the Ink UI: every stage, raw details, curl, help and lesson overlays', async () => {
    // Contexts whose screens differ (key data, exec plugin, a failing plugin); drawing is CPU-bound,
    // so not all ten. The plain and JSON runs above cover every context.
    for (const name of ['c-key-data', 'c-exec', 'c-exec-fail']) {
      const ctx = secrets.contexts.find((c) => c.name === name)!;
      const frames = await renderTraceInInk(['get', 'pods', '--context', ctx.name], envFor(secrets));
      assert.ok(frames.some((f) => f.includes(ctx.name === 'c-exec-fail' ? 'plugin' : 'Summary')), `${ctx.auth}: the UI never got to the end:\n${frames.at(-1)}`);
      assertNoLeak(secrets, { stdout: frames.join('\n'), stderr: '', exitCode: 0 }, `TUI ${ctx.auth}`);
    }
  });
});

describe('masking follows kubectl and still teaches (kind, length, public JWT claims)', () => {
  let secrets: SecretKubeconfig;
  const reports = new Map<string, TraceReport>();
  before(async () => {
    ({ secrets } = await healthy());
    for (const c of ['c-token', 'c-jwt', 'c-basic', 'c-key-data', 'c-exec']) {
      const r = await runCli(['get', 'pods', '--context', c, '--json'], envFor(secrets));
      reports.set(c, JSON.parse(r.stdout) as TraceReport);
    }
  });
  const kubeconfigOf = (c: string) => {
    const s = reports.get(c)!.stages.find((x) => x.name === 'kubeconfig');
    assert.ok(s?.name === 'kubeconfig' && s.data);
    return s.data;
  };
  const authHeaderOf = (c: string): string | undefined => {
    const s = reports.get(c)!.stages.find((x) => x.name === 'request');
    assert.ok(s?.name === 'request' && s.data);
    return s.data.request.headers.find((h) => h.name.toLowerCase() === 'authorization')?.value;
  };

  it('a bearer token: "Bearer <masked>", its kind and length', () => {
    const tokenLen = secrets.markers.find((m) => m.name === 'bearer token')!.value.length;
    const auth = kubeconfigOf('c-token').user.auth;
    assert.equal(auth.token?.kind, 'opaque');
    assert.equal(auth.token?.length, tokenLen);
    assert.match(auth.details.map((d) => d.value).join('\n'), new RegExp(`Bearer <masked> \\(opaque, ${tokenLen} chars\\)`));
    assert.equal(authHeaderOf('c-token'), 'Bearer <masked>');
  });

  it('a JWT: its iss, sub and exp are shown, its signature is not', () => {
    const auth = kubeconfigOf('c-jwt').user.auth;
    assert.equal(auth.token?.kind, 'jwt');
    assert.equal(auth.token?.claims?.iss, 'https://issuer.example');
    assert.equal(auth.token?.claims?.sub, 'system:serviceaccount:demo:reader');
    assert.match(auth.token?.claims?.exp ?? '', /^\d{4}-\d\d-\d\dT/);
  });

  it('basic auth: REDACTED, as `kubectl config view` prints it', () => {
    assert.match(kubeconfigOf('c-basic').user.auth.details.map((d) => d.value).join('\n'), /REDACTED/);
    assert.equal(authHeaderOf('c-basic'), 'Basic <masked>');
  });

  it('client-key-data: DATA+OMITTED, as `kubectl config view` prints it', () => {
    assert.match(kubeconfigOf('c-key-data').user.auth.details.map((d) => d.value).join('\n'), /DATA\+OMITTED/);
  });

  it('an exec plugin: command and env names, never env values', () => {
    const auth = kubeconfigOf('c-exec').user.auth;
    assert.deepEqual(auth.exec?.envNames, ['KTS_PLUGIN_SECRET']);
    assert.equal(authHeaderOf('c-exec'), 'Bearer <masked>');
  });
});

describe('the sandbox and failing servers: error paths print nothing secret either', { concurrency: true }, () => {
  const cases: { name: string; start: () => Promise<{ secrets: SecretKubeconfig }> }[] = [
    { name: 'the sandbox (rejects these credentials: 401)', start: async () => ({ secrets: await secretsFor('sandbox', { url: sandbox.sandbox.url, caPem: sandbox.sandbox.caPem }) }) },
    { name: '401 on every request', start: () => healthy('unauthorized', 'all') },
    { name: '403 on the list', start: () => healthy('forbidden-namespace') },
    { name: '500 on every request', start: () => healthy('server-error', 'all') },
    { name: 'a body that is not JSON', start: () => healthy('not-json') },
    { name: 'a truncated body', start: () => healthy('truncated-body') },
    {
      name: 'TLS: a server certificate from an unknown authority',
      start: async () => {
        const other = await createCa('someone-else');
        const server = await startFaultyServer({ ca, serverCert: await issue(other, { cn: 'kube-apiserver', ips: ['127.0.0.1'], server: true }) });
        servers.push(server);
        return { secrets: await secretsFor('tls-unknown', server) };
      },
    },
    { name: 'connection refused', start: async () => ({ secrets: await secretsFor('refused', { url: `https://127.0.0.1:${await refusedPort()}`, caPem: (await createCa('x')).certPem }) }) },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { secrets } = await c.start();
      for (const ctx of secrets.contexts) {
        for (const mode of FAILING_MODES) {
          const r = await runCli(['get', 'pods', '--context', ctx.name, '--request-timeout', '5s', ...mode], envFor(secrets));
          assertNoLeak(secrets, r, `${c.name} / ${ctx.auth} ${mode.join(' ')}`);
        }
      }
    });
  }

  it('a malformed kubeconfig whose broken line holds a token does not quote it', async () => {
    const secrets = await secretsFor('malformed', { url: 'https://127.0.0.1:1', caPem: ca.certPem });
    const token = secrets.markers.find((m) => m.name === 'bearer token')!.value;
    const file = join(root, 'malformed.yaml');
    for (const body of [
      `users:\n- name: u\n  user:\n    token: ${token}: oops\n`,
      `users:\n- name: u\n  user:\n\ttoken: ${token}\n`,
      `users:\n- name: u\n  user: {token: "${token}\n`,
      `current-context: [${token}\n`,
    ]) {
      writeFileSync(file, body);
      for (const mode of FAILING_MODES) {
        const r = await runCli(['get', 'pods', '--kubeconfig', file, ...mode], envFor(secrets));
        assert.equal(r.exitCode, 1);
        assertNoLeak(secrets, r, `malformed kubeconfig ${JSON.stringify(body)} ${mode.join(' ')}`);
      }
    }
  });
});

describe('passwords in URLs and YAML warnings (leaks once, fixed)', () => {
  it('a password in the server URL is shown as *** everywhere, as kubectl does', async () => {
    const { secrets } = await healthy();
    for (const mode of FAILING_MODES) {
      const r = await runCli(['get', 'pods', '--context', 'c-url-userinfo', ...mode], envFor(secrets));
      assert.deepEqual(secrets.findLeaks(r.stdout + r.stderr), [], `${mode.join(' ')} printed the server URL password`);
    }
  });

  it('the proxy URL is shown without its password', async () => {
    const { secrets } = await healthy();
    for (const mode of FAILING_MODES) {
      const r = await runCli(['get', 'pods', '--context', 'c-proxy', ...mode], envFor(secrets));
      assert.deepEqual(secrets.findLeaks(r.stdout + r.stderr), [], `${mode.join(' ')} printed the proxy password`);
    }
  });

  it('a YAML warning about the token line does not echo the line', async () => {
    const secrets = await secretsFor('yaml-warning', { url: 'https://127.0.0.1:1', caPem: ca.certPem });
    const token = secrets.markers.find((m) => m.name === 'bearer token')!.value;
    const file = join(root, 'tagged.yaml');
    writeFileSync(file, `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {token: !vault ${token}}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\n`);
    // A child process: warnings go to the real stderr, which the in-process runner does not capture.
    const r = await new Promise<CliRun>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'get', 'pods', '--json', '--kubeconfig', file], { cwd: ROOT, env: envFor(secrets), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => resolve({ stdout, stderr, exitCode: code ?? 1 }));
    });
    assert.deepEqual(secrets.findLeaks(r.stdout + r.stderr), [], r.stderr);
  });
});
