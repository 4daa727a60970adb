// The sandbox is safe to run on a laptop: loopback only unless --address is given (with a warning),
// TLS always, 401 for a bad token, 403 for anonymous, RBAC deny by default, kubeconfig mode 0600,
// bounded request bodies, slow clients cut off, and 200 concurrent list requests served.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startTestSandbox, type KubeconfigDoc, type TestSandbox } from '../helpers/sandbox.js';
import { ROOT } from '../faults/tmux.js';

interface Identity {
  cert?: string;
  key?: string;
  token?: string;
}

let sb: TestSandbox;
let dir: string;
let ids: Record<string, Identity>;
let ca: string;

function identities(yaml: string): Record<string, Identity> {
  const doc = parse(yaml) as KubeconfigDoc;
  const out: Record<string, Identity> = {};
  for (const u of doc.users) {
    const d = (k: string): string | undefined => (typeof u.user[k] === 'string' ? Buffer.from(u.user[k] as string, 'base64').toString('utf8') : undefined);
    const id: Identity = {};
    const cert = d('client-certificate-data');
    const key = d('client-key-data');
    if (cert) id.cert = cert;
    if (key) id.key = key;
    if (typeof u.user['token'] === 'string') id.token = u.user['token'] as string;
    out[u.name] = id;
  }
  return out;
}

interface Reply {
  status: number;
  body: string;
}

function request(id: Identity, path: string, o: { method?: string; body?: Buffer; headers?: Record<string, string>; agent?: https.Agent | false } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, sb.sandbox.url);
    const req = https.request(
      url,
      {
        method: o.method ?? 'GET',
        ca,
        ...(id.cert ? { cert: id.cert, key: id.key } : {}),
        headers: { Accept: 'application/json', ...(id.token ? { Authorization: `Bearer ${id.token}` } : {}), ...(o.headers ?? {}) },
        ...(o.agent !== undefined ? { agent: o.agent } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

before(async () => {
  sb = await startTestSandbox();
  dir = mkdtempSync(join(tmpdir(), 'kube-trace-sandbox-safety-'));
  ca = sb.sandbox.caPem;
  ids = identities(sb.sandbox.kubeconfigYaml());
});

after(async () => {
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('network exposure', () => {
  it('binds 127.0.0.1 by default, and nothing else: another loopback address is refused', async () => {
    assert.equal(sb.sandbox.address, '127.0.0.1');
    assert.match(sb.sandbox.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      const s = tcpConnect({ host: '127.0.0.2', port: sb.sandbox.port });
      s.on('connect', () => {
        s.destroy();
        resolve(null);
      });
      s.on('error', (e) => resolve(e));
    });
    assert.equal(err?.code, 'ECONNREFUSED', 'the sandbox listens on every address, not only 127.0.0.1');
  });

  it('`kube-trace sandbox` listens on loopback without a word; --address elsewhere warns', async () => {
    for (const [args, warns] of [[[], false], [['--address', '127.0.0.2'], true]] as const) {
      const out = join(dir, `cmd-${warns}.kubeconfig`);
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'sandbox', '--kubeconfig-out', out, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      for (let i = 0; i < 600 && !/Press Ctrl-C/.test(stdout) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 25));
      child.kill('SIGINT');
      assert.equal(await exited, 0, stderr);
      assert.match(stdout, warns ? /listening on https:\/\/127\.0\.0\.2:\d+/ : /listening on https:\/\/127\.0\.0\.1:\d+/);
      if (warns) assert.match(stderr, /Warning: --address 127\.0\.0\.2 exposes the sandbox/);
      else assert.equal(stderr, '');
      assert.equal(statSync(out).mode & 0o777, 0o600);
    }
  });

  it('speaks TLS only: a plain-HTTP request gets no HTTP answer', async () => {
    const reply = await new Promise<string>((resolve) => {
      const s = tcpConnect({ host: '127.0.0.1', port: sb.sandbox.port }, () => s.write('GET /api HTTP/1.1\r\nHost: x\r\n\r\n'));
      let got = '';
      s.on('data', (c: Buffer) => (got += c.toString('latin1')));
      s.on('close', () => resolve(got));
      s.on('error', () => resolve(got));
      s.setTimeout(5000, () => s.destroy());
    });
    assert.doesNotMatch(reply, /^HTTP\//);
    assert.doesNotMatch(reply, /PodList|Table|APIVersions/);
  });
});

describe('authentication and authorization', () => {
  it('a bad token gets 401 with kube-apiserver\'s Status body', async () => {
    const r = await request({ token: 'not-a-real-token' }, '/api/v1/namespaces/default/pods');
    assert.equal(r.status, 401);
    assert.deepEqual(JSON.parse(r.body), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });

  it('no credentials at all is system:anonymous, and anonymous gets 403 (not data)', async () => {
    const r = await request({}, '/api/v1/namespaces/default/pods');
    assert.equal(r.status, 403);
    assert.match(r.body, /User \\"system:anonymous\\" cannot list resource \\"pods\\"/);
  });

  it('RBAC denies by default: users without bindings get 403 for every read', async () => {
    for (const user of ['sandbox-nobody', 'sandbox-token']) {
      for (const path of ['/api/v1/namespaces/default/pods', '/api/v1/pods', '/api/v1/nodes', '/api/v1/namespaces', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings']) {
        const r = await request(ids[user]!, path);
        assert.equal(r.status, 403, `${user} GET ${path}: ${r.status}`);
      }
    }
  });

  it('the viewer may list pods in default only', async () => {
    assert.equal((await request(ids['sandbox-viewer']!, '/api/v1/namespaces/default/pods')).status, 200);
    assert.equal((await request(ids['sandbox-viewer']!, '/api/v1/namespaces/kube-system/pods')).status, 403);
    assert.equal((await request(ids['sandbox-viewer']!, '/api/v1/pods')).status, 403);
  });

  it('writes are refused, even for the admin, and change nothing', async () => {
    const rev = sb.sandbox.revision();
    const pod = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'x', image: 'x' }] } }));
    for (const [method, path] of [
      ['POST', '/api/v1/namespaces/default/pods'],
      ['PUT', '/api/v1/namespaces/default/pods/nginx'],
      ['PATCH', '/api/v1/namespaces/default/pods/nginx'],
      ['DELETE', '/api/v1/namespaces/default/pods/nginx'],
      ['DELETE', '/api/v1/namespaces/default/pods'],
    ] as const) {
      // A fresh connection each: a refused write's unread body ends a kept-alive connection.
      const r = await request(ids['sandbox-admin']!, path, { method, body: pod, agent: false, headers: { 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } });
      assert.ok(r.status >= 400, `${method} ${path} → ${r.status}`);
    }
    assert.equal(sb.sandbox.revision(), rev);
  });
});

describe('files', () => {
  it('the kubeconfig is written with mode 0600, even over an existing world-readable file', async () => {
    const fresh = join(dir, 'fresh.kubeconfig');
    await sb.sandbox.writeKubeconfig(fresh);
    assert.equal(statSync(fresh).mode & 0o777, 0o600);
    const existing = join(dir, 'existing.kubeconfig');
    writeFileSync(existing, 'old', { mode: 0o644 });
    await sb.sandbox.writeKubeconfig(existing);
    assert.equal(statSync(existing).mode & 0o777, 0o600);
  });
});

describe('resource limits', { concurrency: true }, () => {
  const ssar = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

  it('a request body over the limit gets 413, declared or streamed', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
    const declared = await request(ids['sandbox-admin']!, ssar, { method: 'POST', body: big, headers: { 'Content-Type': 'application/json' } });
    assert.equal(declared.status, 413);
    const streamed = await request(ids['sandbox-admin']!, ssar, { method: 'POST', body: big, headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } });
    assert.equal(streamed.status, 413);
  });

  it('200 concurrent list requests are all served (loopback, bounded)', async () => {
    const agent = new https.Agent({ keepAlive: false, maxSockets: 200 });
    try {
      const replies = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          request(ids['sandbox-admin']!, i % 2 ? '/api/v1/namespaces/default/pods?limit=500' : '/api/v1/pods?limit=500', {
            agent,
            headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
          }),
        ),
      );
      const bad = replies.filter((r) => r.status !== 200 || !r.body.includes('"kind":"Table"'));
      assert.equal(bad.length, 0, `${bad.length} of 200 failed, e.g. ${bad[0]?.status} ${bad[0]?.body.slice(0, 200)}`);
      // eslint-disable-next-line no-console
      console.log('# load: 200 concurrent list requests, 200 served');
    } finally {
      agent.destroy();
    }
  });

  it('a client that sends half its headers and stops is disconnected', async () => {
    const closed = await new Promise<boolean>((resolve) => {
      const s = tlsConnect({ host: '127.0.0.1', port: sb.sandbox.port, ca }, () => s.write('GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
      s.on('data', () => undefined);
      s.on('close', () => resolve(true));
      s.on('error', () => undefined);
      // Node checks header deadlines every few seconds; a minute means the server never cut it off.
      setTimeout(() => {
        s.destroy();
        resolve(false);
      }, 60_000).unref();
    });
    assert.ok(closed, 'the slow client was never disconnected');
  });
});
