// The one place a Line reaches the terminal: its text made printable (again: a no-op for text built
// with lines.ts, a guard for anything that was not), cut to the panel's columns, and — for a wide
// row — moved by the horizontal scroll offset.
import React from 'react';
import { Text } from 'ink';
import { displayWidth, printable, sliceColumns } from '../../text/index.js';
import type { Line, Seg } from './lines.js';

/** The segments of `l` that show in columns [left, left + width). */
export function visibleSegs(l: Line, left: number, width: number): Seg[] {
  const from = l.wide === true ? Math.max(0, left) : 0;
  const to = from + Math.max(0, width);
  const out: Seg[] = [];
  let col = 0;
  for (const s of l.segs) {
    const text = printable(s.text);
    const w = displayWidth(text);
    const start = col;
    col += w;
    if (col <= from) continue;
    if (start >= to) break;
    const cut = start >= from && col <= to ? text : sliceColumns(text, Math.max(0, from - start), Math.min(col, to) - Math.max(start, from));
    if (cut !== '') out.push({ ...s, text: cut });
  }
  return out;
}

export function LineView({ line, width, left = 0 }: { line: Line; width: number; left?: number }): React.JSX.Element {
  const segs = visibleSegs(line, left, width);
  if (segs.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {segs.map((s, i) => (
        <Text key={i} color={s.color} bold={s.bold} dimColor={s.dim} italic={s.italic} inverse={s.inverse} underline={s.underline}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}
