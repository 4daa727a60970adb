// The walkthrough's state machine, as one pure function: (state, action) → state. Keys arrive as
// actions (keys.ts says what each key means), the trace's progress arrives as facts, and what the
// reducer needs of the screen (how many rows the scrolled region has, how tall it is) comes with each
// key. No React, no I/O: the App renders the state, and useAppState turns two of its fields into
// effects (`demand` → run the trace that far, `exit` → leave).
//
// Shape, and where later features go without reshaping it:
// - `view` is where the learner stands; `screen` is what is open on that view and starts afresh on
//   every move (overlays, details, scroll). A horizontal scroll is one more field of `screen`.
// - Fields outside `screen` outlive a move: lesson pages, the notice; presenter or focus mode belong
//   here too (one field and one toggle action each), as does a quit question ("ask once") before `exit`.
import type { StageName, TracePlan } from '../../trace/types.js';
import type { KeyAction } from '../keys.js';
import type { TraceSnapshot } from '../hooks/traceDriver.js';
import { scrollMetrics } from './scroll.js';

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
}

export const FRESH_SCREEN: ScreenState = { overlay: null, details: false, scrollTop: 0 };

/** The trace's progress as far as the state machine cares. */
export interface TraceFacts {
  done: boolean;
  /** Plan position of the first failed stage. */
  failedAt: number | null;
  /** What leaving now exits with: kubectl's code once the trace has finished, 1 after an engine crash, else 0. */
  exitCode: number;
  /** Finished without an engine crash: there is a summary worth leaving on the screen. */
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

/** The scrolled region as the last render laid it out: its rows and its height. */
export interface Layout {
  total: number;
  height: number;
}

export interface ExitRequest {
  code: number;
  /** Left from the summary of a complete trace: the caller prints the summary on the normal screen. */
  fromSummary: boolean;
}

/** Fixed for the run. */
export interface AppConfig {
  plan: TracePlan;
  /** --no-pause: every stage runs at once, and the walkthrough stays on the summary. */
  noPause: boolean;
  /** How many pages each stage's lesson has, by plan position (0 = no lesson). */
  lessonPages: readonly number[];
}

export interface AppState {
  config: AppConfig;
  view: View;
  screen: ScreenState;
  /** The lesson page shown on each stage, by plan position; kept when the learner moves on and back. */
  lessonPage: readonly number[];
  noticeVisible: boolean;
  /** With --stage: a failure before that stage is where the learner lands, until they move. */
  followFailure: boolean;
  /** How far the trace must run: a plan position, or the plan's length for the whole trace and its report. Only grows. */
  demand: number;
  /** False when there is no keyboard: nobody can press "next", so the trace runs through and the UI leaves. */
  keyboard: boolean;
  trace: TraceFacts;
  /** Set once; no action changes anything after it. */
  exit: ExitRequest | null;
}

export type AppAction =
  /** A key the learner pressed, with the layout it was pressed on. */
  | { type: 'key'; key: KeyAction; layout: Layout }
  /** The trace moved on. */
  | { type: 'trace'; trace: TraceFacts }
  /** The terminal cannot give keys (stdin is not a TTY). */
  | { type: 'noKeyboard' };

export interface AppStart {
  plan: TracePlan;
  lessonPages: readonly number[];
  startStage: StageName | null;
  noPause: boolean;
  notice: boolean;
}

export function initialAppState({ plan, lessonPages, startStage, noPause, notice }: AppStart): AppState {
  const start = startStage === null ? 0 : Math.max(0, plan.stages.findIndex((s) => s.name === startStage));
  const view: View = noPause ? 'summary' : start;
  return {
    config: { plan, noPause, lessonPages },
    view,
    screen: FRESH_SCREEN,
    lessonPage: plan.stages.map(() => 0),
    noticeVisible: notice,
    followFailure: startStage !== null,
    demand: demandFor(plan, view),
    keyboard: true,
    trace: NO_PROGRESS,
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
      return next.trace.done ? leave(next, next.trace.exitCode, true) : next;
    }
  }
}

function onTrace(state: AppState, trace: TraceFacts): AppState {
  if (sameFacts(state.trace, trace)) return state;
  let next: AppState = { ...state, trace };
  if (next.followFailure && trace.failedAt !== null && typeof next.view === 'number' && next.view > trace.failedAt) {
    next = { ...next, view: trace.failedAt, screen: FRESH_SCREEN, followFailure: false };
  }
  if (!next.keyboard && trace.done) next = leave(next, trace.exitCode, true);
  return next;
}

function onKey(state: AppState, key: KeyAction, layout: Layout): AppState {
  const { view, screen } = state;
  switch (key.type) {
    case 'interrupt':
      return leave(state, EXIT_INTERRUPTED);
    case 'quit':
      return leave(state, state.trace.exitCode);
    case 'escape':
      if (screen.overlay !== null) return withScreen(state, { overlay: null });
      if (screen.details) return withScreen(state, { details: false });
      return leave(state, state.trace.exitCode);
    case 'next':
      if (view === 'summary') return state.trace.done && !state.config.noPause ? leave(state, state.trace.exitCode) : state;
      return moveTo(state, view + 1 < stageCount(state) ? view + 1 : 'summary');
    case 'back':
      if (screen.overlay !== null) return withScreen(state, { overlay: null });
      return moveTo(state, view === 'summary' ? stageCount(state) - 1 : Math.max(0, view - 1));
    case 'jump':
      return key.index >= 0 && key.index < stageCount(state) ? moveTo(state, key.index) : state;
    case 'help':
      return toggleOverlay(state, 'help');
    case 'curl':
      return toggleOverlay(state, 'curl');
    case 'lessonFull':
      return typeof view === 'number' ? toggleOverlay(state, 'lesson') : state;
    case 'lessonNext': {
      if (typeof view !== 'number') return state;
      const pages = state.config.lessonPages[view] ?? 0;
      if (pages === 0) return state;
      const lessonPage = state.lessonPage.map((p, i) => (i === view ? (p + 1) % pages : p));
      return { ...state, lessonPage };
    }
    case 'details':
      return typeof view === 'number' && screen.overlay === null ? withScreen(state, { details: !screen.details, scrollTop: 0 }) : state;
    case 'scroll':
      return scrollTo(state, layout, (top) => top + key.by);
    case 'page':
      return scrollTo(state, layout, (top, viewport) => top + key.direction * Math.max(1, viewport - 1));
    case 'top':
      return withScreen(state, { scrollTop: 0 });
    case 'bottom':
      return withScreen(state, { scrollTop: scrollMetrics(layout.total, layout.height).maxOffset });
    case 'none':
      return state;
  }
}

/** Every move: a fresh screen, the notice gone, --stage's landing done, and the trace asked to run that far. */
function moveTo(state: AppState, to: View): AppState {
  return {
    ...state,
    view: to,
    screen: FRESH_SCREEN,
    noticeVisible: false,
    followFailure: false,
    demand: Math.max(state.demand, demandFor(state.config.plan, to)),
  };
}

function toggleOverlay(state: AppState, overlay: Overlay): AppState {
  return withScreen(state, { overlay: state.screen.overlay === overlay ? null : overlay, scrollTop: 0 });
}

function withScreen(state: AppState, patch: Partial<ScreenState>): AppState {
  return { ...state, screen: { ...state.screen, ...patch } };
}

/** Scrolls within the content: the offset kept is always one the screen can show. */
function scrollTo(state: AppState, layout: Layout, move: (top: number, viewport: number) => number): AppState {
  const m = scrollMetrics(layout.total, layout.height);
  const top = Math.min(state.screen.scrollTop, m.maxOffset);
  return withScreen(state, { scrollTop: Math.min(m.maxOffset, Math.max(0, move(top, m.viewport))) });
}

function leave(state: AppState, code: number, fromSummaryAnyway = false): AppState {
  const fromSummary = (fromSummaryAnyway || state.view === 'summary') && state.trace.complete;
  return { ...state, exit: { code, fromSummary } };
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

/** The plan position on screen, or null on the summary. */
export function stageOnScreen(state: AppState): number | null {
  return typeof state.view === 'number' ? state.view : null;
}
