// Entry point the CLI calls for the interactive UI (only when stdin and stdout are TTYs, after it has
// mapped NO_COLOR to FORCE_COLOR=0 so chalk sees it before this module loads).
//
// When the learner leaves from the summary screen, the summary is printed on the normal screen too,
// so it stays in the terminal after the alternate screen is gone.
//
// Exit codes: when the trace has finished (every stage ran, or it stopped at a failure), the code
// kubectl itself would have exited with (report.output.exitCode); 0 when the learner quits with q or
// Esc before the trace finished; 130 on Ctrl-C, as a shell reports an interrupted command; 1 if the
// UI itself failed.
import { inspect } from 'node:util';
import { Box, render, renderToString } from 'ink';
import type { StageName, TraceRun } from '../trace/types.js';
import type { LessonSet } from '../lessons/types.js';
import { App } from './App.js';
import { TraceDriver } from './hooks/traceDriver.js';
import { summaryLines } from './components/Summary.js';

export interface TuiOptions {
  /** The plan (known before anything runs) and the stages, pulled one at a time as the learner moves on. */
  run: TraceRun;
  lessons: LessonSet;
  startStage: StageName | null;
  noPause: boolean;
  notice: string | null;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

// The alternate screen keeps the walkthrough out of the terminal's history; leaving it restores
// whatever was on screen before. Cursor visibility is restored too (Ink hides it while drawing).
const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALT_SCREEN = '\u001B[?25h\u001B[?1049l';

export async function runTui(opts: TuiOptions): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const useAltScreen = stdout.isTTY === true;
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
  let code = 0;
  let printSummary = false;
  try {
    const instance = render(
      <App
        driver={driver}
        lessons={opts.lessons}
        startStage={opts.startStage}
        noPause={opts.noPause}
        notice={opts.notice}
        onExit={(c, fromSummary) => {
          code = c;
          printSummary = fromSummary;
        }}
      />,
      { stdout, stdin, exitOnCtrlC: false, patchConsole: false },
    );
    await instance.waitUntilExit();
    restore();
    // The alternate screen is gone: leave the summary in the terminal, where the learner keeps it.
    if (printSummary && useAltScreen) {
      const s = driver.getState();
      const columns = stdout.columns > 0 ? stdout.columns : 80;
      const lines = summaryLines(driver.plan, s.results, s.report, columns, null, false);
      stdout.write(renderToString(<Box flexDirection="column">{lines.map((line, i) => <Box key={i}>{line}</Box>)}</Box>, { columns }) + '\n');
    }
    return code;
  } catch (err) {
    restore();
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`kube-trace: the interactive view failed (${message}). Run again with --plain.\n`);
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
