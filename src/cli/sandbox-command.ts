// `kube-trace sandbox`: the sandbox in the foreground, for real kubectl and for workshops.

import { resolve } from 'node:path';
import type { SandboxCliOptions } from './args.js';
import type { Io } from './main.js';

export async function runSandboxCommand(opts: SandboxCliOptions, io: Io): Promise<number> {
  const { startSandbox, SCENARIOS } = await import('../sandbox/index.js');
  if (!SCENARIOS.includes(opts.scenario)) {
    io.stderr.write(`Error: unknown scenario "${opts.scenario}"; choose one of ${SCENARIOS.join(', ')}\n`);
    return 1;
  }
  if (opts.address && !['127.0.0.1', 'localhost', '::1'].includes(opts.address)) {
    io.stderr.write(
      `Warning: --address ${opts.address} exposes the sandbox beyond this machine. Its credentials are in the kubeconfig it writes; anyone who can reach the port and has them can read it.\n`,
    );
  }
  let sandbox;
  try {
    const storage = opts.etcdEndpoints
      ? (await (await import('../sandbox/storage/scratch.js')).openEtcdScratch(opts.etcdEndpoints)).storage
      : undefined;
    sandbox = await startSandbox({
      ...(storage ? { storage } : {}),
      port: opts.port,
      scenario: opts.scenario,
      serverVersion: opts.serverVersion,
      ...(opts.address ? { address: opts.address } : {}),
      ...(opts.objectsFile ? { objectsFile: opts.objectsFile } : {}),
    });
  } catch (e) {
    const hint = e instanceof Error && 'hint' in e && typeof e.hint === 'string' ? `\n${e.hint}` : '';
    io.stderr.write(`Error: the sandbox could not start: ${e instanceof Error ? e.message : String(e)}${hint}\n`);
    return 1;
  }
  // Listen for the signals before saying "Press Ctrl-C": a signal right after the banner must stop it cleanly.
  const stopped = new Promise<void>((done) => {
    const stop = (): void => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const out = resolve(opts.kubeconfigOut);
  await sandbox.writeKubeconfig(out, opts.scenario === 'forbidden' ? { currentContext: 'sandbox-nobody' } : undefined);
  io.stdout.write(
    [
      `kube-trace sandbox (scenario ${opts.scenario}, kube-apiserver ${sandbox.gitVersion}) listening on ${sandbox.url}${opts.etcdEndpoints ? `, objects in etcd at ${opts.etcdEndpoints.join(',')}` : ''}`,
      `kubeconfig written to ${out} (mode 0600) with contexts sandbox-admin (current), sandbox-viewer, sandbox-nobody, sandbox-token`,
      '',
      'Try:',
      `  kubectl --kubeconfig ${out} get pods`,
      `  kube-trace get pods --kubeconfig ${out} --context sandbox-viewer`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await stopped;
  await sandbox.close();
  io.stdout.write('sandbox stopped\n');
  return 0;
}
