// The one way UI tests render: wraps ink-testing-library, sets the terminal size, presses keys one
// write at a time and waits for React and Ink between them (several keys in one write would arrive
// as a paste).
import { after } from 'node:test';
import { render } from 'ink-testing-library';
import type { AnyStageResult, StageName, TracePlan } from '../../../src/trace/types.js';
import type { LessonSet } from '../../../src/lessons/types.js';
import { App } from '../../../src/ui/App.js';
import { TraceDriver } from '../../../src/ui/hooks/traceDriver.js';
import { GET_PLAN } from '../../../src/trace/plan.js';
import type { FakeTrace } from './fakeTrace.js';
import type { CredentialExporter } from '../../../src/ui/hooks/useAppState.js';
import { lineString, type Line } from '../../../src/ui/components/lines.js';
import { fakeTrace } from './fakeTrace.js';
import { lessonSet } from './lessonFixtures.js';
import { okResults } from './traceFixtures.js';

export const KEYS = {
  right: '\u001B[C',
  left: '\u001B[D',
  up: '\u001B[A',
  down: '\u001B[B',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  enter: '\r',
  escape: '\u001B',
  ctrlC: '\u0003',
} as const;

const ANSI = /\u001B\[[0-9;?]*[ -/]*[@-~]/g;
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Lets React commit, Ink draw, and pending promises (the fake trace) settle. */
export async function tick(ms = 15): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RenderAppOptions {
  /** The plan the trace follows (`get`'s unless told); `results` must come in its order. */
  plan?: TracePlan;
  results?: AnyStageResult[];
  trace?: FakeTrace;
  lessons?: LessonSet;
  startStage?: StageName | null;
  noPause?: boolean;
  notice?: string | null;
  present?: boolean;
  sandboxKubeconfig?: string | null;
  exportCredentials?: CredentialExporter;
  columns?: number;
  rows?: number;
}

export interface AppHarness {
  frame(): string;
  press(key: string): Promise<void>;
  pressAll(...keys: string[]): Promise<void>;
  resize(columns: number, rows: number): Promise<void>;
  waitFor(text: string, tries?: number): Promise<string>;
  /** Waits until the frame satisfies `ok` (Ink throttles redraws, so a resize may take a frame). */
  until(ok: (frame: string) => boolean, what: string): Promise<string>;
  exitCode(): number | null;
  /** How the UI left: 'keep' (the caller prints kubectl's output) or 'discard'; null while it runs. */
  exitOutput(): 'keep' | 'discard' | null;
  /** The stages the learner had on screen when leaving. */
  seenOnExit(): readonly boolean[];
  fake: FakeTrace;
  driver: TraceDriver;
  unmount(): void;
}

// A test that fails before its unmount() would leave Ink (and its spinner timer) running, and the
// file would never end: whatever is still mounted is unmounted when the file's tests are done.
const mounted = new Set<() => void>();
after(() => {
  for (const unmount of mounted) unmount();
});

export async function renderApp(opts: RenderAppOptions = {}): Promise<AppHarness> {
  const fake = opts.trace ?? fakeTrace(opts.results ?? okResults());
  const driver = new TraceDriver({ plan: opts.plan ?? GET_PLAN, stages: fake.trace });
  let code: number | null = null;
  let output: 'keep' | 'discard' | null = null;
  let seen: readonly boolean[] = [];
  const ui = render(
    <App
      driver={driver}
      lessons={opts.lessons ?? lessonSet()}
      startStage={opts.startStage ?? null}
      noPause={opts.noPause ?? false}
      notice={opts.notice ?? null}
      present={opts.present ?? false}
      sandboxKubeconfig={opts.sandboxKubeconfig ?? null}
      {...(opts.exportCredentials !== undefined ? { exportCredentials: opts.exportCredentials } : {})}
      onExit={(exit, s) => {
        code = exit.code;
        output = exit.output;
        seen = s;
      }}
    />,
  );
  const setSize = (columns: number, rows: number): void => {
    Object.defineProperty(ui.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(ui.stdout, 'rows', { value: rows, configurable: true });
    ui.stdout.emit('resize');
  };
  setSize(opts.columns ?? 100, opts.rows ?? 30);
  await tick();
  const h: AppHarness = {
    frame: () => stripAnsi(ui.lastFrame() ?? ''),
    press: async (key) => {
      await tick(5);
      ui.stdin.write(key);
      await tick();
    },
    pressAll: async (...keys) => {
      for (const k of keys) await h.press(k);
    },
    resize: async (columns, rows) => {
      setSize(columns, rows);
      await tick();
    },
    waitFor: async (text, tries = 50) => {
      for (let i = 0; i < tries; i++) {
        if (h.frame().includes(text)) return h.frame();
        await tick(10);
      }
      throw new Error(`"${text}" never appeared. Last frame:\n${h.frame()}`);
    },
    until: async (ok, what) => {
      for (let i = 0; i < 50; i++) {
        if (ok(h.frame())) return h.frame();
        await tick(10);
      }
      throw new Error(`never saw ${what}. Last frame:\n${h.frame()}`);
    },
    exitCode: () => code,
    exitOutput: () => output,
    seenOnExit: () => seen,
    fake,
    driver,
    unmount: () => {
      mounted.delete(h.unmount);
      ui.unmount();
    },
  };
  mounted.add(h.unmount);
  return h;
}

/** A list of Lines (a stage view's output) as text, every row whole (wide rows are not cut), trailing spaces trimmed. */
export function renderLines(lines: readonly Line[]): string {
  return lines.map((l) => lineString(l).replace(/\s+$/, '')).join('\n');
}
