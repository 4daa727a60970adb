// The whole screen: header, timeline, the stage (lesson + live panel) or an overlay, footer. Every
// region's height is computed here from the terminal size, so the frame never exceeds the screen
// and never scrolls the terminal.
import React, { useEffect, useRef, useState } from 'react';
import { Box, Text, useApp } from 'ink';
import { STAGE_NAMES, STAGE_TITLES } from '../trace/types.js';
import type { AnyStageResult, StageName } from '../trace/types.js';
import type { LessonSet } from '../lessons/types.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { StagePanel } from './components/StagePanel.js';
import { helpLines } from './components/HelpOverlay.js';
import { curlLines } from './components/CurlOverlay.js';
import { fullLessonLines, lessonBlockLines, lessonPages } from './components/LessonPanel.js';
import type { Line } from './components/lines.js';
import { paragraphLines, textLine } from './components/lines.js';
import { ScrollView, clampOffset, scrollMetrics } from './components/ScrollView.js';
import { summaryLines } from './components/Summary.js';
import { Timeline } from './components/Timeline.js';
import { makeViewContext } from './components/viewContext.js';
import { useKeys } from './hooks/useKeys.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { useTrace } from './hooks/useTrace.js';
import type { TraceDriver, TraceSnapshot } from './hooks/traceDriver.js';
import { REPORT_INDEX } from './hooks/traceDriver.js';
import type { Action } from './keys.js';
import { errorLines } from './stages/common.js';
import { detailLines, stageLines } from './stages/index.js';
import { colors, marks, SPINNER_FRAMES } from './theme.js';
import { formatMs, truncate, wrapText } from './text/wrap.js';

export const EXIT_INTERRUPTED = 130;

export interface AppProps {
  driver: TraceDriver;
  lessons: LessonSet;
  startStage: StageName | null;
  noPause: boolean;
  notice: string | null;
  /** `fromSummary`: the learner left from the summary screen (the caller may print it). */
  onExit: (code: number, fromSummary: boolean) => void;
}

type View = number | 'summary';
type Overlay = 'help' | 'curl' | 'lesson' | null;

function pendingLines(snapshot: TraceSnapshot, index: number, width: number, tick: number): Line[] {
  const running = snapshot.running;
  const frame = SPINNER_FRAMES[tick % SPINNER_FRAMES.length] ?? '*';
  const next = snapshot.results.findIndex((r) => r === undefined);
  if (running !== null ? running.index !== index : next !== index) {
    return [textLine(`${frame} Waiting for the earlier stages to finish…`, { color: colors.muted })];
  }
  const elapsed = running !== null ? formatMs(Date.now() - running.since) : '';
  const request = snapshot.results[2];
  if (index === 3 && request?.name === 'request' && request.data !== null) {
    const r = request.data.request;
    return [
      <Text wrap="truncate-end">
        <Text color={colors.accent}>{frame}</Text> Sending <Text bold>{r.method}</Text> {truncate(r.url, Math.max(10, width - 30))} … <Text color={colors.muted}>{elapsed}</Text>
      </Text>,
      ...paragraphLines('The request is on its way to the API server: authentication, authorization and storage happen there.', width, { color: colors.muted }, 2),
    ];
  }
  return [
    <Text wrap="truncate-end">
      <Text color={colors.accent}>{frame}</Text> Running: {STAGE_TITLES[STAGE_NAMES[index] ?? 'parse']} … <Text color={colors.muted}>{elapsed}</Text>
    </Text>,
  ];
}

function statusLabel(r: AnyStageResult | undefined, isRunning: boolean): { text: string; color: string } {
  if (r === undefined) return isRunning ? { text: 'running…', color: colors.accent } : { text: 'not run yet', color: colors.muted };
  if (r.status === 'ok') return { text: `${marks.ok} ${formatMs(r.durationMs)}`, color: colors.ok };
  if (r.status === 'error') return { text: `${marks.error} failed after ${formatMs(r.durationMs)}`, color: colors.fail };
  return { text: `${marks.skipped} not reached`, color: colors.muted };
}

export function App({ driver, lessons, startStage, noPause, notice, onExit }: AppProps): React.JSX.Element {
  const { exit } = useApp();
  const snapshot = useTrace(driver);
  const { columns: width, rows } = useTerminalSize();
  const initialView: View = noPause ? 'summary' : startStage !== null ? STAGE_NAMES.indexOf(startStage) : 0;
  const [view, setView] = useState<View>(initialView);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [details, setDetails] = useState(false);
  const [offset, setOffset] = useState(0);
  const [lessonPage, setLessonPage] = useState<Record<number, number>>({});
  const [noticeVisible, setNoticeVisible] = useState(notice !== null);
  const [tick, setTick] = useState(0);
  const followFailure = useRef(startStage !== null);
  const exited = useRef(false);

  // Ask the engine for what the first screen needs (and nothing more).
  useEffect(() => {
    driver.want(initialView === 'summary' ? REPORT_INDEX : initialView);
  }, [driver]); // eslint-disable-line react-hooks/exhaustive-deps

  // With --stage, a failure before that stage is where the learner should land.
  useEffect(() => {
    if (followFailure.current && snapshot.failedAt !== null && typeof view === 'number' && view > snapshot.failedAt) {
      followFailure.current = false;
      setView(snapshot.failedAt);
    }
  }, [snapshot.failedAt, view]);

  // The spinner and elapsed time tick only while something runs.
  useEffect(() => {
    if (snapshot.running === null) return undefined;
    const timer = setInterval(() => setTick((t) => t + 1), 100);
    return () => clearInterval(timer);
  }, [snapshot.running]);

  const finish = (code: number, fromSummary = view === 'summary'): void => {
    if (exited.current) return;
    exited.current = true;
    if (!snapshot.done) driver.cancel();
    onExit(code, fromSummary && snapshot.done && snapshot.crashed === null);
    exit();
  };
  const exitCode = (): number => snapshot.report?.output.exitCode ?? (snapshot.crashed !== null ? 1 : 0);

  // ---------------------------------------------------------------- layout
  const height = Math.max(8, rows - 1); // one spare row: Ink redraws in place instead of clearing
  const noticeRows = noticeVisible && notice !== null ? wrapText(notice, width).slice(0, 2) : [];
  const bodyHeight = Math.max(3, height - 4 - noticeRows.length);
  const stageIndex = typeof view === 'number' ? view : null;
  const result = stageIndex !== null ? snapshot.results[stageIndex] : undefined;
  const stageName = stageIndex !== null ? STAGE_NAMES[stageIndex] : undefined;
  const lesson = stageName !== undefined ? lessons[stageName] : undefined;
  const stoppedAt = snapshot.failedAt !== null ? (STAGE_NAMES[snapshot.failedAt] ?? null) : null;
  const curl = (() => {
    const r = snapshot.results[2];
    return r?.name === 'request' && r.data !== null ? r.data.request.curl : null;
  })();

  let bodyLines: Line[];
  let lessonLines: Line[] = [];
  let panelHeight = bodyHeight;
  let panelLabel: string | null = null;
  if (overlay === 'help') bodyLines = helpLines(width);
  else if (overlay === 'curl') bodyLines = curlLines(curl, width);
  else if (overlay === 'lesson' && lesson !== undefined) bodyLines = fullLessonLines(lesson, width);
  else if (view === 'summary') {
    if (snapshot.crashed !== null) {
      bodyLines = errorLines({ kind: 'internal', message: snapshot.crashed, hint: 'This is a kube-trace bug. Run again with --plain, and please report it.' }, width);
    } else if (!snapshot.done) {
      bodyLines = pendingLines(snapshot, snapshot.running?.index ?? REPORT_INDEX, width, tick);
    } else {
      const hint = noPause ? 'Press q to exit, or 1–7 to revisit a stage.' : 'Press → or q to exit, or 1–7 to revisit a stage.';
      const full = summaryLines(snapshot.results, snapshot.report, width, hint, true);
      bodyLines = full.length <= bodyHeight ? full : summaryLines(snapshot.results, snapshot.report, width, hint, false);
    }
  } else {
    const index = view;
    // Title row + panel label row, then the lesson and the panel share the rest.
    const rest = bodyHeight - 2;
    if (details && result !== undefined) {
      panelLabel = `Raw data of the ${result.name} stage · d to go back`;
      bodyLines = detailLines(result, width);
      panelHeight = rest;
    } else {
      const lessonMax = rest >= 18 ? Math.floor(rest * 0.4) : rest >= 14 ? 5 : rest >= 8 ? 3 : 0;
      lessonLines = lesson !== undefined ? lessonBlockLines(lesson, lessonPage[index] ?? 0, width, lessonMax) : [];
      panelHeight = Math.max(1, rest - lessonLines.length);
      panelLabel = result !== undefined && result.status !== 'skipped' ? `This run${result.status === 'error' ? ' · failed here' : ''}` : 'This run';
      // The one stage where "next" does something irreversible: say so where the eye is.
      if (stageName === 'request' && result?.status === 'ok' && snapshot.results[3] === undefined && snapshot.running?.index !== 3) {
        panelLabel = 'This run · not sent yet: → sends it';
      }
      if (snapshot.crashed !== null && result === undefined) {
        bodyLines = errorLines({ kind: 'internal', message: snapshot.crashed, hint: 'This is a kube-trace bug. Run again with --plain, and please report it.' }, width);
      } else if (result === undefined) {
        bodyLines = pendingLines(snapshot, index, width, tick);
      } else {
        const ctx = makeViewContext(width, lesson?.look_at ?? []);
        bodyLines = stageLines(result, ctx, stoppedAt);
      }
    }
  }

  // Latest layout for the key handler (it runs between renders).
  const layout = useRef({ total: 0, height: 1 });
  layout.current = { total: bodyLines.length, height: panelHeight };
  const shownOffset = clampOffset(offset, bodyLines.length, panelHeight);

  // ---------------------------------------------------------------- keys
  // Keys can arrive faster than React re-renders (a quick double press, a loaded machine): "next" and
  // "back" count from the view the last key chose, not from the one the last render saw.
  const viewNow = useRef<View>(view);
  viewNow.current = view;
  const go = (to: View): void => {
    viewNow.current = to;
    setView(to);
    setOffset(0);
    setDetails(false);
    setOverlay(null);
    setNoticeVisible(false);
    followFailure.current = false;
    driver.want(to === 'summary' ? REPORT_INDEX : to);
  };

  const onAction = (a: Action): void => {
    const { total, height: h } = layout.current;
    const m = scrollMetrics(total, h);
    switch (a.type) {
      case 'interrupt':
        finish(EXIT_INTERRUPTED);
        return;
      case 'quit':
        finish(exitCode());
        return;
      case 'escape':
        if (overlay !== null) setOverlay(null);
        else if (details) setDetails(false);
        else finish(exitCode());
        return;
      case 'next': {
        const at = viewNow.current;
        if (at === 'summary') {
          if (snapshot.done && !noPause) finish(exitCode());
          return;
        }
        go(at + 1 < STAGE_NAMES.length ? at + 1 : 'summary');
        return;
      }
      case 'back':
        if (overlay !== null) {
          setOverlay(null);
          return;
        }
        const at = viewNow.current;
        go(at === 'summary' ? STAGE_NAMES.length - 1 : Math.max(0, at - 1));
        return;
      case 'jump':
        go(a.index);
        return;
      case 'help':
        setOverlay((o) => (o === 'help' ? null : 'help'));
        setOffset(0);
        return;
      case 'curl':
        setOverlay((o) => (o === 'curl' ? null : 'curl'));
        setOffset(0);
        return;
      case 'lessonFull':
        if (typeof view === 'number') {
          setOverlay((o) => (o === 'lesson' ? null : 'lesson'));
          setOffset(0);
        }
        return;
      case 'lessonNext':
        if (typeof view === 'number' && lesson !== undefined) {
          const count = lessonPages(lesson).length;
          setLessonPage((p) => ({ ...p, [view]: ((p[view] ?? 0) + 1) % count }));
        }
        return;
      case 'details':
        if (typeof view === 'number' && overlay === null) {
          setDetails((d) => !d);
          setOffset(0);
        }
        return;
      case 'scroll':
        setOffset((o) => Math.min(m.maxOffset, Math.max(0, Math.min(o, m.maxOffset) + a.by)));
        return;
      case 'page':
        setOffset((o) => Math.min(m.maxOffset, Math.max(0, Math.min(o, m.maxOffset) + a.direction * Math.max(1, m.viewport - 1))));
        return;
      case 'top':
        setOffset(0);
        return;
      case 'bottom':
        setOffset(m.maxOffset);
        return;
      case 'none':
        return;
    }
  };
  const { interactive } = useKeys(onAction);

  // Without a keyboard there is nobody to press "next": show the summary and leave.
  useEffect(() => {
    if (!interactive && snapshot.done) finish(exitCode(), true);
  }, [interactive, snapshot.done]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!interactive) driver.want(REPORT_INDEX);
  }, [interactive, driver]);

  // ---------------------------------------------------------------- render
  const status = statusLabel(result, snapshot.running?.index === stageIndex);

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Header results={snapshot.results} width={width} />
      <Timeline results={snapshot.results} current={stageIndex} running={snapshot.running?.index ?? null} width={width} />
      {noticeRows.map((row, i) => (
        <Box key={`notice-${i}`} height={1}>
          <Text wrap="truncate-end" color={colors.lookAt}>
            {row}
          </Text>
        </Box>
      ))}
      <Box height={1}>
        <Text color={colors.muted} wrap="truncate-end">
          {'─'.repeat(width)}
        </Text>
      </Box>
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">
        {overlay === null && stageIndex !== null ? (
          <StagePanel
            index={stageIndex}
            failed={result?.status === 'error'}
            status={status}
            lessonLines={lessonLines}
            panelLabel={panelLabel ?? 'This run'}
            lines={bodyLines}
            panelHeight={panelHeight}
            offset={shownOffset}
            width={width}
          />
        ) : (
          <ScrollView lines={bodyLines} height={bodyHeight} offset={shownOffset} width={width} />
        )}
      </Box>
      <Footer width={width} />
    </Box>
  );
}
