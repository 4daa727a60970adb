// The request kube-trace sends is the request real kubectl sends: each kubectl build on this machine
// runs `get pods` against an h2 server on 127.0.0.1; the server records the header block as it
// arrived; kube-trace's client sends the same request (kubectl's own header values, the same
// credentials) and the two blocks must hold the same fields — pseudo-headers in Go's fixed order first,
// accept-encoding last, the same names and values in between (Go's order there is random per run).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ObservedClient, type TransportCredentials } from '../../src/kube/observed-http.js';
import { startH2ApiServer, type H2ApiServer, type WireRequest } from '../helpers/h2-apiserver.js';
import { runKubectl, versionedKubectls } from '../helpers/kubectl.js';
import { createCa, issue, type Issued, type TestCa } from '../trace/helpers/pki.js';

const KUBECTLS = versionedKubectls().filter((k) => k.version === '1.33' || k.version === '1.28');
const LIST = '/api/v1/namespaces/default/pods?limit=500';

let dir: string;
let ca: TestCa;
let api: H2ApiServer;
let admin: Issued;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kube-trace-wire-'));
  ca = await createCa('wire-ca');
  admin = await issue(ca, { cn: 'admin', orgs: ['system:masters'] });
  api = await startH2ApiServer({ ca, tokens: { 'wire-token': 'token-user' } });
});
after(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Case {
  name: string;
  user: () => Record<string, unknown>;
  cluster?: Record<string, unknown>;
  creds: () => TransportCredentials;
}
const CASES: Case[] = [
  {
    name: 'client certificate',
    user: () => ({ 'client-certificate-data': Buffer.from(admin.certPem).toString('base64'), 'client-key-data': Buffer.from(admin.keyPem).toString('base64') }),
    creds: () => ({ ca: Buffer.from(ca.certPem), cert: Buffer.from(admin.certPem), key: Buffer.from(admin.keyPem), rejectUnauthorized: true, authorization: null, maskedAuthorization: null, extraHeaders: [] }),
  },
  {
    name: 'bearer token, impersonation, disable-compression',
    user: () => ({ token: 'wire-token', as: 'jane', 'as-groups': ['g1', 'g2'], 'as-uid': 'uid-1', 'as-user-extra': { scopes: ['a', 'b'] } }),
    cluster: { 'disable-compression': true },
    creds: () => ({
      ca: Buffer.from(ca.certPem),
      rejectUnauthorized: true,
      authorization: 'Bearer wire-token',
      maskedAuthorization: 'Bearer <masked>',
      disableCompression: true,
      extraHeaders: [
        { name: 'Impersonate-User', value: 'jane' },
        { name: 'Impersonate-Uid', value: 'uid-1' },
        { name: 'Impersonate-Group', value: 'g1' },
        { name: 'Impersonate-Group', value: 'g2' },
        { name: 'Impersonate-Extra-Scopes', value: 'a' },
        { name: 'Impersonate-Extra-Scopes', value: 'b' },
      ],
    }),
  },
];

function kubeconfig(c: Case): string {
  const user = c.user();
  const file = join(dir, `${c.name.replace(/\W+/g, '-')}.yaml`);
  writeFileSync(file, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: api.url, 'certificate-authority-data': Buffer.from(ca.certPem).toString('base64'), ...(c.cluster ?? {}) } }], users: [{ name: 'u', user }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], 'current-context': 'x' }));
  return file;
}

const fieldsKey = (f: { name: string; value: string }): string => `${f.name}: ${f.value}`;

describe('kube-trace sends kubectl\'s request, field for field', { skip: KUBECTLS.length === 0 ? 'no kubectl.1.28/1.33 on this machine' : false }, () => {
  for (const k of KUBECTLS) {
    for (const c of CASES) {
      it(`kubectl ${k.version}, ${c.name}`, async () => {
        const start = api.requests.length;
        const run = await runKubectl(k.path, ['--kubeconfig', kubeconfig(c), 'get', 'pods'], { PATH: process.env['PATH'], HOME: mkdtempSync(join(dir, 'home-')) });
        const theirs = api.requests.slice(start).find((r) => r.path === LIST);
        assert.ok(theirs, `kubectl sent no list request: ${run.stderr}`);
        assert.equal(theirs.alpn, 'h2', 'kubectl negotiated h2');
        // kube-trace sends the same request with kubectl's own header values.
        const own = ['user-agent', 'accept', 'kubectl-command', 'kubectl-session'].map((n) => ({ name: n, value: theirs.header(n)! }));
        const client = new ObservedClient(api.url, c.creds());
        const r = await client.send({ method: 'GET', pathAndQuery: LIST, headers: own, timeoutMs: 10_000 });
        client.close();
        assert.equal(r.failure, null);
        const ours: WireRequest = api.requests.at(-1)!;
        const pseudo = (w: WireRequest) => w.fields.filter((f) => f.name.startsWith(':')).map(fieldsKey);
        assert.deepEqual(pseudo(ours), pseudo(theirs));
        if (theirs.header('accept-encoding') !== undefined) assert.equal(ours.fields.at(-1)!.name, 'accept-encoding', 'accept-encoding last, as Go adds it');
        const regular = (w: WireRequest) => w.fields.filter((f) => !f.name.startsWith(':')).map(fieldsKey).sort();
        assert.deepEqual(regular(ours), regular(theirs));
      });
    }
  }
});
