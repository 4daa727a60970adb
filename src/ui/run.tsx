// Entry point the CLI calls for the interactive UI (only when stdin and stdout are TTYs, after it has
// mapped NO_COLOR to FORCE_COLOR=0 so chalk sees it before this module loads).
//
// Leaving keeps what the learner saw: once the alternate screen is gone, the normal screen gets what
// kubectl would have printed (its stdout and stderr) and one line saying what that was (exit.ts),
// unless the learner chose to leave with nothing printed (x in answer to the quit question). A quit
// before the trace has finished runs it to the end first (the state machine waits for it), so there
// is an output to print.
//
// Exit codes: the code kubectl itself exits with for this run (report.output.exitCode), whenever the
// trace finished — and a quit finishes it; 130 on Ctrl-C, as a shell reports an interrupted command;
// 0 when the learner left with nothing printed before the trace finished (nothing ran to report);
// 1 if the engine crashed or the UI itself failed.
import { inspect } from 'node:util';
import { render } from 'ink';
import type { StageName, TraceRun } from '../trace/types.js';
import type { LessonSet } from '../lessons/types.js';
import { App } from './App.js';
import { TraceDriver } from './hooks/traceDriver.js';
import type { CredentialExporter } from './hooks/useAppState.js';
import { exitText } from './exit.js';
import type { ExitRequest, ExportedCredentials } from './state/appReducer.js';

export type { CredentialExporter } from './hooks/useAppState.js';
export type { ExportedCredentials } from './state/appReducer.js';

export interface TuiOptions {
  /** The plan (known before anything runs) and the stages, pulled one at a time as the learner moves on. */
  run: TraceRun;
  lessons: LessonSet;
  startStage: StageName | null;
  noPause: boolean;
  notice: string | null;
  /** --present: start in presenter mode. */
  present?: boolean;
  /** The kube-trace command line (for the closing line's hint). */
  argv?: readonly string[];
  /** This run's sandbox kubeconfig (removed when kube-trace exits), or null for a real cluster. */
  sandboxKubeconfig?: string | null;
  /** Writes the sandbox's credentials for the curl line ("e" in the curl overlay). */
  exportCredentials?: CredentialExporter;
  /** Credentials --export-credentials already wrote. */
  credentials?: ExportedCredentials | null;
  /** get -w: ends an open watch; true when it did (then Ctrl-C does not leave). */
  stopWatch?: () => boolean;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
}

// The alternate screen keeps the walkthrough out of the terminal's history; leaving it restores
// whatever was on screen before. Cursor visibility is restored too (Ink hides it while drawing).
const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALT_SCREEN = '\u001B[?25h\u001B[?1049l';

/** Writes in order; a terminal or pipe keeps the order of writes to it (nothing waits on a callback a stream may never call). */
function write(stream: NodeJS.WriteStream, text: string): void {
  if (text !== '') stream.write(text);
}

export async function runTui(opts: TuiOptions): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const stdin = opts.stdin ?? process.stdin;
  // A pipe has no isTTY at all (undefined): falsy, like false.
  const useAltScreen = stdout.isTTY;
  let restored = false;
  const restore = (): void => {
    if (restored || !useAltScreen) return;
    restored = true;
    stdout.write(LEAVE_ALT_SCREEN);
  };
  // Last resort if the process ends without unmounting (an uncaught error, a signal).
  process.once('exit', restore);
  if (useAltScreen) stdout.write(ENTER_ALT_SCREEN);

  // Raw mode from the very start: Ink turns it on only after its first render, and a Ctrl-C typed in
  // between would arrive as a signal instead of a key (and on Node 22+ was lost). As a key, Ctrl-C
  // always takes the same path: the UI's own interrupt, exit 130, terminal restored.
  if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(true);

  const driver = new TraceDriver(opts.run);
  const held = holdConsole();
  let left: { exit: ExitRequest; seen: readonly boolean[] } | null = null;
  try {
    const instance = render(
      <App
        driver={driver}
        lessons={opts.lessons}
        startStage={opts.startStage}
        noPause={opts.noPause}
        notice={opts.notice}
        present={opts.present ?? false}
        sandboxKubeconfig={opts.sandboxKubeconfig ?? null}
        {...(opts.exportCredentials !== undefined ? { exportCredentials: opts.exportCredentials } : {})}
        credentials={opts.credentials ?? null}
        {...(opts.stopWatch !== undefined ? { stopWatch: opts.stopWatch } : {})}
        onExit={(exit, seen) => {
          left = { exit, seen };
        }}
      />,
      { stdout, stdin, exitOnCtrlC: false, patchConsole: false },
    );
    await instance.waitUntilExit();
    restore();
    const end = left as { exit: ExitRequest; seen: readonly boolean[] } | null;
    if (end === null) return 0;
    // The alternate screen is gone: leave kubectl's output and the closing line on the normal screen.
    const text = exitText({ plan: driver.plan, snapshot: driver.getState(), exit: end.exit, seen: end.seen, notice: opts.notice, sandboxKubeconfig: opts.sandboxKubeconfig ?? null, argv: opts.argv ?? [] });
    write(stdout, text.stdout);
    write(stderr, text.stderr);
    return end.exit.code;
  } catch (err) {
    restore();
    const message = err instanceof Error ? err.message : String(err);
    stderr.write(`kube-trace: the interactive view failed (${message}). Run again with --plain.\n`);
    return 1;
  } finally {
    driver.cancel();
    if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
    restore();
    process.removeListener('exit', restore);
    held.release();
  }
}

/**
 * Anything a library prints with console.* while the UI is up would push the frame off the screen;
 * hold it and print it on stderr once the terminal is back.
 */
function holdConsole(): { release: () => void } {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the console's own functions, put back as they were
  const saved = methods.map((m) => [m, console[m]] as const);
  const lines: string[] = [];
  for (const m of methods) {
    console[m] = (...args: unknown[]): void => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
    };
  }
  return {
    release: () => {
      for (const [m, fn] of saved) console[m] = fn;
      if (lines.length > 0) process.stderr.write(lines.join('\n') + '\n');
    },
  };
}
