// An in-process sandbox for one `get` run: started on an ephemeral loopback port, with a kubeconfig
// in a private temporary folder that is removed when the run ends.

import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxTarget } from '../trace/command.js';
import type { ServerVersion } from '../sandbox/index.js';

export interface SandboxSession {
  target: SandboxTarget;
  /** Storage revision, to show the run changed nothing. */
  revision(): number;
  close(): Promise<void>;
}

export async function startSandboxSession(
  scenario: string,
  reason: SandboxTarget['reason'],
  etcdEndpoints: string[] | null = null,
  /** Which kube-apiserver the sandbox imitates (default: the newest). */
  serverVersion?: ServerVersion,
): Promise<SandboxSession> {
  const { startSandbox } = await import('../sandbox/index.js');
  const storage = etcdEndpoints ? (await (await import('../sandbox/storage/scratch.js')).openEtcdScratch(etcdEndpoints)).storage : undefined;
  const sandbox = await startSandbox({ scenario, ...(storage ? { storage } : {}), ...(serverVersion ? { serverVersion } : {}) });
  const dir = await mkdtemp(join(tmpdir(), 'kube-trace-'));
  const kubeconfigPath = join(dir, 'sandbox.kubeconfig');
  // The "forbidden" scenario exists to show a denial: its current context is the user without RBAC.
  await sandbox.writeKubeconfig(kubeconfigPath, scenario === 'forbidden' ? { currentContext: 'sandbox-nobody' } : undefined);
  // The folder holds the sandbox's client key: it goes however the process ends (a signal's forced exit
  // can come before close() has finished under load), not only when close() gets that far.
  const removeFolder = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeFolder);
  // Idempotent: a second caller (a signal handler and the normal path) waits for the same close.
  let closing: Promise<void> | null = null;
  return {
    target: { kubeconfigPath, server: sandbox.url, scenario, reason },
    revision: () => sandbox.revision(),
    close() {
      closing ??= (async () => {
        try {
          await sandbox.close();
        } finally {
          await rm(dir, { recursive: true, force: true });
          process.removeListener('exit', removeFolder);
        }
      })();
      return closing;
    },
  };
}
