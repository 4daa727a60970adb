// Runs the real CLI in a real terminal (tmux on a private socket): send keys, read the screen, learn
// the exit code and whether the terminal was given back (alternate screen left, cursor shown).
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let sessions = 0;

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

export interface TerminalRun {
  /** The visible screen, one string per row. */
  screen(): string;
  keys(...keys: string[]): void;
  /** Resolves with the screen once `pattern` is on it; rejects with the screen after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves with the screen once it has stopped changing for `quietMs` (at most `ms`): a key's redraw has landed. */
  settle(quietMs?: number, ms?: number): Promise<string>;
  /** The command's exit code once it has ended (printed by the wrapper shell), else null. */
  exitCode(): number | null;
  waitForExit(ms?: number): Promise<number>;
  /** tmux's view of the terminal modes the program left behind. */
  modes(): { alternateScreen: boolean; cursorVisible: boolean };
  /** The pane's title (an OSC 0/2 sequence from the program would change it). */
  title(): string;
  kill(): void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `command` runs under sh in the project root with `env` (plus TERM and CI=false, so Ink draws). */
export function startInTerminal(command: string, o: { cols: number; rows: number; env: Record<string, string | undefined> }): TerminalRun {
  const socket = `kube-trace-test-${process.pid}-${++sessions}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  const env = { ...o.env, TERM: 'xterm-256color', CI: 'false' };
  const exports = Object.entries(env)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}='${String(v).replaceAll("'", "'\\''")}'`)
    .join(' ');
  // The wrapper prints the exit code after the program has restored the terminal, then waits so the
  // pane can still be read.
  const script = `cd '${ROOT}' && env -i ${exports} sh -c '${command.replaceAll("'", "'\\''")}'; echo "__EXIT=$?"; sleep 120`;
  // One tmux invocation: the pane must stay readable even if the program dies at once.
  tmux('new-session', '-d', '-s', 'k', '-x', String(o.cols), '-y', String(o.rows), script, ';', 'set-option', '-g', 'remain-on-exit', 'on', ';', 'set-option', '-g', 'status', 'off');
  let last = '';
  const run: TerminalRun = {
    screen: () => {
      try {
        last = tmux('capture-pane', '-p', '-t', 'k');
      } catch (e) {
        throw new Error(`the terminal is gone (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); last screen:\n${last}`);
      }
      return last;
    },
    keys: (...keys) => {
      for (const k of keys) tmux('send-keys', '-t', 'k', k);
    },
    async waitFor(pattern, ms = 30_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const s = run.screen();
        if (pattern.test(s)) return s;
        if (Date.now() > deadline) throw new Error(`${pattern} never appeared; screen:\n${s}`);
        await sleep(50);
      }
    },
    async settle(quietMs = 200, ms = 5_000) {
      const deadline = Date.now() + ms;
      let before = run.screen();
      let since = Date.now();
      for (;;) {
        await sleep(50);
        const now = run.screen();
        if (now !== before) {
          before = now;
          since = Date.now();
        } else if (Date.now() - since >= quietMs || Date.now() > deadline) return now;
      }
    },
    exitCode() {
      const m = /__EXIT=(\d+)/.exec(run.screen());
      return m ? Number(m[1]) : null;
    },
    async waitForExit(ms = 30_000) {
      await run.waitFor(/__EXIT=\d+/, ms);
      return run.exitCode() as number;
    },
    modes() {
      const [alt, cursor] = tmux('display-message', '-p', '-t', 'k', '#{alternate_on} #{cursor_flag}').trim().split(' ');
      return { alternateScreen: alt === '1', cursorVisible: cursor === '1' };
    },
    title() {
      return tmux('display-message', '-p', '-t', 'k', '#{pane_title}').trim();
    },
    kill() {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    },
  };
  return run;
}

/**
 * Builds the CLI bundle (as `npm run build` does) into a private folder inside the package, so that
 * terminal runs start in a fraction of a second instead of compiling TypeScript per process; returns
 * the command line that runs it and a cleanup. Inside the package because the bundle finds its
 * lessons by walking up to package.json.
 */
export async function buildCliBundle(): Promise<{ command: string; remove(): void }> {
  const { execFile } = await import('node:child_process');
  const { rmSync } = await import('node:fs');
  const outdir = `${ROOT}node_modules/.cache/kube-trace-faults-${process.pid}`;
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, ['scripts/build.mjs', '--outdir', outdir], { cwd: ROOT }, (err, _out, stderr) => (err ? reject(new Error(`build failed: ${stderr}`)) : resolve())),
  );
  return { command: `node ${outdir}/kube-trace.js`, remove: () => rmSync(outdir, { recursive: true, force: true }) };
}
