// Starts a real, single-member etcd for a test: free loopback ports for client and peer URLs, a fresh
// temp data dir, ready once /health says so. stop() always kills it and removes the dir; a process exit
// handler does the same if a test run dies before its after() hook.

import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningEtcd {
  /** The client URL, e.g. http://127.0.0.1:41234. */
  endpoint: string;
  peerUrl: string;
  dataDir: string;
  /** Runs `etcdctl --endpoints <endpoint> ARGS…` and resolves with its stdout. */
  etcdctl(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;

/** True when `etcd` and `etcdctl` (the tests check against it) both run from PATH. */
export function etcdOnPath(): boolean {
  const runs = (bin: string, arg: string): boolean => spawnSync(bin, [arg], { stdio: 'ignore', env: { ...process.env, ETCDCTL_API: '3' } }).status === 0;
  return runs('etcd', '--version') && runs('etcdctl', 'version');
}

/**
 * The reason to skip etcd tests, or false to run them. Under CI=true a missing etcd is an error,
 * because .ci/run installs it: a silent skip there would hide a broken setup.
 */
export function etcdSkipReason(): string | false {
  if (etcdOnPath()) return false;
  if (process.env['CI'] === 'true') throw new Error('etcd or etcdctl is not on PATH, but CI=true: .ci/run should have installed etcd-server and etcd-client');
  return 'etcd or etcdctl is not on PATH (install etcd-server and etcd-client to run these tests)';
}

export async function startEtcd(): Promise<RunningEtcd> {
  // A port found free can be taken before etcd binds it; one more try with new ports covers that.
  try {
    return await startOnce();
  } catch (first) {
    if (!(first instanceof PortInUse)) throw first;
    return startOnce();
  }
}

class PortInUse extends Error {}

async function startOnce(): Promise<RunningEtcd> {
  const [clientPort, peerPort] = await freePorts(2);
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-trace-etcd-'));
  const name = 'kube-trace-test';
  const child = spawn(
    'etcd',
    [
      `--name=${name}`,
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=${name}=${peerUrl}`,
      '--initial-cluster-state=new',
      '--logger=zap',
      '--log-outputs=stderr',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);

  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      await terminate(child);
      process.removeListener('exit', killOnExit);
      rmSync(dataDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  try {
    await waitHealthy(endpoint, child, () => stderr);
  } catch (e) {
    await stop();
    if (/address already in use/.test(stderr)) throw new PortInUse(stderr);
    throw e;
  }
  return {
    endpoint,
    peerUrl,
    dataDir,
    stop,
    etcdctl: (args) =>
      new Promise((resolve, reject) => {
        execFile('etcdctl', ['--endpoints', endpoint, ...args], { env: { ...process.env, ETCDCTL_API: '3' } }, (err, out, errOut) => {
          if (err) reject(new Error(`etcdctl ${args.join(' ')} failed: ${errOut || err.message}`));
          else resolve(out);
        });
      }),
  };
}

async function freePorts(n: number): Promise<number[]> {
  // Hold every listener open until all are chosen, so the ports differ.
  const servers: Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const s = createServer();
      servers.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((s) => {
      const addr = s.address();
      if (addr === null || typeof addr === 'string') throw new Error('no TCP address');
      return addr.port;
    });
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

async function waitHealthy(endpoint: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (;;) {
    if (exited || child.exitCode !== null) throw new Error(`etcd exited before it was ready:\n${log()}`);
    try {
      const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: string };
      if (body.health === 'true') return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`etcd at ${endpoint} was not healthy after ${READY_TIMEOUT_MS} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
