// Every signal that ends a run — the terminal closing (SIGHUP), Ctrl-C, Ctrl-\, kill — leaves nothing
// behind (the sandbox's folder with its client keys and token is removed) and exits as a shell
// reports a death by that signal.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function runUntil(args: string[], env: Record<string, string | undefined>, until: RegExp): Promise<{ child: ReturnType<typeof spawn>; exited: Promise<number | null>; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/run.ts'), ...args], { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const seen = (chunk: Buffer): void => {
      out += chunk.toString();
      if (until.test(out)) resolve({ child, exited, output: () => out });
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    void exited.then(() => reject(new Error(`exited before ${until}: ${out}`)));
  });
}

describe('get: a stop signal during a trace', { concurrency: true }, () => {
  for (const [signal, code] of [['SIGHUP', 129], ['SIGINT', 130], ['SIGQUIT', 131], ['SIGTERM', 143]] as const) {
    it(`${signal} → exit ${code}, the sandbox and its files gone`, { timeout: 60_000 }, async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'kube-trace-signal-'));
      const home = mkdtempSync(join(tmpdir(), 'kube-trace-signal-home-'));
      // 5,000 pods in ten pages keep the trace busy long enough to be interrupted mid-way.
      const run = await runUntil(['get', 'pods', '--sandbox', '--scenario', 'many', '-A', '--plain'], { PATH: process.env['PATH'], HOME: home, TMPDIR: tmp, NO_COLOR: '1' }, /1\/7 parse/);
      assert.ok(readdirSync(tmp).some((n) => n.startsWith('kube-trace-')), 'the sandbox wrote its kubeconfig folder');
      run.child.kill(signal);
      assert.equal(await run.exited, code, run.output());
      assert.deepEqual(readdirSync(tmp).filter((n) => n.startsWith('kube-trace-')), [], 'nothing of the sandbox is left in TMPDIR');
    });
  }
});
