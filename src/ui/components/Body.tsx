// The body of the screen, under the timeline: an overlay (help, curl, the whole lesson), the summary,
// or a stage (its lesson and live panel). `bodyContent` decides what is in it; `Body` draws it.
import React from 'react';
import { Box } from 'ink';
import type { LessonSet } from '../../lessons/types.js';
import type { RunVersions } from '../../lessons/versions.js';
import { stageIndex } from '../../trace/plan.js';
import type { TraceSnapshot } from '../hooks/traceDriver.js';
import { resultNamed } from '../hooks/traceDriver.js';
import type { AppState, Layout } from '../state/appReducer.js';
import { nextSendsRequest, sendingStage } from '../state/appReducer.js';
import { clampLeft, clampOffset } from '../state/scroll.js';
import { curlLines } from './CurlOverlay.js';
import { helpLines } from './HelpOverlay.js';
import { fullLessonLines, resolvedLesson } from './LessonPanel.js';
import type { Line } from './lines.js';
import { contentWidth, ScrollView } from './ScrollView.js';
import type { StageContent } from './StageScreen.js';
import { stageContent } from './StageScreen.js';
import { StagePanel, stageStatus } from './StagePanel.js';
import { summaryScreenLines } from './Summary.js';
import type { RequestState } from './viewContext.js';

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
  sandboxKubeconfig: string | null;
}

/** The versions this run's lessons are resolved for: the server's and kubectl's, once the request stage knows them. */
export function runVersions(snapshot: TraceSnapshot): RunVersions {
  const v = resultNamed(snapshot.results, 'request')?.data?.versions ?? snapshot.report?.versions;
  return { server: v?.server.info?.gitVersion ?? null, kubectl: v?.kubectl.gitVersion ?? null };
}

/** Where kubectl's main request stands, from the run (not from what was asked for). */
export function requestState(state: AppState, snapshot: TraceSnapshot): RequestState {
  const sender = sendingStage(state.config.plan);
  if (sender === -1) return 'never';
  if (snapshot.failedAt !== null && snapshot.failedAt < sender) return 'never';
  if (snapshot.results[sender] !== undefined) return 'sent';
  if (snapshot.running?.index === sender) return 'sending';
  return snapshot.done ? 'never' : 'not-sent';
}

/** The panel's width: presenter mode leaves a column free on each side when the screen is wide enough. */
export function panelWidth(state: AppState, width: number): number {
  return state.presenter && width >= 70 ? width - 2 : width;
}

export function bodyContent({ state, snapshot, lessons, width: screenWidth, height, tick, sandboxKubeconfig }: BodyInput): BodyContent {
  const { plan } = state.config;
  const width = panelWidth(state, screenWidth);
  const index = typeof state.view === 'number' ? state.view : null;
  const spec = index !== null ? plan.stages[index] : undefined;
  const lesson = spec !== undefined ? lessons[spec.name] : undefined;
  const versions = runVersions(snapshot);
  switch (state.screen.overlay) {
    case 'help':
      return { kind: 'page', lines: helpLines(plan, width) };
    case 'curl': {
      const request = resultNamed(snapshot.results, 'request');
      const at = stageIndex(plan, 'request');
      return {
        kind: 'page',
        lines: curlLines({
          request: request?.data?.request ?? null,
          kubeconfig: resultNamed(snapshot.results, 'kubeconfig')?.data ?? null,
          requestKey: at === -1 ? null : at + 1,
          canExport: state.config.canExport,
          credentials: state.credentials,
          width,
        }),
      };
    }
    case 'lesson':
      if (lesson !== undefined && index !== null) return { kind: 'page', lines: fullLessonLines(resolvedLesson(lesson, snapshot.results[index], versions), width) };
      break;
    case null:
      break;
  }
  if (index === null) return { kind: 'page', lines: summaryScreenLines({ plan, snapshot, width, height, noPause: state.config.noPause, tick, sandboxKubeconfig }) };
  const content = stageContent({
    plan,
    snapshot,
    index,
    lesson,
    lessonPage: state.lessonPage[index] ?? 0,
    details: state.screen.details,
    mode: state.lessonFocus ? 'lesson' : state.presenter ? 'presenter' : 'normal',
    nextSends: nextSendsRequest(state),
    request: requestState(state, snapshot),
    versions,
    sandboxKubeconfig,
    width,
    bodyHeight: height,
    tick,
  });
  return { kind: 'stage', index, ...content };
}

/** The scrolled region of this body, as the reducer needs it for the next key. */
export function scrolledRegion(content: BodyContent, bodyHeight: number, width: number): Layout {
  return {
    total: content.lines.length,
    height: content.kind === 'stage' ? content.panelHeight : bodyHeight,
    width,
    contentWidth: contentWidth(content.lines),
    lessonPages: content.kind === 'stage' ? content.lessonPages : 0,
  };
}

export interface BodyProps {
  content: BodyContent;
  state: AppState;
  snapshot: TraceSnapshot;
  width: number;
  height: number;
}

export function Body({ content, state, snapshot, width: screenWidth, height }: BodyProps): React.JSX.Element {
  const width = panelWidth(state, screenWidth);
  const region = scrolledRegion(content, height, width);
  const wide = region.contentWidth > width;
  const offset = clampOffset(state.screen.scrollTop, region.total, region.height, wide);
  const left = clampLeft(state.screen.scrollLeft, region.contentWidth, width);
  const margin = screenWidth > width ? Math.floor((screenWidth - width) / 2) : 0;
  return (
    <Box flexDirection="column" height={height} overflow="hidden" paddingLeft={margin} width={screenWidth}>
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
          gap={content.gap}
          offset={offset}
          left={left}
          width={width}
        />
      ) : (
        <ScrollView lines={content.lines} height={height} offset={offset} left={left} width={width} />
      )}
    </Box>
  );
}
