// Drives kube-trace in a real terminal: a tmux server on its own socket, a detached session of a
// given size, keys sent one at a time, the screen read with capture-pane. The command runs inside
// `sh -c` that prints a marker first and the exit code after, and then waits, so a test can check
// the terminal that is left once kube-trace has exited.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../../..');
export const BEFORE_MARK = 'KT-E2E-BEFORE';

/** Why the tmux tests cannot run here, or null when they can. */
export function tmuxUnavailable(): string | null {
  const r = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) return 'tmux is not installed: the terminal end-to-end tests need it (apt-get install tmux)';
  return null;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface StartOptions {
  columns: number;
  rows: number;
  /** Arguments after `kube-trace`. */
  args: string[];
  env?: Record<string, string>;
  /** Variables to remove from the environment (`env -u`), e.g. CI, which also turns chalk's colour off. */
  unset?: string[];
  /** The command that runs kube-trace (default: from source with tsx); e.g. a bundle built for the test file. */
  command?: string[];
}

let counter = 0;

export class TmuxSession {
  private constructor(
    private readonly socket: string,
    private readonly dir: string,
  ) {}

  static start(opts: StartOptions): TmuxSession {
    const missing = tmuxUnavailable();
    if (missing !== null) throw new Error(missing);
    const dir = mkdtempSync(join(tmpdir(), 'kube-trace-tui-e2e-'));
    const socket = `kube-trace-tui-e2e-${process.pid}-${++counter}`;
    const base: Record<string, string> = { CI: 'false', TERM: 'xterm-256color', HOME: dir };
    const unset = (opts.unset ?? []).filter((n) => opts.env?.[n] === undefined);
    for (const name of unset) delete base[name];
    const env = { ...base, ...opts.env };
    const envArgs = [...unset.map((n) => `-u ${shellQuote(n)}`), ...Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`)].join(' ');
    const cli = [...(opts.command ?? ['node', '--import', 'tsx', 'src/cli/run.ts']), ...opts.args].map(shellQuote).join(' ');
    const exitFile = join(dir, 'exit-code');
    const script = `cd ${shellQuote(PROJECT_ROOT)} && echo ${BEFORE_MARK} && env ${envArgs} ${cli} 2>${shellQuote(join(dir, 'stderr'))}; echo $? > ${shellQuote(exitFile)}; echo "EXIT=$(cat ${shellQuote(exitFile)})"; sleep 600`;
    const s = new TmuxSession(socket, dir);
    s.tmux('-f', '/dev/null', 'new-session', '-d', '-x', String(opts.columns), '-y', String(opts.rows), '-s', 'kt', 'sh', '-c', script);
    // A detached session otherwise follows the size of attached clients (there are none).
    s.tmux('set-option', '-t', 'kt', 'window-size', 'manual');
    return s;
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** The visible screen, one string per row (trailing spaces trimmed by tmux). */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'kt');
  }

  /** The normal screen with its scrollback, rows the terminal wrapped joined again (after kube-trace has left the alternate screen). */
  history(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'kt');
  }

  /** The screen with its colours and attributes as escape sequences. */
  screenWithAttributes(): string {
    return this.tmux('capture-pane', '-p', '-e', '-t', 'kt');
  }

  /** Sends one key, by tmux name ("Right", "Left", "q", "Escape", "C-c"). */
  key(name: string): void {
    this.tmux('send-keys', '-t', 'kt', name);
  }

  resize(columns: number, rows: number): void {
    this.tmux('resize-window', '-t', 'kt', '-x', String(columns), '-y', String(rows));
  }

  /** Waits until the screen shows `what` (text or pattern); fails with the last screen. */
  async waitFor(what: string | RegExp, timeoutMs = 45_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (typeof what === 'string' ? last.includes(what) : what.test(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the screen never showed ${String(what)}; last screen:\n${last}\nstderr:\n${this.stderr()}`);
  }

  /** The folder of this session (kube-trace's HOME unless told otherwise): a test may write into it. */
  get home(): string {
    return this.dir;
  }

  /** Waits for kube-trace to exit and returns its exit code. */
  async exitCode(timeoutMs = 30_000): Promise<number> {
    const file = join(this.dir, 'exit-code');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (existsSync(file)) {
        const text = readFileSync(file, 'utf8').trim();
        if (text !== '') return Number(text);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`kube-trace did not exit; screen:\n${this.screen()}`);
  }

  stderr(): string {
    const file = join(this.dir, 'stderr');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
