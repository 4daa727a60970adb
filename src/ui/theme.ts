// Restrained colours for a projector: one accent, green/red for outcomes, yellow only for what the
// lesson asks you to look at, grey for everything secondary. With NO_COLOR (mapped to FORCE_COLOR=0)
// the marks alone still carry the meaning.

import { colorEnabled } from '../text/color.js';

export const colors = {
  accent: 'cyan',
  ok: 'green',
  fail: 'red',
  lookAt: 'yellow',
  muted: 'gray',
  glassBox: 'magenta',
} as const;

export const marks = {
  ok: '✓',
  error: '✗',
  skipped: '–',
  pending: '○',
  current: '●',
  lookAt: '▸',
} as const;

/** True when colours are off by the one colour policy (src/text/color.ts; Ink draws on a terminal):
 * inverse is gone too, so the current stage needs another mark. */
export function colorDisabled(env: Record<string, string | undefined> = process.env): boolean {
  return !colorEnabled(env, true);
}

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
