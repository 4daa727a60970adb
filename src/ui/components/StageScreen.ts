// What a stage view holds: the lesson (a page, one line in presenter mode, or the whole body with the
// lesson focused) and the live panel (or, with "d", the stage's raw data), with the label over the
// panel. Pure: the App lays it out with StagePanel.
import type { Lesson } from '../../lessons/types.js';
import type { RunVersions } from '../../lessons/versions.js';
import type { AnyStageResult, StageName, TracePlan } from '../../trace/types.js';
import type { TraceSnapshot } from '../hooks/traceDriver.js';
import { stageLayout, type StageMode } from '../layout.js';
import { detailLines, stageLines } from '../stages/index.js';
import { lessonBlock, lessonOneLine, resolvedLesson } from './LessonPanel.js';
import type { Line } from './lines.js';
import { crashLines, progressLines } from './Progress.js';
import type { RequestState } from './viewContext.js';
import { makeViewContext } from './viewContext.js';

const NO_LOOK_AT: [] = [];

export interface StageContent {
  lessonLines: Line[];
  /** Pages the lesson has at this size (0: none on screen). */
  lessonPages: number;
  panelLabel: string;
  lines: Line[];
  panelHeight: number;
  /** Blank rows between the lesson and the panel. */
  gap: number;
}

export interface StageContentInput {
  plan: TracePlan;
  snapshot: TraceSnapshot;
  index: number;
  lesson: Lesson | undefined;
  lessonPage: number;
  details: boolean;
  mode: StageMode;
  /** "next" from here sends kubectl's main request, which has not been asked for yet. */
  nextSends: boolean;
  request: RequestState;
  versions: RunVersions;
  sandboxKubeconfig: string | null;
  width: number;
  bodyHeight: number;
  tick: number;
}

/**
 * The panel on screen, kept (results are immutable): a scroll key redraws the same lines, where a
 * 5,000-row table took tens of milliseconds to lay out again on every key. One entry only, so that
 * the stages seen before do not keep their lines in memory.
 */
let panelCache: { result: AnyStageResult; width: number; lookAt: unknown; results: unknown; request: RequestState; sandboxKubeconfig: string | null; failed: StageName | null; lines: Line[] } | null = null;

function panelLines(result: AnyStageResult, width: number, lookAt: NonNullable<ReturnType<typeof resolvedLesson>['look_at']> | [], results: TraceSnapshot['results'], request: RequestState, sandboxKubeconfig: string | null, failed: StageName | null): Line[] {
  const hit = panelCache;
  if (hit !== null && hit.result === result && hit.width === width && hit.lookAt === lookAt && hit.results === results && hit.request === request && hit.sandboxKubeconfig === sandboxKubeconfig && hit.failed === failed) return hit.lines;
  const lines = stageLines(result, makeViewContext(width, lookAt, { results, request, sandboxKubeconfig }), failed);
  panelCache = { result, width, lookAt, results, request, sandboxKubeconfig, failed, lines };
  return lines;
}

export function stageContent(p: StageContentInput): StageContent {
  const { rest, lessonMax, gap } = stageLayout(p.bodyHeight, p.details ? 'normal' : p.mode);
  // While the watch runs, its live snapshot stands in for the result that has not come yet.
  const live = p.snapshot.live ?? null;
  const result = p.snapshot.results[p.index] ?? (live !== null && p.plan.stages[p.index]?.name === live.name ? live : undefined);
  if (p.details && result !== undefined) {
    return { lessonLines: [], lessonPages: 0, panelLabel: `Raw data of the ${result.name} stage · d to go back`, lines: detailLines(result, p.width), panelHeight: rest, gap: 0 };
  }
  const resolved = p.lesson !== undefined ? resolvedLesson(p.lesson, result, p.versions) : null;
  let lessonLines: Line[] = [];
  let lessonPages = 0;
  if (resolved !== null && p.mode === 'presenter') lessonLines = [lessonOneLine(resolved, p.width)];
  else if (resolved !== null) {
    const block = lessonBlock(resolved, p.lessonPage, p.width, lessonMax);
    lessonLines = block.lines;
    lessonPages = block.pages;
    // Too little room for a page: the one-line form, which still says how to open it.
    if (lessonLines.length === 0 && lessonMax >= 1) lessonLines = [lessonOneLine(resolved, p.width)];
  }
  let panelLabel = result !== undefined && result.status !== 'skipped' ? `This run${result.status === 'error' ? ' · failed here' : ''}` : 'This run';
  // The one stage where "next" does something irreversible: say so where the eye is.
  if (p.nextSends && result?.status === 'ok') panelLabel = 'This run · not sent yet: → sends it';
  if (p.mode === 'lesson') {
    return { lessonLines, lessonPages, panelLabel: `${panelLabel} · hidden: f shows the live panel`, lines: [], panelHeight: 0, gap: 0 };
  }
  let lines: Line[];
  if (p.snapshot.crashed !== null && result === undefined) lines = crashLines(p.snapshot.crashed, p.width);
  else if (result === undefined) lines = progressLines(p.plan, p.snapshot, p.index, p.width, p.tick);
  else {
    const failed = p.snapshot.failedAt !== null ? (p.plan.stages[p.snapshot.failedAt]?.name ?? null) : null;
    lines = panelLines(result, p.width, resolved?.look_at ?? NO_LOOK_AT, p.snapshot.results, p.request, p.sandboxKubeconfig, failed);
  }
  return { lessonLines, lessonPages, panelLabel, lines, panelHeight: Math.max(1, rest - lessonLines.length - gap), gap };
}
