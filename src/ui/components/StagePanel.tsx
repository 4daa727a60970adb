// One stage on screen: its number and title with how it went, the lesson, then "This run" and the
// live panel in a scroll view. Heights are decided by the caller (App), which knows the screen.
import React from 'react';
import { Box, Text } from 'ink';
import type { AnyStageResult, TracePlan } from '../../trace/types.js';
import { colors, marks } from '../theme.js';
import { displayWidth, formatMs, printable, truncate } from '../../text/index.js';
import { stageCounter } from './Timeline.js';
import type { Line } from './lines.js';
import { headingLine } from './lines.js';
import { LineView } from './LineView.js';
import { ScrollView } from './ScrollView.js';

export interface StagePanelProps {
  plan: TracePlan;
  index: number;
  failed: boolean;
  status: { text: string; color: string };
  lessonLines: Line[];
  panelLabel: string;
  lines: Line[];
  panelHeight: number;
  gap: number;
  offset: number;
  left: number;
  width: number;
}

/** How the stage went, for the right end of its title row. */
export function stageStatus(r: AnyStageResult | undefined, isRunning: boolean): { text: string; color: string } {
  if (r === undefined) return isRunning ? { text: 'running…', color: colors.accent } : { text: 'not run yet', color: colors.muted };
  if (r.status === 'ok') return { text: `${marks.ok} ${formatMs(r.durationMs)}`, color: colors.ok };
  if (r.status === 'error') return { text: `${marks.error} failed after ${formatMs(r.durationMs)}`, color: colors.fail };
  return { text: `${marks.skipped} not reached`, color: colors.muted };
}

export function StagePanel(p: StagePanelProps): React.JSX.Element {
  const counter = stageCounter(p.plan, p.index);
  const title = printable(p.plan.stages[p.index]?.title ?? '');
  // The title keeps its room; the status gives way on a narrow screen.
  const statusRoom = p.width - displayWidth(counter) - 2 - displayWidth(title) - 1;
  const status = statusRoom >= displayWidth(p.status.text) + 1 ? p.status.text : '';
  return (
    <>
      <Box height={1} width={p.width}>
        <Text wrap="truncate-end" bold>
          <Text color={p.failed ? colors.fail : colors.accent}>
            {counter}
            {'  '}
          </Text>
          {truncate(title, Math.max(4, p.width - displayWidth(counter) - 2))}
        </Text>
        <Box flexGrow={1} />
        {status !== '' ? <Text color={p.status.color}> {status}</Text> : null}
      </Box>
      {p.lessonLines.length > 0 ? (
        <Box flexDirection="column" height={p.lessonLines.length}>
          {p.lessonLines.map((line, i) => (
            <Box key={i} height={1} overflow="hidden">
              <LineView line={line} width={p.width} />
            </Box>
          ))}
        </Box>
      ) : null}
      {p.gap > 0 ? <Box height={p.gap} /> : null}
      <Box height={1}>
        <LineView line={headingLine(p.panelLabel, p.width, colors.muted)} width={p.width} />
      </Box>
      {p.panelHeight > 0 ? <ScrollView lines={p.lines} height={p.panelHeight} offset={p.offset} left={p.left} width={p.width} /> : null}
    </>
  );
}
