// The unit of layout: a Line is one terminal row. Views build arrays of Lines; the ScrollView shows a
// window of them. Every helper here returns rows that never wrap (they are cut at the panel edge), so
// heights are exact.
import { Text } from 'ink';
import type { ReactNode } from 'react';
import { colors } from '../theme.js';
import { hardWrap, wrapText } from '../text/wrap.js';

export type Line = ReactNode;

export interface TextStyle {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
  italic?: boolean;
  inverse?: boolean;
}

export function textLine(text: string, style: TextStyle = {}): Line {
  return (
    <Text wrap="truncate-end" {...style}>
      {text === '' ? ' ' : text}
    </Text>
  );
}

export function blankLine(): Line {
  return <Text> </Text>;
}

/** A section heading inside a panel: bold words, then a faint rule to the edge. */
export function headingLine(title: string, width: number, color: string = colors.accent): Line {
  const rule = '─'.repeat(Math.max(0, width - title.length - 1));
  return (
    <Text wrap="truncate-end">
      <Text bold color={color}>
        {title}
      </Text>
      <Text color={colors.muted}> {rule}</Text>
    </Text>
  );
}

/** Prose, word-wrapped to the panel. */
export function paragraphLines(text: string, width: number, style: TextStyle = {}, indent = 0): Line[] {
  const pad = ' '.repeat(indent);
  return wrapText(text, width - indent).map((row) => textLine(pad + row, style));
}

/** Exact text (JSON, headers, curl), broken at the panel edge without reflowing. */
export function preformattedLines(text: string, width: number, style: TextStyle = {}, indent = 0): Line[] {
  const pad = ' '.repeat(indent);
  return hardWrap(text, width - indent).map((row) => textLine(pad + row, style));
}

/**
 * Lesson prose: word-wrapped, with `code spans` shown in the accent colour (backticks dropped). A
 * span may continue on the next row.
 */
export function proseLines(text: string, width: number, style: TextStyle = {}, indent = 0): Line[] {
  const pad = ' '.repeat(indent);
  let inCode = false;
  return wrapText(text, width - indent).map((row) => {
    const parts = row.split('`');
    const segments = parts.map((part, i) => {
      const code = i === 0 ? inCode : (inCode = !inCode);
      return { part, code };
    });
    return (
      <Text wrap="truncate-end" {...style}>
        {pad}
        {segments.map((seg, i) =>
          seg.part === '' ? null : seg.code ? (
            <Text key={i} color={colors.accent}>
              {seg.part}
            </Text>
          ) : (
            <Text key={i}>{seg.part}</Text>
          ),
        )}
        {row === '' ? ' ' : ''}
      </Text>
    );
  });
}
