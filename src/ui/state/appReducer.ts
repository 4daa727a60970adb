// The walkthrough's state machine, as one pure function: (state, action) → state. Keys arrive as
// actions (keys.ts says what each key means), the trace's progress arrives as facts, and what the
// reducer needs of the screen (how many rows and columns the scrolled region has, how big it is, how
// many pages the lesson on screen has) comes with each key. No React, no I/O: the App renders the
// state, and useAppState turns three of its fields into effects (`demand` → run the trace that far,
// `credentials.status === 'writing'` → write them, `exit` → leave).
//
// Shape:
// - `view` is where the learner stands; `screen` is what is open on that view and starts afresh on
//   every move (overlays, details, both scroll offsets).
// - Fields outside `screen` outlive a move: lesson pages, presenter mode, the lesson focus, which
//   stages have been seen, the notice, the quit question (asked once), the exported credentials.
// - Leaving keeps what the learner saw: `exit.output === 'keep'` tells the caller to print kubectl's
//   output and a one-line summary on the normal screen. A quit before the trace has finished first
//   runs it to the end (`leaving`), so there is an output to print and kubectl's exit code to exit with.
import type { StageName, TracePlan } from '../../trace/types.js';
import type { KeyAction } from '../keys.js';
import type { TraceSnapshot } from '../hooks/traceDriver.js';
import { clampLeft, maxLeft, scrollMetrics, sidewaysStep } from './scroll.js';
import type { ExportedCredentials } from '../../render/curl.js';

export type { ExportedCredentials } from '../../render/curl.js';

/** As a shell reports an interrupted command. */
export const EXIT_INTERRUPTED = 130;

/** A plan position, or the summary after the last stage. */
export type View = number | 'summary';
export type Overlay = 'help' | 'curl' | 'lesson';

/** What is open on the current view. Every move to another view starts from FRESH_SCREEN. */
export interface ScreenState {
  overlay: Overlay | null;
  /** "d": the raw data of the stage instead of its panel. */
  details: boolean;
  /** First row shown of the scrolled region (the panel, or the overlay/summary page). */
  scrollTop: number;
  /** First column shown of its wide rows (tables, headers, curl). */
  scrollLeft: number;
}

export const FRESH_SCREEN: ScreenState = { overlay: null, details: false, scrollTop: 0, scrollLeft: 0 };

/** The trace's progress as far as the state machine cares. */
export interface TraceFacts {
  done: boolean;
  /** Plan position of the first failed stage. */
  failedAt: number | null;
  /** What leaving now exits with: kubectl's code once the trace has finished, 1 after an engine crash, else 0. */
  exitCode: number;
  /** Finished without an engine crash: there is kubectl's output to leave on the screen. */
  complete: boolean;
}

export const NO_PROGRESS: TraceFacts = { done: false, failedAt: null, exitCode: 0, complete: false };

export function traceFacts(s: TraceSnapshot): TraceFacts {
  return {
    done: s.done,
    failedAt: s.failedAt,
    exitCode: s.report?.output.exitCode ?? (s.crashed !== null ? 1 : 0),
    complete: s.done && s.crashed === null,
  };
}

/** The screen as the last render laid it out, for the next key. */
export interface Layout {
  /** Rows of the scrolled region, and its height. */
  total: number;
  height: number;
  /** Its width, and the width of its widest wide row (0 when it has none). */
  width: number;
  contentWidth: number;
  /** Pages of the lesson on screen at this size (0: none on screen). */
  lessonPages: number;
}

export interface ExitRequest {
  code: number;
  /** 'keep': print kubectl's output and the one-line summary on the normal screen; 'discard': nothing. */
  output: 'keep' | 'discard';
}

/** A question or a word in the footer, gone with the next key. */
export type Prompt = 'quit' | 'nothing-to-close';

export type CredentialsState =
  | { status: 'none' }
  | { status: 'writing' }
  | { status: 'written'; credentials: ExportedCredentials }
  | { status: 'failed'; message: string };

/** Fixed for the run. */
export interface AppConfig {
  plan: TracePlan;
  /** --no-pause: every stage runs at once, and the walkthrough stays on the summary. */
  noPause: boolean;
  /** The credentials can be written (the sandbox of this run): "e" in the curl overlay does it. */
  canExport: boolean;
}

export interface AppState {
  config: AppConfig;
  view: View;
  screen: ScreenState;
  /** The lesson page shown on each stage, by plan position; kept when the learner moves on and back. */
  lessonPage: readonly number[];
  /** "p": the live panel takes the screen, the lesson is one line. Kept across stages. */
  presenter: boolean;
  /** "f": the lesson alone, the live panel one line. Kept across stages. */
  lessonFocus: boolean;
  /** Stages the learner has had on screen, by plan position. */
  seen: readonly boolean[];
  noticeVisible: boolean;
  /** With --stage: a failure before that stage is where the learner lands, until they move. */
  followFailure: boolean;
  /** How far the trace must run: a plan position, or the plan's length for the whole trace and its report. Only grows. */
  demand: number;
  /** False when there is no keyboard: nobody can press "next", so the trace runs through and the UI leaves. */
  keyboard: boolean;
  trace: TraceFacts;
  prompt: Prompt | null;
  /** The quit question has been asked: it is not asked again. */
  quitAsked: boolean;
  /** The learner has left; the trace runs to its end first, so its output can be printed. */
  leaving: boolean;
  credentials: CredentialsState;
  /** Set once; no action changes anything after it. */
  exit: ExitRequest | null;
}

export type AppAction =
  /** A key the learner pressed, with the layout it was pressed on. */
  | { type: 'key'; key: KeyAction; layout: Layout }
  /** The trace moved on. */
  | { type: 'trace'; trace: TraceFacts }
  /** The terminal cannot give keys (stdin is not a TTY). */
  | { type: 'noKeyboard' }
  /** The credentials were written, or could not be. */
  | { type: 'credentials'; result: { ok: true; credentials: ExportedCredentials } | { ok: false; message: string } };

export interface AppStart {
  plan: TracePlan;
  startStage: StageName | null;
  noPause: boolean;
  notice: boolean;
  /** --present: start in presenter mode. */
  presenter?: boolean;
  canExport?: boolean;
  /** --export-credentials already wrote them. */
  credentials?: ExportedCredentials | null;
}

export function initialAppState({ plan, startStage, noPause, notice, presenter = false, canExport = false, credentials = null }: AppStart): AppState {
  const start = startStage === null ? 0 : Math.max(0, plan.stages.findIndex((s) => s.name === startStage));
  const view: View = noPause ? 'summary' : start;
  return {
    config: { plan, noPause, canExport },
    view,
    screen: FRESH_SCREEN,
    lessonPage: plan.stages.map(() => 0),
    presenter,
    lessonFocus: false,
    seen: plan.stages.map((_, i) => i === view),
    noticeVisible: notice,
    followFailure: startStage !== null,
    demand: demandFor(plan, view),
    keyboard: true,
    trace: NO_PROGRESS,
    prompt: null,
    quitAsked: false,
    leaving: false,
    credentials: credentials !== null ? { status: 'written', credentials } : { status: 'none' },
    exit: null,
  };
}

export function appReducer(state: AppState, action: AppAction): AppState {
  if (state.exit !== null) return state;
  switch (action.type) {
    case 'key':
      return onKey(state, action.key, action.layout);
    case 'trace':
      return onTrace(state, action.trace);
    case 'noKeyboard': {
      const next: AppState = { ...state, keyboard: false, demand: stageCount(state) };
      return next.trace.done ? leave(next, 'keep') : next;
    }
    case 'credentials':
      return {
        ...state,
        credentials: action.result.ok ? { status: 'written', credentials: action.result.credentials } : { status: 'failed', message: action.result.message },
      };
  }
}

function onTrace(state: AppState, trace: TraceFacts): AppState {
  if (sameFacts(state.trace, trace)) return state;
  let next: AppState = { ...state, trace };
  if (next.followFailure && trace.failedAt !== null && typeof next.view === 'number' && next.view > trace.failedAt) {
    next = { ...next, view: trace.failedAt, screen: FRESH_SCREEN, followFailure: false, seen: markSeen(next.seen, trace.failedAt) };
  }
  if ((!next.keyboard || next.leaving) && trace.done) next = leave(next, 'keep');
  return next;
}

function onKey(state: AppState, key: KeyAction, layout: Layout): AppState {
  if (key.type === 'interrupt') return { ...state, exit: { code: EXIT_INTERRUPTED, output: state.trace.complete ? 'keep' : 'discard' } };
  // Once left, only Ctrl-C (above) or Esc (stay after all) count while the trace finishes.
  if (state.leaving) return key.type === 'escape' ? { ...state, leaving: false } : state;
  const prompt = state.prompt;
  // The footer's word lasts one key; the quit question takes its answer.
  const s: AppState = prompt === null ? state : { ...state, prompt: null };
  if (prompt === 'quit') {
    if (key.type === 'quit' || key.type === 'quitNow') return leave(s, 'keep');
    if (key.type === 'discard') return leave(s, 'discard');
    if (key.type === 'escape') return s;
  }
  const { view, screen } = s;
  switch (key.type) {
    case 'quit':
      return askOrLeave(s);
    case 'quitNow':
      return leave(s, 'keep');
    case 'discard':
      return s;
    case 'escape':
      if (screen.overlay !== null) return withScreen(s, { overlay: null, scrollTop: 0, scrollLeft: 0 });
      if (screen.details) return withScreen(s, { details: false, scrollTop: 0, scrollLeft: 0 });
      // Esc never quits: with nothing to close it says how to.
      return { ...s, prompt: 'nothing-to-close' };
    case 'next':
      if (view === 'summary') return s.trace.done && !s.config.noPause ? askOrLeave(s) : s;
      return moveTo(s, view + 1 < stageCount(s) ? view + 1 : 'summary');
    case 'back':
      if (screen.overlay !== null) return withScreen(s, { overlay: null, scrollTop: 0, scrollLeft: 0 });
      return moveTo(s, view === 'summary' ? stageCount(s) - 1 : Math.max(0, view - 1));
    case 'jump':
      return key.index >= 0 && key.index < stageCount(s) ? moveTo(s, key.index) : s;
    case 'help':
      return toggleOverlay(s, 'help');
    case 'curl':
      return toggleOverlay(s, 'curl');
    case 'lessonFull':
      return typeof view === 'number' ? toggleOverlay(s, 'lesson') : s;
    case 'lessonNext': {
      if (typeof view !== 'number' || layout.lessonPages === 0) return s;
      const pages = layout.lessonPages;
      const lessonPage = s.lessonPage.map((p, i) => (i === view ? (Math.min(p, pages - 1) + 1) % pages : p));
      return { ...s, lessonPage };
    }
    case 'presenter':
      return { ...s, presenter: !s.presenter, lessonFocus: false, screen: { ...s.screen, scrollTop: 0 } };
    case 'focus':
      return typeof view === 'number' && screen.overlay === null ? { ...s, lessonFocus: !s.lessonFocus, screen: { ...s.screen, details: false, scrollTop: 0 } } : s;
    case 'export':
      if (screen.overlay !== 'curl' || !s.config.canExport || s.credentials.status === 'writing' || s.credentials.status === 'written') return s;
      return { ...s, credentials: { status: 'writing' } };
    case 'details':
      return typeof view === 'number' && screen.overlay === null ? withScreen(s, { details: !screen.details, scrollTop: 0, scrollLeft: 0 }) : s;
    case 'scroll':
      return scrollTo(s, layout, (top) => top + key.by);
    case 'page':
      return scrollTo(s, layout, (top, viewport) => top + key.direction * Math.max(1, viewport - 1));
    case 'top':
      return withScreen(s, { scrollTop: 0, scrollLeft: 0 });
    case 'bottom':
      return withScreen(s, { scrollTop: metricsOf(layout).maxOffset });
    case 'sideways': {
      const left = clampLeft(s.screen.scrollLeft, layout.contentWidth, layout.width);
      return withScreen(s, { scrollLeft: Math.min(maxLeft(layout.contentWidth, layout.width), Math.max(0, left + key.by * sidewaysStep(layout.width))) });
    }
    case 'none':
      return s;
  }
}

/** The stages of the plan the learner has not had on screen. */
export function unseenStages(state: AppState): number[] {
  return state.seen.flatMap((seen, i) => (seen ? [] : [i]));
}

/** A quit with stages still unseen asks once (not with --no-pause: the learner chose the summary). */
function askOrLeave(state: AppState): AppState {
  if (!state.quitAsked && !state.config.noPause && unseenStages(state).length > 0) return { ...state, prompt: 'quit', quitAsked: true };
  return leave(state, 'keep');
}

/** Every move: a fresh screen, the notice gone, --stage's landing done, and the trace asked to run that far. */
function moveTo(state: AppState, to: View): AppState {
  return {
    ...state,
    view: to,
    screen: FRESH_SCREEN,
    noticeVisible: false,
    followFailure: false,
    seen: typeof to === 'number' ? markSeen(state.seen, to) : state.seen,
    demand: Math.max(state.demand, demandFor(state.config.plan, to)),
  };
}

function markSeen(seen: readonly boolean[], i: number): readonly boolean[] {
  return seen[i] === true ? seen : seen.map((v, j) => v || j === i);
}

function toggleOverlay(state: AppState, overlay: Overlay): AppState {
  return withScreen(state, { overlay: state.screen.overlay === overlay ? null : overlay, scrollTop: 0, scrollLeft: 0 });
}

function withScreen(state: AppState, patch: Partial<ScreenState>): AppState {
  return { ...state, screen: { ...state.screen, ...patch } };
}

function metricsOf(layout: Layout): ReturnType<typeof scrollMetrics> {
  return scrollMetrics(layout.total, layout.height, layout.contentWidth > layout.width);
}

/** Scrolls within the content: the offset kept is always one the screen can show. */
function scrollTo(state: AppState, layout: Layout, move: (top: number, viewport: number) => number): AppState {
  const m = metricsOf(layout);
  const top = Math.min(state.screen.scrollTop, m.maxOffset);
  return withScreen(state, { scrollTop: Math.min(m.maxOffset, Math.max(0, move(top, m.viewport))) });
}

/**
 * Leaving. With 'keep' and the trace unfinished, the trace is first run to its end (so kubectl's output
 * and exit code exist); the exit follows when it is done (onTrace). 'discard' leaves at once, with
 * kubectl's code if the trace has finished, else 0 (nothing ran to report).
 */
function leave(state: AppState, output: ExitRequest['output']): AppState {
  if (output === 'keep' && !state.trace.done) return { ...state, leaving: true, demand: stageCount(state), prompt: null };
  return { ...state, leaving: false, exit: { code: state.trace.done ? state.trace.exitCode : 0, output } };
}

function stageCount(state: AppState): number {
  return state.config.plan.stages.length;
}

function demandFor(plan: TracePlan, view: View): number {
  return view === 'summary' ? plan.stages.length : view;
}

function sameFacts(a: TraceFacts, b: TraceFacts): boolean {
  return a.done === b.done && a.failedAt === b.failedAt && a.exitCode === b.exitCode && a.complete === b.complete;
}

// ---------------------------------------------------------------- selectors

/** The plan position of the stage that sends kubectl's main request, or -1 when the plan has none. */
export function sendingStage(plan: TracePlan): number {
  return plan.stages.findIndex((s) => s.sendsMainRequest);
}

/**
 * True on the stage just before the one that sends kubectl's main request, while it has not been
 * asked for: "next" from here sends it (the one irreversible key, so the screen says so).
 */
export function nextSendsRequest(state: AppState): boolean {
  const sender = sendingStage(state.config.plan);
  return typeof state.view === 'number' && sender === state.view + 1 && state.demand < sender;
}

/** True once kubectl's main request has been asked for (it is on its way or has been answered). */
export function requestSent(state: AppState): boolean {
  const sender = sendingStage(state.config.plan);
  return sender !== -1 && state.demand >= sender;
}

/** The plan position on screen, or null on the summary. */
export function stageOnScreen(state: AppState): number | null {
  return typeof state.view === 'number' ? state.view : null;
}
