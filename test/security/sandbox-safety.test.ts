// The sandbox is safe to run on a laptop: loopback only unless --allow-non-loopback (then with a
// warning), a certificate and kubeconfig for the address chosen, TLS always, 401 for a bad token, 403
// for anonymous, RBAC deny by default, kubeconfig mode 0600 and removed on exit, bounded request
// bodies, slow, silent and idle clients cut off, a per-client connection cap, 200 concurrent list
// requests served, every startup error a clear message and an exit, and a clean stop on every
// terminating signal.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { connect as tcpConnect, createServer, type Socket } from 'node:net';
import { connect as h2connect } from 'node:http2';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startTestSandbox, type KubeconfigDoc, type TestSandbox } from '../helpers/sandbox.js';
import { ROOT } from '../faults/tmux.js';
import { kubectlPath, runKubectl } from '../helpers/kubectl.js';
import { startSandbox } from '../../src/sandbox/index.js';

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

interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** `kube-trace sandbox ARGS`, as a child process; resolves once it says "Press Ctrl-C" (or, with untilExit, once it has exited). */
async function sandboxCli(args: string[], o: { untilExit?: boolean } = {}): Promise<CliRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'sandbox', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  // A sandbox that neither gets ready nor exits is itself the failure (it used to stay listening after
  // a startup error): give up on it after 30 s, so the assertion reports it instead of the test hanging.
  const giveUp = setTimeout(() => child.kill('SIGKILL'), 30_000);
  void exited.then(() => clearTimeout(giveUp));
  if (o.untilExit) await exited;
  else {
    const ready = new Promise<void>((resolve) => {
      const check = (): void => {
        if (/Press Ctrl-C/.test(stdout)) resolve();
      };
      child.stdout?.on('data', check);
      void exited.then(() => resolve());
    });
    await ready;
    clearTimeout(giveUp);
  }
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

function canListen(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(0, host, () => srv.close(() => resolve(true)));
  });
}

/** Whether something accepts TCP connections at host:port now. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
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

  it('`kube-trace sandbox` listens on loopback without a word, even on 127.0.0.2: that is still this machine only', async () => {
    for (const args of [[], ['--address', '127.0.0.2']]) {
      const out = join(dir, `loopback-${args.length}.kubeconfig`);
      const run = await sandboxCli(['--kubeconfig-out', out, ...args]);
      assert.match(run.stdout(), args.length ? /listening on https:\/\/127\.0\.0\.2:\d+/ : /listening on https:\/\/127\.0\.0\.1:\d+/);
      assert.equal(run.stderr(), '', 'no warning for a loopback address');
      assert.equal(statSync(out).mode & 0o777, 0o600);
      run.child.kill('SIGINT');
      assert.equal(await run.exited, 130, run.stderr());
    }
  });

  it('an address other machines can reach is refused without --allow-non-loopback: a clear message, exit 1, nothing listening', async () => {
    const out = join(dir, 'wide.kubeconfig');
    const run = await sandboxCli(['--address', '0.0.0.0', '--kubeconfig-out', out], { untilExit: true });
    assert.equal(await run.exited, 1);
    assert.equal(run.stderr(), 'Error: --address 0.0.0.0 is not a loopback address, so other machines could reach the sandbox. Its credentials are in the kubeconfig it writes; anyone who can reach the port and has them can read it. Add --allow-non-loopback if that is what you want.\n');
    assert.equal(run.stdout(), '');
    assert.throws(() => statSync(out), /ENOENT/, 'no kubeconfig written');
  });

  it('with --allow-non-loopback it warns, and its certificate and kubeconfig still work from this machine', { skip: kubectlPath() ? false : 'kubectl is not installed' }, async () => {
    const out = join(dir, 'wide-ok.kubeconfig');
    const run = await sandboxCli(['--address', '0.0.0.0', '--allow-non-loopback', '--kubeconfig-out', out]);
    try {
      assert.match(run.stderr(), /^Warning: --address 0\.0\.0\.0 exposes the sandbox beyond this machine\./);
      assert.match(run.stdout(), /listening on https:\/\/127\.0\.0\.1:\d+/);
      assert.match(run.stdout(), /server certificate valid for localhost, .*127\.0\.0\.1/);
      const got = await runKubectl(kubectlPath() ?? 'kubectl', ['--kubeconfig', out, 'get', 'ns'], { HOME: join(dir, 'home-wide'), PATH: process.env['PATH'] });
      assert.equal(got.exitCode, 0, got.stderr);
      assert.match(got.stdout, /^NAME\s+STATUS\s+AGE\n/);
    } finally {
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 143);
    }
  });

  for (const address of ['127.0.0.2', '::1']) {
    it(`real kubectl works against --address ${address}: the certificate names it and the kubeconfig points at it`, { skip: kubectlPath() ? false : 'kubectl is not installed' }, async (t) => {
      if (address === '::1' && !(await canListen('::1'))) return t.skip('no IPv6 loopback on this machine');
      const out = join(dir, `addr-${address.replace(/:/g, '_')}.kubeconfig`);
      const run = await sandboxCli(['--address', address, '--kubeconfig-out', out]);
      try {
        const server = (parse(readFileSync(out, 'utf8')) as KubeconfigDoc).clusters[0]?.cluster['server'];
        assert.match(String(server), address === '::1' ? /^https:\/\/\[::1\]:\d+$/ : /^https:\/\/127\.0\.0\.2:\d+$/);
        const got = await runKubectl(kubectlPath() ?? 'kubectl', ['--kubeconfig', out, 'get', 'pods'], { HOME: join(dir, `home-${address.replace(/:/g, '_')}`), PATH: process.env['PATH'] });
        assert.equal(got.exitCode, 0, got.stderr);
        assert.match(got.stdout, /^NAME\s+READY\s+STATUS/);
      } finally {
        run.child.kill('SIGTERM');
        await run.exited;
      }
    });
  }

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

  // Since the write path (issue 18) the sandbox persists the admin's writes; identities RBAC does not
  // allow to write change nothing, and a dry run changes nothing for anyone.
  it('writes are refused for identities without write rights, dry runs change nothing, and the admin\'s write is one revision', async () => {
    const rev = sb.sandbox.revision();
    const pod = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'x', image: 'x' }] } }));
    const writes = [
      ['POST', '/api/v1/namespaces/default/pods'],
      ['PUT', '/api/v1/namespaces/default/pods/nginx'],
      ['PATCH', '/api/v1/namespaces/default/pods/nginx'],
      ['DELETE', '/api/v1/namespaces/default/pods/nginx'],
      ['DELETE', '/api/v1/namespaces/default/pods'],
    ] as const;
    for (const who of ['sandbox-viewer', 'sandbox-nobody'] as const) {
      for (const [method, path] of writes) {
        // A fresh connection each: a refused write's unread body ends a kept-alive connection.
        const r = await request(ids[who]!, path, { method, body: pod, agent: false, headers: { 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } });
        assert.ok(r.status >= 400, `${who}: ${method} ${path} → ${r.status}`);
      }
    }
    for (const [method, path] of writes.slice(0, 3)) {
      const r = await request(ids['sandbox-admin']!, `${path}?dryRun=All`, { method, body: pod, agent: false, headers: { 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } });
      assert.ok(r.status < 500, `dry run ${method} ${path} → ${r.status}`);
    }
    assert.equal(sb.sandbox.revision(), rev);
    const created = await request(ids['sandbox-admin']!, '/api/v1/namespaces/default/pods', { method: 'POST', body: pod, agent: false, headers: { 'Content-Type': 'application/json' } });
    assert.equal(created.status, 201);
    assert.ok(sb.sandbox.revision() > rev);
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

describe('startup errors: one clear line, exit 1, nothing left listening', { concurrency: true }, () => {
  const noInternal = (stderr: string): void => {
    assert.doesNotMatch(stderr, /internal error|Please report it|\n\s+at /);
    assert.equal(stderr.trimEnd().split('\n').length, 1, `one line: ${stderr}`);
  };

  it('a kubeconfig path in a directory that does not exist', async () => {
    const run = await sandboxCli(['--kubeconfig-out', '/missing-dir/x'], { untilExit: true });
    assert.equal(await run.exited, 1);
    assert.equal(run.stderr(), 'Error: cannot write the kubeconfig: the directory /missing-dir does not exist\n');
    assert.equal(run.stdout(), '');
  });

  it('a kubeconfig path that is a directory, or an existing file that is not a sandbox kubeconfig', async () => {
    const isDir = await sandboxCli(['--kubeconfig-out', dir], { untilExit: true });
    assert.equal(await isDir.exited, 1);
    assert.equal(isDir.stderr(), `Error: cannot write the kubeconfig: ${dir} exists and is not a regular file\n`);
    const mine = join(dir, 'someone-elses.kubeconfig');
    writeFileSync(mine, 'apiVersion: v1\nkind: Config\nclusters:\n  - name: production\n');
    const other = await sandboxCli(['--kubeconfig-out', mine], { untilExit: true });
    assert.equal(await other.exited, 1);
    assert.match(other.stderr(), /^Error: cannot write the kubeconfig: .*someone-elses\.kubeconfig exists and is not a kube-trace sandbox kubeconfig; choose another --kubeconfig-out or remove it\n$/);
    assert.match(readFileSync(mine, 'utf8'), /name: production/, 'left as it was');
  });

  it('a port already in use', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const port = (taken.address() as { port: number }).port;
    try {
      const run = await sandboxCli(['--port', String(port), '--kubeconfig-out', join(dir, 'port.kubeconfig')], { untilExit: true });
      assert.equal(await run.exited, 1);
      noInternal(run.stderr());
      assert.equal(run.stderr(), `Error: the sandbox could not start: port ${port} on 127.0.0.1 is already in use; choose another with --port, or leave --port out to get a free one\n`);
    } finally {
      taken.close();
    }
  });

  it('an objects file that is not valid', async () => {
    const bad = join(dir, 'bad-objects.yaml');
    writeFileSync(bad, 'kind: Pod\nmetadata: [not, a, map\n');
    const run = await sandboxCli(['--objects', bad, '--kubeconfig-out', join(dir, 'objects.kubeconfig')], { untilExit: true });
    assert.equal(await run.exited, 1);
    assert.match(run.stderr(), /^Error: the sandbox could not start: /);
    assert.doesNotMatch(run.stderr(), /internal error|Please report it/);
  });
});

describe('stopping: each terminating signal closes the sandbox, removes its kubeconfig and exits 128 + the signal number', { concurrency: true }, () => {
  for (const [signal, code] of [['SIGHUP', 129], ['SIGINT', 130], ['SIGQUIT', 131], ['SIGTERM', 143]] as const) {
    it(`${signal} → ${code}`, async () => {
      const out = join(dir, `${signal}.kubeconfig`);
      const run = await sandboxCli(['--kubeconfig-out', out]);
      const port = Number(/listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(run.stdout())?.[1]);
      assert.ok(port > 0, run.stdout());
      assert.ok(await accepts('127.0.0.1', port), 'listening before the signal');
      run.child.kill(signal);
      assert.equal(await run.exited, code, run.stderr());
      assert.match(run.stdout(), new RegExp(`sandbox stopped \\(${signal}\\)\\n$`));
      assert.throws(() => statSync(out), /ENOENT/, 'the kubeconfig (client keys, a token) is gone');
      assert.equal(await accepts('127.0.0.1', port), false, 'nothing listens any more');
    });
  }
});

describe('connection limits', { concurrency: true }, () => {
  it('1,024 idle TCP connections do not lock kubectl out: the oldest silent ones make room', async () => {
    const silent: Socket[] = [];
    try {
      for (let i = 0; i < 1024; i++) silent.push(tcpConnect({ host: '127.0.0.1', port: sb.sandbox.port }));
      await Promise.all(silent.map((s) => new Promise<void>((resolve) => (s.readyState === 'open' ? resolve() : s.once('connect', () => resolve()).once('error', () => resolve())))));
      const r = await request(ids['sandbox-admin']!, '/api/v1/namespaces/default/pods?limit=500', { agent: false });
      assert.equal(r.status, 200);
      assert.match(r.body, /"kind":"PodList"/);
    } finally {
      for (const s of silent) s.destroy();
    }
  });

  it('a connection that never starts TLS is closed at the handshake deadline', async () => {
    const quick = await startSandbox({ limits: { handshakeTimeoutMs: 300 } });
    try {
      const closed = await new Promise<boolean>((resolve) => {
        const s = tcpConnect({ host: '127.0.0.1', port: quick.port });
        s.on('close', () => resolve(true));
        s.on('error', () => undefined);
        setTimeout(() => {
          s.destroy();
          resolve(false);
        }, 30_000).unref();
      });
      assert.ok(closed, 'the silent connection was never closed');
    } finally {
      await quick.close();
    }
  });

  it('an HTTP/2 connection with no stream open is ended (GOAWAY) once idle', async () => {
    const quick = await startSandbox({ limits: { idleTimeoutMs: 300 } });
    try {
      const kc = parse(quick.kubeconfigYaml()) as KubeconfigDoc;
      const caPem = Buffer.from(String(kc.clusters[0]?.cluster['certificate-authority-data']), 'base64').toString('utf8');
      const result = await new Promise<string>((resolve) => {
        const session = h2connect(quick.url, { ca: caPem });
        session.on('goaway', () => resolve('goaway'));
        session.on('close', () => resolve('closed'));
        session.on('error', () => undefined);
        setTimeout(() => {
          session.destroy();
          resolve('still open');
        }, 30_000).unref();
      });
      assert.notEqual(result, 'still open');
    } finally {
      await quick.close();
    }
  });

  it('one client\'s silent connections are capped: past the cap its oldest are closed, newer ones stay, TLS clients still get in', async () => {
    const capped = await startSandbox({ limits: { silentPerClient: 8, handshakeTimeoutMs: 60_000 } });
    const sockets: Socket[] = [];
    try {
      const closed: number[] = [];
      for (let i = 0; i < 20; i++) {
        const s = tcpConnect({ host: '127.0.0.1', port: capped.port });
        s.on('close', () => closed.push(i));
        s.on('error', () => undefined);
        sockets.push(s);
        await new Promise<void>((resolve) => s.once('connect', () => resolve()));
        // Wait until the server has accepted it (and so evicted what it evicts) before the next one.
        await new Promise((r) => setImmediate(r));
      }
      for (let i = 0; i < 200 && closed.length < 12; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual([...closed].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      const kc = parse(capped.kubeconfigYaml()) as KubeconfigDoc;
      const caPem = Buffer.from(String(kc.clusters[0]?.cluster['certificate-authority-data']), 'base64').toString('utf8');
      const status = await new Promise<number>((resolve, reject) => {
        https.get(`${capped.url}/version`, { ca: caPem, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
      assert.equal(status, 200);
    } finally {
      for (const s of sockets) s.destroy();
      await capped.close();
    }
  });
});

describe('slow clients over HTTP/2', () => {
  it('a request whose body stops arriving is answered 504 (kube\'s timeout Status) and its stream reset; the connection serves on', async () => {
    const quick = await startSandbox({ limits: { requestBodyTimeoutMs: 300 } });
    const kc = parse(quick.kubeconfigYaml()) as KubeconfigDoc;
    const d = (k: string): string => Buffer.from(String(kc.users.find((u) => u.name === 'sandbox-admin')?.user[k]), 'base64').toString('utf8');
    const caPem = Buffer.from(String(kc.clusters[0]?.cluster['certificate-authority-data']), 'base64').toString('utf8');
    const session = h2connect(quick.url, { ca: caPem, cert: d('client-certificate-data'), key: d('client-key-data') });
    session.on('error', () => undefined);
    try {
      const stream = session.request({ ':method': 'POST', ':path': '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', 'content-type': 'application/json' }, { endStream: false });
      stream.write('{"spec":');
      stream.on('error', () => undefined);
      let status = 0;
      let body = '';
      stream.on('response', (h) => (status = Number(h[':status'])));
      stream.on('data', (c: Buffer) => (body += c.toString('utf8')));
      // A server that never gives up on the body is the defect: stop waiting after 30 s and fail.
      const giveUp = setTimeout(() => stream.destroy(), 30_000);
      await new Promise<void>((resolve) => stream.on('close', () => resolve()));
      clearTimeout(giveUp);
      assert.equal(status, 504, 'the server answered the stalled request');
      assert.equal(JSON.parse(body).message, 'Timeout: request did not complete within requested timeout - context deadline exceeded');
      const next = session.request({ ':path': '/version' });
      let again = 0;
      next.on('response', (h) => (again = Number(h[':status'])));
      next.resume();
      await new Promise<void>((resolve) => next.on('close', () => resolve()));
      assert.equal(again, 200);
    } finally {
      session.destroy();
      await quick.close();
    }
  });
});
