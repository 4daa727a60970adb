// One stage on screen: its number and title with how it went, the lesson page, then "This run" and
// the live panel in a scroll view. Heights are decided by the caller (App), which knows the screen.
import { Box, Text } from 'ink';
import { STAGE_NAMES, STAGE_TITLES } from '../../trace/types.js';
import { colors } from '../theme.js';
import type { Line } from './lines.js';
import { headingLine } from './lines.js';
import { ScrollView } from './ScrollView.js';

export interface StagePanelProps {
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

export function StagePanel(p: StagePanelProps): React.JSX.Element {
  return (
    <>
      <Box height={1} width={p.width}>
        <Text wrap="truncate-end" bold>
          <Text color={p.failed ? colors.fail : colors.accent}>
            {p.index + 1}/7{'  '}
          </Text>
          {STAGE_TITLES[STAGE_NAMES[p.index] ?? 'parse']}
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
