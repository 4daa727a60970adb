// Credentials are read as kubectl reads them, and refused with kubectl's words at kubectl's stage.
// Each case is one kubeconfig run twice against the same h2 server on 127.0.0.1: by the kube layer
// (loadKubeconfig → selectContext → confirmUsable → credentialsFor → ObservedClient, the path the
// engine takes) and by real kubectl 1.33 when it is on this machine. The two must send the same
// credentials, or fail with the same message before any request (kubeconfig stage) or while sending.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadKubeconfig } from '../../src/kube/kubeconfig-loader.js';
import { confirmUsable, configurationStageError, selectContext } from '../../src/kube/kubectl-config.js';
import { CredentialError, credentialStageError, credentialsFor } from '../../src/kube/credentials.js';
import { forgetExecCredentials } from '../../src/kube/exec-credential.js';
import { ObservedClient } from '../../src/kube/observed-http.js';
import { networkStageError } from '../../src/kube/kubectl-errors.js';
import type { StageError } from '../../src/kube/types.js';
import { startH2ApiServer, type H2ApiServer, type WireRequest } from '../helpers/h2-apiserver.js';
import { runKubectl, versionedKubectls } from '../helpers/kubectl.js';
import { createCa, issue, type Issued, type TestCa } from '../trace/helpers/pki.js';

// kubectl 1.32 and 1.33 agree on every case here; each case is compared with both where present.
const KUBECTLS = versionedKubectls().filter((k) => k.version === '1.32' || k.version === '1.33');
const KUBECTL = KUBECTLS.at(-1)?.path ?? null;
const LIST = '/api/v1/namespaces/default/pods?limit=500';
const UA = [{ name: 'User-Agent', value: 'kubectl.1.33/v1.33.1 (linux/amd64) kubernetes/8adc0f0' }, { name: 'Accept', value: 'application/json' }];

// Made at load time: the cases below name files in it.
const dir = mkdtempSync(join(tmpdir(), 'kube-trace-creds-'));
let ca: TestCa;
let api: H2ApiServer;
let admin: Issued;
let other: Issued;
before(async () => {
  ca = await createCa('creds-ca');
  admin = await issue(ca, { cn: 'admin', orgs: ['system:masters'] });
  other = await issue(ca, { cn: 'other' });
  api = await startH2ApiServer({ ca, tokens: { 'good-token': 'token-user', 'file-token': 'file-user' } });
});
after(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

let k = 0;
function file(name: string, content: string, mode = 0o600): string {
  const p = join(dir, `${++k}-${name}`);
  writeFileSync(p, content, { mode });
  return p;
}
const b64 = (s: string): string => Buffer.from(s).toString('base64');

function kubeconfig(user: Record<string, unknown>, cluster: Record<string, unknown> = {}): string {
  const c = { server: api.url, 'certificate-authority-data': b64(ca.certPem), ...cluster };
  for (const [key, v] of Object.entries(c)) if (v === null) delete (c as Record<string, unknown>)[key];
  return file('config.yaml', stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: c }], users: [{ name: 'u', user }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], 'current-context': 'x' }));
}

interface Outcome {
  stage: 'kubeconfig' | 'request' | 'sent';
  error?: StageError;
  /** What the server saw of kube-trace's list request. */
  wire?: WireRequest;
}

/** The kube layer's path for a kubeconfig: what the engine does with it, up to the list request. */
async function ours(kc: string): Promise<Outcome> {
  forgetExecCredentials();
  const merged = loadKubeconfig({ explicitPath: kc, envValue: undefined, homeDir: dir, sandboxPath: null });
  const sel = selectContext(merged, merged.raw.currentContext);
  const problems = confirmUsable(sel);
  if (problems.length > 0) return { stage: 'kubeconfig', error: configurationStageError(problems) };
  let creds;
  try {
    creds = await credentialsFor(sel, 10_000);
  } catch (e) {
    if (e instanceof CredentialError) return { stage: e.kubectlStage, error: credentialStageError(e.problem) };
    throw e;
  }
  const client = new ObservedClient(sel.cluster.server, creds);
  const start = api.requests.length;
  const r = await client.send({ method: 'GET', pathAndQuery: LIST, headers: UA, timeoutMs: 10_000 });
  client.close();
  if (r.failure) return { stage: 'request', error: networkStageError(r.failure, r.url, 'the list request') };
  return { stage: 'sent', wire: api.requests.slice(start).at(-1)! };
}

/** Real kubectl on the same kubeconfig: its stderr, and the list request the server saw (if any). */
async function theirs(kc: string, bin: string = KUBECTL!): Promise<{ stderr: string; stdout: string; requests: number; wire?: WireRequest }> {
  const start = api.requests.length;
  const home = join(dir, `home-${++k}`);
  mkdirSync(home);
  const r = await runKubectl(bin, ['--kubeconfig', kc, 'get', 'pods'], { PATH: process.env['PATH'], HOME: home });
  const seen = api.requests.slice(start);
  const wire = seen.find((q) => q.path === LIST);
  return { stderr: r.stderr, stdout: r.stdout, requests: seen.length, ...(wire ? { wire } : {}) };
}

const credentialHeaders = (w: WireRequest | undefined): string[] => (w ? w.fields.filter((f) => /^(authorization|impersonate-|accept-encoding)/.test(f.name)).map((f) => `${f.name}: ${f.value}`).sort() : []);

/** kubectl's stderr without its retry log lines (E… memcache.go), which kube-trace does not repeat. */
const kubectlLines = (stderr: string): string => stderr.split('\n').filter((l) => !/^[EIW]\d{4} /.test(l) && l.trim() !== '').join('\n');

interface Case {
  name: string;
  config: () => string;
  /** The stage kubectl stops at, and (for errors) its words. */
  expect: { stage: 'kubeconfig' | 'request' | 'sent'; kubectl?: string; user?: string | null };
}

const CASES: Case[] = [
  { name: 'tokenFile (kubectl\'s key) is read and trimmed', config: () => kubeconfig({ tokenFile: file('token', 'file-token\n') }), expect: { stage: 'sent', user: 'file-user' } },
  { name: 'token and tokenFile: the file wins', config: () => kubeconfig({ token: 'good-token', tokenFile: file('token', 'file-token\n') }), expect: { stage: 'sent', user: 'file-user' } },
  { name: 'token and an unreadable tokenFile: the token', config: () => kubeconfig({ token: 'good-token', tokenFile: join(dir, 'missing-token') }), expect: { stage: 'sent', user: 'token-user' } },
  { name: 'a missing tokenFile stops kubectl while loading the kubeconfig', config: () => kubeconfig({ tokenFile: join(dir, 'nope') }), expect: { stage: 'kubeconfig', kubectl: `error: open ${join(dir, 'nope')}: no such file or directory` } },
  { name: 'a tokenFile of blanks cannot be a header', config: () => kubeconfig({ tokenFile: file('blank', '   \n') }), expect: { stage: 'request', kubectl: 'Unable to connect to the server: net/http: invalid header field value for "Authorization"' } },
  { name: 'client-key file missing: a kubeconfig problem, before any request', config: () => kubeconfig({ 'client-certificate': file('c.crt', admin.certPem), 'client-key': join(dir, 'missing.key') }), expect: { stage: 'kubeconfig', kubectl: `error: unable to read client-key ${join(dir, 'missing.key')} for u due to open ${join(dir, 'missing.key')}: no such file or directory` } },
  { name: 'a certificate without a key', config: () => kubeconfig({ 'client-certificate-data': b64(admin.certPem) }), expect: { stage: 'kubeconfig', kubectl: 'error: client-key-data or client-key must be specified for u to use the clientCert authentication method.' } },
  { name: 'client-key-data that is not PEM', config: () => kubeconfig({ 'client-certificate-data': b64(admin.certPem), 'client-key-data': b64('notpem\n') }), expect: { stage: 'kubeconfig', kubectl: 'error: tls: failed to find any PEM data in key input' } },
  { name: 'client-certificate-data that is not PEM', config: () => kubeconfig({ 'client-certificate-data': b64('notpem\n'), 'client-key-data': b64(admin.keyPem) }), expect: { stage: 'kubeconfig', kubectl: 'error: tls: failed to find any PEM data in certificate input' } },
  { name: 'a key that is not the certificate\'s', config: () => kubeconfig({ 'client-certificate-data': b64(admin.certPem), 'client-key-data': b64(other.keyPem) }), expect: { stage: 'kubeconfig', kubectl: 'error: tls: private key does not match public key' } },
  { name: 'client certificate files', config: () => kubeconfig({ 'client-certificate': file('c.crt', admin.certPem), 'client-key': file('c.key', admin.keyPem) }), expect: { stage: 'sent', user: 'admin' } },
  { name: 'certificate-authority file missing', config: () => kubeconfig({ token: 'good-token' }, { 'certificate-authority-data': null, 'certificate-authority': join(dir, 'no-ca.crt') }), expect: { stage: 'kubeconfig', kubectl: `error: unable to read certificate-authority ${join(dir, 'no-ca.crt')} for c due to open ${join(dir, 'no-ca.crt')}: no such file or directory` } },
  { name: 'certificate-authority-data that is not PEM', config: () => kubeconfig({ token: 'good-token' }, { 'certificate-authority-data': b64('notpem\n') }), expect: { stage: 'kubeconfig', kubectl: 'error: unable to load root certificates: unable to parse bytes as PEM block' } },
  { name: 'a CA with insecure-skip-tls-verify', config: () => kubeconfig({ token: 'good-token' }, { 'insecure-skip-tls-verify': true }), expect: { stage: 'kubeconfig', kubectl: 'error: specifying a root certificates file with the insecure flag is not allowed' } },
  { name: 'certificate-authority and -data both', config: () => kubeconfig({ token: 'good-token' }, { 'certificate-authority': file('ca.crt', ca.certPem) }), expect: { stage: 'kubeconfig', kubectl: 'error: certificate-authority-data and certificate-authority are both specified for c. certificate-authority-data will override.' } },
  { name: 'token and basic auth both', config: () => kubeconfig({ token: 'good-token', username: 'a', password: 'b' }), expect: { stage: 'kubeconfig', kubectl: 'error: more than one authentication method found for u; found [token basicAuth], only one is allowed' } },
  { name: 'as-uid without as', config: () => kubeconfig({ token: 'good-token', 'as-uid': 'u1' }), expect: { stage: 'kubeconfig', kubectl: 'error: requesting uid, groups or user-extra for u without impersonating a user' } },
  { name: 'two problems: kubectl lists them', config: () => kubeconfig({ token: 'good-token', username: 'b', 'as-uid': 'x' }), expect: { stage: 'kubeconfig', kubectl: 'Error in configuration: \n* more than one authentication method found for u; found [token basicAuth], only one is allowed\n* requesting uid, groups or user-extra for u without impersonating a user' } },
  { name: 'impersonation: as, as-uid, as-groups, as-user-extra', config: () => kubeconfig({ token: 'good-token', as: 'jane', 'as-uid': 'uid-1', 'as-groups': ['g1', 'g2'], 'as-user-extra': { scopes: ['a', 'b'], 'Scopes/x': ['c'] } }), expect: { stage: 'sent', user: 'token-user' } },
  { name: 'disable-compression: no accept-encoding', config: () => kubeconfig({ token: 'good-token' }, { 'disable-compression': true }), expect: { stage: 'sent', user: 'token-user' } },
  { name: 'tls-server-name', config: () => kubeconfig({ token: 'good-token' }, { 'tls-server-name': 'localhost' }), expect: { stage: 'sent', user: 'token-user' } },
  { name: 'auth-provider gcp was removed from kubectl', config: () => kubeconfig({ 'auth-provider': { name: 'gcp' } }), expect: { stage: 'kubeconfig', kubectl: 'error: The gcp auth plugin has been removed.\nPlease use the "gke-gcloud-auth-plugin" kubectl/client-go credential plugin instead.\nSee https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke for further details' } },
  { name: 'an unknown auth-provider', config: () => kubeconfig({ 'auth-provider': { name: 'foo', config: {} } }), expect: { stage: 'kubeconfig', kubectl: 'error: no Auth Provider found for name "foo"' } },
  { name: 'oidc without idp-issuer-url', config: () => kubeconfig({ 'auth-provider': { name: 'oidc', config: {} } }), expect: { stage: 'kubeconfig', kubectl: 'error: Must provide idp-issuer-url' } },
  { name: 'exec v1 without interactiveMode', config: () => kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/bin/true' } }), expect: { stage: 'kubeconfig', kubectl: 'error: interactiveMode must be specified for u to use exec authentication plugin' } },
  { name: 'exec v1alpha1', config: () => kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1alpha1', command: '/bin/true', interactiveMode: 'Never' } }), expect: { stage: 'kubeconfig', kubectl: 'error: exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1"' } },
  {
    name: 'an exec plugin that exits 3 (while sending)',
    config: () => {
      const p = file('plugin.sh', '#!/bin/sh\necho "oops" >&2\nexit 3\n', 0o700);
      chmodSync(p, 0o700);
      return kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: p, interactiveMode: 'Never' } });
    },
    expect: { stage: 'request' },
  },
  {
    name: 'an exec plugin\'s token',
    config: () => {
      const p = file('plugin-ok.sh', '#!/bin/sh\necho \'{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"good-token"}}\'\n', 0o700);
      return kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: p, interactiveMode: 'Never' } });
    },
    expect: { stage: 'sent', user: 'token-user' },
  },
  { name: 'a token beside an exec plugin: the token (the plugin is not run)', config: () => kubeconfig({ token: 'good-token', exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/nonexistent/plugin', interactiveMode: 'Never' } }), expect: { stage: 'sent', user: 'token-user' } },
  { name: 'basic auth in the server URL wins over the token', config: () => kubeconfig({ token: 'good-token' }, { server: api.url.replace('://', '://admin:S3CRETPW@') }), expect: { stage: 'sent', user: null } },
];

describe('credentials, as kubectl reads them', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const kc = c.config();
      const o = await ours(kc);
      assert.equal(o.stage, c.expect.stage, JSON.stringify(o.error));
      if (c.expect.kubectl !== undefined) assert.equal(o.error?.kubectlMessage, c.expect.kubectl);
      if (c.expect.user !== undefined) assert.equal(o.wire?.user, c.expect.user);
      for (const bin of KUBECTLS) {
        const k = await theirs(kc, bin.path);
        const who = `kubectl ${bin.version}`;
        if (c.expect.stage === 'kubeconfig') {
          assert.equal(k.requests, 0, `${who} sent nothing`);
          assert.equal(kubectlLines(k.stderr), o.error!.kubectlMessage, who);
        } else if (c.expect.stage === 'request') {
          assert.equal(kubectlLines(k.stderr).split('\n').filter((l) => l !== 'oops').at(-1), o.error!.kubectlMessage, who);
        } else {
          assert.deepEqual(credentialHeaders(o.wire), credentialHeaders(k.wire), `${who}: the same credential headers on the wire`);
          assert.equal(o.wire?.user, k.wire?.user, who);
        }
      }
    });
  }
});

describe('what kubectl does not send', () => {
  it('over plain http:// no credentials go out (kubectl reads them only for TLS); impersonation still does', async () => {
    const { createServer } = await import('node:http');
    const seen: string[][] = [];
    const server = createServer((req, res) => {
      seen.push(req.rawHeaders);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const kc = file('plain.yaml', stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: url } }], users: [{ name: 'u', user: { token: 'secret-tok', as: 'jane', 'client-certificate-data': b64(admin.certPem), 'client-key-data': b64(admin.keyPem) } }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], 'current-context': 'x' }));
    const merged = loadKubeconfig({ explicitPath: kc, envValue: undefined, homeDir: dir, sandboxPath: null });
    const creds = await credentialsFor(selectContext(merged, 'x'));
    assert.equal(creds.authorization, null);
    assert.equal(creds.cert, undefined);
    assert.equal(creds.facts.withheldOnPlainHttp, true);
    const client = new ObservedClient(url, creds);
    await client.send({ method: 'GET', pathAndQuery: '/version', headers: UA, timeoutMs: 5000 });
    client.close();
    server.close();
    const names = seen[0]!.filter((_, i) => i % 2 === 0);
    assert.ok(!names.includes('Authorization'));
    assert.ok(names.includes('Impersonate-User'));
  });

  it("client-node's token-file is not kubectl's: ignored, said so, and kubectl would prompt for a user name", async () => {
    const kc = kubeconfig({ 'token-file': file('t', 'file-token\n') });
    const merged = loadKubeconfig({ explicitPath: kc, envValue: undefined, homeDir: dir, sandboxPath: null });
    const sel = selectContext(merged, 'x');
    assert.deepEqual(sel.user.ignoredKeys, ['token-file']);
    const creds = await credentialsFor(sel);
    assert.equal(creds.authorization, null);
    assert.equal(creds.facts.promptsForBasicAuth, true);
    assert.equal(merged.kubeConfig.getCurrentUser()?.token, undefined, 'client-node was not handed token-file either');
    if (KUBECTL) assert.match((await theirs(kc)).stdout, /Please enter Username:/);
  });
});
