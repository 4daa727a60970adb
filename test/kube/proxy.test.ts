// Proxies as client-go uses them (each behaviour checked with kubectl 1.33 and these proxies):
// the cluster's proxy-url for every request (loopback too); otherwise HTTPS_PROXY/HTTP_PROXY with
// NO_PROXY as Go's ProxyFromEnvironment reads them (never for localhost or a loopback address);
// HTTP CONNECT with Host, User-Agent: Go-http-client/1.1 and Proxy-Authorization; SOCKS5 with
// user/password; the exchange says which proxy carried it, with the password masked.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ObservedClient, type TransportCredentials } from '../../src/kube/observed-http.js';
import { networkStageError } from '../../src/kube/kubectl-errors.js';
import { proxyFor, proxyUrlProblem } from '../../src/kube/proxy.js';
import { startH2ApiServer, type H2ApiServer } from '../helpers/h2-apiserver.js';
import { startHttpProxy, startSocks5Proxy, type TestProxy } from '../helpers/proxies.js';
import { refusedPort } from '../helpers/faulty-servers.js';
import { createCa, issue, type TestCa } from '../trace/helpers/pki.js';

const headers = [{ name: 'User-Agent', value: 'kubectl.1.33/v1.33.1 (linux/amd64) kubernetes/8adc0f0' }, { name: 'Accept', value: 'application/json' }];
const target = (u: string): URL => new URL(u);

describe('which proxy (Go\'s rules)', () => {
  it('proxy-url wins and applies to loopback servers too', () => {
    const p = proxyFor(target('https://127.0.0.1:6443'), 'http://u:pw@127.0.0.1:3128', { HTTPS_PROXY: 'http://other:1' });
    assert.deepEqual([p?.kind, p?.host, p?.port, p?.source, p?.url, p?.username, p?.password], ['http', '127.0.0.1', 3128, 'proxy-url', 'http://u:***@127.0.0.1:3128', 'u', 'pw']);
  });

  it('HTTPS_PROXY for https, HTTP_PROXY for http, upper case first, a bare host:port read as http://', () => {
    assert.equal(proxyFor(target('https://kube.example:6443'), null, { HTTPS_PROXY: 'proxy:3128', https_proxy: 'http://lower:1' })?.url, 'http://proxy:3128');
    assert.equal(proxyFor(target('https://kube.example:6443'), null, { https_proxy: 'socks5://s:1080' })?.kind, 'socks5');
    assert.equal(proxyFor(target('http://kube.example:8080'), null, { HTTPS_PROXY: 'http://p:1' }), null);
    assert.equal(proxyFor(target('http://kube.example:8080'), null, { HTTP_PROXY: 'http://p:1' })?.source, 'HTTP_PROXY');
    assert.equal(proxyFor(target('http://kube.example:8080'), null, { HTTP_PROXY: 'http://p:1', REQUEST_METHOD: 'GET' }), null, 'Go ignores HTTP_PROXY under CGI');
  });

  it('never for localhost or loopback addresses from the environment', () => {
    for (const u of ['https://127.0.0.1:6443', 'https://localhost:6443', 'https://[::1]:6443', 'https://127.1.2.3:1']) assert.equal(proxyFor(target(u), null, { HTTPS_PROXY: 'http://p:1' }), null, u);
  });

  it('NO_PROXY: names and their subdomains, .suffixes, *., IPs, CIDRs, ports, *', () => {
    const env = (no: string) => ({ HTTPS_PROXY: 'http://p:1', NO_PROXY: no });
    const via = (u: string, no: string) => proxyFor(target(u), null, env(no)) !== null;
    assert.equal(via('https://kube.example:6443', 'example'), false, 'a name matches its subdomains');
    assert.equal(via('https://kube.example:6443', 'other.example'), true);
    assert.equal(via('https://kube.example:6443', 'kube.example'), false);
    assert.equal(via('https://a.kube.example:6443', 'kube.example'), false);
    assert.equal(via('https://kube.example:6443', '.kube.example'), true, '.x matches subdomains only');
    assert.equal(via('https://a.kube.example:6443', '*.kube.example'), false);
    assert.equal(via('https://10.1.2.3:6443', '10.0.0.0/8'), false);
    assert.equal(via('https://10.1.2.3:6443', '10.1.2.4'), true);
    assert.equal(via('https://kube.example:6443', 'kube.example:443'), true, 'another port');
    assert.equal(via('https://kube.example:6443', 'kube.example:6443'), false);
    assert.equal(via('https://kube.example:6443', '*'), false);
  });

  it('validates proxy-url as kubectl does (its wording)', () => {
    assert.equal(proxyUrlProblem('http://127.0.0.1:3128'), null);
    assert.equal(proxyUrlProblem('ftp://127.0.0.1:1'), 'unsupported scheme "ftp", must be http, https, or socks5');
    assert.equal(proxyUrlProblem('127.0.0.1:1'), 'could not parse: 127.0.0.1:1');
    assert.equal(proxyUrlProblem('::bad'), 'could not parse: ::bad');
  });
});

describe('through real proxies on 127.0.0.1', () => {
  let ca: TestCa;
  let api: H2ApiServer;
  const proxies: TestProxy[] = [];
  before(async () => {
    ca = await createCa('proxy-test-ca');
    api = await startH2ApiServer({ ca, tokens: { tok: 'u' }, serverCert: await issue(ca, { cn: 'kube', ips: ['127.0.0.1'], dns: ['localhost', 'kube.test'], server: true }) });
  });
  after(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    await api.close();
  });
  const creds = (proxyUrl: string | null, over: Partial<TransportCredentials> = {}): TransportCredentials => ({ ca: Buffer.from(ca.certPem), rejectUnauthorized: true, authorization: 'Bearer tok', maskedAuthorization: 'Bearer <masked>', extraHeaders: [], proxyUrl, ...over });
  const track = (p: TestProxy): TestProxy => (proxies.push(p), p);
  const withUser = (url: string, userinfo: string): string => url.replace('://', `://${userinfo}@`);

  it('an HTTP proxy with credentials: CONNECT as Go writes it, then h2 through the tunnel; the exchange names the proxy, password masked', async () => {
    const p = track(await startHttpProxy({ credentials: 'pu:PROXYPW' }));
    const c = new ObservedClient(api.url, creds(withUser(p.url, 'pu:PROXYPW')));
    const r = await c.send({ method: 'GET', pathAndQuery: '/version', headers, timeoutMs: 10_000 });
    const again = await c.send({ method: 'GET', pathAndQuery: '/version', headers, timeoutMs: 10_000 });
    c.close();
    assert.equal(r.status, 200);
    assert.equal(r.protocol, 'h2');
    assert.deepEqual(r.connection?.proxy, { kind: 'http', url: `http://pu:***@127.0.0.1:${p.port}`, source: 'proxy-url' });
    assert.equal(typeof r.timings.proxyMs, 'number');
    assert.equal(p.log.length, 1, 'one tunnel for both requests');
    assert.equal(again.connection?.reused, true);
    assert.equal(p.log[0]!.request, `CONNECT 127.0.0.1:${api.port}`);
    assert.deepEqual(p.log[0]!.headers, [
      { name: 'Host', value: `127.0.0.1:${api.port}` },
      { name: 'User-Agent', value: 'Go-http-client/1.1' },
      { name: 'Proxy-Authorization', value: `Basic ${Buffer.from('pu:PROXYPW').toString('base64')}` },
    ]);
    assert.doesNotMatch(JSON.stringify(r), /PROXYPW/);
  });

  it('an https:// proxy (TLS to the proxy, checked with the cluster CA as Go does)', async () => {
    const p = track(await startHttpProxy({ tls: await issue(ca, { cn: 'proxy', ips: ['127.0.0.1'], server: true }) }));
    const c = new ObservedClient(api.url, creds(p.url));
    const r = await c.send({ method: 'GET', pathAndQuery: '/version', headers, timeoutMs: 10_000 });
    c.close();
    assert.equal(r.failure, null, JSON.stringify(r.failure));
    assert.equal(r.connection?.proxy?.kind, 'https');
    assert.equal(r.protocol, 'h2');
  });

  it('a SOCKS5 proxy with user and password', async () => {
    const p = track(await startSocks5Proxy({ credentials: 'su:SOCKSPW' }));
    const c = new ObservedClient(api.url, creds(withUser(p.url, 'su:SOCKSPW')));
    const r = await c.send({ method: 'GET', pathAndQuery: '/version', headers, timeoutMs: 10_000 });
    c.close();
    assert.equal(r.failure, null, JSON.stringify(r.failure));
    assert.equal(r.connection?.proxy?.url, `socks5://su:***@127.0.0.1:${p.port}`);
    assert.deepEqual(p.log.map((e) => [e.request, e.credentials]), [[`SOCKS5 127.0.0.1:${api.port}`, 'su:SOCKSPW']]);
  });

  it('HTTPS_PROXY from the environment for a server name that is not loopback (the proxy reaches it)', async () => {
    const p = track(await startHttpProxy({ targetPort: api.port }));
    const c = new ObservedClient(`https://kube.test:${api.port}`, creds(null), { env: { HTTPS_PROXY: p.url } });
    const r = await c.send({ method: 'GET', pathAndQuery: '/version', headers, timeoutMs: 10_000 });
    c.close();
    assert.equal(r.failure, null, JSON.stringify(r.failure));
    assert.deepEqual(r.connection?.proxy, { kind: 'http', url: p.url, source: 'HTTPS_PROXY' });
    assert.equal(p.log[0]!.request, `CONNECT kube.test:${api.port}`);
    assert.equal(r.timings.dnsMs, null, 'the proxy resolves the name, not the client');
  });

  it('HTTPS_PROXY is not used for 127.0.0.1', async () => {
    const p = track(await startHttpProxy());
    const c = new ObservedClient(api.url, creds(null), { env: { HTTPS_PROXY: p.url } });
    const r = await c.send({ method: 'GET', pathAndQuery: '/version', headers, timeoutMs: 10_000 });
    c.close();
    assert.equal(r.failure, null);
    assert.equal(r.connection?.proxy, undefined);
    assert.equal(p.log.length, 0);
  });

  it('proxy failures are worded as kubectl words them', async () => {
    const p = track(await startHttpProxy({ credentials: 'pu:right' }));
    const s = track(await startSocks5Proxy({ credentials: 'su:right' }));
    const dead = await refusedPort();
    const send = async (proxyUrl: string) => {
      const c = new ObservedClient(api.url, creds(proxyUrl));
      const r = await c.send({ method: 'GET', pathAndQuery: '/api?timeout=32s', headers, timeoutMs: 10_000 });
      c.close();
      return networkStageError(r.failure!, r.url, 'the discovery request');
    };
    // kubectl 1.33, same proxies: these are its last stderr lines.
    assert.equal((await send(withUser(p.url, 'pu:wrong'))).kubectlMessage, 'Unable to connect to the server: Proxy Authentication Required');
    assert.equal((await send(withUser(s.url, 'su:wrong'))).kubectlMessage, `Unable to connect to the server: socks connect tcp 127.0.0.1:${s.port}->127.0.0.1:${api.port}: username/password authentication failed`);
    const refused = await send(`http://pu:DEADPW@127.0.0.1:${dead}`);
    assert.equal(refused.kubectlMessage, `The connection to the server 127.0.0.1:${api.port} was refused - did you specify the right host or port?`);
    assert.match(refused.message, /proxy/);
    assert.doesNotMatch(refused.message + refused.hint, /DEADPW/);
    const socksRefused = await send(`socks5://127.0.0.1:${dead}`);
    assert.equal(socksRefused.kind, 'connection-refused');
  });
});
