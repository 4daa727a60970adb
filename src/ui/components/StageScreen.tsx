// What a stage view holds: the lesson page and the live panel (or, with "d", the stage's raw data),
// with the label over the panel. Pure: the App lays it out with StagePanel.
import type { Lesson } from '../../lessons/types.js';
import type { TracePlan } from '../../trace/types.js';
import type { TraceSnapshot } from '../hooks/traceDriver.js';
import { stageLayout } from '../layout.js';
import { detailLines, stageLines } from '../stages/index.js';
import { lessonBlockLines } from './LessonPanel.js';
import type { Line } from './lines.js';
import { crashLines, progressLines } from './Progress.js';
import { makeViewContext } from './viewContext.js';

export interface StageContent {
  lessonLines: Line[];
  panelLabel: string;
  lines: Line[];
  panelHeight: number;
}

export interface StageContentInput {
  plan: TracePlan;
  snapshot: TraceSnapshot;
  index: number;
  lesson: Lesson | undefined;
  lessonPage: number;
  details: boolean;
  /** "next" from here sends kubectl's main request, which has not been asked for yet. */
  nextSends: boolean;
  width: number;
  bodyHeight: number;
  tick: number;
}

export function stageContent(p: StageContentInput): StageContent {
  const { rest, lessonMax } = stageLayout(p.bodyHeight);
  const result = p.snapshot.results[p.index];
  if (p.details && result !== undefined) {
    return { lessonLines: [], panelLabel: `Raw data of the ${result.name} stage · d to go back`, lines: detailLines(result, p.width), panelHeight: rest };
  }
  const spec = p.plan.stages[p.index];
  const lessonLines = p.lesson !== undefined ? lessonBlockLines(p.lesson, p.lessonPage, p.width, lessonMax, spec?.title ?? '') : [];
  let panelLabel = result !== undefined && result.status !== 'skipped' ? `This run${result.status === 'error' ? ' · failed here' : ''}` : 'This run';
  // The one stage where "next" does something irreversible: say so where the eye is.
  if (p.nextSends && result?.status === 'ok') panelLabel = 'This run · not sent yet: → sends it';
  let lines: Line[];
  if (p.snapshot.crashed !== null && result === undefined) lines = crashLines(p.snapshot.crashed, p.width);
  else if (result === undefined) lines = progressLines(p.plan, p.snapshot, p.index, p.width, p.tick);
  else {
    const failed = p.snapshot.failedAt !== null ? (p.plan.stages[p.snapshot.failedAt]?.name ?? null) : null;
    lines = stageLines(result, makeViewContext(p.width, p.lesson?.look_at ?? []), failed);
  }
  return { lessonLines, panelLabel, lines, panelHeight: Math.max(1, rest - lessonLines.length) };
}
