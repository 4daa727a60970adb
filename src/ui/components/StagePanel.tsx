// One stage on screen: its number and title with how it went, the lesson page, then "This run" and
// the live panel in a scroll view. Heights are decided by the caller (App), which knows the screen.
import { Box, Text } from 'ink';
import type { AnyStageResult, TracePlan } from '../../trace/types.js';
import { colors, marks } from '../theme.js';
import { formatMs } from '../text/wrap.js';
import { stageCounter } from './Timeline.js';
import type { Line } from './lines.js';
import { headingLine } from './lines.js';
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
  offset: number;
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
  return (
    <>
      <Box height={1} width={p.width}>
        <Text wrap="truncate-end" bold>
          <Text color={p.failed ? colors.fail : colors.accent}>
            {stageCounter(p.plan, p.index)}
            {'  '}
          </Text>
          {p.plan.stages[p.index]?.title ?? ''}
        </Text>
        <Box flexGrow={1} />
        <Text color={p.status.color}> {p.status.text}</Text>
      </Box>
      {p.lessonLines.length > 0 ? (
        <Box flexDirection="column" height={p.lessonLines.length}>
          {p.lessonLines.map((line, i) => (
            <Box key={i} height={1} overflow="hidden">
              {line}
            </Box>
          ))}
        </Box>
      ) : null}
      <Box height={1}>{headingLine(p.panelLabel, p.width, colors.muted)}</Box>
      <ScrollView lines={p.lines} height={p.panelHeight} offset={p.offset} width={p.width} />
    </>
  );
}
