// The keys, always on the last row. Less important keys drop off on narrow terminals; "?" lists all.
import React from 'react';
import { Box, Text } from 'ink';
import { jumpKeys } from '../keys.js';
import { colors } from '../theme.js';

export interface FooterKey {
  /** Stable name for the display order (the jump key's text depends on the plan). */
  id: 'next' | 'back' | 'quit' | 'help' | 'jump' | 'details' | 'curl' | 'scroll' | 'lesson';
  key: string;
  label: string;
}

/** In order of importance: the first ones survive the narrowest terminals. */
export function footerKeys(stageCount: number): FooterKey[] {
  return [
    { id: 'next', key: '→', label: 'next' },
    { id: 'back', key: '←', label: 'back' },
    { id: 'quit', key: 'q', label: 'quit' },
    { id: 'help', key: '?', label: 'help' },
    { id: 'jump', key: jumpKeys(stageCount), label: 'jump' },
    { id: 'details', key: 'd', label: 'details' },
    { id: 'curl', key: 'c', label: 'curl' },
    { id: 'scroll', key: 'j/k', label: 'scroll' },
    { id: 'lesson', key: 'l', label: 'lesson' },
  ];
}

const DISPLAY_ORDER: FooterKey['id'][] = ['back', 'next', 'jump', 'scroll', 'lesson', 'details', 'curl', 'help', 'quit'];

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

export function Footer({ width, stageCount, message }: { width: number; stageCount: number; message?: string }): React.JSX.Element {
  if (message !== undefined) {
    return (
      <Box width={width} height={1}>
        <Text wrap="truncate-end" color={colors.accent}>
          {message}
        </Text>
      </Box>
    );
  }
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        {footerKeysFor(width, footerKeys(stageCount)).map((k, i) => (
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
