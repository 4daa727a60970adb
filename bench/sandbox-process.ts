// The sandbox as its own process (`kube-trace sandbox`), so that it does not share a CPU-time budget
// or a heap with what is measured, and real kubectl can use it too.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface SandboxProcess {
  kubeconfig: string;
  url: string;
  stop(): Promise<void>;
}

export async function startSandboxProcess(node: string, bundle: string, scenario: string, dir: string): Promise<SandboxProcess> {
  const kubeconfig = join(dir, `${scenario}.kubeconfig`);
  const child = spawn(node, [bundle, 'sandbox', '--kubeconfig-out', kubeconfig, '--scenario', scenario], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`the sandbox (${scenario}) did not start within 30 s:\n${text}`)), 30_000);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    const onData = (c: Buffer): void => {
      text += c.toString('utf8');
      const m = /listening on (\S+)/.exec(text);
      if (m && text.includes('kubeconfig written')) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.once('exit', (code) => fail(new Error(`the sandbox (${scenario}) exited with ${code}:\n${text}`)));
  });
  return { kubeconfig, url, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}
