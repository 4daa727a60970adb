// Finding and running the real kubectl (and its versioned builds) for compatibility tests.
import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { delimiter } from 'node:path';

export function findOnPath(name: string): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

/** The kubectl on PATH, or null. Under CI a missing kubectl is an error, not a skip. */
export function kubectlPath(): string | null {
  const p = findOnPath('kubectl');
  if (!p && process.env['CI'] === 'true') throw new Error('kubectl is not on PATH, and CI=true: the compatibility tests must run');
  return p;
}

/** The real file behind the kubectl on PATH (the versioned builds sit beside it), or null. */
export function kubectlRealPath(): string | null {
  const k = findOnPath('kubectl');
  return k ? realpathSync(k) : null;
}

/** kubectl.1.27 … kubectl.1.33 beside the real kubectl file, where present. */
export function versionedKubectls(): { version: string; path: string }[] {
  const k = findOnPath('kubectl');
  if (!k) return [];
  const dir = dirname(realpathSync(k));
  const out: { version: string; path: string }[] = [];
  for (let minor = 27; minor <= 33; minor++) {
    const p = join(dir, `kubectl.1.${minor}`);
    if (existsSync(p)) out.push({ version: `1.${minor}`, path: p });
  }
  return out;
}

export interface KubectlRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** `timeoutMs`: a kubectl still running then is killed (and reads as exit code 1). */
export function runKubectl(bin: string, args: string[], env: Record<string, string | undefined>, timeoutMs = 30_000): Promise<KubectlRun> {
  return new Promise((resolve) => {
    execFile(bin, args, { env: env as NodeJS.ProcessEnv, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : err ? 1 : 0;
      resolve({ stdout, stderr, exitCode: code });
    });
  });
}

/**
 * AGE-like cells ("39s", "5m2s", "2 (3m23s ago)") may differ by a second between two runs, and a
 * second can change a cell's width ("9m59s" → "10m") and so the padding of its whole column: the
 * padding between cells is normalised too (the cells and their order still have to match).
 */
export function normaliseAges(text: string): string {
  return text.replace(/\b\d+[smhdy](\d+[smh])?\b/g, '<age>').replace(/(\S) {2,}(?=\S)/g, '$1   ');
}
