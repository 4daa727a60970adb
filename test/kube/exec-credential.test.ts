// kube-trace's ExecCredential runner follows client-go's rules — each expected message below is what
// real kubectl 1.33 printed for the same plugin output — agrees with client-node where the two agree
// (the token, the plugin's env, caching by expiry), and bounds what neither bounds: the plugin runs in
// its own process group, killed as a group at the time limit and on exit, and its output is capped.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { decodeExecCredential, execGoMessage, ExecCredentialError, forgetExecCredentials, killExecPlugins, runExecPlugin, type ExecProblem } from '../../src/kube/exec-credential.js';
import type { KubectlCluster, KubectlExecConfig } from '../../src/kube/kubectl-config.js';

const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kube-trace-exec-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function plugin(body: string): string {
  const p = join(dir, `plugin-${++n}.sh`);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

function execOf(command: string, over: Partial<KubectlExecConfig> = {}): KubectlExecConfig {
  return { command, args: [], env: [], apiVersion: V1, installHint: '', provideClusterInfo: false, interactiveMode: 'Never', ...over };
}

const credential = (token: string, extra = ''): string => `{"kind":"ExecCredential","apiVersion":"${V1}","status":{"token":"${token}"${extra}}}`;

async function problemOf(p: Promise<unknown>): Promise<ExecProblem> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ExecCredentialError) return e.problem;
    throw e;
  }
  assert.fail('the plugin run did not fail');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('decoding stdout as client-go does (messages as kubectl 1.33 prints them after "getting credentials: ")', () => {
  const cases: [string, string, string | null][] = [
    ['{}', '{}', 'exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/__internal'],
    ['nothing', '', 'exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/__internal'],
    ['null', 'null', 'exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/__internal'],
    ['a kind without apiVersion', '{"kind":"ExecCredential","status":{"token":"t"}}', 'exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/__internal'],
    ['not JSON', 'not json', `decoding stdout: couldn't get version/kind; json parse error: json: cannot unmarshal string into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`],
    ['an array', '[1]', `decoding stdout: couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`],
    ['a number', '123', `decoding stdout: couldn't get version/kind; json parse error: json: cannot unmarshal number into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`],
    ['a cut JSON', '{', "decoding stdout: couldn't get version/kind; json parse error: unexpected end of JSON input"],
    ['another kind', `{"kind":"Foo","apiVersion":"${V1}","status":{"token":"t"}}`, 'decoding stdout: no kind "Foo" is registered for version "client.authentication.k8s.io/v1" in scheme "pkg/client/auth/exec/exec.go:62"'],
    ['v1alpha1', '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1alpha1","status":{"token":"t"}}', 'decoding stdout: no kind "ExecCredential" is registered for version "client.authentication.k8s.io/v1alpha1" in scheme "pkg/client/auth/exec/exec.go:62"'],
    ['v1beta1 for a v1 config', `{"kind":"ExecCredential","apiVersion":"${V1BETA1}","status":{"token":"t"}}`, 'exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/v1beta1'],
    ['no status', `{"kind":"ExecCredential","apiVersion":"${V1}"}`, "exec plugin didn't return a status field"],
    ['an empty status', `{"kind":"ExecCredential","apiVersion":"${V1}","status":{}}`, "exec plugin didn't return a token or cert/key pair"],
    ['a certificate without its key', `{"kind":"ExecCredential","apiVersion":"${V1}","status":{"clientCertificateData":"x"}}`, 'exec plugin returned only certificate or key, not both'],
    ['a bad expirationTimestamp', credential('t', ',"expirationTimestamp":"bad"'), 'decoding stdout: parsing time "bad" as "2006-01-02T15:04:05Z07:00": cannot parse "bad" as "2006"'],
  ];
  for (const [name, out, go] of cases) {
    it(name, () => {
      assert.deepEqual(decodeExecCredential(out, V1), { goMessage: go });
    });
  }

  it('accepts what kubectl accepts: apiVersion without kind, and YAML', () => {
    assert.deepEqual(decodeExecCredential(`{"apiVersion":"${V1}","status":{"token":"t"}}`, V1), { status: { token: 't' } });
    assert.deepEqual(decodeExecCredential(`kind: ExecCredential\napiVersion: ${V1}\nstatus:\n  token: y\n`, V1), { status: { token: 'y' } });
  });
});

describe('running the plugin', () => {
  it('gives it our env, its own env entries and KUBERNETES_EXEC_INFO (v1; spec.cluster with provideClusterInfo)', async () => {
    forgetExecCredentials();
    const envFile = join(dir, 'env.json');
    const p = plugin(`node -e 'require("fs").writeFileSync(process.argv[1], JSON.stringify({info: process.env.KUBERNETES_EXEC_INFO, foo: process.env.FOO, inherited: process.env.KTS_INHERITED}))' ${envFile}\necho '${credential('tok-1')}'`);
    const cluster: KubectlCluster = { name: 'c', server: 'https://127.0.0.1:6443', certificateAuthority: '', certificateAuthorityData: 'Q0E=', insecureSkipTlsVerify: false, tlsServerName: 'kube.internal', proxyUrl: 'http://127.0.0.1:1', disableCompression: true, execExtension: { audience: 'x' }, defaulted: false };
    const r = await runExecPlugin(execOf(p, { env: [{ name: 'FOO', value: 'bar' }], provideClusterInfo: true }), { timeoutMs: 10_000, cluster, env: { ...process.env, KTS_INHERITED: 'yes' } });
    assert.equal(r.token, 'tok-1');
    const seen = JSON.parse(readFileSync(envFile, 'utf8')) as { info: string; foo: string; inherited: string };
    assert.equal(seen.foo, 'bar');
    assert.equal(seen.inherited, 'yes');
    // Field for field what kubectl 1.33 handed a plugin for the same cluster entry.
    assert.equal(seen.info, '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"cluster":{"server":"https://127.0.0.1:6443","tls-server-name":"kube.internal","certificate-authority-data":"Q0E=","proxy-url":"http://127.0.0.1:1","disable-compression":true,"config":{"audience":"x"}},"interactive":false}}');
  });

  it('v1beta1 without interactiveMode runs as IfAvailable (no terminal here: not interactive)', async () => {
    forgetExecCredentials();
    const infoFile = join(dir, 'info-beta');
    const p = plugin(`printf '%s' "$KUBERNETES_EXEC_INFO" > ${infoFile}\necho '{"kind":"ExecCredential","apiVersion":"${V1BETA1}","status":{"token":"b"}}'`);
    const r = await runExecPlugin(execOf(p, { apiVersion: V1BETA1, interactiveMode: '' }), { timeoutMs: 10_000 });
    assert.equal(r.token, 'b');
    assert.equal(readFileSync(infoFile, 'utf8'), '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"interactive":false}}');
  });

  it('interactiveMode Always without a terminal: kubectl\'s refusal; with one: kube-trace\'s UI holds it', async () => {
    const p = plugin(`echo '${credential('x')}'`);
    assert.deepEqual(await problemOf(runExecPlugin(execOf(p, { interactiveMode: 'Always' }), { timeoutMs: 10_000 })), { kind: 'interactive', command: p, goMessage: 'exec plugin cannot support interactive mode: standard input is not a terminal' });
    assert.equal(((await problemOf(runExecPlugin(execOf(p, { interactiveMode: 'Always' }), { timeoutMs: 10_000, stdinIsTerminal: true }))) as { goMessage: string | null }).goMessage, null);
  });

  it('failures are worded as kubectl words them', async () => {
    const exit3 = plugin('echo "token=SECRET" >&2; exit 3');
    assert.equal(execGoMessage(await problemOf(runExecPlugin(execOf(exit3), { timeoutMs: 10_000 }))), `exec: executable ${exit3} failed with exit code 3`);
    const killed = plugin('kill -9 $$');
    assert.equal(execGoMessage(await problemOf(runExecPlugin(execOf(killed), { timeoutMs: 10_000 }))), `exec: executable ${killed} failed with exit code -1`);
    assert.equal(execGoMessage(await problemOf(runExecPlugin(execOf('/nonexistent/plugin'), { timeoutMs: 10_000 }))), 'exec: fork/exec /nonexistent/plugin: no such file or directory');
    const notFound = await problemOf(runExecPlugin(execOf('kts-missing-plugin', { installHint: 'install it with: brew install x' }), { timeoutMs: 10_000 }));
    assert.equal(
      execGoMessage(notFound),
      'exec: executable kts-missing-plugin not found\n\nIt looks like you are trying to use a client-go credential plugin that is not installed.\n\nTo learn more about this feature, consult the documentation available at:\n      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins\n\ninstall it with: brew install x',
    );
    assert.deepEqual(await problemOf(runExecPlugin(execOf('x', { apiVersion: 'client.authentication.k8s.io/v1alpha1' }), { timeoutMs: 10_000 })), { kind: 'bad-api-version', command: 'x', apiVersion: 'client.authentication.k8s.io/v1alpha1' });
    assert.equal(execGoMessage({ kind: 'bad-api-version', command: 'x', apiVersion: 'client.authentication.k8s.io/v1alpha1' }), 'exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1"');
  });

  it('a shell wrapper around a long-running child is stopped at the limit, child and all (its pipes no longer hold kube-trace)', async () => {
    const pidFile = join(dir, 'child.pid');
    const p = plugin(`sleep 90 &\necho $! > ${pidFile}\nwait`);
    const started = Date.now();
    const problem = await problemOf(runExecPlugin(execOf(p), { timeoutMs: 500 }));
    assert.equal(problem.kind, 'timeout');
    assert.ok(Date.now() - started < 10_000, 'stopped at the limit, not when the child ends');
    const child = Number(readFileSync(pidFile, 'utf8'));
    await until(() => !alive(child));
  });

  it('a plugin that prints without end is stopped at kube-trace\'s output cap, with a clear problem (no crash)', async () => {
    const p = plugin('yes');
    const problem = await problemOf(runExecPlugin(execOf(p), { timeoutMs: 20_000, maxOutputBytes: 1 << 20 }));
    assert.deepEqual(problem, { kind: 'output-too-large', command: p, limitBytes: 1 << 20 });
  });

  it('killExecPlugins (for exit and signal handlers) kills a running plugin\'s whole group', async () => {
    const pidFile = join(dir, 'hang.pid');
    const p = plugin(`sleep 90 &\necho $! > ${pidFile}\nwait`);
    const run = problemOf(runExecPlugin(execOf(p), { timeoutMs: 60_000 }));
    await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    killExecPlugins();
    const problem = await run;
    assert.equal(problem.kind, 'exit');
    await until(() => !alive(Number(readFileSync(pidFile, 'utf8'))));
  });

  it('caches the credential in this process until its expirationTimestamp, as client-go does', async () => {
    forgetExecCredentials();
    const count = join(dir, 'count');
    writeFileSync(count, '');
    const forever = plugin(`echo x >> ${count}\necho '${credential('c1')}'`);
    await runExecPlugin(execOf(forever), { timeoutMs: 10_000 });
    const again = await runExecPlugin(execOf(forever), { timeoutMs: 10_000 });
    assert.equal(again.fromCache, true);
    assert.equal(readFileSync(count, 'utf8').split('\n').filter(Boolean).length, 1);
    const expired = plugin(`echo x >> ${count}\necho '${credential('c2', ',"expirationTimestamp":"2000-01-01T00:00:00Z"')}'`);
    await runExecPlugin(execOf(expired), { timeoutMs: 10_000 });
    const rerun = await runExecPlugin(execOf(expired), { timeoutMs: 10_000 });
    assert.equal(rerun.fromCache, false);
    assert.equal(readFileSync(count, 'utf8').split('\n').filter(Boolean).length, 3);
  });
});

describe('where client-node and kubectl agree, kube-trace agrees with client-node', () => {
  async function viaClientNode(command: string, env: { name: string; value: string }[] = []): Promise<string | undefined> {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: true }],
      users: [{ name: `u-${++n}`, exec: { apiVersion: V1, command, env, interactiveMode: 'Never' } }],
      contexts: [{ name: 'x', cluster: 'c', user: `u-${n}` }],
      currentContext: 'x',
    });
    const opts: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    return (opts.headers as Record<string, string> | undefined)?.['Authorization'];
  }

  it('the same token from the same plugin, with the plugin env applied', async () => {
    forgetExecCredentials();
    const p = plugin(`echo "{\\"kind\\":\\"ExecCredential\\",\\"apiVersion\\":\\"${V1}\\",\\"status\\":{\\"token\\":\\"tok-$FOO\\"}}"`);
    const env = [{ name: 'FOO', value: 'bar' }];
    const ours = await runExecPlugin(execOf(p, { env }), { timeoutMs: 10_000 });
    assert.equal(`Bearer ${ours.token}`, await viaClientNode(p, env));
  });

  it('where they differ kube-trace follows kubectl: a `{}` reply is kubectl\'s version error, not a JavaScript TypeError', async () => {
    const p = plugin('echo "{}"');
    await assert.rejects(viaClientNode(p), /Cannot read properties of undefined/);
    const problem = await problemOf(runExecPlugin(execOf(p), { timeoutMs: 10_000 }));
    assert.equal(execGoMessage(problem), 'exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/__internal');
  });
});
