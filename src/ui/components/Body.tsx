// The body of the screen, under the timeline: an overlay (help, curl, the whole lesson), the summary,
// or a stage (its lesson and live panel). `bodyContent` decides what is in it; `Body` draws it.
import React from 'react';
import { Box } from 'ink';
import type { LessonSet } from '../../lessons/types.js';
import { stageIndex } from '../../trace/plan.js';
import type { TraceSnapshot } from '../hooks/traceDriver.js';
import { resultNamed } from '../hooks/traceDriver.js';
import type { AppState, Layout } from '../state/appReducer.js';
import { nextSendsRequest } from '../state/appReducer.js';
import { clampOffset } from '../state/scroll.js';
import { curlLines } from './CurlOverlay.js';
import { helpLines } from './HelpOverlay.js';
import { fullLessonLines } from './LessonPanel.js';
import type { Line } from './lines.js';
import { ScrollView } from './ScrollView.js';
import type { StageContent } from './StageScreen.js';
import { stageContent } from './StageScreen.js';
import { StagePanel, stageStatus } from './StagePanel.js';
import { summaryScreenLines } from './Summary.js';

export type BodyContent =
  | ({ kind: 'stage'; index: number } & StageContent)
  /** An overlay or the summary: one scrolled page the height of the body. */
  | { kind: 'page'; lines: Line[] };

export interface BodyInput {
  state: AppState;
  snapshot: TraceSnapshot;
  lessons: LessonSet;
  width: number;
  height: number;
  tick: number;
}

export function bodyContent({ state, snapshot, lessons, width, height, tick }: BodyInput): BodyContent {
  const { plan } = state.config;
  const index = typeof state.view === 'number' ? state.view : null;
  const spec = index !== null ? plan.stages[index] : undefined;
  const lesson = spec !== undefined ? lessons[spec.name] : undefined;
  switch (state.screen.overlay) {
    case 'help':
      return { kind: 'page', lines: helpLines(plan, width) };
    case 'curl': {
      const request = resultNamed(snapshot.results, 'request');
      const at = stageIndex(plan, 'request');
      return { kind: 'page', lines: curlLines(request?.data?.request.curl ?? null, at === -1 ? null : at + 1, width) };
    }
    case 'lesson':
      if (lesson !== undefined) return { kind: 'page', lines: fullLessonLines(lesson, width) };
      break;
    case null:
      break;
  }
  if (index === null) return { kind: 'page', lines: summaryScreenLines(plan, snapshot, width, height, state.config.noPause, tick) };
  const content = stageContent({
    plan,
    snapshot,
    index,
    lesson,
    lessonPage: state.lessonPage[index] ?? 0,
    details: state.screen.details,
    nextSends: nextSendsRequest(state),
    width,
    bodyHeight: height,
    tick,
  });
  return { kind: 'stage', index, ...content };
}

/** The scrolled region of this body, as the reducer needs it for the next scroll key. */
export function scrolledRegion(content: BodyContent, bodyHeight: number): Layout {
  return { total: content.lines.length, height: content.kind === 'stage' ? content.panelHeight : bodyHeight };
}

export interface BodyProps {
  content: BodyContent;
  state: AppState;
  snapshot: TraceSnapshot;
  width: number;
  height: number;
}

export function Body({ content, state, snapshot, width, height }: BodyProps): React.JSX.Element {
  const region = scrolledRegion(content, height);
  const offset = clampOffset(state.screen.scrollTop, region.total, region.height);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {content.kind === 'stage' ? (
        <StagePanel
          plan={state.config.plan}
          index={content.index}
          failed={snapshot.results[content.index]?.status === 'error'}
          status={stageStatus(snapshot.results[content.index], snapshot.running?.index === content.index)}
          lessonLines={content.lessonLines}
          panelLabel={content.panelLabel}
          lines={content.lines}
          panelHeight={content.panelHeight}
          offset={offset}
          width={width}
        />
      ) : (
        <ScrollView lines={content.lines} height={height} offset={offset} width={width} />
      )}
    </Box>
  );
}
