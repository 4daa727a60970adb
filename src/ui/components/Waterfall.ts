// The timing waterfall of one HTTP exchange: each phase is a bar that starts where the previous one
// ended, scaled to the panel, with its duration (or why there is none) on the right. The right-hand
// column is as wide as its longest entry, so "reused connection" is never cut.
import type { HttpTimings } from '../../trace/types.js';
import { colors } from '../theme.js';
import { formatMs, padEnd, padStart } from '../../text/index.js';
import type { Line } from './lines.js';
import { line, paragraphLines, seg, textLine } from './lines.js';

const PHASES: { key: keyof Pick<HttpTimings, 'dnsMs' | 'connectMs' | 'tlsMs' | 'ttfbMs' | 'downloadMs'>; label: string }[] = [
  { key: 'dnsMs', label: 'DNS lookup' },
  { key: 'connectMs', label: 'TCP connect' },
  { key: 'tlsMs', label: 'TLS handshake' },
  { key: 'ttfbMs', label: 'Server (TTFB)' },
  { key: 'downloadMs', label: 'Download' },
];

/** Why a phase has no duration: the connection was reused (no DNS, TCP or TLS), or it was not measured. */
function whyNone(t: HttpTimings, key: (typeof PHASES)[number]['key']): string {
  return t.reusedConnection && key !== 'ttfbMs' && key !== 'downloadMs' ? 'reused connection' : 'not measured';
}

export function waterfallLines(t: HttpTimings, width: number): Line[] {
  const labelW = 14;
  const right = PHASES.map((p) => (t[p.key] === null ? whyNone(t, p.key) : formatMs(t[p.key]))).concat(formatMs(t.totalMs));
  const msW = Math.max(...right.map((r) => r.length));
  const barW = Math.max(4, width - labelW - msW - 4);
  const scale = t.totalMs > 0 ? barW / t.totalMs : 0;
  const lines: Line[] = [];
  let start = 0;
  for (const phase of PHASES) {
    const ms = t[phase.key];
    if (ms === null) {
      lines.push(textLine(`${padEnd(phase.label, labelW)}  ${' '.repeat(barW)}  ${padStart(whyNone(t, phase.key), msW)}`, { color: colors.muted }));
      continue;
    }
    const offset = Math.min(barW - 1, Math.round(start * scale));
    const len = Math.max(1, Math.min(barW - offset, Math.round(ms * scale)));
    start += ms;
    lines.push(
      line(
        seg(padEnd(phase.label, labelW), { color: colors.muted }),
        seg(`  ${' '.repeat(offset)}`),
        seg('█'.repeat(len), { color: colors.accent }),
        seg(`${' '.repeat(Math.max(0, barW - offset - len))}  ${padStart(formatMs(ms), msW)}`),
      ),
    );
  }
  lines.push(line(seg(padEnd('Total', labelW), { bold: true }), seg(`  ${' '.repeat(barW)}  `), seg(padStart(formatMs(t.totalMs), msW), { bold: true })));
  if (t.reusedConnection) lines.push(...paragraphLines('(the connection was reused: no new TCP or TLS handshake)', width, { color: colors.muted }));
  return lines;
}
