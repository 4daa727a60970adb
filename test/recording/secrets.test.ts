// A recording (and a handout) is safe to hand out: a run with every kind of secret in its kubeconfig (bearer token, JWT,
// token file, client key data and files, basic auth, exec plugin output and env, OIDC tokens and
// secret, passwords in the server URL and in proxy URLs) leaves none of them in the file, raw, base64,
// base64url or hex; and what the recorder masks by shape (Secret data, credential fields and headers)
// is masked even when no kubeconfig holds it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { refusedPort, startFaultyServer, type FaultyServer } from '../helpers/faulty-servers.js';
import { startHttpProxy, type TestProxy } from '../helpers/proxies.js';
import { buildSecretKubeconfig, type SecretKubeconfig } from '../helpers/secret-kubeconfig.js';
import { createCa } from '../trace/helpers/pki.js';
import { MASK } from '../../src/recording/format.js';
import { Masker } from '../../src/recording/mask.js';
import type { Recording } from '../../src/recording/format.js';

let root: string;
let server: FaultyServer;
let proxy: TestProxy;
let secrets: SecretKubeconfig;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kube-trace-recording-secrets-'));
  const ca = await createCa('recording-secret-ca');
  server = await startFaultyServer({ ca });
  const password = `ktsLiveProxyPass${randomBytes(9).toString('hex')}`;
  proxy = await startHttpProxy({ credentials: `kts-live-proxy-user:${password}` });
  secrets = await buildSecretKubeconfig({ dir: join(root, 'kc'), server: server.url, caPem: server.caPem, ca, deadProxyPort: await refusedPort(), liveProxy: { url: proxy.url, password } });
  server.allow({ tokens: secrets.acceptedTokens, basicPassword: secrets.basicPassword });
});
after(async () => {
  await server.close();
  await proxy.close();
  rmSync(root, { recursive: true, force: true });
});

describe('recordings of runs with six kinds of secret in the kubeconfig hold none of them', () => {
  it('every context (token, JWT, token file, key data, key files, basic, exec, OIDC, URL and proxy passwords)', async () => {
    const env = { PATH: process.env['PATH'], HOME: join(root, 'home'), NO_COLOR: '1', KUBECONFIG: secrets.kubeconfigList };
    const tried = new Set<string>();
    for (const ctx of secrets.contexts) {
      const file = join(root, `${ctx.name}.json`);
      const handout = join(root, `${ctx.name}.${ctx.name.length % 2 === 0 ? 'html' : 'md'}`);
      await runCli(['get', 'pods', '--context', ctx.name, '--json', '--record', file, '--export', handout], env);
      const text = readFileSync(file, 'utf8');
      assert.deepEqual(secrets.findLeaks(text), [], `${ctx.auth}: a secret is in the recording`);
      assert.deepEqual(secrets.findLeaks(readFileSync(handout, 'utf8')), [], `${ctx.auth}: a secret is in the handout`);
      const rec = JSON.parse(text) as Recording;
      if (ctx.reachable && ctx.name !== 'c-proxy') assert.ok(rec.exchanges.some((e) => e.exchange.purpose === 'list' && e.exchange.status === 200), `${ctx.auth}: the list was recorded`);
      // The replay of a masked recording still runs.
      const replay = await runCli(['replay', file, '--json'], { PATH: process.env['PATH'], HOME: join(root, 'nohome'), NO_COLOR: '1' });
      assert.equal(replay.stderr, '', ctx.auth);
      assert.deepEqual(secrets.findLeaks(replay.stdout), []);
      tried.add(ctx.auth);
    }
    assert.ok(tried.size >= 10);
    // The credentials really were sent (so there was something to leak).
    const auths = new Set(server.requests.map((q) => q.authorization));
    for (const t of secrets.acceptedTokens) assert.ok(auths.has(`Bearer ${t}`));
  });

  it('the URL password kube-trace shows in its kubeconfig stage is masked in the recording, and listed', () => {
    const rec = JSON.parse(readFileSync(join(root, 'c-url-userinfo.json'), 'utf8')) as Recording;
    assert.ok(rec.masking.masked.some((m) => m.what === 'a URL password' || m.what === 'a credential of this run (by value)'), JSON.stringify(rec.masking.masked));
    assert.match(JSON.stringify(rec.steps), /kts-url-user:<masked>@/);
  });
});

describe('masking by shape', () => {
  const secretValue = Buffer.from('kts-secret-data-value-1234').toString('base64');
  const secretObject = { kind: 'Secret', apiVersion: 'v1', metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"k":"${secretValue}"}}` } }, data: { k: secretValue }, type: 'Opaque' };

  it("a Secret's data values (keys kept), its last-applied copy, a SecretList's items", () => {
    const m = new Masker([]);
    const one = m.value(secretObject, 'x') as typeof secretObject;
    assert.deepEqual(one.data, { k: MASK });
    assert.equal(one.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], MASK);
    const list = m.body(JSON.stringify({ kind: 'SecretList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 's' }, data: { k: secretValue } }] }), 'b');
    assert.ok(!list.includes(secretValue));
    assert.match(list, /"k":"<masked>"/);
    assert.ok(m.masked.some((x) => x.what.includes('Secret')), 'the file lists what was masked');
  });

  it('a body cut short (a preview) still has its Secret data masked', () => {
    const text = JSON.stringify({ kind: 'SecretList', apiVersion: 'v1', items: [{ metadata: { name: 's' }, data: { k: secretValue, j: secretValue } }] }).slice(0, -10);
    const out = new Masker([]).text(text, 'p');
    assert.ok(!out.includes(secretValue), out);
  });

  it('credential fields (TokenReview, ExecCredential, OIDC config) and credential headers', () => {
    const m = new Masker([]);
    const v = m.value({ spec: { token: 'kts-token-abcdef' }, status: { token: 'kts-exec-abcdef', clientKeyData: 'kts-key' }, config: { 'id-token': 'a.b.c', 'client-secret': 'kts-cs' }, headers: [{ name: 'Authorization', value: 'Bearer kts-live' }, { name: 'Set-Cookie', value: 'session=kts' }, { name: 'Accept', value: 'application/json' }] }, 'x');
    assert.doesNotMatch(JSON.stringify(v), /kts-|a\.b\.c/);
    assert.match(JSON.stringify(v), /"Bearer <masked>"/);
    assert.match(JSON.stringify(v), /application\/json/);
  });

  it('known secret values, in raw, base64, base64url and hex forms', () => {
    const s = 'kts-known-secret-0123456789';
    const m = new Masker([s]);
    for (const form of [s, Buffer.from(s).toString('base64'), Buffer.from(s).toString('base64url'), Buffer.from(s).toString('hex')]) {
      assert.equal(m.text(`before ${form} after`, 'x'), `before ${MASK} after`, form);
    }
  });

  it('a password in any URL', () => {
    assert.equal(new Masker([]).text('proxy http://user:kts-pw@127.0.0.1:3128 here', 'x'), `proxy http://user:${MASK}@127.0.0.1:3128 here`);
  });
});
