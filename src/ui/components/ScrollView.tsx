// Ink 6 has no scrolling container, so this one keeps an offset (owned by the caller, moved by j/k,
// arrows and PgUp/PgDn) and renders only the visible rows. When the content does not fit, the last
// row becomes a position indicator, so the learner always knows there is more.
import React from 'react';
import { Box, Text } from 'ink';
import { colors } from '../theme.js';
import type { Line } from './lines.js';
import { clampOffset, scrollMetrics } from '../state/scroll.js';

export interface ScrollViewProps {
  lines: Line[];
  height: number;
  offset: number;
  width?: number;
}

export function ScrollView({ lines, height, offset, width }: ScrollViewProps): React.JSX.Element {
  const m = scrollMetrics(lines.length, height);
  const start = clampOffset(offset, lines.length, height);
  const visible = lines.slice(start, start + m.viewport);
  const end = start + visible.length;
  return (
    <Box flexDirection="column" height={Math.max(1, height)} width={width} overflow="hidden">
      {visible.map((line, i) => (
        <Box key={start + i} height={1} overflow="hidden">
          {line}
        </Box>
      ))}
      {m.scrollable ? (
        <Box height={1}>
          <Text wrap="truncate-end" color={colors.muted}>
            {start > 0 ? '▲' : ' '}
            {end < lines.length ? '▼' : ' '} lines {start + 1}–{end} of {lines.length} · j/k ↑/↓ PgUp/PgDn
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
