// Runs the interactive UI in a real pseudo-terminal and times what appears on it. util-linux
// `script` allocates the pty and copies the screen output to its stdout, where each chunk is
// timestamped as it arrives (no polling of a screen). The shell inside records the time just before
// it execs node, so "first frame" counts from the process start, not from the harness's spawn.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface PtyOptions {
  cols: number;
  rows: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Keys to send once the screen has settled; each one's latency to the next screen update is measured. */
  keys: string[];
  /** Quiet time that counts as "settled" (ms). */
  settleMs: number;
  timeoutMs: number;
}

export interface PtyTimeline {
  /** From the process start to the first visible character on the screen. */
  firstFrameMs: number;
  /** From the process start to the last screen update before it went quiet. */
  settledMs: number;
  /** For each key sent after settling: time from the key to the next screen update. */
  keyLatencyMs: number[];
  /** Peak RSS of the process, polled from /proc every 10 ms (bytes). */
  peakRss: number;
  screenBytes: number;
}

const now = (): number => performance.timeOrigin + performance.now();
// CSI, OSC and two-character escapes: what is left is text a person would see.
const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/g;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export async function ptyTimeline(command: readonly string[], opts: PtyOptions): Promise<PtyTimeline> {
  const stampFile = join(tmpdir(), `kube-trace-bench-start-${process.pid}-${Date.now()}`);
  const inner =
    `stty cols ${opts.cols} rows ${opts.rows}; printf %s "$EPOCHREALTIME" > ${shellQuote(stampFile)}; exec ` +
    command.map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', inner, '/dev/null'], {
    env: { ...opts.env, SHELL: '/bin/bash', LC_ALL: 'C' },
    cwd: opts.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const chunks: { t: number; text: string }[] = [];
  let lastChunk = 0;
  let waiting: ((t: number) => void) | null = null;
  child.stdout.on('data', (c: Buffer) => {
    const t = now();
    chunks.push({ t, text: c.toString('utf8') });
    lastChunk = t;
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(t);
    }
  });
  let peakRss = 0;
  const poll = setInterval(() => (peakRss = Math.max(peakRss, treeRss(child.pid))), 10);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const deadline = now() + opts.timeoutMs;
  const sleep = (msec: number): Promise<void> => new Promise((r) => setTimeout(r, msec));

  try {
    // Settled: something visible has been drawn and nothing has changed for settleMs.
    for (;;) {
      await sleep(20);
      if (now() > deadline) throw new Error(`no settled screen within ${opts.timeoutMs} ms:\n${visible(chunks).slice(-2000)}`);
      if (child.exitCode !== null) throw new Error(`the program exited early:\n${visible(chunks).slice(-2000)}`);
      if (firstVisible(chunks) !== null && now() - lastChunk >= opts.settleMs) break;
    }
    const settledAt = lastChunk;
    const keyLatencyMs: number[] = [];
    for (const key of opts.keys) {
      const drawn = new Promise<number>((resolve) => (waiting = resolve));
      const sent = now();
      child.stdin.write(key);
      const t = await Promise.race([drawn, sleep(5_000).then(() => Number.NaN)]);
      waiting = null;
      keyLatencyMs.push(t - sent);
      // Let the frame finish before the next key (keys in one read would count as a paste).
      while (now() - lastChunk < 100) await sleep(20);
    }
    const start = Number(readFileSync(stampFile, 'utf8').trim()) * 1000;
    const first = firstVisible(chunks)!;
    return {
      firstFrameMs: first - start,
      settledMs: settledAt - start,
      keyLatencyMs,
      peakRss: peakRss > 0 ? peakRss : Number.NaN,
      screenBytes: chunks.reduce((n, c) => n + Buffer.byteLength(c.text), 0),
    };
  } finally {
    clearInterval(poll);
    child.stdin.write('q');
    const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(killer);
    rmSync(stampFile, { force: true });
  }
}

function firstVisible(chunks: readonly { t: number; text: string }[]): number | null {
  for (const c of chunks) if (c.text.replace(ANSI, '').trim() !== '') return c.t;
  return null;
}

function visible(chunks: readonly { text: string }[]): string {
  return chunks.map((c) => c.text).join('').replace(ANSI, '');
}

/** RSS of the descendants of `script` (the shell exec'd node, so: node). */
function treeRss(pid: number | undefined): number {
  if (pid === undefined) return 0;
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m && p !== pid) total += Number(m[1]) * 1024;
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim();
        if (kids) stack.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // the process ended between two reads
    }
  }
  return total;
}
