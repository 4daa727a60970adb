// The whole screen: header, timeline, the notice, the body (a stage, the summary or an overlay),
// footer. The App lays these out from the terminal size and hands every key to the state machine
// (state/appReducer.ts), with the layout the key was pressed on; it decides nothing itself.
import React, { useEffect, useRef } from 'react';
import { Box, Text } from 'ink';
import type { StageName } from '../trace/types.js';
import type { LessonSet } from '../lessons/types.js';
import { Body, bodyContent, scrolledRegion } from './components/Body.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { lessonPageCounts } from './components/LessonPanel.js';
import { Notice } from './components/Notice.js';
import { Timeline } from './components/Timeline.js';
import type { TraceDriver } from './hooks/traceDriver.js';
import { useAppState } from './hooks/useAppState.js';
import { useKeys } from './hooks/useKeys.js';
import { useSpinner } from './hooks/useSpinner.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { useTrace } from './hooks/useTrace.js';
import { frameLayout } from './layout.js';
import type { Layout } from './state/appReducer.js';
import { initialAppState, stageOnScreen } from './state/appReducer.js';
import { colors } from './theme.js';

export interface AppProps {
  /** Carries the plan: what the timeline, the counter, the jump keys and the summary show. */
  driver: TraceDriver;
  lessons: LessonSet;
  startStage: StageName | null;
  noPause: boolean;
  notice: string | null;
  /** `fromSummary`: the learner left from the summary screen (the caller may print it). */
  onExit: (code: number, fromSummary: boolean) => void;
}

export function App({ driver, lessons, startStage, noPause, notice, onExit }: AppProps): React.JSX.Element {
  const { plan } = driver;
  const snapshot = useTrace(driver);
  const { columns, rows } = useTerminalSize();
  const [state, dispatch] = useAppState(
    driver,
    () => initialAppState({ plan, lessonPages: lessonPageCounts(plan, lessons), startStage, noPause, notice: notice !== null }),
    (exit) => onExit(exit.code, exit.fromSummary),
  );
  const tick = useSpinner(snapshot.running !== null);

  const frame = frameLayout(columns, rows, state.noticeVisible ? notice : null);
  const content = bodyContent({ state, snapshot, lessons, width: frame.width, height: frame.bodyHeight, tick });

  // The key handler runs between renders: it reads the layout the learner last saw.
  const layout = useRef<Layout>({ total: 0, height: 1 });
  layout.current = scrolledRegion(content, frame.bodyHeight);
  const { interactive } = useKeys(plan.stages.length, (key) => dispatch({ type: 'key', key, layout: layout.current }));
  useEffect(() => {
    if (!interactive) dispatch({ type: 'noKeyboard' });
  }, [interactive, dispatch]);

  const current = stageOnScreen(state);
  return (
    <Box flexDirection="column" width={frame.width} height={frame.height} overflow="hidden">
      <Header results={snapshot.results} width={frame.width} />
      <Timeline plan={plan} results={snapshot.results} current={current} running={snapshot.running?.index ?? null} width={frame.width} />
      <Notice rows={frame.noticeRows} />
      <Box height={1}>
        <Text color={colors.muted} wrap="truncate-end">
          {'─'.repeat(frame.width)}
        </Text>
      </Box>
      <Body content={content} state={state} snapshot={snapshot} width={frame.width} height={frame.bodyHeight} />
      <Footer width={frame.width} stageCount={plan.stages.length} />
    </Box>
  );
}
