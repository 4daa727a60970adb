// Ink 6 has no scrolling container, so this one keeps an offset (owned by the caller, moved by j/k,
// arrows and PgUp/PgDn) and renders only the visible rows. When the content does not fit, the last
// row becomes a position indicator, so the learner always knows there is more.
import React from 'react';
import { Box, Text } from 'ink';
import { colors } from '../theme.js';
import type { Line } from './lines.js';

export interface ScrollMetrics {
  /** Rows available for content (the indicator takes one when scrolling is needed). */
  viewport: number;
  maxOffset: number;
  scrollable: boolean;
}

export function scrollMetrics(total: number, height: number): ScrollMetrics {
  const h = Math.max(1, height);
  if (total <= h) return { viewport: h, maxOffset: 0, scrollable: false };
  const viewport = Math.max(1, h - 1);
  return { viewport, maxOffset: Math.max(0, total - viewport), scrollable: true };
}

export function clampOffset(offset: number, total: number, height: number): number {
  return Math.min(Math.max(0, offset), scrollMetrics(total, height).maxOffset);
}

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
