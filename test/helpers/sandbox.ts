// A sandbox for a test file: started once, with its kubeconfig and variants of it (bad token, dead server).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/index.js';

export interface TestSandbox {
  sandbox: RunningSandbox;
  dir: string;
  /** The kubeconfig the sandbox wrote (sandbox-admin current). */
  kubeconfig: string;
  /** A HOME with no ~/.kube: kubectl's discovery cache stays private to the test. */
  home: string;
  env: Record<string, string | undefined>;
  /** Writes a variant of the kubeconfig, edited as a plain object. */
  variant(name: string, edit: (cfg: KubeconfigDoc) => void): Promise<string>;
  close(): Promise<void>;
}

export interface KubeconfigDoc {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: Record<string, unknown> }[];
  'current-context': string;
  [k: string]: unknown;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startTestSandbox(opts: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox(opts);
  const dir = await mkdtemp(join(tmpdir(), 'kube-trace-test-'));
  const kubeconfig = join(dir, 'sandbox.kubeconfig');
  await sandbox.writeKubeconfig(kubeconfig);
  const home = join(dir, 'home');
  const env: Record<string, string | undefined> = { PATH: process.env['PATH'], HOME: home, NO_COLOR: '1' };
  return {
    sandbox,
    dir,
    kubeconfig,
    home,
    env,
    async variant(name, edit) {
      const doc = parse(sandbox.kubeconfigYaml()) as KubeconfigDoc;
      edit(doc);
      const p = join(dir, `${name}.kubeconfig`);
      await writeFile(p, stringify(doc), { mode: 0o600 });
      return p;
    },
    async close() {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
