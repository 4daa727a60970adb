// The keys, always on the last row; less important keys drop off on narrow terminals ("?" lists all).
// When the state machine has a question or a word for the learner (the quit question, "nothing to
// close", "finishing the trace"), the footer says it instead, on as many rows as it needs.
import React from 'react';
import { Box, Text } from 'ink';
import { jumpKeys } from '../keys.js';
import { colors } from '../theme.js';
import { printable, wrapText } from '../../text/index.js';

export interface FooterKey {
  /** Stable name for the display order (the jump key's text depends on the plan). */
  id: 'next' | 'back' | 'quit' | 'help' | 'jump' | 'details' | 'curl' | 'scroll' | 'lesson' | 'sideways' | 'present';
  key: string;
  label: string;
}

/** In order of importance: the first ones survive the narrowest terminals. */
export function footerKeys(stageCount: number, options: { wide?: boolean; presenter?: boolean } = {}): FooterKey[] {
  return [
    { id: 'next', key: '→', label: 'next' },
    { id: 'back', key: '←', label: 'back' },
    { id: 'quit', key: 'q', label: 'quit' },
    { id: 'help', key: '?', label: 'help' },
    ...(options.wide === true ? [{ id: 'sideways' as const, key: '[ ]', label: 'sideways' }] : []),
    { id: 'present', key: 'p', label: options.presenter === true ? 'normal view' : 'present' },
    { id: 'jump', key: jumpKeys(stageCount), label: 'jump' },
    { id: 'details', key: 'd', label: 'details' },
    { id: 'curl', key: 'c', label: 'curl' },
    { id: 'scroll', key: 'j/k', label: 'scroll' },
    { id: 'lesson', key: 'l', label: 'lesson page' },
  ];
}

const DISPLAY_ORDER: FooterKey['id'][] = ['back', 'next', 'jump', 'scroll', 'sideways', 'lesson', 'details', 'curl', 'present', 'help', 'quit'];

export function footerKeysFor(width: number, keys: FooterKey[]): FooterKey[] {
  const kept: FooterKey[] = [];
  let used = 0;
  for (const k of keys) {
    const w = (kept.length > 0 ? 2 : 0) + k.key.length + 1 + k.label.length;
    if (used + w > width) break;
    kept.push(k);
    used += w;
  }
  return kept.sort((a, b) => DISPLAY_ORDER.indexOf(a.id) - DISPLAY_ORDER.indexOf(b.id));
}

/** The footer's rows for a message (at most three). */
export function footerMessageRows(message: string, width: number): string[] {
  return wrapText(printable(message), Math.max(10, width)).slice(0, 3);
}

export interface FooterProps {
  width: number;
  stageCount: number;
  message?: string | null;
  wide?: boolean;
  presenter?: boolean;
}

export function Footer({ width, stageCount, message, wide, presenter }: FooterProps): React.JSX.Element {
  if (message !== undefined && message !== null) {
    const rows = footerMessageRows(message, width);
    return (
      <Box width={width} height={rows.length} flexDirection="column">
        {rows.map((r, i) => (
          <Text key={i} wrap="truncate-end" color={colors.accent} bold>
            {r}
          </Text>
        ))}
      </Box>
    );
  }
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        {footerKeysFor(width, footerKeys(stageCount, { wide, presenter })).map((k, i) => (
          <Text key={k.id}>
            {i > 0 ? '  ' : ''}
            <Text bold color={colors.accent}>
              {k.key}
            </Text>
            <Text color={colors.muted}> {k.label}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
