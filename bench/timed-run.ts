// Runs one command to completion and measures it: wall time (from spawn to exit, as a shell's `time`
// would see it) and peak RSS. /usr/bin/time -v's "Maximum resident set size" is the kernel's own
// figure for the process tree it waited for; without it, /proc is polled (coarser, may miss a peak).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunResult {
  wallMs: number;
  /** Peak resident set size in bytes (NaN if it could not be measured). */
  peakRss: number;
  /** User + system CPU time in ms (NaN without /usr/bin/time): less sensitive than wall time to a busy machine. */
  cpuMs: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);
let seq = 0;

export function timedRun(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<RunResult> {
  const rssFile = join(tmpdir(), `kube-trace-bench-rss-${process.pid}-${seq++}`);
  const [file, argv] = hasGnuTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, cmd, ...args]] : [cmd, [...args]];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(file, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    let polledPeak = 0;
    const poll = hasGnuTime ? null : setInterval(() => (polledPeak = Math.max(polledPeak, rssOf(child.pid))), 5);
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      if (poll) clearInterval(poll);
      let peakRss = polledPeak > 0 ? polledPeak : Number.NaN;
      let cpuMs = Number.NaN;
      if (hasGnuTime) {
        try {
          // The last line is "%M %U %S": KiB, seconds, seconds (a line before may say "Command exited with non-zero status").
          const [kib, user, sys] = (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
          peakRss = (kib ?? Number.NaN) * 1024;
          cpuMs = ((user ?? Number.NaN) + (sys ?? Number.NaN)) * 1000;
        } catch {
          peakRss = Number.NaN;
        }
        rmSync(rssFile, { force: true });
      }
      resolve({ wallMs, peakRss, cpuMs, exitCode: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function rssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
