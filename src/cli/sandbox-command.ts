// `kube-trace sandbox`: the sandbox in the foreground, for real kubectl and for workshops. Every
// startup problem is one clear line and exit 1, with nothing left listening; SIGHUP, SIGINT, SIGQUIT
// and SIGTERM stop it cleanly (the kubeconfig it wrote is removed: its credentials die with the
// sandbox) and exit as a shell reports a death by that signal, 128 + its number.

import { lstat, readFile, rm, stat, access } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SandboxCliOptions } from './args.js';
import type { Io } from './main.js';
import type { RunningSandbox } from '../sandbox/index.js';

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 } as const;
type StopSignal = keyof typeof SIGNALS;

/** 128 + the signal's number: 129, 130, 131, 143. */
export function exitCodeFor(signal: StopSignal): number {
  return 128 + SIGNALS[signal];
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((done) => stream.write(text, () => done()));
}

function messageOf(e: unknown): string {
  const hint = e instanceof Error && 'hint' in e && typeof e.hint === 'string' ? `\n${e.hint}` : '';
  return `${e instanceof Error ? e.message : String(e)}${hint}`;
}

/** Why the kubeconfig cannot be written at `path`, checked before the sandbox starts; null when it can. */
async function kubeconfigProblem(path: string): Promise<string | null> {
  const dir = dirname(path);
  try {
    if (!(await stat(dir)).isDirectory()) return `${dir} is not a directory`;
  } catch {
    return `the directory ${dir} does not exist`;
  }
  try {
    await access(dir, constants.W_OK);
  } catch {
    return `the directory ${dir} is not writable`;
  }
  try {
    const st = await lstat(path);
    if (!st.isFile()) return `${path} exists and is not a regular file`;
    // Never overwrite someone's real kubeconfig: only a previous sandbox's own file may be replaced.
    const text = await readFile(path, 'utf8').catch(() => '');
    if (!/^\s*- name: kube-trace-sandbox$/m.test(text) && text.trim() !== '') return `${path} exists and is not a kube-trace sandbox kubeconfig; choose another --kubeconfig-out or remove it`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return `${path} cannot be checked: ${(e as Error).message}`;
  }
  return null;
}

export async function runSandboxCommand(opts: SandboxCliOptions, io: Io): Promise<number> {
  const { startSandbox, SCENARIOS, isLoopback } = await import('../sandbox/index.js');
  const fail = async (message: string): Promise<number> => {
    await write(io.stderr, `Error: ${message}\n`);
    return 1;
  };
  if (!SCENARIOS.includes(opts.scenario)) return fail(`unknown scenario "${opts.scenario}"; choose one of ${SCENARIOS.join(', ')}`);
  const address = opts.address ?? '127.0.0.1';
  if (!isLoopback(address.replace(/^\[(.*)\]$/, '$1'))) {
    if (!opts.allowNonLoopback) {
      return fail(`--address ${address} is not a loopback address, so other machines could reach the sandbox. Its credentials are in the kubeconfig it writes; anyone who can reach the port and has them can read it. Add --allow-non-loopback if that is what you want.`);
    }
    await write(io.stderr, `Warning: --address ${address} exposes the sandbox beyond this machine. Its credentials are in the kubeconfig it writes; anyone who can reach the port and has them can read it.\n`);
  }
  const out = resolve(opts.kubeconfigOut);
  const problem = await kubeconfigProblem(out);
  if (problem) return fail(`cannot write the kubeconfig: ${problem}`);

  // The signals are ours from here on, even while the sandbox starts.
  const got: { signal: StopSignal | null } = { signal: null };
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((done) => (wake = done));
  const handlers = new Map<StopSignal, () => void>();
  for (const sig of Object.keys(SIGNALS) as StopSignal[]) {
    const h = (): void => {
      if (got.signal) process.exit(exitCodeFor(got.signal)); // a second signal: stop waiting for the close
      got.signal = sig;
      wake();
    };
    handlers.set(sig, h);
    process.on(sig, h);
  }
  let sandbox: RunningSandbox | null = null;
  let wrote = false;
  try {
    try {
      const storage = opts.etcdEndpoints ? (await (await import('../sandbox/storage/scratch.js')).openEtcdScratch(opts.etcdEndpoints)).storage : undefined;
      sandbox = await startSandbox({
        ...(storage ? { storage } : {}),
        port: opts.port,
        scenario: opts.scenario,
        serverVersion: opts.serverVersion,
        address,
        allowNonLoopback: opts.allowNonLoopback,
        ...(opts.objectsFile ? { objectsFile: opts.objectsFile } : {}),
      });
    } catch (e) {
      return await fail(`the sandbox could not start: ${messageOf(e)}`);
    }
    if (got.signal) return exitCodeFor(got.signal);
    try {
      await sandbox.writeKubeconfig(out, opts.scenario === 'forbidden' ? { currentContext: 'sandbox-nobody' } : undefined);
      wrote = true;
    } catch (e) {
      return await fail(`cannot write the kubeconfig to ${out}: ${(e as Error).message}`);
    }
    await write(
      io.stdout,
      [
        `kube-trace sandbox (scenario ${opts.scenario}, kube-apiserver ${sandbox.gitVersion}) listening on ${sandbox.url}${opts.etcdEndpoints ? `, objects in etcd at ${opts.etcdEndpoints.join(',')}` : ''}`,
        `kubeconfig written to ${out} (mode 0600; removed when the sandbox stops) with contexts sandbox-admin (current), sandbox-viewer, sandbox-nobody, sandbox-token`,
        ...(opts.allowNonLoopback ? [`server certificate valid for ${[...sandbox.serverNames.dns, ...sandbox.serverNames.ips].join(', ')}: from another machine, use one of them as the kubeconfig's server`] : []),
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
    return exitCodeFor(got.signal ?? 'SIGINT');
  } finally {
    await sandbox?.close().catch(() => undefined);
    if (wrote) await rm(out, { force: true }).catch(() => undefined);
    if (sandbox && got.signal) await write(io.stdout, `sandbox stopped (${got.signal})\n`);
    for (const [sig, h] of handlers) process.removeListener(sig, h);
  }
}
