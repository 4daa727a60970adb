// The sandbox speaks HTTP/2 as kube-apiserver does (h2 by ALPN, HTTP/1.1 for clients that ask for it),
// and everything that works over HTTP/1.1 works over HTTP/2: Tables, Status errors, pretty printing,
// watches, the glass box, the body limit. Real kubectl negotiates h2 with it.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as h2connect, constants as h2 } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { call, captured, credentials, TABLE_ACCEPT } from './client.js';

let sb: RunningSandbox;
let dir: string;
before(async () => {
  sb = await startSandbox({ serverVersion: '1.28' });
  dir = await mkdtemp(join(tmpdir(), 'kube-trace-h2-'));
});
after(async () => {
  await sb.close();
  await rm(dir, { recursive: true, force: true });
});

function alpn(protocols: string[]): Promise<string | false> {
  const c = credentials(sb, 'admin');
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host: '127.0.0.1', port: sb.port, ca: c.ca, ALPNProtocols: protocols }, () => {
      resolve(s.alpnProtocol ?? false);
      s.destroy();
    });
    s.on('error', reject);
  });
}

describe('protocol negotiation', () => {
  it('offers h2 by ALPN and falls back to http/1.1, as Go\'s server does', async () => {
    assert.equal(await alpn(['h2', 'http/1.1']), 'h2');
    assert.equal(await alpn(['http/1.1']), 'http/1.1');
    assert.equal(await alpn([]), false);
  });

  it('records the protocol of each request in the glass box and the request log', async () => {
    const one = await call(sb, 'admin', '/version', { protocol: 'h2' });
    const two = await call(sb, 'admin', '/version');
    assert.equal(sb.glassBox(one.headers['audit-id'] ?? '')?.httpVersion, '2');
    assert.equal(sb.glassBox(two.headers['audit-id'] ?? '')?.httpVersion, '1.1');
    assert.equal(sb.requests().find((r) => r.auditId === one.headers['audit-id'])?.httpVersion, '2');
  });

  it('real kubectl talks HTTP/2 to it', { skip: kubectlPath() ? false : 'kubectl is not installed' }, async () => {
    const kubeconfig = join(dir, 'admin.kubeconfig');
    await sb.writeKubeconfig(kubeconfig);
    const marker = `kubectl-h2-${Date.now()}`;
    await new Promise<void>((resolve) => execFile(kubectlPath() ?? 'kubectl', ['--kubeconfig', kubeconfig, 'get', 'pods', '--request-timeout', '20s', '-l', `marker!=${marker}`], { env: { HOME: join(dir, 'home'), PATH: process.env['PATH'] ?? '' } }, () => resolve()));
    const list = sb.requests().filter((r) => r.query.includes(marker));
    assert.equal(list.length, 1, 'kubectl listed pods once');
    assert.equal(list[0]?.httpVersion, '2');
  });
});

describe('over HTTP/2', () => {
  it('a large Table: no content-length (DATA frames), header names exactly as the v1.28.7 h2 capture', async () => {
    const want = captured('pods-default-table');
    assert.equal(want.httpVersion, '2');
    const got = await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT, protocol: 'h2' });
    assert.equal(got.status, 200);
    assert.deepEqual(got.headerNames, want.headerNames);
    assert.equal(got.json()['kind'], 'Table');
  });

  it('a small body carries content-length before date, as x/net/http2 encodes it', async () => {
    const got = await call(sb, 'admin', '/version', { protocol: 'h2' });
    assert.deepEqual(got.headerNames.slice(-2), ['content-length', 'date']);
    assert.equal(got.headers['content-length'], String(Buffer.byteLength(got.body)));
  });

  it('Status errors, pretty printing for curl, 304 on a matching ETag', async () => {
    const missing = await call(sb, 'admin', '/api/v1/namespaces/default/pods/no-such-pod', { protocol: 'h2' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body, captured('pod-get-notfound').body);
    const pretty = await call(sb, 'admin', '/api/v1/namespaces/default/pods?limit=1', { protocol: 'h2', userAgent: 'curl/8.5.0' });
    assert.ok(pretty.body.startsWith('{\n  "kind": "PodList",'));
    const disc = await call(sb, 'admin', '/api', { protocol: 'h2', accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList' });
    const again = await call(sb, 'admin', '/api', { protocol: 'h2', accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList', extraHeaders: { 'if-none-match': disc.headers['etag'] ?? '' } });
    assert.equal(again.status, 304);
    assert.equal(again.body, '');
  });

  it('the glass box is served over HTTP/2, to system:masters only', async () => {
    const r = await call(sb, 'viewer', '/api/v1/namespaces/default/pods?limit=500', { accept: TABLE_ACCEPT, protocol: 'h2' });
    const g = await call(sb, 'admin', `/kube-trace/v1/glassbox/${r.headers['audit-id'] ?? ''}`, { protocol: 'h2' });
    assert.equal(g.status, 200);
    assert.equal(g.json<{ authorization: { decision: string } }>().authorization.decision, 'allow');
    assert.equal((await call(sb, 'viewer', `/kube-trace/v1/glassbox/${r.headers['audit-id'] ?? ''}`, { protocol: 'h2' })).status, 403);
  });

  it('a request body over the limit gets 413', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
    const r = await call(sb, 'admin', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { method: 'POST', body: big, contentType: 'application/json', protocol: 'h2' });
    assert.equal(r.status, 413);
    assert.equal(r.json()['reason'], 'RequestEntityTooLarge');
  });

  it('a watch streams its events as DATA frames and ends at timeoutSeconds', async () => {
    const c = credentials(sb, 'admin');
    const session = h2connect(sb.url, { ca: c.ca, cert: c.cert, key: c.key });
    try {
      const stream = session.request({ [h2.HTTP2_HEADER_PATH]: '/api/v1/namespaces/default/pods?watch=1&resourceVersion=0&timeoutSeconds=1', accept: 'application/json' });
      let text = '';
      let status = 0;
      stream.on('response', (h) => (status = Number(h[h2.HTTP2_HEADER_STATUS])));
      stream.on('data', (d: Buffer) => (text += d.toString('utf8')));
      await new Promise<void>((resolve, reject) => {
        stream.on('end', () => resolve());
        stream.on('error', reject);
      });
      assert.equal(status, 200);
      const events = text.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
      assert.deepEqual(events.map((e) => [e.type, e.object.metadata.name]), [['ADDED', 'api-running'], ['ADDED', 'nginx'], ['ADDED', 'redis'], ['ADDED', 'web-with-sidecar']]);
    } finally {
      session.close();
    }
  });

  it('many requests share one connection, as Go\'s transport sends them', async () => {
    const c = credentials(sb, 'admin');
    const session = h2connect(sb.url, { ca: c.ca, cert: c.cert, key: c.key });
    try {
      const get = (path: string): Promise<number> =>
        new Promise((resolve, reject) => {
          const s = session.request({ [h2.HTTP2_HEADER_PATH]: path, accept: 'application/json' });
          let status = 0;
          s.on('response', (h) => (status = Number(h[h2.HTTP2_HEADER_STATUS])));
          s.resume();
          s.on('end', () => resolve(status));
          s.on('error', reject);
        });
      const statuses = await Promise.all(['/api', '/apis', '/api/v1', '/api/v1/namespaces/default/pods?limit=500', '/version'].map(get));
      assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
    } finally {
      session.close();
    }
  });
});
