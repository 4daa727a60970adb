// The keys, always on the last row. Less important keys drop off on narrow terminals; "?" lists all.
import React from 'react';
import { Box, Text } from 'ink';
import { colors } from '../theme.js';

export interface FooterKey {
  key: string;
  label: string;
}

/** In order of importance: the first ones survive the narrowest terminals. */
export const FOOTER_KEYS: FooterKey[] = [
  { key: '→', label: 'next' },
  { key: '←', label: 'back' },
  { key: 'q', label: 'quit' },
  { key: '?', label: 'help' },
  { key: '1-7', label: 'jump' },
  { key: 'd', label: 'details' },
  { key: 'c', label: 'curl' },
  { key: 'j/k', label: 'scroll' },
  { key: 'l', label: 'lesson' },
];

const DISPLAY_ORDER = ['←', '→', '1-7', 'j/k', 'l', 'd', 'c', '?', 'q'];

export function footerKeysFor(width: number, keys: FooterKey[] = FOOTER_KEYS): FooterKey[] {
  const kept: FooterKey[] = [];
  let used = 0;
  for (const k of keys) {
    const w = (kept.length > 0 ? 2 : 0) + k.key.length + 1 + k.label.length;
    if (used + w > width) break;
    kept.push(k);
    used += w;
  }
  return kept.sort((a, b) => DISPLAY_ORDER.indexOf(a.key) - DISPLAY_ORDER.indexOf(b.key));
}

export function Footer({ width, message }: { width: number; message?: string }): React.JSX.Element {
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
        {footerKeysFor(width).map((k, i) => (
          <Text key={k.key}>
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
