// The timing waterfall of one HTTP exchange: each phase is a bar that starts where the previous one
// ended, scaled to the panel, with its duration on the right.
import { Text } from 'ink';
import type { HttpTimings } from '../../trace/types.js';
import { colors } from '../theme.js';
import { formatMs, padEnd } from '../text/wrap.js';
import type { Line } from './lines.js';
import { textLine } from './lines.js';

const PHASES: { key: keyof Pick<HttpTimings, 'dnsMs' | 'connectMs' | 'tlsMs' | 'ttfbMs' | 'downloadMs'>; label: string }[] = [
  { key: 'dnsMs', label: 'DNS lookup' },
  { key: 'connectMs', label: 'TCP connect' },
  { key: 'tlsMs', label: 'TLS handshake' },
  { key: 'ttfbMs', label: 'Server (TTFB)' },
  { key: 'downloadMs', label: 'Download' },
];

export function waterfallLines(t: HttpTimings, width: number): Line[] {
  const labelW = 14;
  const msW = 9;
  const barW = Math.max(10, width - labelW - msW - 4);
  const scale = t.totalMs > 0 ? barW / t.totalMs : 0;
  const lines: Line[] = [];
  let start = 0;
  for (const phase of PHASES) {
    const ms = t[phase.key];
    if (ms === null) {
      const why = t.reusedConnection && phase.key !== 'ttfbMs' && phase.key !== 'downloadMs' ? 'reused connection' : 'not measured';
      lines.push(textLine(`${padEnd(phase.label, labelW)}  ${padEnd('', barW)}  ${why}`, { color: colors.muted }));
      continue;
    }
    const offset = Math.min(barW - 1, Math.round(start * scale));
    const len = Math.max(1, Math.min(barW - offset, Math.round(ms * scale)));
    start += ms;
    lines.push(
      <Text wrap="truncate-end">
        <Text color={colors.muted}>{padEnd(phase.label, labelW)}</Text>
        {'  '}
        {' '.repeat(offset)}
        <Text color={colors.accent}>{'█'.repeat(len)}</Text>
        {' '.repeat(Math.max(0, barW - offset - len))}
        {'  '}
        {formatMs(ms).padStart(msW - 2)}
      </Text>,
    );
  }
  lines.push(
    <Text wrap="truncate-end">
      <Text bold>{padEnd('Total', labelW)}</Text>
      {'  '}
      {' '.repeat(barW)}
      {'  '}
      <Text bold>{formatMs(t.totalMs).padStart(msW - 2)}</Text>
    </Text>,
  );
  if (t.reusedConnection) lines.push(textLine('(the connection was reused: no new TCP or TLS handshake)', { color: colors.muted }));
  return lines;
}
