// The whole screen: header, timeline, the notice, the body (a stage, the summary or an overlay),
// footer. The App lays these out from the terminal size and hands every key to the state machine
// (state/appReducer.ts), with the layout the key was pressed on; it decides nothing itself.
import React, { useEffect, useRef } from 'react';
import { Box, Text } from 'ink';
import type { StageName } from '../trace/types.js';
import type { LessonSet } from '../lessons/types.js';
import { Body, bodyContent, panelWidth, scrolledRegion } from './components/Body.js';
import { Footer, footerMessageRows } from './components/Footer.js';
import { Header } from './components/Header.js';
import { Notice } from './components/Notice.js';
import { Timeline } from './components/Timeline.js';
import type { TraceDriver } from './hooks/traceDriver.js';
import { useAppState, type CredentialExporter } from './hooks/useAppState.js';
import { useKeys } from './hooks/useKeys.js';
import { useSpinner } from './hooks/useSpinner.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { useTrace } from './hooks/useTrace.js';
import { frameLayout } from './layout.js';
import type { AppState, ExitRequest, ExportedCredentials, Layout } from './state/appReducer.js';
import { initialAppState, stageOnScreen, unseenStages } from './state/appReducer.js';
import { colors } from './theme.js';

export interface AppProps {
  /** Carries the plan: what the timeline, the counter, the jump keys and the summary show. */
  driver: TraceDriver;
  lessons: LessonSet;
  startStage: StageName | null;
  noPause: boolean;
  notice: string | null;
  /** Start in presenter mode (--present). */
  present?: boolean;
  /** This run's sandbox kubeconfig (removed at exit), or null/absent for a real cluster. */
  sandboxKubeconfig?: string | null;
  /** Writes the credentials the curl line needs (this run's sandbox only); absent: "e" is not offered. */
  exportCredentials?: CredentialExporter;
  /** Already written by --export-credentials. */
  credentials?: ExportedCredentials | null;
  /** Leaving: how, and which stages the learner had on screen (the caller prints what stays). */
  onExit: (exit: ExitRequest, seen: readonly boolean[]) => void;
  /** get -w: Ctrl-C ends a watch that is open (true) instead of leaving, as kubectl's interrupt handler does. */
  stopWatch?: () => boolean;
}

/** The footer's word for the state machine's question or message, if it has one. */
export function footerMessage(state: AppState): string | null {
  if (state.leaving) return "Finishing the trace, so that kubectl's output can stay on the screen… (Ctrl-C stops, Esc stays)";
  switch (state.prompt) {
    case 'quit': {
      const unseen = unseenStages(state).map((i) => state.config.plan.stages[i]?.name ?? '');
      return `Quit with ${unseen.length} stage${unseen.length === 1 ? '' : 's'} not seen yet (${unseen.join(', ')})? q: quit, kubectl's output stays on the screen · x: quit and print nothing · Esc: stay. (Asked once; Q quits without asking.)`;
    }
    case 'nothing-to-close':
      return "Nothing open to close. q quits (kubectl's output stays on the screen); ? lists every key.";
    case null:
      return null;
  }
}

export function App({ driver, lessons, startStage, noPause, notice, present = false, sandboxKubeconfig = null, exportCredentials, credentials = null, onExit, stopWatch }: AppProps): React.JSX.Element {
  const { plan } = driver;
  const snapshot = useTrace(driver);
  const { columns, rows } = useTerminalSize();
  const [state, dispatch] = useAppState(
    driver,
    () => initialAppState({ plan, startStage, noPause, notice: notice !== null, presenter: present, canExport: exportCredentials !== undefined, credentials }),
    (exit, s) => onExit(exit, s.seen),
    exportCredentials,
  );
  const tick = useSpinner(snapshot.running !== null);

  const message = footerMessage(state);
  const frame = frameLayout(columns, rows, state.noticeVisible ? notice : null, message !== null ? footerMessageRows(message, columns).length : 1);
  const content = bodyContent({ state, snapshot, lessons, width: frame.width, height: frame.bodyHeight, tick, sandboxKubeconfig });
  const region = scrolledRegion(content, frame.bodyHeight, panelWidth(state, frame.width));

  // The key handler runs between renders: it reads the layout the learner last saw.
  const layout = useRef<Layout>({ total: 0, height: 1, width: frame.width, contentWidth: 0, lessonPages: 0 });
  layout.current = region;
  const { interactive } = useKeys(plan.stages.length, (key) => {
    if (key.type === 'interrupt' && stopWatch?.() === true) return;
    dispatch({ type: 'key', key, layout: layout.current });
  });
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
      <Footer width={frame.width} stageCount={plan.stages.length} message={message} wide={region.contentWidth > region.width} presenter={state.presenter} />
    </Box>
  );
}
