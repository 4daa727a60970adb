// Ink 6 has no scrolling container, so this one keeps two offsets (owned by the caller: rows moved by
// j/k, arrows and PgUp/PgDn; columns by [ and ]) and renders only what is visible. When anything is
// off-screen, the last row says what: the rows shown of how many, and for wide rows (a table, a
// header, the curl line) the columns shown and how many more there are to either side.
import React from 'react';
import { Box, Text } from 'ink';
import { colors } from '../theme.js';
import type { Line } from './lines.js';
import { lineWidth } from './lines.js';
import { displayWidth } from '../../text/index.js';
import { LineView } from './LineView.js';
import { clampLeft, clampOffset, scrollMetrics } from '../state/scroll.js';

export interface ScrollViewProps {
  lines: Line[];
  height: number;
  offset: number;
  /** First column shown of the wide rows. */
  left?: number;
  width: number;
}

/** The widest wide row: what horizontal scrolling moves over. */
/** Lines arrays are not changed once made: a WeakMap keeps each one's width only while it lives. */
const widths = new WeakMap<readonly Line[], number>();

/** The widest wide line (kept per lines array: the panel's lines are reused from key to key). */
export function contentWidth(lines: readonly Line[]): number {
  const known = widths.get(lines);
  if (known !== undefined) return known;
  let w = 0;
  for (const l of lines) if (l.wide === true) w = Math.max(w, lineWidth(l));
  widths.set(lines, w);
  return w;
}

/**
 * The indicator's text (exported for tests): "▼ lines 1–12 of 40 · ◀ cols 41–120 of 160 ▶ · keys",
 * as much of it as fits `width` (the keys go first, then the row numbers; the columns stay).
 */
export function indicatorText(p: { start: number; end: number; total: number; left: number; width: number; content: number; scrollable: boolean }): string {
  const lines = p.scrollable ? `${p.start > 0 ? '▲' : ' '}${p.end < p.total ? '▼' : ' '} lines ${p.start + 1}–${p.end} of ${p.total}` : '';
  const cols = p.content > p.width ? `${p.left > 0 ? '◀' : ' '} cols ${p.left + 1}–${Math.min(p.content, p.left + p.width)} of ${p.content} ${p.left + p.width < p.content ? '▶' : ' '}` : '';
  const keys = [p.scrollable ? 'j/k ↑/↓ PgUp/PgDn' : '', cols !== '' ? '[ ] sideways' : ''].filter((k) => k !== '').join(' · ');
  const shortKeys = [p.scrollable ? 'j/k' : '', cols !== '' ? '[ ]' : ''].filter((k) => k !== '').join(' ');
  const shortLines = p.scrollable ? `${p.start > 0 ? '▲' : ' '}${p.end < p.total ? '▼' : ' '} ${p.start + 1}–${p.end}/${p.total}` : '';
  const join = (...parts: string[]): string => parts.filter((x) => x !== '').join(' · ');
  const variants = [join(lines, cols, keys), join(lines, cols, shortKeys), join(shortLines, cols, shortKeys), join(shortLines, cols), cols || shortLines];
  return variants.find((v) => displayWidth(v) <= p.width) ?? variants[variants.length - 1] ?? '';
}

export function ScrollView({ lines, height, offset, left = 0, width }: ScrollViewProps): React.JSX.Element {
  const content = contentWidth(lines);
  const wide = content > width;
  const m = scrollMetrics(lines.length, height, wide);
  const start = clampOffset(offset, lines.length, height, wide);
  const x = clampLeft(left, content, width);
  const visible = lines.slice(start, start + m.viewport);
  const end = start + visible.length;
  return (
    <Box flexDirection="column" height={Math.max(1, height)} width={width} overflow="hidden">
      {visible.map((line, i) => (
        <Box key={start + i} height={1} overflow="hidden">
          <LineView line={line} width={width} left={x} />
        </Box>
      ))}
      {m.indicator ? (
        <Box height={1}>
          <Text wrap="truncate-end" color={colors.muted}>
            {indicatorText({ start, end, total: lines.length, left: x, width, content, scrollable: m.scrollable })}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
